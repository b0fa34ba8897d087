import Foundation
import Panes
import SimulationCore

/// A change to what the dashboard shows (never to a simulation): the app's own vocabulary,
/// apart from the engine's `Command`.
public enum LayoutCommand: Sendable, Equatable, Hashable, Codable {
    case focus(PaneID)
    case focusNext
    case focusPrevious
    case toggleZoom
    case setZoom(Bool)
    case toggleHelp
    case toggleStats
}

/// What the dashboard shows, apart from the simulations: which panes, which has focus, whether
/// it is zoomed, and which overlays are up. Changed only by layout commands.
///
/// Invariant: `focused` is always one of `panes` (when `panes` is not empty).
public struct DashboardState: Sendable, Equatable, Codable {
    /// The panes on screen, in dashboard order.
    public private(set) var panes: [PaneID]
    public private(set) var focused: PaneID
    public var isZoomed: Bool
    public var isHelpVisible: Bool
    /// The first row of the help overlay shown (it scrolls when longer than the screen); back
    /// to the top whenever the overlay opens.
    public var helpScroll = 0
    public var isStatsVisible: Bool
    /// A number being typed for a pane (`PaneInput.prompt`); keys go to it while it is up.
    public var prompt: PromptState?

    public init(panes: [PaneID], focused: PaneID? = nil, isZoomed: Bool = false, isStatsVisible: Bool = false) {
        precondition(!panes.isEmpty, "a dashboard needs at least one pane")
        self.panes = panes
        self.focused = focused.flatMap { panes.contains($0) ? $0 : nil } ?? panes[0]
        self.isZoomed = isZoomed
        self.isHelpVisible = false
        self.isStatsVisible = isStatsVisible
    }

    /// The panes drawn this frame: only the focused one when zoomed.
    public var visiblePanes: [PaneID] { isZoomed ? [focused] : panes }

    /// Applies a layout command.
    /// - Returns: whether anything changed (the frame must be redrawn).
    @discardableResult
    public mutating func apply(_ command: LayoutCommand) -> Bool {
        let before = self
        switch command {
        case .focus(let pane):
            if panes.contains(pane) { focused = pane }
        case .focusNext:
            focused = panes[(index(of: focused) + 1) % panes.count]
        case .focusPrevious:
            focused = panes[(index(of: focused) + panes.count - 1) % panes.count]
        case .toggleZoom:
            isZoomed.toggle()
        case .setZoom(let zoomed):
            isZoomed = zoomed
        case .toggleHelp:
            isHelpVisible.toggle()
            helpScroll = 0
        case .toggleStats:
            isStatsVisible.toggle()
        }
        return self != before
    }

    private func index(of pane: PaneID) -> Int { panes.firstIndex(of: pane) ?? 0 }
}

/// A prompt being typed (a number, numbers, a matrix or text): what it is for and the text so far.
public struct PromptState: Sendable, Equatable, Codable {
    public var prompt: PanePrompt
    public var text: String
    /// The text is still the prompt's initial value, as a selected field: the first character
    /// typed replaces it; Backspace or Left edits it instead.
    public var replacesInitial: Bool
    public init(_ prompt: PanePrompt) {
        self.prompt = prompt
        self.text = prompt.initial
        self.replacesInitial = !prompt.initial.isEmpty
    }

    /// What a key does to a prompt.
    public enum Outcome: Equatable, Sendable {
        /// Still typing (the text may have changed).
        case editing
        /// Enter with a valid number: send this command and close.
        case submit(Command)
        /// Enter with text that is not a finite number (or a key past the longest text): stay
        /// open, say why.
        case invalid(String)
        /// Escape: close without sending.
        case cancel
    }

    /// The longest text a prompt takes (a formula, a row of weights); typing past it says so.
    public static let maximumLength = 200

    /// Edits the text: every printable character typed is appended (the first one replaces an
    /// initial value), control characters never; Backspace deletes; `clear` (Ctrl-U) empties
    /// the line. Enter on a number prompt reads the text as an expression (`NumberInput`: 1/3,
    /// sqrt(2), pi/4, -2.5e-3) or says what it could not read and where.
    public mutating func handle(_ key: PaneKey?, enter: Bool = false, escape: Bool = false, clear: Bool = false) -> Outcome {
        if escape { return .cancel }
        if clear {
            text = ""
            replacesInitial = false
            return .editing
        }
        defer { if !enter { replacesInitial = false } }
        if enter {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if prompt.kind == .text {
                // Empty text is a value too (it removes a constraint); the pane judges it.
                return .submit(.set(pane: prompt.pane, parameter: prompt.parameter, value: .text(trimmed)))
            }
            guard !trimmed.isEmpty else {
                return .invalid(prompt.kind == .matrix ? "type rows such as 1 2; 3 4 (each entry a number such as 1/3 or sqrt(2))"
                                                       : "type a number, such as 1/3, sqrt(2), pi/4 or -2.5e-3")
            }
            do {
                let value: ParameterValue
                switch prompt.kind {
                case .numbers: value = .vector(try NumberInput.list(trimmed))
                case .matrix: value = .matrix(try NumberInput.matrix(trimmed))
                default: value = .number(try NumberInput.value(trimmed))
                }
                return .submit(.set(pane: prompt.pane, parameter: prompt.parameter, value: value))
            } catch {
                return .invalid(error.description)
            }
        }
        switch key {
        case .character(let c)? where Self.isPrintable(c):
            if replacesInitial { text = "" }
            guard text.count < Self.maximumLength else {
                return .invalid("at most \(Self.maximumLength) characters in a prompt")
            }
            text.append(c)
        case .backspace?, .delete?:
            if !text.isEmpty { text.removeLast() }
        default:
            break
        }
        return .editing
    }

    /// A character that may be typed: no control (C0, DEL, C1), format (bidi, zero-width) or
    /// line-separator character is ever echoed.
    static func isPrintable(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { scalar in
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 { return false }
            return scalar.properties.generalCategory != .format
        }
    }
}
