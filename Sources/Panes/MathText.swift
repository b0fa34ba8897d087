import Foundation
import Canvas

/// Maths notation in pane text: written once with Unicode symbols, spelled in ASCII where the
/// terminal cannot show them (a non-UTF-8 locale or `--ascii`).
public enum MathText {
    /// Symbols and their ASCII spelling, longest first where one contains another.
    static let ascii: [(String, String)] = [
        // Layer superscripts (W⁽¹⁾ -> W(1)) before the lone ² below.
        ("⁽⁰⁾", "(0)"), ("⁽¹⁾", "(1)"), ("⁽²⁾", "(2)"), ("⁽³⁾", "(3)"), ("⁽⁴⁾", "(4)"), ("⁽⁵⁾", "(5)"), ("⁽⁶⁾", "(6)"),
        ("⁽ˡ⁾", "(l)"),
        ("δ", "delta"), ("Δ", "Delta"), ("⊙", "(.)"), ("ₖ", "k"), ("ⱼ", "j"), ("ᵢ", "i"), ("ₙ", "n"), ("ᵘ", "^u"),
        ("□", "square"), ("⎡", "["), ("⎤", "]"), ("⎢", "["), ("⎥", "]"), ("⎣", "["), ("⎦", "]"), ("━", "-"), ("┅", "-"),
        ("▶", ">"), ("³", "^3"), ("∝", "~"),
        ("⁻¹", "^-1"), ("ᵀ", "^T"), ("ⁿ", "^n"), ("²", "^2"), ("⁴", "^4"),
        ("⁰", "^0"), ("¹", "^1"), ("⁵", "^5"), ("⁶", "^6"), ("⁷", "^7"), ("⁸", "^8"), ("⁹", "^9"),
        ("Σ", "Sigma"), ("σ", "sig"), ("λ", "lam"), ("κ", "kappa"), ("θ", "theta"), ("φ", "phi"),
        ("‖", "||"), ("∞", "inf"), ("°", " deg"), ("±", "+/-"), ("≈", "~"), ("·", "*"), ("×", "x"),
        ("√", "sqrt "), ("→", "->"), ("←", "<-"), ("↑", "^"), ("↓", "v"), ("≤", "<="), ("≥", ">="), ("⪰", ">="), ("≻", ">"),
        ("₁", "1"), ("₂", "2"), ("∈", "in"), ("…", "..."), ("—", "-"), ("−", "-"), ("∥", "||"),
        ("∇", "grad "), ("μ", "mu"), ("½", "1/2"), ("✓", "ok"), ("✗", "no"), ("β", "beta"), ("ρ", "rho"),
        ("ε", "eps"), ("Δ", "d"), ("α", "alpha"), ("η", "eta"), ("∂", "d"),
    ]

    /// A comparison as typed (`x + y >= 1`, `g <= 0`) in the notation of the rest of a frame:
    /// `≥` and `≤` (spelled back as `>=`, `<=` by `forCharset` in ASCII), so one frame never
    /// shows both `>=` and `≥`.
    public static func comparison(_ text: String) -> String {
        text.replacingOccurrences(of: ">=", with: "≥").replacingOccurrences(of: "<=", with: "≤")
    }

    /// `n` as a superscript (R⁴, spelled R^4 in ASCII).
    public static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    /// `text` as it should be drawn with `charset`.
    public static func forCharset(_ text: String, _ charset: Charset) -> String {
        guard charset == .ascii else { return text }
        var out = text
        for (symbol, spelling) in ascii where out.contains(symbol) {
            out = out.replacingOccurrences(of: symbol, with: spelling)
        }
        return out
    }
}
