/// Numbers as people type them, read the same way everywhere a number comes from outside
/// (command-line options, `--set`, scene files, CSV files, formulas, prompts): decimal only.
///
/// A number is an optional sign, decimal digits with an optional fraction (`12`, `-2.5`, `.5`,
/// `3.`), and an optional exponent (`1e-3`, `2.5E+4`); ASCII only, nothing around it (callers
/// trim spaces). Leading zeros are decimal (`010` is ten). Everything else is refused: hexadecimal
/// (`0x10`, `0x1p-3`), octal and binary (`0o17`, `0b101`), digit separators (`1_000`),
/// sexagesimal (`1:30`), `inf`, `nan`, `.inf`, other scripts' digits (`٣`). Swift's own
/// `Double(String)` accepts the hexadecimal and non-finite forms, and YAML 1.1 resolves `0x10`,
/// `010` (eight) and `1:30` to integers; neither is what someone typing a number means.
public enum DecimalText {
    /// The value of a decimal number, or nil when `text` is not one. A number too large for a
    /// Double is `±infinity` (callers refuse it with their own message); one too small is 0.
    public static func double(_ text: some StringProtocol) -> Double? {
        guard isDecimal(text) else { return nil }
        return Double(String(text))
    }

    /// The value of a whole decimal number (sign and digits only) within `Int`, or nil.
    public static func integer(_ text: some StringProtocol) -> Int? {
        guard isWholeNumber(text) else { return nil }
        let digits = text.hasPrefix("+") ? String(text.dropFirst()) : String(text)
        return Int(digits)
    }

    /// The value of a non-negative whole decimal number within `UInt64` (a seed), or nil.
    public static func unsigned(_ text: some StringProtocol) -> UInt64? {
        guard isWholeNumber(text), !text.hasPrefix("-") else { return nil }
        let digits = text.hasPrefix("+") ? String(text.dropFirst()) : String(text)
        return UInt64(digits)
    }

    /// Whether `text` is a whole number: an optional sign and at least one decimal digit.
    public static func isWholeNumber(_ text: some StringProtocol) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    /// Whether `text` is a decimal number in the grammar above.
    public static func isDecimal(_ text: some StringProtocol) -> Bool {
        var bytes = Array(Substring(text).utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
