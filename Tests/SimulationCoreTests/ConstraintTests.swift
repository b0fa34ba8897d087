import Foundation
import SimulationCore
import Testing

/// Inequality constraints: parsing, the KKT reference solution against closed forms and
/// scipy's SLSQP, and the racers (augmented Lagrangian) reaching it.
struct ConstraintTests {
    @Test func typedFormsAllMeanGAtMostZero() throws {
        let p = Vec2(0.3, -2)
        #expect(try InequalityConstraint("x + y - 1").value(p) == 0.3 - 2 - 1)
        #expect(try InequalityConstraint("x + y <= 1").value(p) == (0.3 - 2) - 1)
        #expect(try InequalityConstraint("x + y < 1").value(p) == (0.3 - 2) - 1)
        #expect(try InequalityConstraint("x >= 0").value(p) == -0.3)
        #expect(try InequalityConstraint("1 >= x^2 + y^2").value(p) == (0.09 + 4) - 1)
        // A comparison inside parentheses is not a constraint but a parse error.
        #expect(throws: ExpressionError.self) { try InequalityConstraint("(x <= 1)") }
    }

    @Test func badConstraintsPointAtTheColumn() {
        #expect(throws: ExpressionError(message: "only inequalities are constraints here: write g <= 0, a <= b or a >= b", column: 3)) {
            try InequalityConstraint("x = 1")
        }
        #expect(throws: ExpressionError(message: "one comparison only", column: 8)) {
            try InequalityConstraint("0 <= x <= 1")
        }
        // The right-hand side's columns count from the start of the whole text.
        do {
            _ = try InequalityConstraint("x <= 2*")
            Issue.record("accepted a dangling operator")
        } catch let error as ExpressionError {
            #expect(error.column == 8)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func boothUnderAHalfPlaneHasTheClosedFormSolution() throws {
        // On x + y = 1, f = (x+5)² + (x-4)² is least at x = -1/2: x* = (-1/2, 3/2), f = 40.5,
        // ∇f(x*) = (-27, -27) = -μ (1, 1), so μ = 27.
        let constraint = try InequalityConstraint("x + y <= 1")
        let solution = try #require(ConstrainedMinimum.solve(surface: .booth, constraint: constraint,
                                                              xRange: Surface.booth.xRange, yRange: Surface.booth.yRange))
        #expect(abs(solution.point.x + 0.5) < 1e-10 && abs(solution.point.y - 1.5) < 1e-10)
        #expect(abs(solution.multiplier - 27) < 1e-8)
        #expect(abs(Surface.booth.value(solution.point) - 40.5) < 1e-9)
        #expect(solution.holds(tolerance: 1e-9))
    }

    @Test func rosenbrockInTheUnitDiskMatchesSLSQP() throws {
        // scipy.optimize.minimize(rosen, [-1, .5], constraints=[{'type': 'ineq', 'fun': 1 - x² - y²}],
        // method='SLSQP', tol=1e-14): x* = (0.78641515, 0.61769831), f = 0.0456748087, μ = 0.1214967.
        let constraint = try InequalityConstraint("x^2 + y^2 <= 1")
        let solution = try #require(ConstrainedMinimum.solve(surface: .rosenbrock, constraint: constraint,
                                                              xRange: -2...2, yRange: -1...3))
        #expect(abs(solution.point.x - 0.78641515) < 1e-7 && abs(solution.point.y - 0.61769831) < 1e-7)
        #expect(abs(solution.multiplier - 0.1214967) < 1e-6)
        #expect(abs(Surface.rosenbrock.value(solution.point) - 0.0456748087) < 1e-9)
    }

    @Test func anInactiveConstraintHasAZeroMultiplier() throws {
        // Booth's minimum (1, 3) already satisfies x <= 2: μ = 0, the unconstrained answer.
        let solution = try #require(ConstrainedMinimum.solve(surface: .booth, constraint: try InequalityConstraint("x <= 2"),
                                                              xRange: Surface.booth.xRange, yRange: Surface.booth.yRange))
        #expect(solution.multiplier == 0 && !solution.isActive)
        #expect(abs(solution.point.x - 1) < 1e-10 && abs(solution.point.y - 3) < 1e-10)
        #expect(solution.constraintValue < 0)
    }

    @Test func noKKTPointWhenTheSurfaceIsUnboundedInView() throws {
        // The saddle x² - y² keeps falling along y inside the strip |x| <= 1: no minimum to report.
        #expect(ConstrainedMinimum.solve(surface: .saddle, constraint: try InequalityConstraint("x^2 <= 1"),
                                         xRange: Surface.saddle.xRange, yRange: Surface.saddle.yRange) == nil)
    }

    @Test func augmentedLagrangianGradientIsTheLagrangiansGradient() throws {
        // Where the constraint is violated, ∇L = ∇f + (λ + ρg)∇g; against central differences of L.
        let constraint = try InequalityConstraint("x^2 + y^2 <= 1")
        let surface = Surface.rosenbrock
        let lambda = 0.3, rho = 10.0
        func lagrangian(_ p: Vec2) -> Double {
            let mu = max(0, lambda + rho * constraint.value(p))
            return surface.value(p) + (mu * mu - lambda * lambda) / (2 * rho)
        }
        for p in [Vec2(1.2, 0.4), Vec2(-0.2, 0.3), Vec2(0.8, -0.9)] {
            let exact = AugmentedLagrangian.gradient(surface: surface, constraint: constraint, at: p, estimate: lambda, penalty: rho)
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
        let reference = try #require(snapshot.constrainedMinimum)
        #expect(snapshot.constraint == "x + y <= 1")
        for racer in snapshot.racers {
            #expect(!racer.diverged)
            #expect((racer.position - reference.point).norm < 1e-3, "\(racer.kind) at \(racer.position)")
            #expect(abs(racer.multiplier - 27) < 0.05, "\(racer.kind) μ = \(racer.multiplier)")
            let check = KKTCheck(surface: .booth, constraint: try InequalityConstraint("x + y <= 1"),
                                 point: racer.position, multiplier: racer.multiplier)
            #expect(check.holds(tolerance: 0.05), "\(racer.kind): \(check)")
        }
        // Removing the constraint sends them to Booth's own minimum again.
        try lab.apply("constraint", .text(""))
        #expect(lab.snapshot().constraint == nil && lab.snapshot().constrainedMinimum == nil)
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
