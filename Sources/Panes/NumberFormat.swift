import Canvas
import Foundation

/// Numbers as the labs show them: fixed decimals, no "-0.000", infinities and NaN spelled out
/// (∞ with Unicode, "inf" in ASCII).
public enum NumberFormat {
    /// A value as a prompt offers it for editing: exact (typing it back gives the same
    /// double): "4", "-0.5", "0.1", "1e-07".
    public static func exact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// `value` with `decimals` places: "5.099", "-3.000", "∞", "nan".
    public static func fixed(_ value: Double, _ decimals: Int = 3, charset: Charset = .unicode) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return (value < 0 ? "-" : "") + (charset == .unicode ? "∞" : "inf") }
        if let quick = quickFixed(value, decimals) { return quick }
        let text = String(format: "%.\(decimals)f", value)
        // A value that rounds to zero is shown without its sign.
        if Double(text) == 0 { return String(format: "%.\(decimals)f", 0.0) }
        return text
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]

    /// The same text as printf's "%.Nf" without Foundation's formatter (it is on every frame's
    /// hot path): integer arithmetic on value x 10^N, used only when that product is far from a
    /// rounding tie (where printf's exact-decimal rounding decides), else nil.
    static func quickFixed(_ value: Double, _ decimals: Int) -> String? {
        guard (0...6).contains(decimals) else { return nil }
        let scaled = abs(value) * powersOfTen[decimals]
        guard scaled < 1e15 else { return nil }
        let fraction = scaled - scaled.rounded(.down)
        // The product carries a rounding error of a few ulps: near a tie, defer to printf.
        guard abs(fraction - 0.5) > 1e-9 + scaled * 1e-15 else { return nil }
        let units = Int(scaled.rounded())
        var digits = String(units)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        // A value that rounds to zero is shown without its sign.
        return value < 0 && units != 0 ? "-" + digits : digits
    }

    /// `fixed` where it is readable, else three significant digits in scientific notation: a
    /// value of 1e5 or more ("4.25e+25", not 26 digits) or one below `scientificBelow` (by
    /// default what `decimals` places would show as 0: "2.93e-05", not "0.0000"; pass 0 to show
    /// tiny values as 0). At most 9 columns beyond the sign.
    public static func compact(_ value: Double, _ decimals: Int = 3, scientificBelow: Double? = nil,
                               charset: Charset = .unicode) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, decimals, charset: charset) }
        let magnitude = abs(value)
        let small = scientificBelow ?? 0.5 * pow(10, Double(-decimals))
        if magnitude >= 1e5 || magnitude < small { return String(format: "%.2e", value) }
        return fixed(value, decimals, charset: charset)
    }

    /// Right-aligned in `width` columns.
    public static func padded(_ value: Double, _ decimals: Int = 3, width: Int, charset: Charset = .unicode) -> String {
        let text = fixed(value, decimals, charset: charset)
        return String(repeating: " ", count: max(0, width - text.displayWidth)) + text
    }

    /// An angle in degrees with one decimal: "30.0°" ("30.0 deg" in ASCII).
    public static func degrees(_ radians: Double, charset: Charset = .unicode) -> String {
        fixed(radians * 180 / .pi, 1, charset: charset) + (charset == .unicode ? "°" : " deg")
    }
}
