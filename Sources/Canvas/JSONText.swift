import Foundation

/// JSON text that is safe to print and to read line by line: every string the program writes as
/// JSON (`calc --json`, `doctor --json`, cast files, saved sessions' quoted YAML scalars, headless
/// lecture reports) escapes not only what JSON requires (`"`, `\`, C0 controls) but also DEL, the
/// C1 controls, the line and paragraph separators U+2028/U+2029 (which JavaScript and many
/// line-based readers take for line breaks) and the invisible format characters (bidi controls,
/// zero-width characters, BOM), as `\uXXXX` (a surrogate pair above U+FFFF). The escapes read
/// back as the same text, so nothing is lost; a terminal showing the JSON sees none of them.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: append(scalar, to: &out)
            }
        }
        return out + "\""
    }

    /// A JSON document from `JSONEncoder` (which escapes C0 controls inside strings, as JSON
    /// requires) with the other invisible characters escaped too. Outside strings a document
    /// holds only ASCII punctuation and whitespace, so it means the same.
    public static func escapingInvisibles(_ json: String) -> String {
        func invisible(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x7F && needsEscape(scalar) }
        guard json.unicodeScalars.contains(where: invisible) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if invisible(scalar) { append(scalar, to: &out) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `value` encoded with `encoder`, invisible characters escaped, as UTF-8 text.
    public static func encode<T: Encodable>(_ value: T, with encoder: JSONEncoder = JSONEncoder()) throws -> String {
        escapingInvisibles(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Whether `scalar` is written as an escape: C0, DEL, C1, U+2028, U+2029, format characters.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return scalar.properties.generalCategory == .format
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String) {
        guard needsEscape(scalar) else {
            out.unicodeScalars.append(scalar)
            return
        }
        for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
    }
}
