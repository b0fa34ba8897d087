/// Display width of text in terminal cells, sanitising of untrusted text, and text layout.
///
/// Widths follow Unicode East Asian Width: Wide and Fullwidth characters (Hangul, CJK, most
/// emoji) take two cells; combining marks (merged into their `Character` by Swift) and
/// zero-width characters take none; everything else one.

extension Unicode.Scalar {
    /// Cells this scalar takes on its own: 0, 1 or 2.
    var cellWidth: Int {
        let v = value
        if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
        // Box drawing, blocks and most geometric shapes; braille: what canvases draw with.
        if (0x2500...0x25FC).contains(v) || (0x2800...0x28FF).contains(v) { return 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        return Self.isWide(v) ? 2 : 1
    }

    /// East Asian Wide or Fullwidth.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F320,
             0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
             0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440,
             0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A,
             0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC,
             0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
             0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension Character {
    /// Cells this grapheme takes: the width of its first scalar that has width (a base
    /// character followed by combining marks takes the base's width).
    public var displayWidth: Int {
        for scalar in unicodeScalars {
            let width = scalar.cellWidth
            if width > 0 { return width }
        }
        return 0
    }
}

extension StringProtocol {
    /// Cells the text takes on one line (printable ASCII, most of every frame's text: one cell
    /// a byte, counted without splitting graphemes).
    public var displayWidth: Int {
        for byte in utf8 where byte < 0x20 || byte >= 0x7F { return reduce(0) { $0 + $1.displayWidth } }
        return utf8.count
    }
}

/// What `sanitize` leaves where it took something out.
public enum RemovedCharacters: Sendable {
    /// Nothing (a tab becomes a space, a line or paragraph separator a space): text that is
    /// displayed, such as captions, titles and pane text.
    case dropped
    /// A visible escape, so a message shows what the input held: `\t`, `\n`, `\r`, `\x1b` for
    /// the other C0 and C1 controls and DEL, `\u{202e}` above U+00FF (bidi controls, zero-width
    /// and other format characters, U+2028, U+2029). For diagnostics that echo what a user
    /// wrote: a scene's unknown key, a CSV field, a formula, an environment variable.
    case shown
}

/// The one way untrusted text is made safe to print, on the screen and on standard output or
/// error alike. Removes everything that could make it act on the terminal or deceive a reader:
/// C0 and C1 controls (ESC included, so no CSI, OSC 52 or OSC 8 sequence survives), DEL, bidi
/// controls, zero-width and other invisible format characters, and the Unicode line and
/// paragraph separators (U+2028, U+2029), which some terminals and line-based readers take
/// for line breaks. Newlines (and U+2028/U+2029, as newlines) are kept only when `keepNewlines`
/// (for text that is wrapped afterwards, or a report of several lines).
///
/// Invariant: the result contains no scalar in Cc, Cf, Zl or Zp except "\n" when allowed.
/// Printable text, including "\", is returned unchanged; with `.shown` the result is made of
/// printable characters only, so sanitising it again changes nothing.
public func sanitize(_ untrusted: String, keepNewlines: Bool = false, removed: RemovedCharacters = .dropped) -> String {
    // Printable ASCII (most of every frame's text) is already clean; so is text whose every
    // scalar is printable and not a format character (κ, ‖, box drawing, braille): returned
    // as it is, without building a copy.
    if untrusted.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return untrusted }
    if untrusted.unicodeScalars.allSatisfy(isPlainlyPrintable) { return untrusted }
    let shown = removed == .shown
    var scalars = String.UnicodeScalarView()
    func show(_ escape: String) { if shown { scalars.append(contentsOf: escape.unicodeScalars) } }
    for scalar in untrusted.unicodeScalars {
        let value = scalar.value
        switch value {
        case 0x0A where keepNewlines, 0x2028 where keepNewlines, 0x2029 where keepNewlines:
            scalars.append("\n")
        case 0x09: if shown { show("\\t") } else { scalars.append(" ") }
        case 0x0A: show("\\n")
        case 0x0D: show("\\r")
        case 0x00...0x1F, 0x7F...0x9F: show("\\x" + hex(value, digits: 2))
        case 0x2028, 0x2029: if shown { show("\\u{" + hex(value) + "}") } else { scalars.append(" ") }
        default:
            // Bidi controls, ZWSP/ZWJ, BOM, soft hyphen, interlinear annotation, tags, ...
            guard scalar.properties.generalCategory != .format else {
                show("\\u{" + hex(value) + "}")
                continue
            }
            scalars.append(scalar)
        }
    }
    return String(scalars)
}

/// A scalar `sanitize` keeps as it is, decided without a property lookup where the range
/// settles it: printable Latin, Greek, Cyrillic, arrows, maths, box drawing, blocks and braille
/// hold no control and no format character (Cf); elsewhere the general category decides.
private func isPlainlyPrintable(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    switch value {
    case 0x20...0x7E, 0xA0...0xAC, 0xAE...0x5FF, 0x2190...0x2BFF: return true
    case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x2028, 0x2029: return false
    default: return scalar.properties.generalCategory != .format
    }
}

/// Lower-case hexadecimal digits of `value`, at least `digits` of them.
private func hex(_ value: UInt32, digits: Int = 1) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

/// The ellipsis for a charset.
public func ellipsis(_ charset: Charset) -> String { charset == .unicode ? "…" : "~" }

/// `text` cut to at most `width` cells, ending in an ellipsis when cut; never splits a character.
public func truncate(_ text: String, width: Int, charset: Charset = .unicode) -> String {
    guard width > 0 else { return "" }
    if text.displayWidth <= width { return text }
    var result = ""
    var used = 0
    let room = width - 1  // the ellipsis takes one cell
    for character in text {
        let w = character.displayWidth
        if used + w > room { break }
        result.append(character)
        used += w
    }
    return result + ellipsis(charset)
}

/// Lines of at most `width` cells: breaks at spaces, and inside words (or CJK text, which has
/// no spaces) at character boundaries when a word is longer than a line. Existing newlines start
/// new lines. A character wider than `width` is dropped (it can never fit).
public func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        var lineWidth = 0
        func flush() {
            while line.last == " " { line.removeLast(); lineWidth -= 1 }
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = word.displayWidth
            let separator = lineWidth > 0 ? 1 : 0
            if lineWidth + separator + wordWidth <= width {
                if separator == 1 { line.append(" ") }
                line += word
                lineWidth += separator + wordWidth
                continue
            }
            if lineWidth > 0 && wordWidth <= width {
                flush()
                line = String(word)
                lineWidth = wordWidth
                continue
            }
            // The word is longer than a line: fill the current line, then break it by character.
            if lineWidth > 0 && lineWidth + 1 < width {
                line.append(" ")
                lineWidth += 1
            } else if lineWidth > 0 {
                flush()
            }
            for character in word {
                let w = character.displayWidth
                if w > width { continue }
                if lineWidth + w > width { flush() }
                line.append(character)
                lineWidth += w
            }
        }
        flush()
    }
    return lines
}

extension CellGrid {
    /// Writes sanitised `text` from (x, y) by display width and returns the cells used.
    ///
    /// Clipped to the grid and to `maxWidth`; text wider than the room ends in an ellipsis. A
    /// double-width character is never split: where it would straddle the edge a space is
    /// written instead. Overwriting half of an existing wide character blanks its other half.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain,
                               maxWidth: Int? = nil, charset: Charset = .unicode) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let room = min(maxWidth ?? Int.max, width - x)  // cells from x, including any left of the grid
        guard room > 0 else { return 0 }
        var clean = sanitize(text)
        if charset == .ascii {
            clean = String(String.UnicodeScalarView(clean.unicodeScalars.map { $0.value < 0x7F ? $0 : "?" }))
        }
        let fitted = truncate(clean, width: room, charset: charset)
        var column = x
        for character in fitted {
            let w = character.displayWidth
            guard w > 0 else { continue }
            if column + w > x + room { break }
            if column < 0 && column + w > 0 {
                put(Cell(" ", style: style), at: 0, y)  // the visible right half of a cut wide character
            } else if column >= 0 {
                if w == 2 && column + 1 >= width {
                    put(Cell(" ", style: style), at: column, y)
                } else {
                    put(Cell(String(character), style: style), at: column, y)
                    if w == 2 { put(.continuation(style: style), at: column + 1, y) }
                }
            }
            column += w
        }
        return column - x
    }

    /// Sets one cell, keeping the wide-character invariant: a wide character cut in half by
    /// this write loses its other half (to a blank).
    public mutating func put(_ cell: Cell, at x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let old = self[x, y]
        if old.isContinuation, x > 0, !cell.isContinuation {
            self[x - 1, y] = Cell(" ", style: self[x - 1, y].style)
        }
        // A continuation to the right means `old` was double-width (grid invariant).
        if !old.isContinuation, x + 1 < width, self[x + 1, y].isContinuation, cell.width != 2 {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
        self[x, y] = cell
    }
}
