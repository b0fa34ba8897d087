import CNcurses
import Canvas
import Foundation

/// The colour facts of a terminfo entry that the tier decision depends on.
public struct TerminfoColorFacts: Hashable, Sendable, Codable {
    /// terminfo `colors` (0 or negative: none).
    public var colors: Int
    /// terminfo `pairs`.
    public var pairs: Int
    /// The `RGB` extension: colour numbers are 24-bit direct values.
    public var hasRGB: Bool
    public init(colors: Int, pairs: Int, hasRGB: Bool) {
        self.colors = colors
        self.pairs = pairs
        self.hasRGB = hasRGB
    }
    /// Direct colour needs both `RGB` and a 24-bit colour count.
    public var supportsDirect: Bool { hasRGB && colors >= 1 << 24 }
}

/// Pure decisions of the colour tier and charset; `TerminalSession` and `probe` both use them.
public enum TerminalPolicy {
    /// The highest tier terminfo can address.
    static func capability(_ facts: TerminfoColorFacts) -> ColorTier {
        if facts.supportsDirect { return .direct }
        if facts.colors >= 256 { return .palette256 }
        if facts.colors >= 8 { return .ansi16 }
        return .none
    }

    /// Precedence: `--color` (capped by terminfo) > non-empty `NO_COLOR` >
    /// `COLORTERM=truecolor|24bit` (direct only with terminfo RGB, else 256) > terminfo colours.
    public static func colorTier(environment: [String: String], terminfo: TerminfoColorFacts,
                                 request: ColorRequest) -> (tier: ColorTier, reason: String) {
        let cap = capability(terminfo)
        let capText = cap == .none ? "no colours" : "\(terminfo.colors) colours"
        func forced(_ wanted: ColorTier, _ flag: String) -> (ColorTier, String) {
            if wanted <= cap { return (wanted, "--color \(flag)") }
            return (cap, "--color \(flag), but terminfo \(terminfo.hasRGB ? "" : "has no RGB and ")"
                    + "offers \(capText)")
        }
        switch request {
        case .none: return (.none, "--color none")
        case .ansi16: return forced(.ansi16, "16")
        case .palette256: return forced(.palette256, "256")
        case .direct: return forced(.direct, "direct")
        case .auto: break
        }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return (.none, "NO_COLOR is set")
        }
        if cap == .none { return (.none, "terminfo: no colours") }
        if let ct = environment["COLORTERM"]?.lowercased(), ct == "truecolor" || ct == "24bit" {
            if cap == .direct { return (.direct, "COLORTERM=\(ct)") }
            if cap == .palette256 {
                return (.palette256, "COLORTERM=\(ct), but terminfo has no RGB: 256 colours")
            }
        }
        switch cap {
        case .direct: return (.direct, "terminfo: direct colour (RGB)")
        case .palette256: return (.palette256, "terminfo: 256 colours")
        default: return (.ansi16, "terminfo: \(terminfo.colors) colours")
        }
    }

    /// ASCII when forced or when the locale codeset is not UTF-8 (braille would draw as blanks).
    public static func charset(codeset: String, forceASCII: Bool) -> (charset: Charset, reason: String) {
        if forceASCII { return (.ascii, "--ascii") }
        if isUTF8(codeset: codeset) { return (.unicode, "locale codeset \(codeset)") }
        return (.ascii, "locale codeset \(codeset) is not UTF-8")
    }

    /// "UTF-8", "utf8", "UTF8" all count.
    public static func isUTF8(codeset: String) -> Bool {
        codeset.lowercased().filter { $0 != "-" && $0 != "_" } == "utf8"
    }

    /// The codeset `setlocale(LC_CTYPE, "")` would choose, read from the variables alone
    /// (LC_ALL > LC_CTYPE > LANG): the part after '.', "ANSI_X3.4-1968" for C/POSIX/unset.
    public static func codeset(environment: [String: String]) -> String {
        let name = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }
            .first { !$0.isEmpty } ?? ""
        guard let dot = name.firstIndex(of: ".") else { return "ANSI_X3.4-1968" }
        let rest = name[name.index(after: dot)...]
        let codeset = rest.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        return codeset.isEmpty ? "ANSI_X3.4-1968" : codeset
    }

    /// Refuses an unusable TERM before ncurses sees it.
    public static func validateTERM(_ term: String?) throws(TerminalError) -> String {
        guard let term, !term.isEmpty else { throw .termUnset }
        if term == "dumb" { throw .dumbTerminal }
        // A terminfo name is printable ASCII; anything else (ESC, C1, U+202E, ...) is refused
        // before it reaches ncurses or a message, and shown as escapes.
        guard term.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw .unprintableTERM(shown: sanitize(term, removed: .shown))
        }
        return term
    }
}

/// What the terminal can do and what was chosen, with reasons (for `gradscope doctor --json`).
public struct TerminalCapabilities: Hashable, Sendable, Codable {
    public var term: String
    public var width: Int
    public var height: Int
    public var codeset: String
    public var isUTF8: Bool
    public var colorTier: ColorTier
    public var colorTierReason: String
    /// Colours usable (after `start_color` in a live session, terminfo otherwise).
    public var colors: Int
    public var colorPairs: Int
    /// terminfo `RGB`: direct colour values.
    public var hasDirectColor: Bool
    /// terminfo `smcup`.
    public var hasAlternateScreen: Bool
    /// terminfo `cup`.
    public var canMoveCursor: Bool
    public var charset: Charset
    public var charsetReason: String

    /// Capabilities without opening the screen: reads the terminfo entry of TERM from
    /// `environment` (setupterm/tigetnum/tigetstr; the current terminal, if any, is restored).
    /// The codeset comes from the locale variables, the size from `outputFD` if it is a tty,
    /// else LINES/COLUMNS, else terminfo. Throws for unset, dumb, unknown or cup-less TERM.
    /// Must run on the thread that owns ncurses.
    public static func probe(environment: [String: String] = ProcessInfo.processInfo.environment,
                             options: TerminalOptions = TerminalOptions()) throws -> TerminalCapabilities {
        let term = try TerminalPolicy.validateTERM(environment["TERM"])
        let facts = try Terminfo.read(term: term, fd: options.outputFD)
        if !facts.canMoveCursor { throw TerminalError.noCursorAddressing(term: term) }
        var width = facts.columns, height = facts.lines
        var rows: Int32 = 0, cols: Int32 = 0
        if gs_window_size(options.outputFD, &rows, &cols) == 0 {
            width = Int(cols)
            height = Int(rows)
        } else if let l = environment["LINES"].flatMap(Int.init), let c = environment["COLUMNS"].flatMap(Int.init),
                  l > 0, c > 0 {
            width = c
            height = l
        }
        let codeset = TerminalPolicy.codeset(environment: environment)
        return make(term: term, facts: facts, width: width, height: height, codeset: codeset,
                    environment: environment, options: options)
    }

    static func make(term: String, facts: Terminfo, width: Int, height: Int, codeset: String,
                     environment: [String: String], options: TerminalOptions) -> TerminalCapabilities {
        let tier = TerminalPolicy.colorTier(environment: environment, terminfo: facts.color,
                                            request: options.color)
        let cs = TerminalPolicy.charset(codeset: codeset, forceASCII: options.forceASCII)
        return TerminalCapabilities(
            term: term, width: width, height: height, codeset: codeset,
            isUTF8: TerminalPolicy.isUTF8(codeset: codeset),
            colorTier: tier.tier, colorTierReason: tier.reason,
            colors: max(0, facts.color.colors), colorPairs: max(0, facts.color.pairs),
            hasDirectColor: facts.color.hasRGB, hasAlternateScreen: facts.hasAlternateScreen,
            canMoveCursor: facts.canMoveCursor, charset: cs.charset, charsetReason: cs.reason)
    }
}

/// Facts read from one terminfo entry.
struct Terminfo {
    var color: TerminfoColorFacts
    var hasAlternateScreen: Bool
    var canMoveCursor: Bool
    var lines: Int
    var columns: Int

    /// Reads the capabilities of the *current* terminal (after setupterm or newterm).
    static func current() -> Terminfo {
        Terminfo(color: TerminfoColorFacts(colors: Int(tigetnum("colors")), pairs: Int(tigetnum("pairs")),
                                           hasRGB: gs_has_rgb_cap() != 0),
                 hasAlternateScreen: gs_has_string_cap("smcup") != 0,
                 canMoveCursor: gs_has_string_cap("cup") != 0,
                 lines: max(0, Int(tigetnum("lines"))), columns: max(0, Int(tigetnum("cols"))))
    }

    /// Loads `term` with setupterm without touching the screen, then restores `cur_term`.
    static func read(term: String, fd: Int32) throws(TerminalError) -> Terminfo {
        let saved = gs_cur_term()
        var err: Int32 = 0
        guard setupterm(term, fd, &err) == OK, let loaded = gs_cur_term() else {
            _ = set_curterm(saved)
            throw .unknownTerminal(term: term)
        }
        let info = current()
        _ = set_curterm(saved)
        _ = del_curterm(loaded)
        return info
    }
}
