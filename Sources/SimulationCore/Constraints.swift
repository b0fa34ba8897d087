import Foundation

/// An inequality constraint g(x, y) ≤ 0, typed by the user as `g`, `a <= b` or `a >= b`
/// (`<` and `>` are read as `<=` and `>=`). Stored as g = a - b (or b - a), so feasible
/// means g ≤ 0 in every case.
public struct InequalityConstraint: Sendable {
    /// What the user typed.
    public let text: String
    /// g, the function that must stay ≤ 0.
    public let function: Expression
    /// Whether the text was a comparison (`a <= b`) rather than g alone.
    public let isComparison: Bool

    public init(_ text: String) throws {
        self.text = text
        let characters = Array(text)
        var depth = 0
        var split: (index: Int, length: Int, greater: Bool)?
        for (index, character) in characters.enumerated() {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "<", ">", "=", "≤", "≥":
                guard depth == 0 else { break }
                if character == "=" {
                    // '=' alone is an equality (or the second half of <=, >= already taken).
                    if split == nil {
                        throw ExpressionError(message: "only inequalities are constraints here: write g <= 0, a <= b or a >= b",
                                              column: index + 1)
                    }
                    break
                }
                guard split == nil else {
                    throw ExpressionError(message: "one comparison only", column: index + 1)
                }
                let long = index + 1 < characters.count && characters[index + 1] == "="
                split = (index, long ? 2 : 1, character == ">" || character == "≥")
            default: break
            }
        }
        guard let split else {
            function = try Expression.parse(text)
            isComparison = false
            return
        }
        isComparison = true
        let left = String(characters[..<split.index]), right = String(characters[(split.index + split.length)...])
        let lhs = try Expression.parse(left)
        let rhs: Expression
        do { rhs = try Expression.parse(right) } catch let error as ExpressionError {
            throw ExpressionError(message: error.message, column: error.column + split.index + split.length)
        }
        let zero = Expression.number(0)
        if split.greater {
            function = lhs == zero ? rhs : (rhs == zero ? .negate(lhs) : .subtract(rhs, lhs))
        } else {
            function = rhs == zero ? lhs : .subtract(lhs, rhs)
        }
    }

    public func value(_ p: Vec2) -> Double { function.value(x: p.x, y: p.y) }

    public func gradient(_ p: Vec2) -> Vec2 {
        let (gx, gy) = function.gradient(x: p.x, y: p.y)
        return Vec2(gx, gy)
    }

    public func hessian(_ p: Vec2) -> Matrix2 {
        let h = function.hessian(x: p.x, y: p.y)
        return Matrix2(h[0][0], h[0][1], h[1][0], h[1][1])
    }
}

/// The augmented Lagrangian for min f subject to g ≤ 0 with penalty ρ > 0 and multiplier
/// estimate λ ≥ 0:
///
///     L(x, λ) = f(x) + (max(0, λ + ρ g(x))² - λ²) / (2ρ)
///     ∇ₓL     = ∇f(x) + μ ∇g(x),   μ = max(0, λ + ρ g(x))
///
/// An optimizer minimises L in x; every few steps λ ← μ (the method of multipliers). At a
/// fixed point μ is the Lagrange multiplier and the KKT conditions hold.
public enum AugmentedLagrangian {
    /// μ = max(0, λ + ρ g): the multiplier the current point implies.
    public static func multiplier(estimate lambda: Double, penalty rho: Double, constraintValue g: Double) -> Double {
        max(0, lambda + rho * g)
    }

    /// ∇ₓL at p.
    public static func gradient(surface: Surface, constraint: InequalityConstraint, at p: Vec2,
                                estimate lambda: Double, penalty rho: Double) -> Vec2 {
        let mu = multiplier(estimate: lambda, penalty: rho, constraintValue: constraint.value(p))
        let grad = surface.gradient(p)
        return mu == 0 ? grad : grad + mu * constraint.gradient(p)
    }
}

/// The Karush-Kuhn-Tucker conditions for min f subject to g ≤ 0 at a point x with multiplier μ:
///
///     stationarity             ∇f(x) + μ ∇g(x) = 0
///     primal feasibility       g(x) ≤ 0
///     dual feasibility         μ ≥ 0
///     complementary slackness  μ g(x) = 0
public struct KKTCheck: Sendable, Codable, Equatable {
    public var point: Vec2
    public var multiplier: Double
    public var constraintValue: Double
    /// ‖∇f + μ∇g‖.
    public var stationarity: Double
    /// μ g(x).
    public var complementarity: Double
    /// Whether the constraint binds (μ > 0).
    public var isActive: Bool { multiplier > 0 }

    public init(surface: Surface, constraint: InequalityConstraint, point: Vec2, multiplier: Double) {
        self.point = point
        self.multiplier = multiplier
        constraintValue = constraint.value(point)
        stationarity = (surface.gradient(point) + multiplier * constraint.gradient(point)).norm
        complementarity = multiplier * constraintValue
    }

    public func isStationary(tolerance: Double) -> Bool { stationarity <= tolerance }
    public func isFeasible(tolerance: Double) -> Bool { constraintValue <= tolerance }
    public var isDualFeasible: Bool { multiplier >= 0 }
    public func isComplementary(tolerance: Double) -> Bool { abs(complementarity) <= tolerance }

    public func holds(tolerance: Double) -> Bool {
        isStationary(tolerance: tolerance) && isFeasible(tolerance: tolerance) && isDualFeasible
            && isComplementary(tolerance: tolerance)
    }
}

/// The constrained minimum in a view, found independently of the racers: the best feasible
/// point of a grid, polished by Newton's method on the KKT equations, either with the
/// constraint inactive (∇f = 0, g < 0, Hessian positive definite) or active
/// (∇f + μ∇g = 0, g = 0, μ ≥ 0).
public enum ConstrainedMinimum {
    public static func solve(surface: Surface, constraint: InequalityConstraint,
                             xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: Int = 120) -> KKTCheck? {
        let n = max(8, grid)
        var bestInterior: (Vec2, Double)?
        var bestBoundary: (Vec2, Double)?
        func point(_ i: Int, _ j: Int) -> Vec2 {
            Vec2(xRange.lowerBound + Double(i) / Double(n - 1) * (xRange.upperBound - xRange.lowerBound),
                 yRange.lowerBound + Double(j) / Double(n - 1) * (yRange.upperBound - yRange.lowerBound))
        }
        var g = [Double](repeating: .nan, count: n * n), f = g
        for j in 0..<n {
            for i in 0..<n {
                let p = point(i, j)
                g[j * n + i] = constraint.value(p)
                f[j * n + i] = surface.value(p)
            }
        }
        for j in 0..<n {
            for i in 0..<n {
                let gi = g[j * n + i], fi = f[j * n + i]
                guard gi.isFinite, fi.isFinite, gi <= 0 else { continue }
                if bestInterior == nil || fi < bestInterior!.1 { bestInterior = (point(i, j), fi) }
                // A feasible cell next to an infeasible one lies on the boundary.
                let neighbours = [(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)]
                let onBoundary = neighbours.contains { a, b in
                    a >= 0 && a < n && b >= 0 && b < n && !(g[b * n + a] <= 0)
                }
                if onBoundary, bestBoundary == nil || fi < bestBoundary!.1 { bestBoundary = (point(i, j), fi) }
            }
        }
        let spanX = xRange.upperBound - xRange.lowerBound, spanY = yRange.upperBound - yRange.lowerBound
        func inView(_ p: Vec2) -> Bool {
            p.x >= xRange.lowerBound - 0.25 * spanX && p.x <= xRange.upperBound + 0.25 * spanX
                && p.y >= yRange.lowerBound - 0.25 * spanY && p.y <= yRange.upperBound + 0.25 * spanY
        }
        var candidates: [KKTCheck] = []
        if let (start, _) = bestInterior, let p = interiorNewton(surface, from: start), inView(p),
           constraint.value(p) < 0 {
            candidates.append(KKTCheck(surface: surface, constraint: constraint, point: p, multiplier: 0))
        }
        for start in [bestBoundary?.0, bestInterior?.0].compactMap({ $0 }) {
            if let (p, mu) = activeNewton(surface, constraint, from: start), inView(p), mu >= 0 {
                candidates.append(KKTCheck(surface: surface, constraint: constraint, point: p, multiplier: mu))
            }
        }
        let scale = max(1, abs(bestInterior?.1 ?? 1))
        return candidates
            .filter { $0.holds(tolerance: 1e-7 * scale) }
            .min { surface.value($0.point) < surface.value($1.point) }
    }

    /// Newton on ∇f = 0; nil unless it converges to a minimum (positive definite Hessian).
    static func interiorNewton(_ surface: Surface, from start: Vec2) -> Vec2? {
        var p = start
        for _ in 0..<100 {
            let grad = surface.gradient(p)
            if grad.norm < 1e-12 * max(1, abs(surface.value(p))) { break }
            let h = surface.hessian(p)
            let det = h.a * h.d - h.b * h.c
            guard det.isFinite, abs(det) > 1e-300 else { return nil }
            let step = Vec2((h.d * grad.x - h.b * grad.y) / det, (-h.c * grad.x + h.a * grad.y) / det)
            p = p - step
            guard p.x.isFinite, p.y.isFinite else { return nil }
        }
        let h = surface.hessian(p)
        return CriticalPointKind.classify(h) == .minimum ? p : nil
    }

    /// Newton on (∇f + μ∇g, g) = 0 in (x, y, μ), μ started at the least-squares estimate.
    static func activeNewton(_ surface: Surface, _ constraint: InequalityConstraint, from start: Vec2) -> (Vec2, Double)? {
        var p = start
        let g0 = constraint.gradient(p)
        guard g0.norm > 0 else { return nil }
        var mu = -(surface.gradient(p).x * g0.x + surface.gradient(p).y * g0.y) / (g0.norm * g0.norm)
        for _ in 0..<100 {
            let gradF = surface.gradient(p), gradG = constraint.gradient(p), g = constraint.value(p)
            let r = [gradF.x + mu * gradG.x, gradF.y + mu * gradG.y, g]
            if r.allSatisfy({ abs($0) < 1e-13 }) { break }
            let hf = surface.hessian(p), hg = constraint.hessian(p)
            let jacobian = [[hf.a + mu * hg.a, hf.b + mu * hg.b, gradG.x],
                            [hf.c + mu * hg.c, hf.d + mu * hg.d, gradG.y],
                            [gradG.x, gradG.y, 0]]
            guard let delta = solve3(jacobian, r.map { -$0 }) else { return nil }
            p = Vec2(p.x + delta[0], p.y + delta[1])
            mu += delta[2]
            guard p.x.isFinite, p.y.isFinite, mu.isFinite else { return nil }
        }
        return (p, mu)
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve3(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a.enumerated().map { $0.element + [b[$0.offset]] }
        for column in 0..<3 {
            guard let pivot = (column..<3).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }),
                  abs(m[pivot][column]) > 1e-300 else { return nil }
            m.swapAt(column, pivot)
            for row in 0..<3 where row != column {
                let factor = m[row][column] / m[column][column]
                for k in column..<4 { m[row][k] -= factor * m[column][k] }
            }
        }
        return (0..<3).map { m[$0][3] / m[$0][$0] }
    }
}
