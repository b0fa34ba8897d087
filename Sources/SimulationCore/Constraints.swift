import Foundation

/// A constraint on (x, y), typed by the user: an inequality g ≤ 0 (`g`, `a <= b`, `a >= b`;
/// `<` and `>` are read as `<=` and `>=`) or an equality h = 0 (`a = b` or `a == b`).
/// Stored as g = a - b (or b - a) and h = a - b, so feasible means g ≤ 0 or h = 0.
public struct Constraint: Sendable {
    public enum Kind: String, Sendable, Codable { case inequality, equality }

    /// What the user typed.
    public let text: String
    public let kind: Kind
    /// g (must stay ≤ 0) or h (must be 0).
    public let function: Expression
    /// Whether the text was a comparison (`a <= b`, `a = b`) rather than g alone.
    public let isComparison: Bool

    public var isEquality: Bool { kind == .equality }

    public init(_ text: String) throws {
        self.text = text
        let characters = Array(text)
        var depth = 0
        var split: (index: Int, length: Int, greater: Bool, equality: Bool)?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "<", ">", "=", "≤", "≥":
                guard depth == 0 else { break }
                guard split == nil else { throw ExpressionError(message: "one comparison only", column: index + 1) }
                let doubled = index + 1 < characters.count && characters[index + 1] == "="
                    && character != "≤" && character != "≥"
                split = (index, doubled ? 2 : 1, character == ">" || character == "≥", character == "=")
                index += doubled ? 1 : 0
            default: break
            }
            index += 1
        }
        guard let split else {
            function = try Expression.parse(text)
            kind = .inequality
            isComparison = false
            return
        }
        isComparison = true
        kind = split.equality ? .equality : .inequality
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

    /// Up to `ConstrainedProblem.maximumConstraints` constraints separated by ';' (columns in
    /// errors count from the start of the whole text).
    public static func list(_ text: String) throws -> [Constraint] {
        var constraints: [Constraint] = []
        var offset = 0
        for piece in text.split(separator: ";", omittingEmptySubsequences: false) {
            let raw = String(piece)
            let leading = raw.prefix { $0 == " " }.count
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                throw ExpressionError(message: "an empty constraint between ';'", column: offset + 1)
            }
            guard constraints.count < ConstrainedProblem.maximumConstraints else {
                throw ExpressionError(message: "at most \(ConstrainedProblem.maximumConstraints) constraints", column: offset + 1)
            }
            do { constraints.append(try Constraint(trimmed)) } catch let error as ExpressionError {
                throw ExpressionError(message: error.message, column: error.column + offset + leading)
            }
            offset += raw.count + 1
        }
        return constraints
    }

    /// The constraint as a comparison: what was typed, or "g <= 0" for a bare g.
    public var comparison: String { isComparison ? text : text + " <= 0" }

    public func value(_ p: Vec2) -> Double { function.value(x: p.x, y: p.y) }

    /// How far p is from satisfying it: max(0, g) or |h| (NaN where undefined).
    public func violation(_ p: Vec2) -> Double {
        let v = value(p)
        return isEquality ? abs(v) : (v.isNaN ? .nan : max(0, v))
    }

    public func gradient(_ p: Vec2) -> Vec2 {
        let (gx, gy) = function.gradient(x: p.x, y: p.y)
        return Vec2(gx, gy)
    }

    public func hessian(_ p: Vec2) -> Matrix2 {
        let h = function.hessian(x: p.x, y: p.y)
        return Matrix2(h[0][0], h[0][1], h[1][0], h[1][1])
    }
}

/// min f(x, y) subject to a few constraints gᵢ ≤ 0 and hⱼ = 0, in the order typed. One
/// multiplier per constraint, in the same order: μᵢ ≥ 0 for an inequality, λⱼ for an equality.
///
///     L(x, μ, λ) = f(x) + Σ μᵢ gᵢ(x) + Σ λⱼ hⱼ(x)
public struct ConstrainedProblem: Sendable {
    public static let maximumConstraints = 3
    public let surface: Surface
    public let constraints: [Constraint]

    public init(surface: Surface, constraints: [Constraint]) {
        self.surface = surface
        self.constraints = constraints
    }

    public var inequalityIndices: [Int] { constraints.indices.filter { !constraints[$0].isEquality } }
    public var equalityIndices: [Int] { constraints.indices.filter { constraints[$0].isEquality } }

    public func lagrangian(_ p: Vec2, _ multipliers: [Double]) -> Double {
        zip(constraints, multipliers).reduce(surface.value(p)) { $0 + ($1.1 == 0 ? 0 : $1.1 * $1.0.value(p)) }
    }

    /// ∇ₓL = ∇f + Σ mᵢ ∇cᵢ (a zero multiplier adds nothing, even where cᵢ is undefined).
    public func lagrangianGradient(_ p: Vec2, _ multipliers: [Double]) -> Vec2 {
        zip(constraints, multipliers).reduce(surface.gradient(p)) { $1.1 == 0 ? $0 : $0 + $1.1 * $1.0.gradient(p) }
    }

    /// ∇²ₓL = ∇²f + Σ mᵢ ∇²cᵢ.
    public func lagrangianHessian(_ p: Vec2, _ multipliers: [Double]) -> Matrix2 {
        zip(constraints, multipliers).reduce(surface.hessian(p)) { sum, pair in
            guard pair.1 != 0 else { return sum }
            let h = pair.0.hessian(p)
            return Matrix2(sum.a + pair.1 * h.a, sum.b + pair.1 * h.b, sum.c + pair.1 * h.c, sum.d + pair.1 * h.d)
        }
    }

    /// The largest violation max(0, gᵢ), |hⱼ| at p (0 when feasible; NaN where undefined).
    public func violation(_ p: Vec2) -> Double {
        constraints.reduce(0.0) { worst, c in
            let v = c.violation(p)
            return v.isNaN || worst.isNaN ? .nan : max(worst, v)
        }
    }

    public func check(_ p: Vec2, multipliers: [Double]) -> KKTCheck {
        KKTCheck(problem: self, point: p, multipliers: multipliers)
    }
}

/// The augmented Lagrangian with penalty ρ > 0 and multiplier estimates λᵢ (λᵢ ≥ 0 for an
/// inequality):
///
///     L(x, λ) = f(x) + Σ_g (max(0, λ + ρ g)² - λ²) / (2ρ) + Σ_h (λ h + ρ h² / 2)
///     ∇ₓL     = ∇f + Σ mᵢ ∇cᵢ,   m = max(0, λ + ρ g) for g, λ + ρ h for h
///
/// An optimizer minimises L in x; every few steps λ ← m (the method of multipliers). At a
/// fixed point m are the Lagrange multipliers and the KKT conditions hold.
public enum AugmentedLagrangian {
    /// The multiplier the current point implies for one constraint.
    public static func multiplier(_ kind: Constraint.Kind, estimate lambda: Double, penalty rho: Double,
                                  constraintValue c: Double) -> Double {
        kind == .equality ? lambda + rho * c : max(0, lambda + rho * c)
    }

    /// The multipliers at p for every constraint (a constraint undefined at p keeps its estimate).
    public static func multipliers(_ problem: ConstrainedProblem, at p: Vec2, estimates: [Double], penalty rho: Double) -> [Double] {
        zip(problem.constraints, estimates).map { constraint, lambda in
            let c = constraint.value(p)
            return c.isFinite ? multiplier(constraint.kind, estimate: lambda, penalty: rho, constraintValue: c) : lambda
        }
    }

    /// ∇ₓL at p.
    public static func gradient(_ problem: ConstrainedProblem, at p: Vec2, estimates: [Double], penalty rho: Double) -> Vec2 {
        problem.lagrangianGradient(p, multipliers(problem, at: p, estimates: estimates, penalty: rho))
    }
}

/// The Karush-Kuhn-Tucker conditions at a point x with one multiplier per constraint, each
/// as a residual that is 0 when it holds exactly:
///
///     stationarity             ‖∇f(x) + Σ μᵢ ∇gᵢ(x) + Σ λⱼ ∇hⱼ(x)‖
///     primal feasibility       max(0, max gᵢ(x), max |hⱼ(x)|)
///     dual feasibility         max(0, max -μᵢ)
///     complementary slackness  max |μᵢ gᵢ(x)|
public struct KKTCheck: Sendable, Codable, Equatable {
    public var point: Vec2
    /// μᵢ or λⱼ, in the constraints' order.
    public var multipliers: [Double]
    /// gᵢ(x) or hⱼ(x), in the same order.
    public var constraintValues: [Double]
    public var kinds: [Constraint.Kind]
    public var stationarity: Double
    public var primal: Double
    public var dual: Double
    public var complementarity: Double

    public init(problem: ConstrainedProblem, point: Vec2, multipliers: [Double]) {
        self.point = point
        self.multipliers = multipliers
        constraintValues = problem.constraints.map { $0.value(point) }
        kinds = problem.constraints.map(\.kind)
        stationarity = problem.lagrangianGradient(point, multipliers).norm
        var primal = 0.0, dual = 0.0, complementarity = 0.0
        for (index, kind) in kinds.enumerated() {
            let c = constraintValues[index], m = multipliers[index]
            if kind == .equality {
                primal = max(primal, abs(c))
            } else {
                primal = max(primal, c)
                dual = max(dual, -m)
                complementarity = max(complementarity, abs(m * c))
            }
            if c.isNaN { primal = .nan }
        }
        self.primal = primal
        self.dual = dual
        self.complementarity = complementarity
    }

    /// Whether inequality i binds: gᵢ(x) = 0 within `tolerance` (equalities always bind).
    public func isActive(_ index: Int, tolerance: Double) -> Bool {
        kinds[index] == .equality || abs(constraintValues[index]) <= tolerance
    }

    public func isStationary(tolerance: Double) -> Bool { stationarity <= tolerance }
    public func isFeasible(tolerance: Double) -> Bool { primal <= tolerance }
    public var isDualFeasible: Bool { dual == 0 }
    public func isComplementary(tolerance: Double) -> Bool { complementarity <= tolerance }

    public func holds(tolerance: Double) -> Bool {
        isStationary(tolerance: tolerance) && isFeasible(tolerance: tolerance) && dual <= tolerance
            && isComplementary(tolerance: tolerance)
    }
}
