import Canvas
import Foundation

/// The raw characters of a scene file, checked before YAML sees them, and positions in it.
///
/// YAML (libyaml, under Yams) refuses control characters, but its reader reports them without
/// a line and column; and it counts NEL (U+0085), U+2028 and U+2029 as line breaks, which no
/// editor shows, so every later position in a message would be off. Both are refused here, at
/// the line and column an editor shows.
enum SceneText {
    /// Whether libyaml reads `scalar` as text, and it is not a line break only YAML sees:
    /// tab, LF, CR, printable ASCII, and U+00A0 onwards except U+2028, U+2029, surrogates,
    /// U+FEFF (allowed only first, as a byte-order mark), U+FFFE and U+FFFF.
    static func isAllowed(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E: return true
        case 0xFEFF: return first
        case 0x2028, 0x2029, 0xFFFE, 0xFFFF: return false
        case 0xA0...0xD7FF, 0xE000...0x10FFFF: return true
        default: return false  // C0, DEL, C1 (NEL included)
        }
    }

    /// The first character YAML would refuse or miscount, with its location.
    static func firstForbiddenCharacter(in text: String, file: String) -> (SceneLocation, Unicode.Scalar)? {
        var line = 1, column = 1
        var previous: Unicode.Scalar?
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if !isAllowed(scalar, first: index == 0) {
                return (SceneLocation(file: file, line: line, column: column), scalar)
            }
            advance(&line, &column, over: scalar, after: previous)
            previous = scalar
        }
        return nil
    }

    /// The message for a character `firstForbiddenCharacter` found, showing it as an escape.
    static func forbiddenMessage(_ scalar: Unicode.Scalar) -> String {
        let shown = sanitize(String(scalar), removed: .shown)
        let code = String(format: "U+%04X", scalar.value)
        switch scalar.value {
        case 0x85, 0x2028, 0x2029:
            return "\(shown) (\(code), a line break only YAML sees) is not allowed in a scene file; use an ordinary newline"
        case 0xFEFF, 0xFFFE, 0xFFFF:
            return "\(shown) (\(code)) is not allowed in a scene file; remove it"
        default:
            return "control character \(shown) (\(code)) is not allowed in a scene file; remove it"
        }
    }

    /// The line and column of the `offset`-th Character of `text` (1-based, columns counted in
    /// Unicode scalars as libyaml counts them).
    static func location(ofCharacter offset: Int, in text: String, file: String) -> SceneLocation {
        let end = text.index(text.startIndex, offsetBy: max(0, offset), limitedBy: text.endIndex) ?? text.endIndex
        var line = 1, column = 1
        var previous: Unicode.Scalar?
        for scalar in text[..<end].unicodeScalars {
            advance(&line, &column, over: scalar, after: previous)
            previous = scalar
        }
        return SceneLocation(file: file, line: line, column: column)
    }

    /// Moves past one scalar: "\n", "\r" and "\r\n" end a line.
    private static func advance(_ line: inout Int, _ column: inout Int, over scalar: Unicode.Scalar, after previous: Unicode.Scalar?) {
        switch scalar {
        case "\n" where previous == "\r": break  // the second half of "\r\n"
        case "\n", "\r":
            line += 1
            column = 1
        default:
            column += 1
        }
    }
}
