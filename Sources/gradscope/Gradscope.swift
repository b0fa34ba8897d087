import App
import Calc
import ArgumentParser
import Canvas
import Foundation
import SimulationCore
import Labs
import Scenes

// Exit statuses: 0 success, 1 runtime failure (e.g. unusable terminal), 2 bad usage.
// Option values that may begin with a minus sign are parsed `.unconditional`, so the space
// form `--start -2,2` works as users type it.

/// Options every screen shares.
struct DisplayOptions: ParsableArguments {
    @Option(name: .customLong("color"), parsing: .unconditional,
            help: "Colour tier: auto, none, 16, 256 or direct (default auto; NO_COLOR is honoured).")
    var color: String = "auto"

    @Flag(help: "Draw with ASCII only (automatic on a terminal whose locale is not UTF-8; render and record use it only when given).")
    var ascii = false

    @Option(parsing: .unconditional, help: "Colour theme from assets/themes (default, light).")
    var theme: String = "default"

    func apply(to configuration: inout AppConfiguration) throws {
        switch color {
        case "auto": configuration.colorOverride = nil
        case "none", "mono", "0": configuration.colorOverride = ColorTier.none
        case "16", "8": configuration.colorOverride = .ansi16
        case "256": configuration.colorOverride = .palette256
        case "direct", "truecolor", "24bit": configuration.colorOverride = .direct
        default:
            throw ValidationError("--color must be auto, none, 16, 256 or direct (got '\(color)')")
        }
        configuration.forceASCII = ascii
        // A theme asked for by name must exist (a typo would silently give the built-in colours);
        // "default" falls back to the built-in one when no assets are installed.
        if theme != "default", let folder = AssetLocator().path("themes") {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            guard names.contains(theme) else {
                throw ValidationError("--theme: no theme '\(theme)' in \(folder) (themes: \(names.joined(separator: ", ")))")
            }
        }
        configuration.themeName = theme
    }
}

/// Options of the live clock.
struct ClockOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Seed of every random choice (same seed, same run; 0 to 2^64-1).",
            transform: seedOption)
    var seed: UInt64 = 42

    @Option(parsing: .unconditional, help: "Simulation steps per second at speed 1.", transform: decimalOption)
    var rate: Double = 30

    func apply(to configuration: inout AppConfiguration) throws {
        guard rate.isFinite, rate > 0, rate <= 10_000 else {
            throw ValidationError("--rate must be a number of steps per second in (0, 10000] (got \(rate))")
        }
        configuration.seed = seed
        configuration.stepsPerSecond = rate
    }
}

/// Every number option: decimal only, as everywhere else (`DecimalText`: no `0x10`, `inf`,
/// `nan`), and finite.
func decimalOption(_ text: String) throws -> Double {
    guard let value = DecimalText.double(text.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("'\(text)' is not a number (decimal, such as 2, -0.5 or 1e-3)")
    }
    guard value.isFinite else { throw ValidationError("\(text) is beyond the largest number (about 1.8e308)") }
    return value
}

/// `--seed`: a whole decimal number in 0...2^64 − 1, read as scene files read `seed:`.
func seedOption(_ text: String) throws -> UInt64 {
    guard let seed = DecimalText.unsigned(text.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("'\(text)' is not a seed (a whole number from 0 to \(UInt64.max))")
    }
    return seed
}

func paneID(_ name: String, option: String) throws -> PaneID {
    let pane = PaneID(name.lowercased())
    guard LabRegistry.paneNames.contains(pane.rawValue) else {
        throw ValidationError("\(option) must be one of \(LabRegistry.paneNames.joined(separator: ", ")) (got '\(name)')")
    }
    return pane
}

@main
struct Gradscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradscope",
        abstract: "A terminal explorer of the maths behind neural networks.",
        discussion: """
        With no subcommand, opens the dashboard. Keys: Tab/1-5 focus, z zoom, space pause, \
        . step, +/- speed, r reset, w bytes/s, ? help, q quit.
        """,
        version: GradscopeVersion.string,
        subcommands: [Dashboard.self, Doctor.self, Render.self, Play.self, Scenes.self, Check.self, Record.self, Serve.self, Follow.self, Calc.self],
        defaultSubcommand: Dashboard.self
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 {
                exit(withError: error)  // --help, --version: print and exit 0
            }
            if code == .validationFailure || error is ValidationError || code.rawValue == 64 {
                // Bad usage: one line, where and why, and exit status 2.
                let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
                fail(text + " (see gradscope --help)", status: 2)
            }
            if let failure = error as? CalcInputError { fail(failure.message, status: 2) }
            if let failure = error as? CalcFailure { fail(failure.message, status: 1, lines: true) }
            if let failure = error as? GradscopeError { fail(failure.message, status: failure.status, lines: true) }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            fail(message(for: error), status: code.rawValue, lines: true)
        }
    }

    /// `gradscope: MESSAGE` on standard error, then exit. Messages quote what the user gave
    /// (names, values, paths, TERM), so they are sanitised: controls shown as `\x1b`, never
    /// sent; only `lines` keeps the message's own line breaks (a scene's list of problems).
    static func fail(_ message: String, status: Int32, lines: Bool = false) -> Never {
        let text = sanitize(message, keepNewlines: lines, removed: .shown)
        FileHandle.standardError.write(Data("gradscope: \(text)\n".utf8))
        Foundation.exit(status)
    }
}

/// A report on standard output (calc, check, record, the doctor's text, lists): text the
/// program composed, sanitised all the same in case a value from outside slipped into it.
func printText(_ text: String) {
    FileHandle.standardOutput.write(Data(sanitize(text, keepNewlines: true, removed: .shown).utf8))
}

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the live dashboard (the default).")

    @OptionGroup var display: DisplayOptions
    @OptionGroup var clock: ClockOptions

    @Option(parsing: .unconditional, help: "Start with this pane zoomed (\(LabRegistry.paneNames.joined(separator: ", "))).")
    var focus: String?

    @Option(parsing: .unconditional, help: "Frame-rate cap, frames per second (1-120).", transform: decimalOption)
    var fps: Double = 30

    @Flag(help: "Show the bytes per second written to the terminal from the start (key w toggles).")
    var stats = false

    @Flag(name: .customLong("no-mouse"),
          help: "Leave the mouse to the terminal (text selection) instead of clicking and dragging in the pictures.")
    var noMouse = false

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: "Start with a parameter set: PANE.PARAMETER=VALUE, e.g. linear.preset=shear (repeatable).")
    var settings: [String] = []

    @Option(name: .customLong("max-bandwidth"), parsing: .unconditional,
            help: "Bandwidth budget in bytes per second; heavy panes drop frames to stay within it.", transform: decimalOption)
    var maxBandwidth: Double = 50_000

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        try clock.apply(to: &configuration)
        try setFrameRate(fps, bandwidth: maxBandwidth, in: &configuration)
        configuration.showStats = stats
        configuration.enableMouse = !noMouse
        configuration.settings = try settings.map { try SettingParser.command($0) }
        if let focus { configuration.focus = try paneID(focus, option: "--focus") }
        if let focus = configuration.focus, focus != .doctor, LabRegistry.lab(focus) == nil {
            throw ValidationError("--focus: " + LabRegistry.unavailableReason(focus))
        }
        let status = try Launch.dashboard(configuration)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check this terminal before a lecture: size, TERM, locale, colours, glyphs, bandwidth.",
        discussion: "Opens a live screen (q quits) on a terminal; prints a text report when output is not a terminal.")

    @OptionGroup var display: DisplayOptions

    @Flag(help: "Print the facts as JSON and exit.")
    var json = false

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        let status = try Launch.doctor(configuration, json: json)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw one frame to standard output, without a terminal.",
        discussion: "Same inputs give byte-identical output. Example: gradscope render --pane doctor --size 100x30")

    @Option(parsing: .unconditional, help: "Which pane: \(LabRegistry.paneNames.joined(separator: ", ")), or dashboard.")
    var pane: String?

    @Option(parsing: .unconditional, help: "A scene file or a bundled scene's name (gradscope scenes): draw the moment given by --at SECONDS or --step N.")
    var scene: String?

    @Option(parsing: .unconditional, help: "With --scene: the moment step N (1-based; 0 = the start) is complete.")
    var step: Int?

    @Option(parsing: .unconditional, help: "With --scene: the captions' language (en, ko, ...).")
    var lang: String = "en"

    @Option(parsing: .unconditional, help: "Frame size WIDTHxHEIGHT, e.g. 100x30.")
    var size: String = "100x30"

    @Option(parsing: .unconditional, help: "Simulation steps to take before drawing.")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Simulated seconds to run before drawing (steps = seconds x rate).", transform: decimalOption)
    var at: Double?

    @Option(parsing: .unconditional, help: "Output format: text or ansi.")
    var format: String = "text"

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: "Set a parameter first: PARAMETER=VALUE for the pane (or PANE.PARAMETER=VALUE), e.g. preset=shear.")
    var settings: [String] = []

    @OptionGroup var display: DisplayOptions
    @OptionGroup var clock: ClockOptions

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        try clock.apply(to: &configuration)
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              (1...1000).contains(width), (1...1000).contains(height) else {
            throw ValidationError("--size must be WIDTHxHEIGHT with each in 1...1000, e.g. 100x30 (got '\(size)')")
        }
        if steps != nil && at != nil { throw ValidationError("give --steps or --at, not both") }
        if let steps, steps < 0 || steps > Launch.maximumRenderSteps {
            throw ValidationError("--steps must be in 0...\(Launch.maximumRenderSteps) (got \(steps))")
        }
        if let at, !(at.isFinite && at >= 0 && at <= 1_000_000) { throw ValidationError("--at must be seconds in 0...1000000 (got \(at))") }
        guard let renderFormat = RenderFormat(rawValue: format) else {
            throw ValidationError("--format must be text or ansi (got '\(format)')")
        }
        if let scene {
            guard pane == nil, settings.isEmpty, steps == nil else {
                throw ValidationError("--scene draws the scene's own panes: give --at or --step, not --pane, --set or --steps")
            }
            if step != nil && at != nil { throw ValidationError("give --step or --at, not both") }
            let moment: SceneMoment = step.map { .step($0) } ?? .seconds(at ?? 0)
            let output = try Launch.renderScene(configuration, path: scene, moment: moment, width: width, height: height,
                                                format: renderFormat, language: lang)
            FileHandle.standardOutput.write(Data(output.utf8))
            return
        }
        if step != nil { throw ValidationError("--step is for --scene (for a pane, use --steps)") }
        guard let pane else { throw ValidationError("give --pane PANE (or --scene FILE)") }
        let target: RenderTarget
        if pane == "dashboard" {
            target = .dashboard
        } else {
            let id = try paneID(pane, option: "--pane")
            if id != .doctor && LabRegistry.lab(id) == nil {
                throw ValidationError("--pane: " + LabRegistry.unavailableReason(id))
            }
            target = .pane(id)
        }
        let settingPane: PaneID? = { if case .pane(let id) = target { return id } else { return nil } }()
        configuration.settings = try settings.map { try SettingParser.command($0, pane: settingPane) }
        let stepCount = steps ?? at.map { Int(($0 * configuration.stepsPerSecond).rounded()) } ?? 0
        guard stepCount <= Launch.maximumRenderSteps else {
            throw ValidationError("--at \(at ?? 0) at \(configuration.stepsPerSecond) steps/s is \(stepCount) steps; at most "
                                  + "\(Launch.maximumRenderSteps) are drawn (a lower --at or --rate)")
        }
        let output = try Launch.render(configuration, target: target, width: width, height: height,
                                       steps: stepCount, format: renderFormat)
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate scene files: every problem as file:line:column: message (exit 2 on any).",
        discussion: "Example: gradscope check scenes/*.yaml")

    @Argument(help: "Scene files (YAML) or bundled scenes' names.")
    var files: [String]

    func run() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one scene file") }
        let (report, status) = Launch.check(paths: files)
        printText(report)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a scene in presenter mode: space next, left back, g go to, a auto, e explore, b back, S save.",
        discussion: "Example: gradscope play determinant --lang ko (a bundled scene's name, or a scene file)")

    @Argument(help: "A bundled scene's name (gradscope scenes lists them) or a scene file (YAML); without one, the bundled scenes are listed.")
    var file: String?

    @Option(parsing: .unconditional, help: "Captions' language: en, ko, ... (falls back to en).")
    var lang: String = "en"

    @OptionGroup var display: DisplayOptions

    @Option(parsing: .unconditional, help: "Frame-rate cap, frames per second (1-120).", transform: decimalOption)
    var fps: Double = 30

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal.")
    var noMouse = false

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        try setFrameRate(fps, in: &configuration)
        configuration.enableMouse = !noMouse
        guard let file else {
            printText(Launch.bundledSceneList(language: lang))
            return
        }
        let status = try Launch.play(configuration, path: file, language: lang)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Scenes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bundled scenes with their titles, and where they were found.",
        discussion: "Example: gradscope scenes --lang ko, then gradscope play NAME")

    @Option(parsing: .unconditional, help: "Titles' language: en, ko, ... (falls back to en).")
    var lang: String = "en"

    func run() throws {
        printText(Launch.bundledSceneList(language: lang))
    }
}

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a scene played by itself as an asciinema v2 cast (markers at sections).",
        discussion: "Example: gradscope record scenes/determinant.yaml -o determinant.cast --size 100x30; asciinema play determinant.cast")

    @Argument(help: "A bundled scene's name or a scene file (YAML).")
    var file: String

    @Option(name: .shortAndLong, parsing: .unconditional, help: "The cast file to write (- for standard output).")
    var output: String

    @Option(parsing: .unconditional, help: "Terminal size WIDTHxHEIGHT (default 100x30).")
    var size: String = "100x30"

    @Option(parsing: .unconditional, help: "Frames per second (1-60, default 15).", transform: decimalOption)
    var fps: Double = 15

    @Option(parsing: .unconditional, help: "Captions' language: en, ko, ...")
    var lang: String = "en"

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var display: DisplayOptions

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              (20...500).contains(width), (8...300).contains(height) else {
            throw ValidationError("--size must be WIDTHxHEIGHT within 20x8...500x300, e.g. 100x30 (got '\(size)')")
        }
        guard fps.isFinite, fps >= 1, fps <= 60 else { throw ValidationError("--fps must be in 1...60 (got \(fps))") }
        let report = try Launch.record(configuration, path: file, output: output, width: width, height: height,
                                       framesPerSecond: fps, language: lang, overwrite: force)
        // `-o -` writes the cast itself (JSON lines: every control in it is escaped).
        printText(report)
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Present: your dashboard (or a scene) as usual, also published for followers on a Unix socket.",
        discussion: "Students join with gradscope follow SOCKET (e.g. over ssh, see the README). The socket's path is on the status bar.")

    @Argument(help: "A scene to present (a bundled scene's name or a file; presenter mode); without one, the free dashboard.")
    var scene: String?

    @Option(parsing: .unconditional, help: "Socket path (default $XDG_RUNTIME_DIR/gradscope/lecture.sock or /tmp/gradscope-UID/lecture.sock).")
    var socket: String?

    @Option(parsing: .unconditional, help: "Let this group's members follow (the socket's folder becomes group-readable).")
    var group: String?

    @Option(parsing: .unconditional, help: "Captions' language for the scene (followers may choose their own).")
    var lang: String = "en"

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: "Start with a parameter set: PANE.PARAMETER=VALUE (free dashboard only).")
    var settings: [String] = []

    @OptionGroup var display: DisplayOptions
    @OptionGroup var clock: ClockOptions

    @Option(parsing: .unconditional, help: "Frame-rate cap, frames per second (1-120).", transform: decimalOption)
    var fps: Double = 30

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (text selection); followers see your drags otherwise.")
    var noMouse = false

    @Option(parsing: .unconditional, help: "Benchmark: no terminal; draw WIDTHxHEIGHT frames into a virtual one and print a JSON report.")
    var headless: String?

    @Option(parsing: .unconditional, help: "With --headless: how long to run, seconds.", transform: decimalOption)
    var seconds: Double = 10

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        try clock.apply(to: &configuration)
        try setFrameRate(fps, in: &configuration)
        configuration.enableMouse = !noMouse
        configuration.settings = try settings.map { try SettingParser.command($0) }
        if let headless {
            let (width, height) = try headlessSize(headless, seconds: seconds)
            guard scene == nil else { throw ValidationError("--headless presents the dashboard, not a scene") }
            let report = try HeadlessLecture.present(configuration, socketPath: socket, group: group, width: width, height: height,
                                                     seconds: seconds)
            try printJSON(report)
            return
        }
        let status = try Launch.serve(configuration, scenePath: scene, socketPath: socket, group: group, language: lang)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a lecture: the presenter's panes recomputed here, at this terminal's size (read-only).",
        discussion: "Keys: e explore your own copy, f follow the lecture again, q quit.")

    @Argument(help: "The presenter's socket (default: the default of gradscope serve for this user).")
    var socket: String?

    @Option(parsing: .unconditional, help: "Captions' language (default: the presenter's).")
    var lang: String?

    @OptionGroup var display: DisplayOptions

    @Option(parsing: .unconditional, help: "Frame-rate cap, frames per second (1-120; default 10: light on slow links and shared machines, 30 for smooth motion).", transform: decimalOption)
    var fps: Double = 10

    @Option(name: .customLong("max-bandwidth"), parsing: .unconditional,
            help: "Bandwidth budget in bytes per second for this terminal.", transform: decimalOption)
    var maxBandwidth: Double = 50_000

    @Option(parsing: .unconditional, help: "Benchmark: no terminal; draw WIDTHxHEIGHT frames into a virtual one and print a JSON report.")
    var headless: String?

    @Option(parsing: .unconditional, help: "With --headless: how long to run, seconds.", transform: decimalOption)
    var seconds: Double = 10

    func run() throws {
        var configuration = AppConfiguration()
        try display.apply(to: &configuration)
        try setFrameRate(fps, bandwidth: maxBandwidth, in: &configuration)
        configuration.enableMouse = false
        if let headless {
            let (width, height) = try headlessSize(headless, seconds: seconds)
            try printJSON(try HeadlessLecture.follow(configuration, socketPath: socket, width: width, height: height, seconds: seconds))
            return
        }
        let status = try Launch.follow(configuration, socketPath: socket, language: lang)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `--headless WxH` for the lecture benchmark.
func headlessSize(_ text: String, seconds: Double) throws -> (Int, Int) {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
          (40...500).contains(width), (12...300).contains(height) else {
        throw ValidationError("--headless must be WIDTHxHEIGHT within 40x12...500x300 (got '\(text)')")
    }
    guard seconds.isFinite, seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be in (0, 3600] (got \(seconds))") }
    return (width, height)
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    FileHandle.standardOutput.write(Data((try JSONText.encode(value, with: encoder) + "\n").utf8))
}

/// `--fps` (1...120) and, when given, `--max-bandwidth` (at least 1000 B/s), checked and stored.
func setFrameRate(_ fps: Double, bandwidth: Double? = nil, in configuration: inout AppConfiguration) throws {
    guard fps.isFinite, fps >= 1, fps <= 120 else { throw ValidationError("--fps must be in 1...120 (got \(fps))") }
    configuration.framesPerSecond = fps
    if let bandwidth {
        guard bandwidth.isFinite, bandwidth >= 1000 else {
            throw ValidationError("--max-bandwidth must be at least 1000 bytes per second (got \(bandwidth))")
        }
        configuration.maximumBandwidth = bandwidth
    }
}
