/// How many colours the terminal can show. Chosen from capabilities, `--color` and `NO_COLOR`.
public enum ColorTier: String, Sendable, Codable, CaseIterable, Comparable {
    /// Monochrome: attributes (bold, reverse, underline) and glyphs carry all meaning.
    case none
    /// The 8/16 ANSI colours.
    case ansi16 = "16"
    /// The xterm 256-colour palette.
    case palette256 = "256"
    /// 24-bit colour.
    case direct

    public static func < (a: ColorTier, b: ColorTier) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Which glyphs may be drawn: Unicode (braille, half blocks, box drawing) or plain ASCII.
public enum Charset: String, Sendable, Codable, CaseIterable {
    case unicode
    case ascii
}

/// Semantic roles: panes ask for a role, the theme says how it looks at the current tier.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case text, muted, title, frame, focusedFrame, accent, highlight, good, warning, error
    case statusBar, statusKey
    /// Data series: distinct hues for curves, arrows, classes (series1...series6).
    case series1, series2, series3, series4, series5, series6
    /// Axes and grid lines.
    case axis
}

