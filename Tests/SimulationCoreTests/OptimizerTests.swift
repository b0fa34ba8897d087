import Foundation
import SimulationCore
import Testing

/// Optimizers against their documented update rules (first steps by hand), surfaces against
/// closed-form derivatives, and the race reaching Rosenbrock's minimum.
struct OptimizerTests {
    let start = Vec2(-2, 2)
    /// ∇ Rosenbrock at (-2, 2): (-2(1-x) - 400x(y-x²), 200(y-x²)) = (-1606, -400).
    let g = Vec2(-1606, -400)

    func close(_ a: Vec2, _ b: Vec2, _ tolerance: Double = 1e-12) -> Bool {
        abs(a.x - b.x) <= tolerance * max(1, abs(b.x)) && abs(a.y - b.y) <= tolerance * max(1, abs(b.y))
    }

    func first(_ kind: OptimizerKind, lr: Double, steps: Int = 1) -> OptimizerState {
        var state = OptimizerState(kind: kind, settings: OptimizerSettings(for: kind, learningRate: lr), start: start)
        for _ in 0..<steps { state.update(gradient: Surface.rosenbrock.gradient(state.position)) }
        return state
    }

    @Test func surfacesHaveExactDerivatives() {
        #expect(Surface.rosenbrock.gradient(start) == g)
        let h = Surface.rosenbrock.hessian(start)  // [[2 - 400(y - 3x²), -400x], [-400x, 200]]
        #expect(h == Matrix2(2 - 400 * (2 - 12), 800, 800, 200))
        #expect(Surface.rosenbrock.value(Vec2(1, 1)) == 0)
        #expect(abs(Surface.goldsteinPrice.value(Vec2(0, -1)) - 3) < 1e-12)
        #expect(abs(Surface.beale.value(Vec2(3, 0.5))) < 1e-15)
        for minimum in Surface.himmelblau.minima { #expect(Surface.himmelblau.value(minimum) < 1e-20) }
        // Every built-in surface: gradient and Hessian against central differences.
        var random = SeededRandom(seed: 5)
        for name in Surface.builtInNames {
            let surface = Surface.named(name)!
            for _ in 0..<20 {
                let p = Vec2(random.uniform(surface.xRange), random.uniform(surface.yRange))
                let h = 1e-6
                let numeric = Vec2((surface.value(Vec2(p.x + h, p.y)) - surface.value(Vec2(p.x - h, p.y))) / (2 * h),
                                   (surface.value(Vec2(p.x, p.y + h)) - surface.value(Vec2(p.x, p.y - h))) / (2 * h))
                let exact = surface.gradient(p)
                let scale = max(1, exact.norm, abs(surface.value(p)) * 1e-3)
                #expect((exact - numeric).norm <= 1e-5 * scale, "\(name) gradient at \(p): \(exact) vs \(numeric)")
                let gx = { (q: Vec2) in surface.gradient(q) }
                let column = (gx(Vec2(p.x + h, p.y)) - gx(Vec2(p.x - h, p.y))) / (2 * h)
                let hessian = surface.hessian(p)
                #expect(abs(hessian.a - column.x) <= 1e-4 * max(1, abs(hessian.a), scale), "\(name) f_xx at \(p)")
                #expect(abs(hessian.c - column.y) <= 1e-4 * max(1, abs(hessian.c), scale), "\(name) f_yx at \(p)")
            }
        }
    }

    @Test func firstStepsFollowTheDocumentedRules() {
        // SGD: x - lr g.
        #expect(close(first(.sgd, lr: 1e-3).position, start - 1e-3 * g))
        // Momentum: b1 = g, x - lr b1; second step b2 = 0.9 b1 + g2.
        let m1 = first(.momentum, lr: 1e-4)
        #expect(close(m1.position, start - 1e-4 * g))
        let g2 = Surface.rosenbrock.gradient(m1.position)
        #expect(close(first(.momentum, lr: 1e-4, steps: 2).position, m1.position - 1e-4 * (0.9 * g + g2)))
        // Nesterov: b1 = g, x - lr (g + 0.9 b1) = x - 1.9 lr g.
        #expect(close(first(.nesterov, lr: 1e-4).position, start - 1.9e-4 * g))
        // AdaGrad: s = g², x - lr g / (|g| + 1e-10).
        #expect(close(first(.adagrad, lr: 0.01).position,
                      start - 0.01 * Vec2(g.x / (abs(g.x) + 1e-10), g.y / (abs(g.y) + 1e-10))))
        // RMSprop: v = 0.01 g², x - lr g / (0.1|g| + 1e-8).
        #expect(close(first(.rmsprop, lr: 0.01).position,
                      start - 0.01 * Vec2(g.x / ((0.01 * g.x * g.x).squareRoot() + 1e-8),
                                          g.y / ((0.01 * g.y * g.y).squareRoot() + 1e-8))))
        // Adam: m̂ = g, v̂ = g², so x - lr g / (|g| + 1e-8).
        #expect(close(first(.adam, lr: 1e-3).position,
                      start - 1e-3 * Vec2(g.x / (abs(g.x) + 1e-8), g.y / (abs(g.y) + 1e-8))))
        // AdamW: decay first, then Adam.
        #expect(close(first(.adamw, lr: 1e-3).position,
                      (1 - 1e-3 * 0.01) * start - 1e-3 * Vec2(g.x / (abs(g.x) + 1e-8), g.y / (abs(g.y) + 1e-8))))
    }

    @Test func theRaceReachesRosenbrocksMinimum() {
        var lab = OptimizerSimulation(seed: 1)
        try? lab.apply("optimizers", .text("momentum,rmsprop,adam"))
        try? lab.apply("budget", .integer(6000))
        for _ in 0..<6000 { lab.step() }
        for racer in lab.snapshot().racers {
            #expect((racer.position - Vec2(1, 1)).norm < 0.1, "\(racer.kind) ended at \(racer.position)")
            #expect(!racer.diverged)
        }
    }

    /// The loss history is thinned as it grows, but stays evenly spaced (entry i = step i x
    /// stride), and the observed rate uses the last 20 steps at full resolution: on the
    /// quadratic bowl it equals the predicted rate before and right after a thinning.
    @Test func theLossHistoryStaysEvenAndTheObservedRateExact() throws {
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("surface", .text("quadratic"))
        try lab.apply("condition", .number(10))
        try lab.apply("optimizers", .text("sgd"))
        for step in 1...1000 {
            lab.step()
            let racer = lab.snapshot().racers[0]
            #expect(racer.losses.count <= 401)
            #expect((racer.losses.count - 1) * racer.lossStride <= step && step < racer.losses.count * racer.lossStride)
            if [380, 400, 401, 410, 800, 805].contains(step) {
                let eigenvalues = lab.surface.hessian(racer.position).eigen.values.map(\.real)
                let predicted = try #require(ConvergenceRate.predicted(.sgd, learningRate: racer.learningRate, momentum: 0,
                                                                       eigenvalues: eigenvalues))
                let observed = try #require(ConvergenceRate.observed(losses: racer.recentLosses))
                #expect(abs(observed - predicted) < 1e-6, "step \(step): observed \(observed), predicted \(predicted)")
            }
        }
    }

    @Test func divergenceIsDetectedNotPropagated() throws {
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("optimizers", .text("sgd"))
        try lab.apply("lrScale", .number(100))
        for _ in 0..<200 { lab.step() }
        let racer = lab.snapshot().racers[0]
        #expect(racer.diverged)
        #expect(racer.trail.allSatisfy { $0.x.isFinite && $0.y.isFinite })
        #expect(racer.losses.allSatisfy { $0.isFinite })
    }

    @Test func saddleIsClassifiedAndQuadraticAdviceMatchesDistill() {
        #expect(CriticalPointKind.classify(Surface.saddle.hessian(.zero)) == .saddle)
        #expect(CriticalPointKind.classify(Surface.rosenbrock.hessian(Vec2(1, 1))) == .minimum)
        let advice = QuadraticAdvice(hessian: Surface.quadratic(condition: 100).hessian(.zero))!
        #expect(abs(advice.lambdaMin - 1) < 1e-12 && abs(advice.lambdaMax - 100) < 1e-12)
        #expect(abs(advice.bestStep - 2.0 / 101) < 1e-15)
        #expect(abs(advice.gradientDescentRate - 99.0 / 101) < 1e-15)
        #expect(abs(advice.momentumRate - 9.0 / 11) < 1e-15)  // (√100 - 1)/(√100 + 1)
        #expect(QuadraticAdvice(hessian: Surface.saddle.hessian(.zero)) == nil)
    }

    @Test func noiseIsSeeded() throws {
        func run(_ seed: UInt64) throws -> [Vec2] {
            var lab = OptimizerSimulation(seed: seed)
            try lab.apply("noise", .number(5))
            for _ in 0..<50 { lab.step() }
            return lab.snapshot().racers.map(\.position)
        }
        let first = try run(1), again = try run(1), other = try run(2)
        #expect(first == again)
        #expect(first != other)
    }
}

/// The quadratic model's predicted rates against what runs on the quadratic show.
struct ConvergenceRateTests {
    @Test func predictedMatchesObservedOnTheQuadratic() throws {
        for (kind, lr) in [(OptimizerKind.sgd, 0.015), (.momentum, 0.008)] {
            var lab = OptimizerSimulation(seed: 1)
            try lab.apply("surface", .text("quadratic"))
            try lab.apply("optimizers", .text(kind.rawValue))
            for _ in 0..<300 { lab.step() }
            let racer = lab.snapshot().racers[0]
            #expect(racer.learningRate == lr)
            let predicted = ConvergenceRate.predicted(kind, learningRate: lr, momentum: 0.9, eigenvalues: [1, 100])!
            let observed = ConvergenceRate.observed(losses: racer.losses, window: 100)!
            #expect(abs(predicted - observed) < 0.01, "\(kind): predicted \(predicted), observed \(observed)")
        }
        // Distill: at the best step, gradient descent's rate is (κ-1)/(κ+1).
        let best = QuadraticAdvice(hessian: Surface.quadratic(condition: 100).hessian(.zero))!
        let rate = ConvergenceRate.predicted(.sgd, learningRate: best.bestStep, momentum: 0, eigenvalues: [1, 100])!
        #expect(abs(rate - best.gradientDescentRate) < 1e-12)
        let heavyBall = ConvergenceRate.predicted(.momentum, learningRate: best.momentumStep, momentum: best.momentumCoefficient,
                                                  eigenvalues: [1, 100])!
        #expect(abs(heavyBall - best.momentumRate) < 1e-6)
    }
}
