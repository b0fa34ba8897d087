import Foundation

/// The base of the logarithm information is measured in.
public enum LogBase: String, Codable, Sendable, CaseIterable {
    /// log₂: bits.
    case bits
    /// ln: nats.
    case nats
    /// log₁₀: bans (hartleys).
    case bans

    /// ln of the base: divide a natural log by this.
    public var lnBase: Double {
        switch self {
        case .bits: return M_LN2
        case .nats: return 1
        case .bans: return M_LN10
        }
    }

    public var unit: String { rawValue == "bans" ? "bans" : rawValue }
}

/// Information measures of discrete distributions.
///
/// Conventions: 0 · log 0 = 0 (an impossible outcome adds nothing); where Q gives 0 to an
/// outcome P gives weight to, cross-entropy and KL(P‖Q) are +∞ — never NaN. Inputs are not
/// renormalised: pass distributions (see `isDistribution`, `normalized`).
public enum InfoTheory {
    /// -log p: the surprise of an outcome of probability p (+∞ at p = 0; NaN outside [0, 1]).
    public static func selfInformation(_ p: Double, base: LogBase = .bits) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return p == 0 ? .infinity : -log(p) / base.lnBase
    }

    /// H(P) = -Σ pᵢ log pᵢ.
    public static func entropy(_ p: [Double], base: LogBase = .bits) -> Double {
        var sum = 0.0
        for pi in p where pi > 0 { sum -= pi * log(pi) }
        return sum / base.lnBase + 0  // + 0 turns -0 into 0
    }

    /// H(p) of a coin with P(heads) = p: maximum 1 bit at p = 1/2, 0 at p = 0 and 1.
    public static func binaryEntropy(_ p: Double, base: LogBase = .bits) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return entropy([p, 1 - p], base: base)
    }

    /// dH/dp = log((1 - p) / p): +∞ at 0, -∞ at 1, 0 at 1/2.
    public static func binaryEntropyDerivative(_ p: Double, base: LogBase = .bits) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return .infinity }
        if p == 1 { return -.infinity }
        return (log1p(-p) - log(p)) / base.lnBase
    }

    /// H(P, Q) = -Σ pᵢ log qᵢ (+∞ where qᵢ = 0 < pᵢ).
    public static func crossEntropy(_ p: [Double], _ q: [Double], base: LogBase = .bits) -> Double {
        precondition(p.count == q.count, "P and Q need the same outcomes")
        var sum = 0.0
        for (pi, qi) in zip(p, q) where pi > 0 {
            if qi <= 0 { return .infinity }
            sum -= pi * log(qi)
        }
        return sum / base.lnBase + 0
    }

    /// KL(P‖Q) = Σ pᵢ log(pᵢ / qᵢ) ≥ 0; exactly 0 when P = Q; +∞ where qᵢ = 0 < pᵢ.
    public static func klDivergence(_ p: [Double], _ q: [Double], base: LogBase = .bits) -> Double {
        precondition(p.count == q.count, "P and Q need the same outcomes")
        var sum = 0.0
        for (pi, qi) in zip(p, q) where pi > 0 {
            if qi <= 0 { return .infinity }
            if pi != qi { sum += pi * log(pi / qi) }
        }
        return max(0, sum) / base.lnBase
    }

    /// ∂KL(P‖Q)/∂qᵢ = -pᵢ / qᵢ (the partials with Q's entries free; on the simplex only
    /// their differences matter). +∞ magnitude where qᵢ = 0 < pᵢ; 0 where pᵢ = 0.
    public static func klGradientWithRespectToQ(_ p: [Double], _ q: [Double], base: LogBase = .bits) -> [Double] {
        zip(p, q).map { pi, qi in pi == 0 ? 0 : (qi <= 0 ? -.infinity : -pi / qi / base.lnBase) }
    }

    /// Non-negative, finite, summing to 1 within `tolerance`.
    public static func isDistribution(_ p: [Double], tolerance: Double = 1e-9) -> Bool {
        !p.isEmpty && p.allSatisfy { $0.isFinite && $0 >= 0 } && abs(p.reduce(0, +) - 1) <= tolerance
    }

    /// Weights scaled to sum to 1; nil when they cannot be (negative, non-finite, all zero).
    /// When the sum overflows (`[1e308, 1e308]`), the weights are divided by the largest first,
    /// so the result is still right (`[0.5, 0.5]`).
    public static func normalized(_ weights: [Double]) -> [Double]? {
        guard !weights.isEmpty, weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        guard let largest = weights.max(), largest > 0 else { return nil }
        let total = weights.reduce(0, +)
        if total.isFinite { return weights.map { $0 / total } }  // one rounding per weight
        let relative = weights.map { $0 / largest }  // in [0, 1], the largest exactly 1
        let relativeTotal = relative.reduce(0, +)    // in [1, n]
        return relative.map { $0 / relativeTotal }
    }
}

/// Logits, sigmoid and softmax, computed so that large logits (±1000) stay finite and right.
public enum Logistic {
    /// σ(x) = 1 / (1 + e^-x), without overflow for either sign.
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// σ'(x) = σ(x)(1 - σ(x)).
    public static func sigmoidDerivative(_ x: Double) -> Double {
        let s = sigmoid(x)
        return s * (1 - s)
    }

    /// log σ(x) = -log(1 + e^-x), finite for every finite x.
    public static func logSigmoid(_ x: Double) -> Double { x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x)) }

    /// logit(p) = log(p / (1 - p)), the inverse of σ (±∞ at 1 and 0; NaN outside [0, 1]).
    public static func logit(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return log(p) - log1p(-p)
    }

    /// logit'(p) = 1 / (p (1 - p)).
    public static func logitDerivative(_ p: Double) -> Double { 1 / (p * (1 - p)) }

    /// log Σ e^zᵢ, shifted by the maximum so nothing overflows.
    public static func logSumExp(_ z: [Double]) -> Double {
        guard let top = z.max(), top.isFinite else { return z.max() ?? -.infinity }
        return top + log(z.reduce(0) { $0 + exp($1 - top) })
    }

    /// softmax(z / T)ᵢ = e^(zᵢ/T) / Σ e^(zⱼ/T), computed as e^((zᵢ - max z)/T) / Σ ...: every
    /// exponent is ≤ 0 and the largest is exactly 0, so nothing overflows even where z/T itself
    /// would (z = 1e306 at T = 0.001, or T = 5e-324). T > 0: T → 0 tends to one-hot on the
    /// largest logit, T → ∞ to uniform.
    public static func softmax(_ z: [Double], temperature t: Double = 1) -> [Double] {
        let e = shiftedLogits(z, temperature: t).map { exp($0) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// log softmax(z / T) = (zᵢ - max z)/T - log Σ e^((zⱼ - max z)/T) (finite where softmax
    /// underflows to 0; -∞ only where the gap itself overflows).
    public static func logSoftmax(_ z: [Double], temperature t: Double = 1) -> [Double] {
        let shifted = shiftedLogits(z, temperature: t)
        // log(1 + Σ_{j≠top} e^(shifted j)) by log1p: log of a sum just above 1 keeps only its
        // first digits (-2.678248729e-7 for a class at 0.99999973, 1e-9 relative off).
        guard let top = shifted.indices.max(by: { shifted[$0] < shifted[$1] }) else { return [] }
        let lse = shifted[top] + log1p(shifted.indices.reduce(0) { $1 == top ? $0 : $0 + exp(shifted[$1] - shifted[top]) })
        return shifted.map { $0 - lse }
    }

    /// (zᵢ - max z) / T: all ≤ 0, the largest exactly 0 (for finite logits).
    static func shiftedLogits(_ z: [Double], temperature t: Double) -> [Double] {
        precondition(t > 0, "temperature must be positive")
        guard let top = z.max() else { return [] }
        guard top.isFinite else { return z.map { $0 / t - top / t } }  // NaN shows through
        return z.map { ($0 - top) / t }
    }

    /// The Jacobian ∂sᵢ/∂zⱼ of s = softmax(z / T): sᵢ(δᵢⱼ - sⱼ) / T. Rows sum to 0.
    public static func softmaxJacobian(_ z: [Double], temperature t: Double = 1) -> [[Double]] {
        let s = softmax(z, temperature: t)
        // The diagonal sᵢ(1 - sᵢ) as sᵢ Σ_{j≠i} sⱼ: 1 - sᵢ cancels where sᵢ is near 1.
        return s.indices.map { i in
            s.indices.map { j in
                i == j ? s[i] * s.indices.reduce(0) { $1 == i ? $0 : $0 + s[$1] } / t : -s[i] * s[j] / t
            }
        }
    }

    /// ∂/∂z of the cross-entropy -log softmax(z / T)[target]: (softmax(z / T) - onehot) / T.
    public static func crossEntropyGradient(_ z: [Double], target: Int, temperature t: Double = 1) -> [Double] {
        softmax(z, temperature: t).enumerated().map { i, s in (s - (i == target ? 1 : 0)) / t }
    }
}

/// Numerical derivatives and the gradient check.
///
/// Forward differences err by O(h) (truncation) + O(ε/h) (round-off), best near h ≈ √ε ≈ 1e-8;
/// central differences by O(h²) + O(ε/h), best near h ≈ ε^(1/3) ≈ 1e-5.
public enum FiniteDifference {
    public static func forward(_ f: (Double) -> Double, at x: Double, step h: Double) -> Double {
        (f(x + h) - f(x)) / h
    }

    public static func central(_ f: (Double) -> Double, at x: Double, step h: Double) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
    }

    /// ∇f by central differences, one coordinate at a time.
    public static func gradient(_ f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-5) -> [Double] {
        x.indices.map { i in
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            return (f(plus) - f(minus)) / (2 * h)
        }
    }

    /// |a - n| / max(|a|, |n|, tiny): 0 when both are 0.
    public static func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
        let scale = max(abs(analytic), abs(numeric), 1e-300)
        return analytic == numeric ? 0 : abs(analytic - numeric) / scale
    }

    /// For h = 10⁻¹ … 10⁻ⁿ: the absolute errors of the forward and central differences
    /// against the exact derivative — truncation error falling, then round-off rising.
    public static func errorVersusStep(_ f: (Double) -> Double, derivative: Double, at x: Double,
                                       exponents: ClosedRange<Int> = 1...15) -> [(step: Double, forward: Double, central: Double)] {
        exponents.map { k in
            let h = pow(10, -Double(k))
            return (h, abs(forward(f, at: x, step: h) - derivative), abs(central(f, at: x, step: h) - derivative))
        }
    }
}
