import Canvas
import Foundation

/// Numbers as the labs show them: fixed decimals, no "-0.000", infinities and NaN spelled out
/// (∞ with Unicode, "inf" in ASCII).
public enum NumberFormat {
    /// `value` with `decimals` places: "5.099", "-3.000", "∞", "nan".
    public static func fixed(_ value: Double, _ decimals: Int = 3, charset: Charset = .unicode) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return (value < 0 ? "-" : "") + (charset == .unicode ? "∞" : "inf") }
        let text = String(format: "%.\(decimals)f", value)
        // A value that rounds to zero is shown without its sign.
        if Double(text) == 0 { return String(format: "%.\(decimals)f", 0.0) }
        return text
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
