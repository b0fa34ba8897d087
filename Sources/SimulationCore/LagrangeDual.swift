import Foundation

/// One point of the dual function's curve: q at a multiplier value (nil when q = -∞ there).
public struct DualSample: Sendable, Codable, Equatable {
    public var multiplier: Double
    public var value: Double?
}

/// The Lagrange dual of a constrained problem and how it compares with the primal:
///
///     q(μ, λ) = inf over x of L(x, μ, λ)      (concave; -∞ where L is unbounded below)
///     d*      = max of q over μ ≥ 0, λ        ≤ p* always (weak duality)
///
/// For a convex problem with a strictly feasible point (Slater) the gap p* - d* is 0; for a
/// non-convex one it may stay open.
public struct DualAnalysis: Sendable, Codable, Equatable {
    /// p* = f(x*).
    public var primalValue: Double
    /// d* (-∞ when q is -∞ everywhere).
    public var value: Double
    /// Where q reaches d*.
    public var multipliers: [Double]
    /// q at the KKT multipliers.
    public var atKKT: Double
    /// The constraint whose multiplier `curve` runs along (the others held at `multipliers`).
    public var axis: Int
    public var curve: [DualSample]

    /// p* - d* (≥ 0 up to rounding).
    public var gap: Double { primalValue - value }
}

/// The dual function by inner minimisation, and its maximum.
///
/// q(m) is estimated from above: the least L found by Newton's method from warm starts (x*
/// among them, so q(m) ≤ L(x*, m) ≤ p* and weak duality holds on screen too) and from the best
/// points of a grid; it is -∞ when L on circles of radius 10², 10⁴, 10⁶ keeps falling below
/// that. d* is found by a compass search from the KKT multipliers and from 0 (q is concave).
public enum LagrangeDual {
    public struct Box: Sendable {
        public var xRange: ClosedRange<Double>
        public var yRange: ClosedRange<Double>
        public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
            self.xRange = xRange
            self.yRange = yRange
        }
        var centre: Vec2 { Vec2((xRange.lowerBound + xRange.upperBound) / 2, (yRange.lowerBound + yRange.upperBound) / 2) }
    }

    /// q(m) and where L is least (nil for -∞).
    public static func value(_ problem: ConstrainedProblem, _ m: [Double], hints: [Vec2], box: Box) -> (value: Double, argmin: Vec2?) {
        func lagrangian(_ p: Vec2) -> Double {
            let v = problem.lagrangian(p, m)
            return v.isNaN ? .infinity : v
        }
        var best = (value: Double.infinity, point: hints.first ?? box.centre)
        func consider(_ p: Vec2, _ v: Double) { if v < best.value { best = (v, p) } }
        var grid: [(Vec2, Double)] = []
        let n = 7
        for j in 0..<n {
            for i in 0..<n {
                let p = Vec2(box.xRange.lowerBound + Double(i) / Double(n - 1) * (box.xRange.upperBound - box.xRange.lowerBound),
                             box.yRange.lowerBound + Double(j) / Double(n - 1) * (box.yRange.upperBound - box.yRange.lowerBound))
                grid.append((p, lagrangian(p)))
            }
        }
        grid.sort { $0.1 < $1.1 }
        for start in hints + grid.prefix(3).map(\.0) {
            let (p, v) = minimise(problem, m, from: start)
            consider(p, v)
        }
        for (p, v) in grid.prefix(1) { consider(p, v) }
        // Far away: a lower L there is searched from; L still falling outward means -∞.
        var lows: [(Double, Vec2)] = []
        for radius in [1e2, 1e4, 1e6] {
            let low = (0..<36).map { k -> (Double, Vec2) in
                let p = box.centre + radius * Vec2.unit(angle: Double(k) * .pi / 18)
                return (lagrangian(p), p)
            }.min { $0.0 < $1.0 }!
            lows.append(low)
        }
        if lows[0].0 < best.value {
            let (p, v) = minimise(problem, m, from: lows[0].1)
            consider(p, v)
        }
        if KKTSolver.fallsWithoutBound(lows.map(\.0)) { return (-.infinity, nil) }
        return (best.value, best.point)
    }

    /// Damped (and, where the Hessian is not positive definite, shifted) Newton descent on
    /// L(·, m); the point reached and L there.
    static func minimise(_ problem: ConstrainedProblem, _ m: [Double], from start: Vec2) -> (Vec2, Double) {
        func lagrangian(_ p: Vec2) -> Double {
            let v = problem.lagrangian(p, m)
            return v.isNaN ? .infinity : v
        }
        var p = start, v = lagrangian(p)
        for _ in 0..<60 {
            guard v.isFinite else { break }
            let g = problem.lagrangianGradient(p, m)
            guard g.x.isFinite, g.y.isFinite, g.norm > 1e-14 * (1 + abs(v)) else { break }
            let h = problem.lagrangianHessian(p, m)
            let (low, high) = SmallLinearSystem.symmetricEigenvalues(h)
            let scale = max(1, abs(high), abs(low))
            let shift = low > 1e-10 * scale ? 0 : -low + 1e-6 * scale
            var direction = -1.0 * g
            if let d = SmallLinearSystem.solve([[h.a + shift, h.b], [h.c, h.d + shift]], [-g.x, -g.y]) {
                direction = Vec2(d[0], d[1])
            }
            let slope = g.dot(direction)
            var alpha = 1.0
            while alpha > 1e-12 && !(lagrangian(p + alpha * direction) <= v + 1e-4 * alpha * slope) { alpha /= 2 }
            guard alpha > 1e-12 else { break }
            p = p + alpha * direction
            v = lagrangian(p)
            guard max(abs(p.x), abs(p.y)) < 1e9 else { break }
        }
        return (p, v)
    }

    /// d*, where it is reached, q at the KKT multipliers, and q along one multiplier.
    public static func analyse(_ problem: ConstrainedProblem, solution: KKTSolution, box: Box, samples: Int = 49) -> DualAnalysis {
        let inequalities = Set(problem.inequalityIndices)
        var hints = [solution.point]
        func q(_ m: [Double]) -> Double {
            let (value, argmin) = value(problem, m, hints: hints, box: box)
            if let argmin, hints.count < 3 { hints.append(argmin) } else if let argmin { hints[hints.count - 1] = argmin }
            return value
        }
        let kkt = solution.multipliers
        let atKKT = q(kkt)
        var bestPoint = kkt, bestValue = atKKT
        let zero = [Double](repeating: 0, count: kkt.count)
        if !kkt.isEmpty {
            let atZero = q(zero)
            if atZero > bestValue { (bestPoint, bestValue) = (zero, atZero) }
            (bestPoint, bestValue) = maximise(q, from: bestPoint, value: bestValue, nonNegative: inequalities)
        }
        // The curve: along the multiplier that matters most, the others at the dual optimum.
        let axis = kkt.indices.max { abs(kkt[$0]) < abs(kkt[$1]) } ?? 0
        var curve: [DualSample] = []
        if !kkt.isEmpty {
            let a = kkt[axis], b = bestPoint[axis]
            let width = max(1, abs(a), abs(b))
            let low = inequalities.contains(axis) ? 0 : min(a, b) - width
            let high = max(a, b) + width
            for k in 0..<max(2, samples) {
                var m = bestPoint
                m[axis] = low + Double(k) / Double(max(2, samples) - 1) * (high - low)
                let value = q(m)
                curve.append(DualSample(multiplier: m[axis], value: value.isFinite ? value : nil))
            }
        }
        return DualAnalysis(primalValue: solution.value, value: bestValue, multipliers: bestPoint, atKKT: atKKT,
                            axis: axis, curve: curve)
    }

    /// Compass search for the maximum of a concave q (coordinate and diagonal moves, the step
    /// halved when none improves), keeping μ ≥ 0 on `nonNegative`.
    static func maximise(_ q: ([Double]) -> Double, from start: [Double], value: Double,
                         nonNegative: Set<Int>) -> ([Double], Double) {
        var point = start, best = value
        var step = 0.5 * max(1, start.map(abs).max() ?? 0)
        var directions: [[Double]] = []
        let n = start.count
        for i in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[i] = 1
            directions += [unit, unit.map { -$0 }]
            for j in (i + 1)..<max(i + 1, n) {
                for sign in [1.0, -1.0] {
                    var diagonal = [Double](repeating: 0, count: n)
                    diagonal[i] = 0.7071067811865476
                    diagonal[j] = sign * 0.7071067811865476
                    directions += [diagonal, diagonal.map { -$0 }]
                }
            }
        }
        var evaluations = 0
        while step > 1e-10 * max(1, point.map(abs).max() ?? 0), evaluations < 400 {
            var improved = false
            for direction in directions {
                var trial = zip(point, direction).map { $0 + step * $1 }
                for index in nonNegative { trial[index] = max(0, trial[index]) }
                guard trial != point else { continue }
                evaluations += 1
                let value = q(trial)
                if value > best + 1e-15 * (1 + abs(best)) {
                    (point, best) = (trial, value)
                    improved = true
                    break
                }
            }
            if !improved { step /= 2 }
        }
        return (point, best)
    }
}
