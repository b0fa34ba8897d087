import Canvas
import Foundation
import SimulationCore

/// A JSON value for `gradscope calc ... --json`: objects keep their key order (documented,
/// stable output), and non-finite numbers are written as the strings "inf", "-inf", "nan".
public indirect enum CalcJSON: Sendable, Equatable {
    case number(Double)
    case integer(Int)
    /// A whole number that may exceed `Int.max` (a seed).
    case unsigned(UInt64)
    case string(String)
    case bool(Bool)
    case array([CalcJSON])
    case object([(String, CalcJSON)])

    public static func == (lhs: CalcJSON, rhs: CalcJSON) -> Bool { lhs.text() == rhs.text() }

    public static func numbers(_ values: [Double]) -> CalcJSON { .array(values.map(CalcJSON.number)) }
    /// Rows of a matrix, row-major.
    public static func rows(_ rows: [[Double]]) -> CalcJSON { .array(rows.map(numbers)) }

    /// Pretty-printed JSON text, two-space indent, one trailing newline.
    public func text() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    /// A number as JSON: shortest round-tripping decimal; non-finite as a string.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "\"nan\"" }
        if value.isInfinite { return value > 0 ? "\"inf\"" : "\"-inf\"" }
        if value == 0 { return "0" }  // also -0
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"  // Swift prints the shortest representation that round-trips
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch self {
        case .number(let value): out += Self.format(value)
        case .integer(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .string(let value): out += Self.quote(value)
        case .array(let items):
            // Arrays of scalars stay on one line: matrices read as rows.
            if items.allSatisfy({ if case .array = $0 { return false }; if case .object = $0 { return false }; return true }) {
                out += "[" + items.map { item in var s = ""; item.write(into: &s, indent: 0); return s }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += index + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in fields.enumerated() {
                out += pad + Self.quote(key) + ": "
                value.write(into: &out, indent: indent + 1)
                out += index + 1 < fields.count ? ",\n" : "\n"
            }
            out += close + "}"
        }
    }

    static func quote(_ text: String) -> String { JSONText.quoted(text) }
}

/// Bad input to a `calc` command: the command line prints `gradscope: <message>` and exits 2.
public struct CalcInputError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A computation that could not finish on input that was understood (exit status 1), e.g. an
/// eigenvalue iteration that did not converge.
public struct CalcFailure: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parsing of the number lists users type on the command line.
public enum CalcInput {
    /// "1, -2.5, 3e-2" -> [1, -2.5, 0.03]. Every entry must be a finite number.
    public static func vector(_ text: String, option: String) throws -> [Double] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw CalcInputError("\(option) is empty: give numbers separated by commas") }
        return try trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { index, field in
            try number(String(field), option: option, position: "entry \(index + 1)")
        }
    }

    /// "a,b;c,d" -> [[a, b], [c, d]]: rows separated by ';', entries by ','. Rows must have
    /// equal length; at most `maxSize` rows and columns.
    public static func matrix(_ text: String, option: String, maxSize: Int = 8) throws -> [[Double]] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw CalcInputError("\(option) is empty: give rows like \"1,2;3,4\"") }
        let rowTexts = trimmed.split(separator: ";", omittingEmptySubsequences: false)
        var rows: [[Double]] = []
        for (r, rowText) in rowTexts.enumerated() {
            let fields = rowText.split(separator: ",", omittingEmptySubsequences: false)
            rows.append(try fields.enumerated().map { c, field in
                try number(String(field), option: option, position: "row \(r + 1), column \(c + 1)")
            })
        }
        if let first = rows.first, let ragged = rows.firstIndex(where: { $0.count != first.count }) {
            throw CalcInputError("\(option): row \(ragged + 1) has \(rows[ragged].count) entries but row 1 has \(first.count) (rows must be equal length)")
        }
        let columns = rows.first?.count ?? 0
        guard rows.count <= maxSize, columns <= maxSize else {
            throw CalcInputError("\(option) is \(rows.count)x\(columns): at most \(maxSize)x\(maxSize) is supported")
        }
        return rows
    }

    static func number(_ field: String, option: String, position: String) throws -> Double {
        let text = field.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw CalcInputError("\(option): \(position) is empty") }
        guard let value = DecimalText.double(text) else {
            if ["nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(text.lowercased()) {
                throw CalcInputError("\(option): \(position) is \(text); only finite numbers are allowed")
            }
            throw CalcInputError("\(option): \(position) '\(text)' is not a number (decimal, such as 2, -0.5 or 1e-3)")
        }
        guard value.isFinite else {
            throw CalcInputError("\(option): \(position) is \(text), beyond the largest number (about 1.8e308)")
        }
        return value
    }
}
