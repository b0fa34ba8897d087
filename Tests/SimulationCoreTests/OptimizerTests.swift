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

    /// `racer` adds a racer at the end (focused) or removes one (the focus stays on its racer),
    /// restarting the race; it refuses an unknown name, the last racer and a seventh.
    @Test func racersJoinAndLeave() throws {
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("optimizers", .text("sgd,momentum,adam"))
        try lab.apply("focus", .integer(2))
        for _ in 0..<10 { lab.step() }
        try lab.apply("racer", .text("momentum"))
        #expect(lab.snapshot().racers.map(\.kind) == [.sgd, .adam])
        #expect(lab.snapshot().focus == 1, "the focus stays on Adam")
        #expect(lab.snapshot().racers.allSatisfy { $0.step == 0 && $0.trail == [lab.start] })
        try lab.apply("racer", .text(" AdaGrad "))
        #expect(lab.snapshot().racers.map(\.kind) == [.sgd, .adam, .adagrad] && lab.snapshot().focus == 2)
        #expect(lab.parameterValue("optimizers") == .text("sgd,adam,adagrad"))
        #expect(throws: ParameterError.self) { try lab.apply("racer", .text("lbfgs")) }
        var single = OptimizerSimulation(seed: 1)
        try single.apply("optimizers", .text("sgd"))
        #expect(throws: ParameterError.self) { try single.apply("racer", .text("sgd")) }
        try single.apply("optimizers", .text("sgd,momentum,nesterov,adagrad,rmsprop,adam"))
        #expect(throws: ParameterError.self) { try single.apply("racer", .text("adamw")) }
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

/// A racer's path is kept whole (start included) in bounded memory, thinned only where it runs
/// straight.
struct TrailPathTests {
    /// Distance from p to the segment a-b.
    func distance(_ p: Vec2, _ a: Vec2, _ b: Vec2) -> Double {
        let d = b - a, length2 = d.x * d.x + d.y * d.y
        let t = length2 == 0 ? 0 : min(1, max(0, ((p.x - a.x) * d.x + (p.y - a.y) * d.y) / length2))
        return (p - (a + t * d)).norm
    }

    @Test func theWholeZigZagSurvivesThreeThousandSteps() throws {
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("surface", .text("quadratic"))
        try lab.apply("optimizers", .text("sgd,momentum"))
        // The same racers by hand, every step kept.
        var full: [[Vec2]] = [[lab.start], [lab.start]]
        var states = lab.snapshot().racers.map { racer in
            var settings = OptimizerSettings(for: racer.kind, learningRate: racer.learningRate)
            settings.momentum = racer.kind == .momentum ? 0.9 : 0
            return OptimizerState(kind: racer.kind, settings: settings, start: lab.start)
        }
        for _ in 0..<3000 {
            lab.step()
            for index in states.indices {
                states[index].update(gradient: lab.surface.gradient(states[index].position))
                full[index].append(states[index].position)
            }
        }
        for (index, racer) in lab.snapshot().racers.enumerated() {
            let path = full[index], trail = racer.trail
            #expect(trail.count <= TrailPath.capacity && trail.count < path.count)
            #expect(trail.first == lab.start, "the start is never dropped")
            #expect(Array(trail.suffix(TrailPath.recent)) == Array(path.suffix(TrailPath.recent)), "the newest steps are all kept")
            // Only whole points of the path, in order.
            var cursor = path.startIndex
            for point in trail {
                let found = try #require(path[cursor...].firstIndex(of: point))
                cursor = found + 1
            }
            // The first ten steps (the zig-zag across the valley) are all there, and no dropped
            // point is farther than 1/200 of the plot from the drawn path.
            #expect(Array(trail.prefix(11)) == Array(path.prefix(11)), "\(racer.kind): \(trail.prefix(11)) vs \(path.prefix(11))")
            let span = lab.surface.xRange.upperBound - lab.surface.xRange.lowerBound
            let worst = path.map { p in zip(trail, trail.dropFirst()).map { distance(p, $0, $1) }.min() ?? 0 }.max() ?? 0
            #expect(worst < span / 200, "\(racer.kind): a dropped point is \(worst) from the drawn path")
        }
    }

    @Test func thinningKeepsCornersAndEnds() {
        // A straight run with one corner: the straight points go first, the corner stays.
        var path = (0...10).map { Vec2(Double($0), 0) } + (1...10).map { Vec2(10, Double($0)) }
        TrailPath.thin(&path, to: 5, keepingLast: 1)
        #expect(path.count == 5)
        #expect(path.first == Vec2(0, 0) && path.last == Vec2(10, 10))
        #expect(path.contains(Vec2(10, 0)), "\(path)")
        // Nothing to thin: untouched.
        var short = [Vec2(0, 0), Vec2(1, 1)]
        TrailPath.thin(&short, to: 1, keepingLast: 1)
        #expect(short == [Vec2(0, 0), Vec2(1, 1)])
    }
}

/// The heavy ball's rate map (Distill's phase diagram) against the iteration matrix, the closed
/// forms of the optimum, and direct simulation.
struct HeavyBallTests {
    @Test func radiusIsTheIterationMatricesSpectralRadius() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let alpha = random.uniform(0...0.05), beta = random.uniform(0...0.999), lambda = random.uniform(0.5...120)
            let polyak = Matrix2(1 + beta - alpha * lambda, -beta, 1, 0).eigen.values.map(\.length).max()!
            let distill = Matrix2(beta, lambda, -alpha * beta, 1 - alpha * lambda).eigen.values.map(\.length).max()!
            let radius = HeavyBall.radius(alpha: alpha, beta: beta, lambda: lambda)
            #expect(abs(radius - polyak) <= 1e-6 * max(1, polyak), "α \(alpha) β \(beta) λ \(lambda): \(radius) vs \(polyak)")
            #expect(abs(radius - distill) <= 1e-6 * max(1, distill))
        }
        // No momentum: gradient descent's |1 - αλ|.
        #expect(abs(HeavyBall.radius(alpha: 0.015, beta: 0, lambda: 100) - 0.5) < 1e-15)
    }

    /// α* = (2/(√λ1+√λn))², β* = ((√κ-1)/(√κ+1))² give rate (√κ-1)/(√κ+1), and no point of a
    /// fine grid does better.
    @Test func theOptimumIsPolyaksClosedForm() {
        for (low, high) in [(1.0, 100.0), (2.0, 18.0), (0.535, 823.4), (1.0, 1.0)] {
            let kappa = high / low, root = kappa.squareRoot()
            let alpha = Foundation.pow(2 / (low.squareRoot() + high.squareRoot()), 2)
            let beta = Foundation.pow((root - 1) / (root + 1), 2)
            let advice = QuadraticAdvice(hessian: Matrix2(low, 0, 0, high))!
            #expect(abs(advice.momentumStep - alpha) < 1e-15 * max(1, alpha) && abs(advice.momentumCoefficient - beta) < 1e-15)
            let best = HeavyBall.rate(alpha: alpha, beta: beta, eigenvalues: [low, high])
            #expect(abs(best - (root - 1) / (root + 1)) < 1e-6, "κ \(kappa): \(best)")
            let limit = HeavyBall.alphaLimit(eigenvalues: [low, high])
            let map = HeavyBall.phaseMap(eigenvalues: [low, high], alphaMax: limit, columns: 200, rows: 200)
            #expect(map.count == 40_000)
            #expect(map.min()! >= best - 1e-9, "κ \(kappa): the grid beats the optimum: \(map.min()!) < \(best)")
        }
        // The map's corners: β = 1 - ½/rows at the top (the ball barely damps), converging
        // only below 2(1 + β)/λmax; the edge αλ = 2(1+β) has rate 1.
        #expect(abs(HeavyBall.rate(alpha: 2 * 1.5 / 100, beta: 0.5, eigenvalues: [1, 100]) - 1) < 1e-12)
        #expect(HeavyBall.rate(alpha: 0.041, beta: 0.01, eigenvalues: [1, 100]) > 1)
    }

    /// The rate is what a run shows: ‖e_k‖ ∝ rate^k, by direct iteration and by the lab's own
    /// momentum racer on the quadratic.
    @Test func theRateIsWhatARunShows() throws {
        let eigenvalues = [1.0, 100.0]
        for (alpha, beta) in [(0.008, 0.9), (0.02, 0.3), (0.015, 0.0), (0.03, 0.8), (0.0331, 0.669)] {
            // e_{k+1} = e_k - αλ e_k + β (e_k - e_{k-1}) per eigen-direction, from e_0 = e_{-1} = 1.
            var error = eigenvalues.map { _ in (current: 1.0, previous: 1.0) }
            var norms: [Double] = []
            for _ in 0..<2000 {
                for (i, lambda) in eigenvalues.enumerated() {
                    let (e, p) = error[i]
                    error[i] = (e - alpha * lambda * e + beta * (e - p), e)
                }
                norms.append(error.map { $0.current * $0.current + $0.previous * $0.previous }.reduce(0, +).squareRoot())
            }
            let observed = Foundation.pow(norms[1999] / norms[999], 1.0 / 1000)
            let predicted = HeavyBall.rate(alpha: alpha, beta: beta, eigenvalues: eigenvalues)
            #expect(abs(observed - predicted) < 2e-3, "α \(alpha) β \(beta): run \(observed), formula \(predicted)")
        }
        var lab = OptimizerSimulation(seed: 1)
        try lab.apply("surface", .text("quadratic"))
        try lab.apply("optimizers", .text("momentum"))
        try lab.apply("momentum", .number(0.8))
        for _ in 0..<400 { lab.step() }
        let racer = lab.snapshot().racers[0]
        let predicted = HeavyBall.rate(alpha: racer.learningRate, beta: racer.momentum, eigenvalues: eigenvalues)
        let observed = try #require(ConvergenceRate.observed(losses: racer.recentLosses))
        #expect(abs(observed - predicted) < 5e-3, "the racer: \(observed) vs \(predicted)")
    }
}

/// The lab's critical point is a function of its state (Newton from the focused racer's
/// position on a 1/200 grid of the view), so the memo that spares a solve per snapshot can
/// never show another answer than a fresh lab in the same state.
struct CriticalPointAnchorTests {
    @Test func positionsInOneCellShareTheirAnchorAndTheAnswerIsAFreshSolves() throws {
        let surface = Surface.rosenbrock
        let cell = (surface.xRange.upperBound - surface.xRange.lowerBound) / 200
        let a = Vec2(surface.xRange.lowerBound + 37.2 * cell, 0.5)
        let b = Vec2(a.x + 0.2 * cell, a.y)
        #expect(OptimizerSimulation.criticalPointAnchor(a, surface: surface) == OptimizerSimulation.criticalPointAnchor(b, surface: surface))
        #expect(OptimizerSimulation.criticalPointAnchor(Vec2(.nan, 1), surface: surface).x.isNaN)
        var lab = OptimizerSimulation(seed: 1)
        for _ in 0..<50 { lab.step() }
        let memo = lab.snapshot().criticalPoint, again = lab.snapshot().criticalPoint
        let fresh = CriticalPointTest.analyse(surface, from: OptimizerSimulation.criticalPointAnchor(lab.snapshot().racers[0].position, surface: surface))
        #expect(memo == again && memo == fresh)
        #expect(memo.map { abs($0.point.x - 1) < 1e-9 && abs($0.point.y - 1) < 1e-9 && $0.verdict == .minimum } == true)
    }
}
