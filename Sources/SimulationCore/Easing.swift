import Foundation

/// How an animation moves from 0 to 1 over its duration: a map [0, 1] -> [0, 1] with
/// e(0) = 0 and e(1) = 1 (the names are the usual CSS / manim ones).
public enum Easing: String, Sendable, Codable, CaseIterable {
    case linear
    case inQuad = "in-quad", outQuad = "out-quad", inOutQuad = "in-out-quad"
    case inCubic = "in-cubic", outCubic = "out-cubic", inOutCubic = "in-out-cubic"
    case inOutSine = "in-out-sine"
    /// 3t² - 2t³.
    case smoothstep

    /// The eased progress at `t`, clamped to [0, 1] first.
    public func callAsFunction(_ t: Double) -> Double {
        let x = min(1, max(0, t.isNaN ? 0 : t))
        switch self {
        case .linear: return x
        case .inQuad: return x * x
        case .outQuad: return 1 - (1 - x) * (1 - x)
        case .inOutQuad: return x < 0.5 ? 2 * x * x : 1 - 2 * (1 - x) * (1 - x)
        case .inCubic: return x * x * x
        case .outCubic: return 1 - (1 - x) * (1 - x) * (1 - x)
        case .inOutCubic: return x < 0.5 ? 4 * x * x * x : 1 - 4 * (1 - x) * (1 - x) * (1 - x)
        case .inOutSine: return (1 - cos(Double.pi * x)) / 2
        case .smoothstep: return x * x * (3 - 2 * x)
        }
    }
}

extension ParameterValue {
    /// The value a fraction `t` of the way from `self` to `target` (t = 0 gives `self`, t = 1
    /// gives `target` exactly), or nil when the two cannot be blended: only numbers, whole
    /// numbers (rounded), vectors of one length and matrices of one shape can.
    public func interpolated(to target: ParameterValue, at t: Double) -> ParameterValue? {
        func mix(_ a: Double, _ b: Double) -> Double { t >= 1 ? b : (t <= 0 ? a : a + (b - a) * t) }
        switch (self, target) {
        case (.number(let a), .number(let b)): return .number(mix(a, b))
        case (.integer(let a), .number(let b)): return .number(mix(Double(a), b))
        case (.number(let a), .integer(let b)): return t >= 1 ? .integer(b) : .number(mix(a, Double(b)))
        case (.integer(let a), .integer(let b)):
            if t >= 1 || t <= 0 { return .integer(t >= 1 ? b : a) }
            // Rounded in Double, kept within Int (Double(Int.max) is 2^63, one past it).
            let blend = mix(Double(a), Double(b)).rounded()
            return .integer(blend >= 0x1p63 ? Int.max : (blend <= -0x1p63 ? Int.min : Int(blend)))
        case (.vector(let a), .vector(let b)) where a.count == b.count:
            return .vector(zip(a, b).map { mix($0, $1) })
        case (.matrix(let a), .matrix(let b)) where a.count == b.count && zip(a, b).allSatisfy({ $0.count == $1.count }):
            return .matrix(zip(a, b).map { rowA, rowB in zip(rowA, rowB).map { mix($0, $1) } })
        default: return nil
        }
    }
}
