import Canvas
import SimulationCore
import Labs

/// Text in one or more languages (`en`, `ko`, ...), in the order the file gave them.
public struct LocalizedText: Sendable, Equatable, Codable {
    public struct Translation: Sendable, Equatable, Codable {
        public var language: String
        public var text: String
    }
    public var translations: [Translation]

    public init(_ translations: [Translation]) { self.translations = translations }
    public init(_ text: String) { translations = [Translation(language: "en", text: text)] }

    /// The text in `language`, else English, else the first one given.
    public func text(in language: String) -> String {
        translations.first { $0.language == language }?.text
            ?? translations.first { $0.language == "en" }?.text
            ?? translations.first?.text ?? ""
    }

    public var languages: [String] { translations.map(\.language) }
}

/// A place in a scene file (1-based line and column), for messages.
public struct SceneLocation: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(Self.shown(file)):\(line):\(column)" }

    /// A file's name as typed, for a message: its controls shown as escapes, never sent.
    public static func shown(_ path: String) -> String { sanitize(path, removed: .shown) }
}

/// One problem found in a scene: `file:line:column: message`.
///
/// Messages quote what the file says (an unknown key, a pane name, a value), so the message is
/// sanitised here, once for every kind of problem: its control, format and line-separator
/// characters are shown as escapes (`\x1b`, `\u{202e}`), never sent to the terminal, and it
/// stays one line.
public struct SceneDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var location: SceneLocation
    public var message: String
    public init(_ location: SceneLocation, _ message: String) {
        self.location = location
        self.message = sanitize(message, removed: .shown)
    }
    public var description: String { "\(location): \(message)" }
}

/// What the dashboard shows when a scene starts.
public struct SceneLayout: Sendable, Equatable, Codable {
    public var panes: [PaneID]
    public var focus: PaneID?
    public var zoom: Bool
    public init(panes: [PaneID] = LabRegistry.ids, focus: PaneID? = nil, zoom: Bool = false) {
        self.panes = panes
        self.focus = focus
        self.zoom = zoom
    }
}

/// A readout a scene points at: `linear.det`.
public struct ReadoutReference: Sendable, Equatable, Codable {
    public var pane: PaneID
    public var readout: String
    public init(pane: PaneID, readout: String) {
        self.pane = pane
        self.readout = readout
    }
    public var name: String { "\(pane.rawValue).\(readout)" }
}

/// A scene: a title, a seed, where the panes start, and the steps a teacher plays in order.
///
/// Plain data, read from YAML by `SceneParser`; `SceneScript` turns it into a timeline.
public struct Scene: Sendable, Equatable, Codable {
    public var title: LocalizedText
    public var seed: UInt64
    /// Simulation steps per second while the scene runs the clock.
    public var rate: Double
    /// Seconds a key-wait or a question lasts when the scene plays by itself (auto-advance,
    /// `render --at`, `record`).
    public var keyPause: Double
    public var layout: SceneLayout
    public var steps: [SceneStep]
    /// The file it came from (for messages), and its folder (for assets).
    public var file: String

    public init(title: LocalizedText, seed: UInt64 = 42, rate: Double = 30, keyPause: Double = 3,
                layout: SceneLayout = SceneLayout(), steps: [SceneStep] = [], file: String = "<scene>") {
        self.title = title
        self.seed = seed
        self.rate = rate
        self.keyPause = keyPause
        self.layout = layout
        self.steps = steps
        self.file = file
    }

    /// The section titles with the index of the step that opens each.
    public var sections: [(step: Int, title: LocalizedText)] {
        steps.enumerated().compactMap { index, step in
            if case .section(let title) = step.action { return (index, title) }
            return nil
        }
    }
}

/// One step of a scene and where it was written.
public struct SceneStep: Sendable, Equatable, Codable {
    public var action: SceneAction
    public var location: SceneLocation
    public init(_ action: SceneAction, at location: SceneLocation) {
        self.action = action
        self.location = location
    }
}

/// What a step does. Engine changes are the same `Command` values keys send.
public enum SceneAction: Sendable, Equatable, Codable {
    /// Starts a section (a marker for `g`, the status bar and recordings).
    case section(LocalizedText)
    /// Narration shown in the caption bar until the next caption (an empty text clears it).
    case caption(LocalizedText)
    /// Parameter changes, applied at once and in order (`Command.set`).
    case set([Command])
    /// A parameter moved from its current value (or `from`) to `to` over `seconds`, the
    /// simulation running meanwhile (`steps` steps in all). `stop`: only the first `stop`
    /// frames are played (a saved session that left the script mid-animation).
    case animate(pane: PaneID, parameter: String, from: ParameterValue?, to: ParameterValue,
                 seconds: Double, steps: Int, easing: Easing, stop: Int? = nil)
    /// The clock runs: `steps` simulation steps spread over `seconds`.
    case run(steps: Int, seconds: Double)
    /// Time passes with the simulations still; nil seconds waits for a key.
    case wait(seconds: Double?)
    case focus(PaneID)
    case zoom(Bool)
    /// Marks one readout (nil clears).
    case highlight(ReadoutReference?)
    /// Shows the question, waits, then reveals the answer (and waits again).
    case question(ask: LocalizedText, answer: LocalizedText)
    /// Engine clock commands that change state: reset, reseed.
    case command(Command)
}
