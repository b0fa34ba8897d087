import Foundation
import SimulationCore
import Testing

/// Constraints: parsing, the KKT reference solution against closed forms, and the racers
/// (augmented Lagrangian) reaching it. More problems: `KKTSolverTests`.
struct ConstraintTests {
    @Test func typedFormsAllMeanGAtMostZero() throws {
        let p = Vec2(0.3, -2)
        #expect(try Constraint("x + y - 1").value(p) == 0.3 - 2 - 1)
        #expect(try Constraint("x + y <= 1").value(p) == (0.3 - 2) - 1)
        #expect(try Constraint("x + y < 1").value(p) == (0.3 - 2) - 1)
        #expect(try Constraint("x >= 0").value(p) == -0.3)
        #expect(try Constraint("1 >= x^2 + y^2").value(p) == (0.09 + 4) - 1)
        // A comparison inside parentheses is not a constraint but a parse error.
        #expect(throws: ExpressionError.self) { try Constraint("(x <= 1)") }
    }

    @Test func badConstraintsPointAtTheColumn() {
        #expect(throws: ExpressionError(message: "one comparison only", column: 8)) {
            try Constraint("0 <= x <= 1")
        }
        // The right-hand side's columns count from the start of the whole text.
        do {
            _ = try Constraint("x <= 2*")
            Issue.record("accepted a dangling operator")
        } catch let error as ExpressionError {
            #expect(error.column == 8)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    func solve(_ surface: Surface, _ texts: [String], xRange: ClosedRange<Double>? = nil,
               yRange: ClosedRange<Double>? = nil) throws -> KKTSolution {
        let problem = ConstrainedProblem(surface: surface, constraints: try texts.map(Constraint.init))
        return try KKTSolver.solve(problem, start: surface.start, xRange: xRange ?? surface.xRange,
                                   yRange: yRange ?? surface.yRange).get()
    }

    @Test func boothUnderAHalfPlaneHasTheClosedFormSolution() throws {
        // On x + y = 1, f = (x+5)² + (x-4)² is least at x = -1/2: x* = (-1/2, 3/2), f = 40.5,
        // ∇f(x*) = (-27, -27) = -μ (1, 1), so μ = 27.
        let solution = try solve(.booth, ["x + y <= 1"])
        #expect(abs(solution.point.x + 0.5) < 1e-10 && abs(solution.point.y - 1.5) < 1e-10)
        #expect(abs(solution.multipliers[0] - 27) < 1e-8)
        #expect(abs(solution.value - 40.5) < 1e-9)
        #expect(solution.check.holds(tolerance: 1e-9))
    }

    @Test func anInactiveConstraintHasAZeroMultiplier() throws {
        // Booth's minimum (1, 3) already satisfies x <= 2: μ = 0, the unconstrained answer.
        let solution = try solve(.booth, ["x <= 2"])
        #expect(solution.multipliers == [0] && solution.active == [false])
        #expect(abs(solution.point.x - 1) < 1e-10 && abs(solution.point.y - 3) < 1e-10)
        #expect(solution.check.constraintValues[0] < 0)
    }

    @Test func noKKTPointWhenTheSurfaceIsUnbounded() throws {
        // The saddle x² - y² keeps falling along y inside the strip |x| <= 1: no minimum to report.
        let problem = ConstrainedProblem(surface: .saddle, constraints: [try Constraint("x^2 <= 1")])
        let result = KKTSolver.solve(problem, start: Surface.saddle.start, xRange: Surface.saddle.xRange, yRange: Surface.saddle.yRange)
        #expect(throws: KKTFailure.self) { try result.get() }
    }

    @Test func augmentedLagrangianGradientIsTheLagrangiansGradient() throws {
        // Where the constraint is violated, ∇L = ∇f + (λ + ρg)∇g; against central differences of L.
        let constraint = try Constraint("x^2 + y^2 <= 1")
        let surface = Surface.rosenbrock
        let problem = ConstrainedProblem(surface: surface, constraints: [constraint])
        let lambda = 0.3, rho = 10.0
        func lagrangian(_ p: Vec2) -> Double {
            let mu = max(0, lambda + rho * constraint.value(p))
            return surface.value(p) + (mu * mu - lambda * lambda) / (2 * rho)
        }
        for p in [Vec2(1.2, 0.4), Vec2(-0.2, 0.3), Vec2(0.8, -0.9)] {
            let exact = AugmentedLagrangian.gradient(problem, at: p, estimates: [lambda], penalty: rho)
            let h = 1e-6
            let numeric = Vec2((lagrangian(Vec2(p.x + h, p.y)) - lagrangian(Vec2(p.x - h, p.y))) / (2 * h),
                               (lagrangian(Vec2(p.x, p.y + h)) - lagrangian(Vec2(p.x, p.y - h))) / (2 * h))
            #expect((exact - numeric).norm < 1e-5 * max(1, exact.norm), "at \(p)")
        }
    }

    @Test func racersSettleOnTheKKTPoint() throws {
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("surface", .text("booth"))
        try lab.apply("constraint", .text("x + y <= 1"))
        try lab.apply("optimizers", .text("sgd,momentum,adam"))
        try lab.apply("budget", .integer(4000))
        for _ in 0..<4000 { lab.step() }
        let snapshot = lab.snapshot()
        let reference = try #require(snapshot.solution)
        #expect(snapshot.constraint == "x + y <= 1")
        for racer in snapshot.racers {
            #expect(!racer.diverged)
            #expect((racer.position - reference.point).norm < 1e-3, "\(racer.kind) at \(racer.position)")
            #expect(abs(racer.multipliers[0] - 27) < 0.05, "\(racer.kind) μ = \(racer.multipliers)")
            let check = snapshot.problem.check(racer.position, multipliers: racer.multipliers)
            #expect(check.holds(tolerance: 0.05), "\(racer.kind): \(check)")
        }
        // Removing the constraint sends them to Booth's own minimum again.
        try lab.apply("constraint", .text(""))
        #expect(lab.snapshot().constraint == nil && lab.snapshot().solution == nil)
    }

    @Test func racersSettleWithAnEqualityAndAnInequality() throws {
        // x + y = 2 and x >= 1.5 both bind at (1.5, 0.5): λ = -1, μ = 2 (KKTSolverTests).
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("surface", .text("x^2 + y^2"))
        try lab.apply("constraint", .text("x + y = 2; x >= 1.5"))
        try lab.apply("optimizers", .text("sgd,adam"))
        for _ in 0..<3000 { lab.step() }
        let snapshot = lab.snapshot()
        #expect(snapshot.constraint == "x + y = 2; x >= 1.5")
        let reference = try #require(snapshot.solution)
        #expect((reference.point - Vec2(1.5, 0.5)).norm < 1e-12)
        for racer in snapshot.racers {
            #expect((racer.position - reference.point).norm < 1e-3, "\(racer.kind) at \(racer.position)")
            #expect(abs(racer.multipliers[0] + 1) < 0.01 && abs(racer.multipliers[1] - 2) < 0.01, "\(racer.kind): \(racer.multipliers)")
        }
        let dual = try #require(snapshot.dual)
        #expect(abs(dual.gap) < 1e-9)
    }

    @Test func betasReachAdam() throws {
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("optimizers", .text("adam"))
        try lab.apply("beta1", .number(0.5))
        try lab.apply("beta2", .number(0.9))
        lab.step()
        var expected = OptimizerSettings(for: .adam, learningRate: lab.snapshot().racers[0].learningRate)
        expected.beta1 = 0.5
        expected.beta2 = 0.9
        var reference = OptimizerState(kind: .adam, settings: expected, start: lab.snapshot().start)
        reference.update(gradient: Surface.rosenbrock.gradient(lab.snapshot().start))
        #expect(lab.snapshot().racers[0].position == reference.position)
        #expect(throws: ParameterError.self) { try lab.apply("beta1", .number(1)) }
    }
}
