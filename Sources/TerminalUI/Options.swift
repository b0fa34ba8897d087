import Canvas

/// `--color auto|none|16|256|direct`: `auto` decides from the environment and terminfo.
public enum ColorRequest: String, Sendable, Codable, CaseIterable {
    case auto
    case none
    case ansi16 = "16"
    case palette256 = "256"
    case direct
}

/// A terminal size in cells.
public struct TerminalSize: Hashable, Sendable, Codable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// How to open the terminal. Everything has a default suitable for an interactive run.
public struct TerminalOptions: Sendable {
    /// `--color`: overrides the automatic tier (still capped by what terminfo can address).
    public var color: ColorRequest
    /// `--ascii`: draw only ASCII even in a UTF-8 locale.
    public var forceASCII: Bool
    /// How long a lone ESC waits for the rest of a sequence (ncurses defaults to 1000 ms).
    public var escapeDelayMilliseconds: Int
    /// Report mouse presses, drags (motion with a button held), releases and the wheel as
    /// `InputEvent.mouse` (`MouseProtocol`: xterm modes 1002 and 1006).
    public var enableMouse: Bool
    /// Keys are read from this fd (a tty, or a pipe in tests).
    public var inputFD: Int32
    /// Screen output goes to this fd (a tty, or a file / `/dev/null` in tests).
    public var outputFD: Int32
    /// Environment consulted for TERM, NO_COLOR, COLORTERM; `nil` = the process environment.
    /// (ncurses itself still reads the process environment, e.g. TERMINFO.)
    public var environment: [String: String]?
    /// Locale given to `setlocale(LC_ALL, ...)`; `nil` = `""` (from the environment).
    public var locale: String?
    /// Force this size after opening (for non-tty output, where ncurses cannot ask).
    public var size: TerminalSize?
    /// Install the termination (SIGINT/SIGTERM/SIGHUP/SIGQUIT), suspension (SIGTSTP, and Ctrl-Z
    /// then suspends) and fatal-signal reset handlers on open.
    public var installSignalHandlers: Bool

    public init(color: ColorRequest = .auto, forceASCII: Bool = false,
                escapeDelayMilliseconds: Int = 25, enableMouse: Bool = false,
                inputFD: Int32 = 0, outputFD: Int32 = 1,
                environment: [String: String]? = nil, locale: String? = nil,
                size: TerminalSize? = nil, installSignalHandlers: Bool = true) {
        self.color = color
        self.forceASCII = forceASCII
        self.escapeDelayMilliseconds = escapeDelayMilliseconds
        self.enableMouse = enableMouse
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.environment = environment
        self.locale = locale
        self.size = size
        self.installSignalHandlers = installSignalHandlers
    }
}

/// Why the terminal cannot be used. `description` is a message for the user.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `TERM` is unset or empty.
    case termUnset
    /// `TERM=dumb`: no cursor movement.
    case dumbTerminal
    /// TERM holds characters no terminfo name has (controls, spaces, non-ASCII); `shown` is
    /// it with those as escapes (`\x1b`).
    case unprintableTERM(shown: String)
    /// TERM not found in the terminfo database.
    case unknownTerminal(term: String)
    /// The terminfo entry has no `cup` (cursor addressing).
    case noCursorAddressing(term: String)
    /// `newterm` refused the terminal.
    case openFailed(term: String)
    /// A session is already open in this process.
    case alreadyOpen

    public var description: String {
        switch self {
        case .termUnset:
            return "TERM is not set, so the terminal type is unknown and gradscope cannot draw. "
                + "Run it in a terminal, or set TERM (e.g. TERM=xterm-256color)."
        case .dumbTerminal:
            return "TERM=dumb cannot move the cursor, so gradscope cannot draw a screen. "
                + "Set TERM to your terminal's type (e.g. TERM=xterm-256color)."
        case .unprintableTERM(let shown):
            return "TERM=\(shown) is not a terminal type (a terminfo name is printable ASCII without spaces). "
                + "Set TERM to your terminal's type (e.g. TERM=xterm-256color)."
        case .unknownTerminal(let term):
            return "TERM=\(term) is not in this machine's terminfo database. "
                + "Try TERM=xterm-256color, or install the entry from your own machine with "
                + "`infocmp -x \(term) | ssh host tic -x -`."
        case .noCursorAddressing(let term):
            return "TERM=\(term) has no cursor addressing (terminfo `cup`), so gradscope cannot "
                + "draw a screen. Set TERM to your terminal's type (e.g. TERM=xterm-256color)."
        case .openFailed(let term):
            return "ncurses could not open the terminal with TERM=\(term). "
                + "Try TERM=xterm-256color, or `infocmp -x \(term) | ssh host tic -x -`."
        case .alreadyOpen:
            return "A terminal session is already open in this process."
        }
    }
}
