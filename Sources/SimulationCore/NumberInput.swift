import Foundation

/// Numbers typed into the app (prompts, a lab's text values): each one an `Expression` without
/// x or y, so `1/3`, `sqrt(2)`, `pi/4`, `-2.5e-3` and `2^0.5` are what they say; anything else
/// is refused with what could not be read and where (`'abc': unknown name abc at column 1`).
///
/// Lists and matrices take an expression per entry: entries separated by commas or spaces
/// (a sign after a space and before a non-space starts an entry, so `1 -2` is two entries and
/// `1 - 2` one), rows of a matrix by `;` (`1 2; 3 4`, `1/2, sqrt(3)/2; -sqrt(3)/2, 1/2`).
public enum NumberInput {
    /// The most entries a list or matrix takes.
    public static let maximumEntries = 256

    /// The value of one expression; throws unless it is one finite number.
    public static func value(_ text: String) throws(NumberInputError) -> Double {
        try reading(text) {
            var parser = try ExpressionParser(checking: text)
            parser.constantsOnly = true
            return try finite(try parser.parseAll(), text: text, entry: nil)
        }
    }

    /// Entries separated by commas or spaces: `0.5, -1`, `1/3 sqrt(2)`.
    public static func list(_ text: String) throws(NumberInputError) -> [Double] {
        let rows = try matrix(text, rows: false)
        return rows.first ?? []
    }

    /// Rows separated by `;`, entries by commas or spaces; every row as long as the first.
    public static func matrix(_ text: String) throws(NumberInputError) -> [[Double]] {
        try matrix(text, rows: true)
    }

    private static func matrix(_ text: String, rows takesRows: Bool) throws(NumberInputError) -> [[Double]] {
        try reading(text) {
            var parser = try ExpressionParser(checking: text)
            parser.constantsOnly = true
            parser.spaceSeparates = true
            guard parser.peek() != nil else { throw parser.fail("empty: give numbers such as 1/3, sqrt(2), -2.5e-3") }
            var rows: [[Double]] = [[]]
            var count = 0
            func unequalRows(at column: Int) -> ExpressionError {
                parser.fail("row \(rows.count) has \(rows[rows.count - 1].count) entries but row 1 has \(rows[0].count)", at: column)
            }
            while true {
                let start = parser.column
                let entry = try parser.parseSum()
                count += 1
                guard count <= maximumEntries else { throw parser.fail("more than \(maximumEntries) entries", at: start) }
                rows[rows.count - 1].append(try finite(entry, text: text, entry: (rows.count, rows[rows.count - 1].count + 1, takesRows)))
                guard let next = parser.peek() else { break }
                if next == "," {
                    parser.index += 1
                } else if next == ";" {
                    guard takesRows else { throw parser.fail("unexpected ';' (numbers are separated by commas or spaces)") }
                    parser.index += 1
                    if rows.count == 1 || rows[rows.count - 1].count == rows[0].count {
                        rows.append([])
                    } else {
                        throw unequalRows(at: parser.column - 1)
                    }
                } else if next == ")" {
                    throw parser.fail("unexpected ')'")
                }
                // Anything else starts the next entry (separated by a space).
            }
            if rows.count > 1, rows[rows.count - 1].count != rows[0].count { throw unequalRows(at: parser.column) }
            return rows
        }
    }

    /// `body`'s result, its failures as a `NumberInputError` about `text`.
    private static func reading<T>(_ text: String, _ body: () throws -> T) throws(NumberInputError) -> T {
        do {
            return try body()
        } catch let error as ExpressionError {
            throw NumberInputError(text: text, message: error.message, column: error.column)
        } catch let error as NumberInputError {
            throw error
        } catch {
            throw NumberInputError(text: text, message: "\(error)", column: nil)
        }
    }

    private static func finite(_ expression: Expression, text: String, entry: (row: Int, column: Int, rows: Bool)?) throws(NumberInputError) -> Double {
        let value = expression.constantValue ?? .nan
        if value.isFinite { return value }
        let which = entry.map { $0.rows ? "row \($0.row), entry \($0.column) " : "entry \($0.column) " } ?? "the value "
        let what = value.isNaN ? "has no real value (NaN)" : "is infinite"
        throw NumberInputError(text: text, message: which + what, column: nil)
    }
}

/// Why typed text is not a number: the text (printable, shortened), what went wrong, and the
/// 1-based column where it went wrong (when it is a place in the text).
public struct NumberInputError: Error, Equatable, CustomStringConvertible {
    public var text: String
    public var message: String
    public var column: Int?

    public init(text: String, message: String, column: Int?) {
        self.text = text
        self.message = message
        self.column = column
    }

    /// The text as quoted in the message: control characters shown as '?', at most 32 characters.
    public var quoted: String {
        let printable = Self.printable(text.trimmingCharacters(in: .whitespaces))
        return printable.count > 32 ? String(printable.prefix(31)) + "…" : printable
    }

    /// `'abc': unknown name abc at column 1`; never a control character (a message may quote one).
    public var description: String {
        let place = column.map { message.contains("at column") ? "" : " at column \($0)" } ?? ""
        return (quoted.isEmpty ? "" : "'\(quoted)': ") + Self.printable(message) + place
    }

    static func printable(_ text: String) -> String {
        String(text.map { c -> Character in
            c.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.properties.generalCategory == .format } ? "?" : c
        })
    }
}
