import Foundation

/// The optimality conditions at a critical point of f, named as the notes name them:
///
///     first-order necessary    ∇f(x*) = 0
///     second-order necessary   ∇²f(x*) positive semidefinite
///     second-order sufficient  ∇²f(x*) positive definite   (then x* is a strict local minimum)
///
/// When only the necessary conditions hold (H singular) the test says nothing, and f itself is
/// probed on a small circle around x*: x³ + y², x⁴ - y⁴ and the monkey saddle x³ - 3xy² fall
/// below f(x*) in some direction (not a minimum), x⁴ + y² does not (a minimum the Hessian
/// cannot see).
public struct CriticalPointTest: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Sufficient condition: H positive definite.
        case minimum
        /// Necessary conditions only, and f ≥ f(x*) all around: a minimum of higher order.
        case flatMinimum
        /// Necessary conditions hold, yet f drops below f(x*) in some direction.
        case notMinimum
        /// H has eigenvalues of both signs: the necessary condition fails.
        case saddle
        /// H negative definite.
        case maximum
        /// H negative semidefinite and singular, or other failures of the necessary condition.
        case notMinimumByCurvature
    }

    public var point: Vec2
    public var value: Double
    public var gradientNorm: Double
    /// H's eigenvalues, smaller first.
    public var eigenvalues: [Double]
    public var firstOrder: Bool
    public var necessary: Bool
    public var sufficient: Bool
    public var verdict: Verdict
    /// The probe's least f(x* + r u) - f(x*) over the circle, and the angle of u (degrees) there.
    public var probeDrop: Double
    public var probeAngle: Double

    /// The probe's radius.
    public static let probeRadius = 0.01

    /// The critical point Newton's method reaches from `start` (nil if it does not converge).
    public static func analyse(_ surface: Surface, from start: Vec2) -> CriticalPointTest? {
        let problem = ConstrainedProblem(surface: surface, constraints: [])
        guard surface.value(start).isFinite, let (point, _) = KKTSolver.newton(problem, binding: [], from: start) else { return nil }
        return CriticalPointTest(surface, at: point)
    }

    public init(_ surface: Surface, at point: Vec2) {
        self.point = point
        value = surface.value(point)
        let gradient = surface.gradient(point)
        gradientNorm = gradient.norm
        let hessian = surface.hessian(point)
        let (low, high) = SmallLinearSystem.symmetricEigenvalues(hessian)
        eigenvalues = [low, high]
        let tolerance = 1e-9 * max(1, abs(low), abs(high))
        firstOrder = gradientNorm <= 1e-8 * (1 + abs(value))
        necessary = low >= -tolerance
        sufficient = low > tolerance
        var drop = Double.infinity, angle = 0.0
        for k in 0..<360 {
            let u = Vec2.unit(angle: Double(k) * .pi / 180)
            let change = surface.value(point + Self.probeRadius * u) - value
            if change < drop { (drop, angle) = (change, Double(k)) }
        }
        probeDrop = drop
        probeAngle = angle
        if sufficient {
            verdict = .minimum
        } else if necessary {
            verdict = drop < -1e-13 * max(1, abs(value)) ? .notMinimum : .flatMinimum
        } else if high < -tolerance {
            verdict = .maximum
        } else if high > tolerance {
            verdict = .saddle
        } else {
            verdict = .notMinimumByCurvature
        }
    }
}
