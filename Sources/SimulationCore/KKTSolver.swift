import Foundation

/// Small dense linear systems (the KKT matrices here are at most 4 x 4).
enum SmallLinearSystem {
    /// x with A x = b by Gaussian elimination with partial pivoting, each row first scaled to
    /// a largest entry of 1 (so diag(1e-14, 2) is solved, not called singular); nil when a row
    /// is zero or a pivot is lost in rounding (singular for practical purposes).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m: [[Double]] = []
        for (row, entries) in a.enumerated() {
            let largest = entries.map(abs).max() ?? 0
            guard largest > 0, largest.isFinite else { return nil }
            m.append((entries + [b[row]]).map { $0 / largest })
        }
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }),
                  abs(m[pivot][column]) > 1e-13 else { return nil }
            m.swapAt(column, pivot)
            for row in 0..<n where row != column {
                let factor = m[row][column] / m[column][column]
                guard factor != 0 else { continue }
                for k in column...n { m[row][k] -= factor * m[column][k] }
            }
        }
        let x = (0..<n).map { m[$0][n] / m[$0][$0] }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// The least-squares x of A x ≈ b, regularised: (AᵀA + εI) x = Aᵀb with ε tiny against
    /// AᵀA (the minimum-norm step when A is singular).
    static func leastSquares(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let rows = a.count, columns = a.first?.count ?? 0
        var normal = [[Double]](repeating: [Double](repeating: 0, count: columns), count: columns)
        var right = [Double](repeating: 0, count: columns)
        for i in 0..<columns {
            for j in 0..<columns { normal[i][j] = (0..<rows).reduce(0) { $0 + a[$1][i] * a[$1][j] } }
            right[i] = (0..<rows).reduce(0) { $0 + a[$1][i] * b[$1] }
        }
        let trace = (0..<columns).reduce(0) { $0 + normal[$1][$1] }
        guard trace > 0, trace.isFinite else { return nil }
        for i in 0..<columns { normal[i][i] += 1e-12 * trace }
        return solve(normal, right)
    }

    /// Eigenvalues of a symmetric 2x2 matrix, smaller first.
    static func symmetricEigenvalues(_ h: Matrix2) -> (Double, Double) {
        let mean = (h.a + h.d) / 2, radius = hypot((h.a - h.d) / 2, (h.b + h.c) / 2)
        return (mean - radius, mean + radius)
    }
}

/// The second-order conditions at a KKT point x* with multipliers m*, on the tangent space
/// T = {d : ∇cᵢ(x*)·d = 0} of the binding constraints:
///
///     necessary   dᵀ ∇²L d ≥ 0 for d in T (all active constraints)
///     sufficient  dᵀ ∇²L d > 0 for d ≠ 0 in T (equalities and inequalities with μ > 0)
///
/// In the plane T is the whole plane (nothing binds), a line, or {0} (two independent
/// gradients: then both hold, vacuously). Without constraints this is the Hessian test:
/// H positive semidefinite (necessary), positive definite (sufficient).
public struct SecondOrderConditions: Sendable, Codable, Equatable {
    /// The curvatures of ∇²L along T (the reduced Hessian's eigenvalues: 2, 1 or 0 of them).
    public var curvatures: [Double]
    public var necessary: Bool
    public var sufficient: Bool

    public init(hessian: Matrix2, binding: [Vec2], strictlyBinding: [Vec2]) {
        let tolerance = 1e-9 * max(1, abs(hessian.a), abs(hessian.b), abs(hessian.c), abs(hessian.d))
        curvatures = Self.curvatures(hessian, tangentTo: binding)
        necessary = curvatures.allSatisfy { $0 >= -tolerance }
        sufficient = Self.curvatures(hessian, tangentTo: strictlyBinding).allSatisfy { $0 > tolerance }
    }

    /// Eigenvalues of Zᵀ H Z for Z a basis of the directions perpendicular to `gradients`.
    static func curvatures(_ h: Matrix2, tangentTo gradients: [Vec2]) -> [Double] {
        let directions = gradients.filter { $0.norm > 0 && $0.norm.isFinite }.map { $0 / $0.norm }
        guard let first = directions.first else {
            let (low, high) = SmallLinearSystem.symmetricEigenvalues(h)
            return [low, high]
        }
        if directions.contains(where: { abs(first.x * $0.y - first.y * $0.x) > 1e-9 }) { return [] }
        let t = Vec2(-first.y, first.x)
        return [t.dot(h.apply(t))]
    }
}

/// The constrained minimum found by `KKTSolver`, with its multipliers and conditions.
public struct KKTSolution: Sendable, Codable, Equatable {
    /// x*, the multipliers and the four residuals there.
    public var check: KKTCheck
    /// p* = f(x*).
    public var value: Double
    /// Per constraint: whether it binds at x* (|gᵢ| within the tolerance; equalities always).
    public var active: [Bool]
    public var secondOrder: SecondOrderConditions

    public var point: Vec2 { check.point }
    public var multipliers: [Double] { check.multipliers }
}

/// Why there is no answer to report, in words for the screen and the command line.
public enum KKTFailure: Error, Equatable, Sendable, CustomStringConvertible {
    case undefinedAtStart(String)
    case infeasible(String)
    case unbounded(String)
    case notDifferentiable(String)
    case noMinimum(String)
    case overdetermined(String)

    public var description: String {
        switch self {
        case .undefinedAtStart(let text), .infeasible(let text), .unbounded(let text), .notDifferentiable(let text),
             .noMinimum(let text), .overdetermined(let text):
            return text
        }
    }

    /// A few words for a narrow readout.
    public var short: String {
        switch self {
        case .undefinedAtStart: return "undefined at the start"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded below"
        case .notDifferentiable: return "not differentiable there"
        case .noMinimum: return "no KKT minimum found"
        case .overdetermined: return "too many equalities"
        }
    }
}

/// Finds the constrained minimum of a `ConstrainedProblem` by its KKT equations.
///
/// For every set A of inequalities that may bind (with the equalities E, |A ∪ E| ≤ 2 in the
/// plane), Newton's method on (∇f + Σ_{A∪E} mᵢ∇cᵢ, c_{A∪E}) = 0 from several starts (the given
/// start and the best points of a grid over the box, pulled onto the feasible set). A root is
/// kept if it is feasible, has μ ≥ 0 and meets the second-order necessary condition; the
/// lowest f wins (ties: nearest the start). Then it is refused rather than reported when f is
/// not differentiable there (one-sided slopes differ), or when feasible points far away go
/// lower and keep going (unbounded below).
public enum KKTSolver {
    public static func solve(_ problem: ConstrainedProblem, start: Vec2, xRange: ClosedRange<Double>,
                             yRange: ClosedRange<Double>) -> Result<KKTSolution, KKTFailure> {
        let f = problem.surface
        guard f.value(start).isFinite else {
            return .failure(.undefinedAtStart("f is undefined at the start " + Self.shown(start) + ": give another start"))
        }
        for (index, constraint) in problem.constraints.enumerated() where !constraint.value(start).isFinite {
            return .failure(.undefinedAtStart("constraint \(index + 1) '\(constraint.text)' is undefined at the start "
                                              + Self.shown(start) + ": give another start"))
        }
        let equalities = problem.equalityIndices
        guard equalities.count <= 2 else {
            return .failure(.overdetermined("\(equalities.count) equalities in two unknowns x, y: at most 2 fix a point"))
        }
        let starts = startingPoints(problem, start: start, xRange: xRange, yRange: yRange)
        var candidates: [KKTSolution] = []
        for active in activeSets(problem) {
            for begin in starts.points {
                guard let (point, multipliers) = newton(problem, binding: active + equalities, from: begin),
                      let solution = accept(problem, point, multipliers) else { continue }
                candidates.append(solution)
            }
        }
        guard let best = candidates.min(by: { better($0, than: $1, start: start) }) else {
            if starts.feasible.isEmpty { return .failure(.infeasible(starts.infeasibility)) }
            if let drop = unboundedness(problem, below: nil, around: start) { return .failure(.unbounded(drop)) }
            // Newton needs derivatives: where it found nothing, a search by f's values alone
            // may end at a kink (√(x² + y²) at 0), which is then named.
            if let kink = kinkOfDescent(problem, from: starts.feasible, xRange: xRange, yRange: yRange) {
                return .failure(.notDifferentiable(kink))
            }
            return .failure(.noMinimum("no point meets the KKT conditions with a minimum's curvature (the infimum may not be attained)"))
        }
        if let kink = nonDifferentiability(problem, at: best.point, binding: best.active) { return .failure(.notDifferentiable(kink)) }
        if let drop = unboundedness(problem, below: best.value, around: start) { return .failure(.unbounded(drop)) }
        return .success(best)
    }

    /// Lower f; within rounding, the one nearer the start, then the larger x, then y.
    static func better(_ a: KKTSolution, than b: KKTSolution, start: Vec2) -> Bool {
        if abs(a.value - b.value) > 1e-10 * (1 + abs(a.value)) { return a.value < b.value }
        let da = (a.point - start).norm, db = (b.point - start).norm
        if abs(da - db) > 1e-9 * (1 + da) { return da < db }
        return a.point.x != b.point.x ? a.point.x > b.point.x : a.point.y > b.point.y
    }

    /// Every set of inequality indices that may bind together with the equalities (at most two
    /// constraints bind at a point of the plane with independent gradients).
    static func activeSets(_ problem: ConstrainedProblem) -> [[Int]] {
        let inequalities = problem.inequalityIndices, room = 2 - problem.equalityIndices.count
        var sets: [[Int]] = [[]]
        for index in inequalities {
            sets += sets.filter { $0.count < room }.map { $0 + [index] }
        }
        return sets
    }

    /// Newton starts: the start itself and the best grid points of the box (by violation,
    /// then f), each also pulled onto the feasible set.
    static func startingPoints(_ problem: ConstrainedProblem, start: Vec2, xRange: ClosedRange<Double>,
                               yRange: ClosedRange<Double>) -> (points: [Vec2], feasible: [Vec2], infeasibility: String) {
        let n = 7
        var grid: [(point: Vec2, violation: Double, value: Double)] = []
        for j in 0..<n {
            for i in 0..<n {
                let p = Vec2(xRange.lowerBound + Double(i) / Double(n - 1) * (xRange.upperBound - xRange.lowerBound),
                             yRange.lowerBound + Double(j) / Double(n - 1) * (yRange.upperBound - yRange.lowerBound))
                let v = problem.violation(p), value = problem.surface.value(p)
                if v.isFinite, value.isFinite { grid.append((p, v, value)) }
            }
        }
        grid.sort { ($0.violation, $0.value) < ($1.violation, $1.value) }
        var points = [start] + grid.prefix(4).map(\.point)
        var feasible: [Vec2] = []
        var closest: (point: Vec2, violation: Double)?
        for p in [start] + grid.prefix(6).map(\.point) {
            let (restored, violation) = restoreFeasibility(problem, from: p)
            if violation <= feasibilityTolerance(restored) {
                feasible.append(restored)
                points.append(restored)
            } else if violation.isFinite, closest == nil || violation < closest!.violation {
                closest = (restored, violation)
            }
        }
        var message = "no point satisfies every constraint"
        if let closest {
            let worst = problem.constraints.indices.max { problem.constraints[$0].violation(closest.point) < problem.constraints[$1].violation(closest.point) }
            message += ": the least violation found is " + Self.number(closest.violation) + " at " + Self.shown(closest.point)
                + (worst.map { " ('\(problem.constraints[$0].text)')" } ?? "")
        }
        return (points, feasible, message)
    }

    static func feasibilityTolerance(_ p: Vec2) -> Double { 1e-9 * (1 + max(abs(p.x), abs(p.y))) }

    /// Gauss-Newton on the violated constraints (minimum-norm steps): a feasible point near p
    /// when there is one, with the violation left.
    static func restoreFeasibility(_ problem: ConstrainedProblem, from start: Vec2) -> (Vec2, Double) {
        var p = start
        var violation = problem.violation(p)
        for _ in 0..<80 {
            guard violation.isFinite, violation > feasibilityTolerance(p) else { break }
            let violated = problem.constraints.filter { $0.isEquality || $0.value(p) > 0 }
            let rows = violated.map { c -> [Double] in let g = c.gradient(p); return [g.x, g.y] }
            guard let step = SmallLinearSystem.leastSquares(rows, violated.map { -$0.value(p) }) else { break }
            let next = Vec2(p.x + step[0], p.y + step[1])
            let nextViolation = problem.violation(next)
            guard nextViolation.isFinite, nextViolation < violation else { break }
            p = next
            violation = nextViolation
        }
        return (p, violation)
    }

    /// Newton's method on the KKT equations with `binding` as equalities: damped (the step
    /// halved until the residual falls), and where that stalls (Rosenbrock's valley, where the
    /// residual must rise before it falls) with full steps. Nil unless one converges.
    static func newton(_ problem: ConstrainedProblem, binding: [Int], from start: Vec2) -> (Vec2, [Double])? {
        newton(problem, binding: binding, from: start, damped: true) ?? newton(problem, binding: binding, from: start, damped: false)
    }

    static func newton(_ problem: ConstrainedProblem, binding: [Int], from start: Vec2, damped: Bool) -> (Vec2, [Double])? {
        let f = problem.surface
        var p = start
        var multipliers = [Double](repeating: 0, count: problem.constraints.count)
        // Multipliers to start: least squares for ∇f + Σ mᵢ ∇cᵢ ≈ 0.
        if !binding.isEmpty {
            let grad = f.gradient(p), columns = binding.map { problem.constraints[$0].gradient(p) }
            if let m = SmallLinearSystem.leastSquares([columns.map(\.x), columns.map(\.y)], [-grad.x, -grad.y]) {
                for (k, index) in binding.enumerated() { multipliers[index] = m[k] }
            }
        }
        func residual(_ p: Vec2, _ m: [Double]) -> [Double] {
            let g = problem.lagrangianGradient(p, m)
            return [g.x, g.y] + binding.map { problem.constraints[$0].value(p) }
        }
        func size(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var r = residual(p, multipliers)
        var norm = size(r)
        // Converged when the residual is exactly 0, the step is lost in rounding, or no step
        // lowers the residual any more; a run that only reaches the cap (e^x sliding off to -∞,
        // its gradient vanishing) is not.
        var converged = false
        for _ in 0..<200 {
            guard norm.isFinite else { return nil }
            if norm == 0 {
                converged = true
                break
            }
            let previous = norm
            let h = problem.lagrangianHessian(p, multipliers)
            let gradients = binding.map { problem.constraints[$0].gradient(p) }
            var jacobian = [[h.a, h.b] + gradients.map(\.x), [h.c, h.d] + gradients.map(\.y)]
            jacobian += gradients.map { [$0.x, $0.y] + [Double](repeating: 0, count: binding.count) }
            let rhs = r.map { -$0 }
            guard let delta = SmallLinearSystem.solve(jacobian, rhs) ?? SmallLinearSystem.leastSquares(jacobian, rhs) else { return nil }
            var alpha = 1.0, accepted = false
            while alpha > (damped ? 1e-10 : 0.5) {
                let trial = Vec2(p.x + alpha * delta[0], p.y + alpha * delta[1])
                var trialMultipliers = multipliers
                for (k, index) in binding.enumerated() { trialMultipliers[index] += alpha * delta[2 + k] }
                let trialResidual = residual(trial, trialMultipliers)
                let trialNorm = size(trialResidual)
                if trialNorm.isFinite, !damped || trialNorm < norm * (1 - 1e-4 * alpha) {
                    p = trial
                    multipliers = trialMultipliers
                    r = trialResidual
                    norm = trialNorm
                    accepted = true
                    break
                }
                alpha /= 2
            }
            // Full steps stop once the residual no longer falls (it is at rounding level then).
            if !damped, accepted, norm >= previous, norm <= 1e-8 * (1 + abs(f.value(p))) {
                converged = true
                break
            }
            if !accepted || size(delta) <= 1e-16 * (1 + p.norm + size(multipliers)) {
                converged = true
                break
            }
            guard max(abs(p.x), abs(p.y)) < 1e12 else { return nil }
        }
        guard converged else { return nil }
        let scale = 1 + abs(f.value(p)) + f.gradient(p).norm + size(multipliers)
        guard size(Array(r.prefix(2))) <= 1e-8 * scale,
              r.dropFirst(2).allSatisfy({ abs($0) <= feasibilityTolerance(p) }) else { return nil }
        return (p, multipliers)
    }

    /// A Newton root as an answer: feasible, μ ≥ 0 (tiny negatives from rounding set to 0),
    /// and the second-order necessary condition; nil otherwise.
    static func accept(_ problem: ConstrainedProblem, _ point: Vec2, _ raw: [Double]) -> KKTSolution? {
        let largest = raw.map(abs).max() ?? 0
        var multipliers = raw
        for index in problem.inequalityIndices {
            if multipliers[index] < -1e-9 * (1 + largest) { return nil }
            multipliers[index] = max(0, multipliers[index])
        }
        let check = problem.check(point, multipliers: multipliers)
        guard check.primal <= feasibilityTolerance(point) else { return nil }
        let tolerance = feasibilityTolerance(point)
        let active = problem.constraints.indices.map { check.isActive($0, tolerance: tolerance) }
        let binding = problem.constraints.indices.filter { active[$0] }.map { problem.constraints[$0].gradient(point) }
        let strict = problem.constraints.indices.filter { problem.constraints[$0].isEquality || multipliers[$0] > 1e-9 * (1 + largest) }
            .map { problem.constraints[$0].gradient(point) }
        let second = SecondOrderConditions(hessian: problem.lagrangianHessian(point, multipliers), binding: binding,
                                           strictlyBinding: strict)
        guard second.necessary else { return nil }
        // Curvature alone cannot tell (x³ + y² at 0, e^x far out where its slope is lost in
        // rounding): f must not fall at feasible points nearby.
        if !second.sufficient, descends(problem, from: point, value: problem.surface.value(point), binding: binding) { return nil }
        return KKTSolution(check: check, value: problem.surface.value(point), active: active, secondOrder: second)
    }

    /// Whether f is lower at a feasible point at distance 10⁻²(1 + ‖x*‖): around the circle,
    /// or along the binding constraint (pulled back onto the feasible set).
    static func descends(_ problem: ConstrainedProblem, from point: Vec2, value: Double, binding: [Vec2]) -> Bool {
        let radius = 1e-2 * (1 + point.norm)
        let directions: [Vec2]
        if let g = binding.first(where: { $0.norm > 0 }) {
            let t = Vec2(-g.y, g.x) / g.norm
            directions = [t, -1 * t]
        } else {
            directions = (0..<72).map { Vec2.unit(angle: Double($0) * .pi / 36) }
        }
        return directions.contains { u in
            let (p, violation) = restoreFeasibility(problem, from: point + radius * u)
            let f = problem.surface.value(p)
            return violation <= feasibilityTolerance(p) && f < value - (1e-6 * abs(value) + 1e-14 * abs(f))
        }
    }

    /// A compass search on f over feasible points from the best feasible start (moves along
    /// the axes and diagonals, the step halved when none improves); the kink it ends at, if any.
    static func kinkOfDescent(_ problem: ConstrainedProblem, from starts: [Vec2], xRange: ClosedRange<Double>,
                              yRange: ClosedRange<Double>) -> String? {
        let f = problem.surface
        guard var point = starts.min(by: { f.value($0) < f.value($1) }) else { return nil }
        var value = f.value(point)
        var step = 0.25 * max(xRange.upperBound - xRange.lowerBound, yRange.upperBound - yRange.lowerBound)
        let directions = (0..<8).map { Vec2.unit(angle: Double($0) * .pi / 4) }
        var evaluations = 0
        while step > 1e-12 * (1 + point.norm), evaluations < 4000 {
            let moves = directions.map { point + step * $0 }.filter { problem.violation($0) <= feasibilityTolerance($0) }
            evaluations += moves.count
            if let better = moves.map({ ($0, f.value($0)) }).filter({ $0.1 < value }).min(by: { $0.1 < $1.1 }) {
                (point, value) = better
            } else {
                step /= 2
            }
        }
        // The search ends within its last step of the kink: coordinates lost in that step are 0.
        let tiny = 1e-9 * (1 + point.norm)
        point = Vec2(abs(point.x) < tiny ? 0 : point.x, abs(point.y) < tiny ? 0 : point.y)
        let binding = problem.constraints.indices.map { abs(problem.constraints[$0].value(point)) <= 1e-8 * (1 + point.norm) }
        return nonDifferentiability(problem, at: point, binding: binding)
    }

    /// Where f or a binding constraint has a kink at x* (one-sided slopes along x or y that
    /// differ, or a slope that is not finite): the KKT conditions assume derivatives there.
    static func nonDifferentiability(_ problem: ConstrainedProblem, at p: Vec2, binding: [Bool]) -> String? {
        var functions: [(String, (Vec2) -> Double)] = [("f", problem.surface.value)]
        for (index, constraint) in problem.constraints.enumerated() where binding[index] {
            functions.append(("constraint \(index + 1) '\(constraint.text)'", constraint.value))
        }
        for (name, value) in functions {
            for (axis, unit) in [("x", Vec2(1, 0)), ("y", Vec2(0, 1))] {
                let h = 1e-7 * max(1, abs(axis == "x" ? p.x : p.y))
                let here = value(p), right = (value(p + h * unit) - here) / h, left = (here - value(p - h * unit)) / h
                let differs = !(right.isFinite && left.isFinite) || abs(right - left) > 1e-3 * max(1, abs(right), abs(left))
                if differs {
                    return "\(name) is not differentiable at the answer " + shown(p) + ": its slope along \(axis) is "
                        + number(left) + " from the left and " + number(right) + " from the right"
                }
            }
        }
        return nil
    }

    /// Feasible points on circles of radius 10², 10⁴, 10⁶ around `centre` (pulled onto the
    /// feasible set): if the least f on them keeps falling and is below `below`, f is unbounded
    /// below on the feasible set; the message names where.
    static func unboundedness(_ problem: ConstrainedProblem, below bound: Double?, around centre: Vec2) -> String? {
        var lows: [(Double, Vec2)] = []
        for radius in [1e2, 1e4, 1e6] {
            var low: (Double, Vec2)?
            for k in 0..<48 {
                let (p, violation) = restoreFeasibility(problem, from: centre + radius * Vec2.unit(angle: Double(k) * .pi / 24))
                // The point is feasible only within the tolerance, and far out that slack is worth a lot
                // of f (x² - y² on x + y = 0 is 0 on the line, yet -1 at 7e-7 off it at 5e5): f is
                // judged by the most it could be on the feasible set nearby, f + |∇f| × the distance off.
                let value = problem.surface.value(p) + problem.surface.gradient(p).norm * distanceOff(problem, p)
                guard violation <= feasibilityTolerance(p), value.isFinite else { continue }
                if low == nil || value < low!.0 { low = (value, p) }
            }
            guard let low else { return nil }
            lows.append(low)
        }
        guard fallsWithoutBound(lows.map(\.0)) else { return nil }
        if let bound, !(lows[2].0 < bound - 1e-6 * (1 + abs(bound))) { return nil }
        return "f is unbounded below on the feasible set: f = " + number(lows[1].0) + " at " + shown(lows[1].1)
            + " and " + number(lows[2].0) + " at " + shown(lows[2].1)
    }

    /// How far p may be from the feasible set, to first order: the largest |c(p)| / |∇c(p)| over
    /// the equalities and the violated inequalities (0 where p is feasible).
    static func distanceOff(_ problem: ConstrainedProblem, _ p: Vec2) -> Double {
        problem.constraints.reduce(0) { far, c in
            let value = c.value(p)
            guard c.isEquality ? value != 0 : value > 0 else { return far }
            return max(far, abs(value) / max(c.gradient(p).norm, 1e-300))
        }
    }

    /// The least values on circles of growing radius fall, by more each time (an asymptote,
    /// -x²/(1+x²) → -1, falls by less and less: bounded), and by more than rounding (a function
    /// constant along a line, x + y on x + y = 1, wobbles by ~10⁻¹⁶ R far out: bounded).
    static func fallsWithoutBound(_ lows: [Double]) -> Bool {
        let falls = zip(lows, lows.dropFirst()).map { $0 - $1 }
        return falls.allSatisfy { $0 > 1e-6 * (1 + abs(lows[0])) } && zip(falls, falls.dropFirst()).allSatisfy { $1 > $0 }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }

    static func shown(_ p: Vec2) -> String { "(" + number(p.x) + ", " + number(p.y) + ")" }
}
