import Foundation
@testable import SimulationCore
import Testing

/// The KKT solver against closed forms and scipy's SLSQP, the dual against hand-derived dual
/// functions, and the second-order conditions at degenerate critical points.
///
/// SLSQP references: `scipy.optimize.minimize(f, x0, method='SLSQP', constraints=[{'type': 'eq',
/// 'fun': h}, {'type': 'ineq', 'fun': lambda v: -g(v)}], options={'ftol': 1e-14})` (scipy 1.17.1);
/// its `multipliers` list equalities first, with λ of the opposite sign to ours (scipy writes
/// L = f - λh), inequalities with ours.
struct KKTSolverTests {
    func solve(_ f: String, _ constraints: [String], start: Vec2 = Vec2(0, 0)) throws -> KKTSolution {
        let problem = ConstrainedProblem(surface: try Surface.custom(f), constraints: try constraints.map(Constraint.init))
        switch KKTSolver.solve(problem, start: start, xRange: start.x - 5...start.x + 5, yRange: start.y - 5...start.y + 5) {
        case .success(let solution): return solution
        case .failure(let failure): throw failure
        }
    }

    func failure(_ f: String, _ constraints: [String], start: Vec2 = Vec2(0, 0)) throws -> KKTFailure? {
        let problem = ConstrainedProblem(surface: try Surface.custom(f), constraints: try constraints.map(Constraint.init))
        if case .failure(let failure) = KKTSolver.solve(problem, start: start, xRange: -5...5, yRange: -5...5) { return failure }
        return nil
    }

    func expectClose(_ a: Double, _ b: Double, _ tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(a - b) <= tolerance, "\(a) vs \(b)", sourceLocation: sourceLocation)
    }

    @Test func equalityAndInequalityTogether() throws {
        // min x² + y² s.t. x + y = 2, x ≥ 1.5: x* = (1.5, 0.5), ∇f = (3, 1) = -λ(1, 1) - μ(-1, 0):
        // λ = -1, μ = 2. SLSQP: x [1.5, 0.5], f 2.5, multipliers [1.0000000298, 1.9999999702].
        let s = try solve("x^2 + y^2", ["x + y = 2", "x >= 1.5"])
        expectClose(s.point.x, 1.5, 1e-12)
        expectClose(s.point.y, 0.5, 1e-12)
        expectClose(s.multipliers[0], -1, 1e-10)
        expectClose(s.multipliers[1], 2, 1e-10)
        #expect(s.active == [true, true])
        #expect(s.check.holds(tolerance: 1e-12))
        #expect(s.secondOrder.necessary && s.secondOrder.sufficient)
    }

    @Test func anInactiveInequalityHasAZeroMultiplier() throws {
        // x ≥ 0.5 does not bind: x* = (1, 1) on the line, λ = -2, μ = 0. SLSQP: [1, 1], [2.0, 0.0].
        let s = try solve("x^2 + y^2", ["x + y = 2", "x >= 0.5"])
        expectClose(s.point.x, 1, 1e-12)
        expectClose(s.point.y, 1, 1e-12)
        expectClose(s.multipliers[0], -2, 1e-10)
        #expect(s.multipliers[1] == 0)
        #expect(s.active == [true, false])
        expectClose(s.check.constraintValues[1], -0.5, 1e-12)
    }

    @Test func aMaximumOnTheCircleIsNotReported() throws {
        // min x + y on x² + y² = 2: (1, 1) is a KKT point too (λ = -1/2) but the maximum; the
        // tangent curvature 2λ < 0 fails the second-order condition. SLSQP: (-1, -1), λ = 0.5.
        let s = try solve("x + y", ["x^2 + y^2 = 2"], start: Vec2(0.5, 0.2))
        expectClose(s.point.x, -1, 1e-12)
        expectClose(s.point.y, -1, 1e-12)
        expectClose(s.multipliers[0], 0.5, 1e-12)
        expectClose(s.secondOrder.curvatures[0], 1, 1e-12)
    }

    @Test func gradientAsACombinationOfTwoConstraintGradients() throws {
        // min (x-2)² + (y-1)² s.t. x ≤ 1, y ≤ 0: x* = (1, 0) is a corner, ∇f = (-2, -2) =
        // -2∇g1 - 2∇g2. SLSQP: [1, 1.8e-15], multipliers [1.99999999, 1.99999999].
        let s = try solve("(x-2)^2 + (y-1)^2", ["x <= 1", "y <= 0"])
        expectClose(s.point.x, 1, 1e-12)
        expectClose(s.point.y, 0, 1e-12)
        expectClose(s.multipliers[0], 2, 1e-10)
        expectClose(s.multipliers[1], 2, 1e-10)
        // The tangent space of two independent gradients is {0}: no curvature to check.
        #expect(s.secondOrder.curvatures.isEmpty && s.secondOrder.sufficient)
    }

    @Test func threeInequalitiesOneBinding() throws {
        // SLSQP: x [1.9999999978, 1.0000000022], f 2.0, multipliers [2.0, 0.0, 0.0].
        let s = try solve("(x-3)^2 + (y-2)^2", ["x + y <= 3", "x - 2*y <= 1", "x >= 0"])
        expectClose(s.point.x, 2, 1e-10)
        expectClose(s.point.y, 1, 1e-10)
        expectClose(s.value, 2, 1e-12)
        #expect(s.multipliers.count == 3)
        expectClose(s.multipliers[0], 2, 1e-10)
        #expect(s.multipliers[1] == 0 && s.multipliers[2] == 0)
        #expect(s.active == [true, false, false])
    }

    @Test func twoEqualitiesFixTheAnswer() throws {
        // x + y = 1, x - y = 0.2 meet at (0.6, 0.4): ∇f = (1.2, 1.6) = -λ1(1, 1) - λ2(1, -1):
        // λ1 = -1.4, λ2 = 0.2. SLSQP: [0.6, 0.4], f 0.68, multipliers [1.40000002, -0.20000001].
        let s = try solve("x^2 + 2*y^2", ["x + y = 1", "x - y = 0.2"])
        expectClose(s.point.x, 0.6, 1e-12)
        expectClose(s.point.y, 0.4, 1e-12)
        expectClose(s.multipliers[0], -1.4, 1e-10)
        expectClose(s.multipliers[1], 0.2, 1e-10)
    }

    @Test func convexNonPolynomialProblemsMatchSLSQP() throws {
        // min e^x + y² s.t. x + y ≥ 1: e^x = 2y = μ on x + y = 1; scipy.optimize.brentq(lambda x:
        // exp(x) - 2*(1-x), 0, 1) = 0.3149230578454061, μ = 1.3701538843091878 (SLSQP: 1.3701538951).
        let s = try solve("exp(x) + y^2", ["x + y >= 1"])
        expectClose(s.point.x, 0.3149230578454061, 1e-12)
        expectClose(s.point.y, 0.6850769421545939, 1e-12)
        expectClose(s.multipliers[0], 1.3701538843091878, 1e-11)
        // min -log x - log y s.t. x + 2y ≤ 4: (2, 1), μ = 1/2 (SLSQP: [2.0000000115, 0.9999999943], 0.49999999628).
        let l = try solve("-log(x) - log(y)", ["x + 2*y <= 4"], start: Vec2(1, 1))
        expectClose(l.point.x, 2, 1e-12)
        expectClose(l.point.y, 1, 1e-12)
        expectClose(l.multipliers[0], 0.5, 1e-12)
    }

    @Test func rosenbrockInTheUnitDiskMatchesSLSQP() throws {
        // SLSQP from (-1, 0.5): x* = (0.78641515, 0.61769831), f = 0.0456748087, μ = 0.1214951 (it
        // stops with status 8); scipy.optimize.fsolve on the KKT equations from there, xtol=1e-15:
        // (0.7864151541684279, 0.6176983125233935), μ = 0.12149655699928835.
        let problem = ConstrainedProblem(surface: .rosenbrock, constraints: [try Constraint("x^2 + y^2 <= 1")])
        let s = try KKTSolver.solve(problem, start: Surface.rosenbrock.start, xRange: -2...2, yRange: -1...3).get()
        expectClose(s.point.x, 0.7864151541684279, 1e-12)
        expectClose(s.point.y, 0.6176983125233935, 1e-12)
        expectClose(s.multipliers[0], 0.12149655699928835, 1e-10)
        expectClose(s.value, 0.0456748087, 1e-9)
    }

    @Test func refusalsSayWhy() throws {
        #expect(try failure("x^2 + y^2", ["x^2 + y^2 <= -1"])?.short == "infeasible")
        #expect(try failure("x^2 + y^2", ["x >= 1", "x <= 0"])?.short == "infeasible")
        let unbounded = try failure("x + y", ["y >= 0"])
        #expect(unbounded?.short == "unbounded below", "\(String(describing: unbounded))")
        // A local minimum of f = x³ - 3x on y = 0 exists at x = 1, but f falls without bound to the left.
        #expect(try failure("x^3 - 3*x + y^2", [])?.short == "unbounded below")
        let kink = try failure("abs(x) + y^2", [], start: Vec2(0.7, 0.3))
        #expect(kink?.short == "not differentiable there", "\(String(describing: kink))")
        #expect(kink?.description.contains("slope along x is -1 from the left and 1 from the right") == true)
        #expect(try failure("log(x) + y", [], start: Vec2(-1, 0))?.short == "undefined at the start")
        #expect(try failure("x", ["x = 0", "y = 0", "x + y = 0"])?.short == "too many equalities")
        // e^x has no minimum, but is bounded below: said as not attained, not as unbounded.
        let notAttained = try failure("exp(x) + y^2", [])
        #expect(notAttained?.short == "no KKT minimum found", "\(String(describing: notAttained))")
    }

    @Test func convexDualClosesTheGap() throws {
        // min x² + y² s.t. x + y ≥ 1: q(μ) = μ - μ²/2, d* = q(1) = 1/2 = p*.
        let problem = ConstrainedProblem(surface: try Surface.custom("x^2 + y^2"), constraints: [try Constraint("x + y >= 1")])
        let s = try KKTSolver.solve(problem, start: Vec2(0, 0), xRange: -3...3, yRange: -3...3).get()
        let dual = LagrangeDual.analyse(problem, solution: s, box: LagrangeDual.Box(xRange: -3...3, yRange: -3...3))
        expectClose(dual.primalValue, 0.5, 1e-14)
        expectClose(dual.value, 0.5, 1e-12)
        #expect(abs(dual.gap) < 1e-12)
        expectClose(dual.multipliers[0], 1, 1e-6)
        for sample in dual.curve {
            let mu = sample.multiplier
            expectClose(try #require(sample.value), mu - mu * mu / 2, 1e-10)
        }
    }

    @Test func nonConvexDoubleWellKeepsAGap() throws {
        // min (x²-1)² + y² on -½ ≤ x ≤ ½: p* = (¼ - 1)² = 9/16 at x = ±½ (μ = 3/2 at the
        // binding side). q(μ1, μ2) ≤ min over the wells x = ±1 of L ≤ 0 = q(0), so d* = 0: the
        // gap 9/16 stays open.
        let problem = ConstrainedProblem(surface: try Surface.custom("(x^2 - 1)^2 + y^2"),
                                         constraints: [try Constraint("x <= 0.5"), try Constraint("x >= -0.5")])
        let s = try KKTSolver.solve(problem, start: Vec2(0, 0), xRange: -2...2, yRange: -2...2).get()
        expectClose(s.value, 0.5625, 1e-14)
        expectClose(abs(s.point.x), 0.5, 1e-14)
        expectClose(s.multipliers.max()!, 1.5, 1e-12)
        let dual = LagrangeDual.analyse(problem, solution: s, box: LagrangeDual.Box(xRange: -2...2, yRange: -2...2))
        expectClose(dual.value, 0, 1e-9)
        expectClose(dual.gap, 0.5625, 1e-9)
        #expect(dual.atKKT < 0)
    }

    @Test func aDualUnboundedBelowIsMinusInfinity() throws {
        // min -x² on -1 ≤ x ≤ 1 (and y² to pin y): L = -x² + ... is unbounded below in x for every μ.
        let problem = ConstrainedProblem(surface: try Surface.custom("-x^2 + y^2"),
                                         constraints: [try Constraint("x <= 1"), try Constraint("x >= -1")])
        let s = try KKTSolver.solve(problem, start: Vec2(0.2, 0), xRange: -2...2, yRange: -2...2).get()
        expectClose(s.value, -1, 1e-14)
        let dual = LagrangeDual.analyse(problem, solution: s, box: LagrangeDual.Box(xRange: -2...2, yRange: -2...2))
        #expect(dual.value == -.infinity && dual.gap == .infinity)
        #expect(dual.curve.allSatisfy { $0.value == nil })
    }

    @Test func secondOrderConditionsAtDegenerateCriticalPoints() throws {
        // The necessary conditions hold at the origin for all four; only the probe tells them apart.
        let cases: [(Surface, CriticalPointTest.Verdict, Double?)] = [
            (.cubic, .notMinimum, 180), (.quarticDifference, .notMinimum, 90), (.monkeySaddle, .notMinimum, 60),
            (.quartic, .flatMinimum, nil),
        ]
        for (surface, verdict, angle) in cases {
            let test = try #require(CriticalPointTest.analyse(surface, from: surface.start))
            #expect(test.point.norm < 1e-9, "\(surface.name) at \(test.point) \(test)")
            #expect(test.firstOrder && test.necessary && !test.sufficient, "\(surface.name)")
            #expect(test.verdict == verdict, "\(surface.name): \(test.verdict)")
            if let angle { #expect(test.probeAngle == angle, "\(surface.name): \(test.probeAngle)") }
        }
        // A positive definite Hessian is the sufficient condition; an indefinite one fails the necessary.
        #expect(CriticalPointTest.analyse(.booth, from: Vec2(0, 0))?.verdict == .minimum)
        let saddle = try #require(CriticalPointTest.analyse(.saddle, from: Vec2(0.3, 0.2)))
        #expect(saddle.verdict == .saddle && !saddle.necessary && saddle.firstOrder)
        #expect(CriticalPointTest.analyse(try Surface.custom("-x^2 - y^2"), from: Vec2(1, 1))?.verdict == .maximum)
    }

    @Test func constraintsParseBothKinds() throws {
        let p = Vec2(0.3, -2)
        #expect(try Constraint("x + y = 1").value(p) == (0.3 - 2) - 1 && (try Constraint("x + y = 1")).isEquality)
        #expect(try Constraint("x == y").kind == .equality)
        #expect(try Constraint("x <= y").kind == .inequality)
        #expect(try Constraint("x = 1").violation(Vec2(3, 0)) == 2)
        #expect(try Constraint("x <= 1").violation(Vec2(0, 0)) == 0)
        let list = try Constraint.list("x + y = 2; x >= 1.5")
        #expect(list.map(\.kind) == [.equality, .inequality])
        #expect(throws: ExpressionError(message: "one comparison only", column: 7)) { try Constraint("x = 1 = y") }
        #expect(throws: ExpressionError(message: "at most 3 constraints", column: 24)) {
            try Constraint.list("x <= 1; y <= 1; x >= 0; y >= 0")
        }
        // Columns count from the start of the whole list.
        #expect(throws: ExpressionError.self) { try Constraint.list("x <= 1; y <= 2*") }
        do {
            _ = try Constraint.list("x <= 1; y <= 2*")
        } catch let error as ExpressionError {
            #expect(error.column == 16)
        }
        #expect(throws: ExpressionError(message: "an empty constraint between ';'", column: 8)) { try Constraint.list("x <= 1;;y <= 1") }
    }
}
