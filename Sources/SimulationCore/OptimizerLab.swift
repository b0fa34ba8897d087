import Foundation
import Synchronization

/// One racer as the pane sees it.
public struct RacerSnapshot: Sendable, Codable, Equatable {
    public var kind: OptimizerKind
    /// The racer's own learning rate: its demo rate on this surface times `lrScale`.
    public var learningRate: Double
    /// Its momentum μ (momentum and Nesterov; 0 for the others) and Adam's β1, β2 (Adam, AdamW).
    public var momentum: Double = 0
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var position: Vec2
    public var step: Int
    /// The whole path from the start, oldest first: every step until
    /// `TrailPath.capacity` points, then thinned where it runs straight (`TrailPath.thin`), so
    /// the start, every turn and the newest `TrailPath.recent` steps are kept.
    public var trail: [Vec2]
    /// f - f_min every `lossStride` steps from step 0 (at most 400 points, evenly spaced), for
    /// the loss chart.
    public var losses: [Double]
    /// Steps between two entries of `losses` (doubles whenever the history is thinned).
    public var lossStride: Int = 1
    /// f - f_min after each of the last 21 steps (oldest first): the current loss and the
    /// observed rate, at full resolution.
    public var recentLosses: [Double] = []
    public var diverged: Bool
    public var gradient: Vec2
    public var velocity: Vec2
    public var adaptiveScale: Vec2
    /// With constraints: one multiplier per constraint, what the racer's point implies
    /// (μ = max(0, λ + ρ g) for g ≤ 0, λ + ρ h for h = 0); empty without.
    public var multipliers: [Double] = []
    /// With constraints: each constraint's g or h at the racer's point.
    public var constraintValues: [Double] = []
}

/// What the optimizer lab's picture shows beside the surface.
public enum OptimizerView: String, Sendable, Codable, CaseIterable {
    /// The racers on the surface, their losses and the analysis at the focused racer.
    case race
    /// The primal problem next to its dual function q(μ) = min over x of L(x, μ).
    case dual
    /// The surface next to momentum's phase diagram: the heavy ball's rate over (α, β) on the
    /// quadratic model at the focused racer (`HeavyBall`).
    case phase
}

/// The optimizer lab: several optimizers racing from one start on one surface.
///
/// Invariants: deterministic from the seed (the only randomness is the gradient noise); a
/// racer that leaves the finite world (|x| > 1e6, NaN) is marked diverged and stops, so the
/// screen never shows NaN; each racer stops after `budget` steps.
public struct OptimizerSimulation: Simulation {
    public static let pane: PaneID = .optimizer
    public static let defaultRacers: [OptimizerKind] = [.sgd, .momentum, .nesterov, .rmsprop, .adam]

    public private(set) var tick: UInt64 = 0
    public private(set) var surfaceName = "rosenbrock"
    /// The formula of a user-defined surface (`surfaceName` is then "custom").
    public private(set) var customFormula: String?
    public private(set) var condition = 100.0
    public private(set) var surface = Surface.rosenbrock
    public private(set) var start = Surface.rosenbrock.start
    public private(set) var kinds = OptimizerSimulation.defaultRacers
    /// Multiplies every racer's learning rate (keys + and - of the pane).
    public private(set) var learningRateScale = 1.0
    public private(set) var momentum = 0.9
    /// Adam's β1 and β2 (also AdamW's), PyTorch's defaults unless changed.
    public private(set) var beta1 = 0.9
    public private(set) var beta2 = 0.999
    /// The constraints (up to three, inequalities and equalities) the racers must respect.
    public private(set) var constraints: [Constraint] = []
    /// The augmented Lagrangian's penalty ρ.
    public private(set) var penalty = 10.0
    /// The constrained minimum, solved independently of the racers, or why there is none.
    public private(set) var solution: KKTSolution?
    public private(set) var solutionFailure: KKTFailure?
    /// The dual problem at that solution.
    public private(set) var dual: DualAnalysis?
    public private(set) var view = OptimizerView.race
    /// Racers update their multiplier estimate λ ← max(0, λ + ρ g) every this many steps.
    public static let multiplierInterval = 20
    public private(set) var noise = 0.0
    public private(set) var budget = 3000
    public private(set) var focus = 0
    public private(set) var showGradient = true
    public private(set) var showVelocity = false
    public private(set) var showScale = false
    private var racers: [OptimizerState] = []
    private var trails: [[Vec2]] = []
    private var losses: [[Double]] = []
    private var lossStrides: [Int] = []
    private var recentLosses: [[Double]] = []
    private var diverged: [Bool] = []
    /// Each racer's multiplier estimates λ (augmented Lagrangian), one per constraint.
    private var multipliers: [[Double]] = []
    private var solutionKey: String?
    private var random: SeededRandom
    private let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        random = SeededRandom(seed: seed ^ 0x0971_AB1E)
        restart()
    }

    /// The learning rate each optimizer races with on a surface: a rate that shows the method
    /// at its best there (PyTorch's defaults are far too slow or unstable for some surfaces).
    public static func demoLearningRate(_ kind: OptimizerKind, surface: String) -> Double {
        let steep = ["rosenbrock", "beale", "goldstein-price", "himmelblau"].contains(surface)
        switch kind {
        case .sgd, .momentum, .nesterov:
            switch surface {
            case "rosenbrock": return kind == .sgd ? 4e-4 : 2e-4
            case "goldstein-price": return 1e-5
            case "beale": return 1e-3
            case "himmelblau": return 5e-3
            case "quadratic": return kind == .sgd ? 0.015 : 0.008
            case "rastrigin": return 2e-3
            default: return 0.02
            }
        case .adagrad: return steep ? 0.3 : 0.5
        case .rmsprop: return steep ? 0.01 : 0.03
        case .adam, .adamw: return steep ? 0.05 : 0.1
        }
    }

    public mutating func step() {
        tick += 1
        for index in racers.indices where !diverged[index] && racers[index].step < budget {
            let here = racers[index].position
            var g = surface.gradient(here)
            if !constraints.isEmpty {
                g = AugmentedLagrangian.gradient(problem, at: here, estimates: multipliers[index], penalty: penalty)
            }
            if noise > 0 { g += Vec2(noise * random.gaussian(), noise * random.gaussian()) }
            racers[index].update(gradient: g)
            let p = racers[index].position
            if !constraints.isEmpty, racers[index].step % Self.multiplierInterval == 0 {
                multipliers[index] = AugmentedLagrangian.multipliers(problem, at: p, estimates: multipliers[index], penalty: penalty)
            }
            // Diverged: the iterate left the finite world, or f did (log x as x -> 0, f unbounded
            // below, or a formula undefined there).
            let loss = lossValue(p)
            if !(p.x.isFinite && p.y.isFinite) || abs(p.x) > 1e6 || abs(p.y) > 1e6 || !loss.isFinite {
                diverged[index] = true
                continue
            }
            TrailPath.append(p, to: &trails[index])
            recentLosses[index].append(loss)
            if recentLosses[index].count > 21 { recentLosses[index].removeFirst() }
            // The chart's history stays evenly spaced: one entry every `stride` steps, thinned
            // to every other entry (and the stride doubled) when it passes 400.
            if racers[index].step % lossStrides[index] == 0 {
                losses[index].append(loss)
                if losses[index].count > 400 {
                    losses[index] = StridedHistory.halved(losses[index])
                    lossStrides[index] *= 2
                }
            }
        }
    }

    /// The surface with the constraints.
    public var problem: ConstrainedProblem { ConstrainedProblem(surface: surface, constraints: constraints) }

    /// What the loss chart shows: f - f* without constraints; with them, |f - f(x*)| plus the
    /// constraints' violations (x* the constrained minimum), which is 0 exactly at x*.
    func lossValue(_ p: Vec2) -> Double {
        guard !constraints.isEmpty else { return surface.value(p) - surface.minimumValue }
        let target = solution?.value ?? surface.minimumValue
        return abs(surface.value(p) - target) + constraints.reduce(0) { $0 + $1.violation(p) }
    }

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        func fail(_ reason: String) -> ParameterError { ParameterError(pane: Self.pane, parameter: parameter, reason: reason) }
        switch (parameter, value) {
        case ("surface", .text(let name)):
            if let chosen = Surface.named(name, condition: condition) {
                surfaceName = name.lowercased()
                customFormula = nil
                surface = chosen
                start = chosen.start
            } else {
                // Anything else is a formula in x and y.
                do {
                    surface = try Surface.custom(name)
                } catch let error as ExpressionError {
                    throw fail("column \(error.column) of '\(name)': \(error.message) (or a surface: "
                               + Surface.builtInNames.joined(separator: ", ") + ")")
                }
                surfaceName = "custom"
                customFormula = name
                start = surface.start
            }
            restart()
        case ("surfaceStep", .integer(let delta)):
            let names = Surface.builtInNames
            let index = names.firstIndex(of: surfaceName) ?? 0
            try set("surface", to: .text(names[((index + delta) % names.count + names.count) % names.count]))
        case ("condition", .number(let kappa)):
            guard kappa >= 1, kappa <= 1e4 else { throw fail("condition number must be in [1, 10000]") }
            condition = kappa
            if surfaceName == "quadratic" {
                surface = .quadratic(condition: kappa)
                restart()
            }
        case ("start", .vector(let point)):
            // Racers stop as diverged beyond 1e6: a start must be inside that.
            guard point.count == 2, point.allSatisfy({ $0.isFinite && abs($0) <= 1e6 }) else {
                throw fail("needs two finite numbers x,y within ±1e6")
            }
            start = Vec2(point[0], point[1])
            restart()
        case ("startStep", .vector(let delta)):
            guard delta.count == 2, delta.allSatisfy(\.isFinite) else { throw fail("needs two finite numbers dx,dy") }
            let span = (surface.xRange.upperBound - surface.xRange.lowerBound) / 40
            start = Vec2(min(max(start.x + delta[0] * span, surface.xRange.lowerBound), surface.xRange.upperBound),
                         min(max(start.y + delta[1] * span, surface.yRange.lowerBound), surface.yRange.upperBound))
            restart()
        case ("optimizers", .text(let list)):
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let chosen = names.compactMap(OptimizerKind.init(rawValue:))
            guard chosen.count == names.count, !chosen.isEmpty, chosen.count <= 6 else {
                throw fail("needs 1-6 of " + OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            kinds = chosen
            focus = 0
            restart()
        case ("racer", .text(let name)):
            // One racer in or out: a new one joins at the end (and takes the focus), a racing
            // one leaves (the focus stays on the racer it was on, or goes to the first).
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            let all = OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")
            guard let kind = OptimizerKind(rawValue: key) else { throw fail("unknown optimizer '\(name)'; optimizers: " + all) }
            let focused = kinds.indices.contains(focus) ? kinds[focus] : nil
            if let index = kinds.firstIndex(of: kind) {
                guard kinds.count > 1 else { throw fail("the last racer cannot leave; add another first") }
                kinds.remove(at: index)
                focus = focused.flatMap { kinds.firstIndex(of: $0) } ?? 0
            } else {
                guard kinds.count < 6 else { throw fail("at most 6 racers; remove one first") }
                kinds.append(kind)
                focus = kinds.count - 1
            }
            restart()
        case ("lrScale", .number(let scale)):
            guard scale > 0, scale.isFinite else { throw fail("needs a positive number") }
            learningRateScale = min(max(scale, 1e-3), 1e3)
            restart()
        case ("lrFactor", .number(let factor)):
            guard factor > 0, factor.isFinite else { throw fail("needs a positive number") }
            learningRateScale = min(max(learningRateScale * factor, 1e-3), 1e3)
            restart()
        case ("momentum", .number(let mu)):
            guard mu >= 0, mu < 1 else { throw fail("momentum must be in [0, 1)") }
            momentum = mu
            restart()
        case ("noise", .number(let sigma)):
            guard sigma >= 0, sigma <= 1000 else { throw fail("noise must be a number in [0, 1000]") }
            noise = sigma
            restart()
        case ("beta1", .number(let beta)):
            guard beta >= 0, beta < 1 else { throw fail("β1 must be in [0, 1)") }
            beta1 = beta
            restart()
        case ("beta2", .number(let beta)):
            guard beta >= 0, beta < 1 else { throw fail("β2 must be in [0, 1)") }
            beta2 = beta
            restart()
        case ("constraint", .text(let text)):
            constraints = try Self.parseConstraints(text, start: start, fail: fail)
            restart()
        case ("penalty", .number(let rho)):
            guard rho > 0, rho <= 1e6 else { throw fail("penalty ρ must be in (0, 1000000]") }
            penalty = rho
            restart()
        case ("budget", .integer(let steps)):
            guard steps >= 1, steps <= 1_000_000 else { throw fail("budget must be 1...1000000 steps") }
            budget = steps
        case ("focus", .integer(let index)):
            guard kinds.indices.contains(index) else { throw fail("racer must be 0...\(kinds.count - 1)") }
            focus = index
        case ("focusStep", .integer(let delta)):
            focus = ((focus + delta) % kinds.count + kinds.count) % kinds.count
        case ("gradient", .flag(let on)): showGradient = on
        case ("velocity", .flag(let on)): showVelocity = on
        case ("scale", .flag(let on)): showScale = on
        case ("restart", .flag(true)): restart()
        case ("view", .text(let name)):
            guard let chosen = OptimizerView(rawValue: name) else {
                throw fail("unknown view '\(name)'; views: " + OptimizerView.allCases.map(\.rawValue).joined(separator: ", "))
            }
            view = chosen
        default:
            throw ParameterError.wrongKind(pane: Self.pane, parameter: parameter, got: value, expected: parameterValue(parameter))
        }
    }


    public func parameterValue(_ parameter: String) -> ParameterValue? {
        switch parameter {
        case "surface": return .text(customFormula ?? surfaceName)
        case "condition": return .number(condition)
        case "start": return .vector([start.x, start.y])
        case "lrScale": return .number(learningRateScale)
        case "momentum": return .number(momentum)
        case "noise": return .number(noise)
        case "beta1": return .number(beta1)
        case "beta2": return .number(beta2)
        case "penalty": return .number(penalty)
        case "budget": return .integer(budget)
        case "constraint": return .text(constraints.map(\.text).joined(separator: "; "))
        case "view": return .text(view.rawValue)
        case "optimizers": return .text(kinds.map(\.rawValue).joined(separator: ","))
        case "focus": return .integer(focus)
        case "gradient": return .flag(showGradient)
        case "velocity": return .flag(showVelocity)
        case "scale": return .flag(showScale)
        default: return nil
        }
    }

    /// In the order `reset` re-applies them: the condition number before the surface (the
    /// quadratic is built with it), the surface before the start (a surface brings its own start),
    /// the racers before the racer in focus, the start before a constraint (checked there).
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("condition", [.number], .state, "the quadratic surface's condition number κ, in [1, 10000]"),
        ParameterSpec("surface", [.text], .state, "a surface (" + Surface.builtInNames.joined(separator: ", ") + ") or a formula in x and y"),
        ParameterSpec("surfaceStep", [.integer], .step, "the next (+1) or previous (-1) surface"),
        ParameterSpec("start", [.vector], .state, "where the racers start: x,y"),
        ParameterSpec("startStep", [.vector], .step, "moves the start by dx,dy fortieths of the plot"),
        ParameterSpec("optimizers", [.text], .state, "1-6 racers: " + OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")),
        ParameterSpec("racer", [.text], .step, "adds the optimizer named (at the end, in focus) or removes it if it races"),
        ParameterSpec("focus", [.integer], .state, "the racer whose numbers are shown (0 = first)"),
        ParameterSpec("focusStep", [.integer], .step, "the next or previous racer"),
        ParameterSpec("lrScale", [.number], .state, "multiplies every racer's demo learning rate (1e-3...1e3)"),
        ParameterSpec("lrFactor", [.number], .step, "multiplies that scale by this factor"),
        ParameterSpec("momentum", [.number], .state, "momentum μ of the momentum and Nesterov racers, in [0, 1)"),
        ParameterSpec("noise", [.number], .state, "gradient noise σ (stochastic gradients), in [0, 1000]"),
        ParameterSpec("beta1", [.number], .state, "Adam's β1, in [0, 1)"),
        ParameterSpec("beta2", [.number], .state, "Adam's and AdamW's β2, in [0, 1) (RMSprop's own average keeps α = 0.99)"),
        ParameterSpec("constraint", [.text], .state, "up to 3 constraints separated by ';': g(x, y) <= 0, >= or = (e.g. x + y >= 1; x = y); empty or none removes them"),
        ParameterSpec("penalty", [.number], .state, "the augmented Lagrangian's penalty ρ, in (0, 1000000]"),
        ParameterSpec("budget", [.integer], .state, "steps each racer takes before it stops (1...1000000)"),
        ParameterSpec("gradient", [.flag], .state, "draw the gradient arrow"),
        ParameterSpec("velocity", [.flag], .state, "draw the velocity arrow"),
        ParameterSpec("scale", [.flag], .state, "draw AdaGrad's / RMSprop's / Adam's per-axis step scale"),
        ParameterSpec("restart", [.flag], .action, "true sends every racer back to the start"),
        ParameterSpec("view", [.text], .state, "race (the surface), dual (the dual function beside the primal) or phase (momentum's rate over step size α and momentum β beside the surface)"),
    ]

    /// "g1; g2; h" as constraints, each finite at the start (where the racers set off).
    static func parseConstraints(_ text: String, start: Vec2, fail: (String) -> ParameterError) throws -> [Constraint] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.lowercased() != "none" else { return [] }
        let parsed: [Constraint]
        do { parsed = try Constraint.list(trimmed) } catch let error as ExpressionError {
            throw fail("column \(error.column) of '\(trimmed)': \(error.message)")
        }
        // A constraint undefined where the racers start (x/0, log of a negative) has no KKT story.
        for constraint in parsed {
            let g = constraint.gradient(start)
            guard constraint.value(start).isFinite, g.x.isFinite, g.y.isFinite else {
                throw fail("'\(constraint.text)' is not finite at the start (\(start.x), \(start.y))")
            }
        }
        return parsed
    }

    /// Every racer back to the start with fresh state (and the noise from the seed again).
    private mutating func restart() {
        random = SeededRandom(seed: seed ^ 0x0971_AB1E)
        racers = kinds.map { kind in
            var settings = OptimizerSettings(for: kind, learningRate: Self.demoLearningRate(kind, surface: surfaceName) * learningRateScale)
            if kind == .momentum || kind == .nesterov { settings.momentum = momentum }
            settings.beta1 = beta1
            settings.beta2 = beta2
            return OptimizerState(kind: kind, settings: settings, start: start)
        }
        trails = kinds.map { _ in [start] }
        multipliers = kinds.map { _ in constraints.map { _ in 0 } }
        solveReferences()
        losses = kinds.map { _ in [lossValue(start)] }
        lossStrides = kinds.map { _ in 1 }
        recentLosses = kinds.map { _ in [lossValue(start)] }
        diverged = kinds.map { _ in false }
    }

    /// The constrained minimum and the dual (they depend on the surface and the constraints,
    /// not the start).
    private mutating func solveReferences() {
        let surfaceKey = "\(surfaceName)|\(customFormula ?? "")|\(condition)"
        let key = constraints.isEmpty ? nil : surfaceKey + "|" + constraints.map(\.text).joined(separator: ";")
        if key != solutionKey {
            solutionKey = key
            (solution, solutionFailure, dual) = (nil, nil, nil)
            if key != nil {
                switch KKTSolver.solve(problem, start: surface.start, xRange: surface.xRange, yRange: surface.yRange) {
                case .success(let found):
                    solution = found
                    dual = LagrangeDual.analyse(problem, solution: found,
                                                box: LagrangeDual.Box(xRange: surface.xRange, yRange: surface.yRange))
                case .failure(let failure):
                    solutionFailure = failure
                }
            }
        }
    }

    /// Without constraints: the critical point Newton's method reaches from the focused racer
    /// (or else from the start), and which optimality conditions hold there. Newton starts from
    /// the racer's position rounded to a 1/200 of the surface's view (`criticalPointAnchor`), so
    /// the answer is a function of the state that a memo can keep while the racer stays in that
    /// cell: a snapshot 30 times a second does not solve again for a point it has just found.
    public var criticalPoint: CriticalPointTest? {
        guard constraints.isEmpty else { return nil }
        let here = racers.indices.contains(focus) && !diverged[focus] ? racers[focus].position : start
        let key = CriticalPointMemo.Key(surface: surfaceName, formula: customFormula, condition: condition,
                                        anchor: Self.criticalPointAnchor(here, surface: surface), start: start)
        return CriticalPointMemo.value(for: key) {
            CriticalPointTest.analyse(surface, from: key.anchor) ?? CriticalPointTest.analyse(surface, from: start)
        }
    }

    /// `point` rounded to a grid of 1/200 of the surface's view on each axis (a point outside
    /// the view, or not finite, is kept as it is).
    public static func criticalPointAnchor(_ point: Vec2, surface: Surface) -> Vec2 {
        func rounded(_ value: Double, _ range: ClosedRange<Double>) -> Double {
            let cell = (range.upperBound - range.lowerBound) / 200
            guard value.isFinite, cell > 0, range.contains(value) else { return value }
            return range.lowerBound + ((value - range.lowerBound) / cell).rounded() * cell
        }
        return Vec2(rounded(point.x, surface.xRange), rounded(point.y, surface.yRange))
    }

    public func snapshot() -> OptimizerSnapshot {
        OptimizerSnapshot(
            tick: tick, surfaceName: surfaceName, customFormula: customFormula, condition: condition, start: start,
            racers: racers.indices.map { index in
                let racer = racers[index]
                return RacerSnapshot(kind: racer.kind, learningRate: racer.settings.learningRate, momentum: racer.settings.momentum,
                                     beta1: racer.settings.beta1, beta2: racer.settings.beta2, position: racer.position,
                                     step: racer.step, trail: trails[index], losses: losses[index],
                                     lossStride: lossStrides[index], recentLosses: recentLosses[index], diverged: diverged[index],
                                     gradient: surface.gradient(racer.position), velocity: racer.lastStep,
                                     adaptiveScale: racer.adaptiveScale,
                                     multipliers: AugmentedLagrangian.multipliers(problem, at: racer.position,
                                                                                  estimates: multipliers[index], penalty: penalty),
                                     constraintValues: constraints.map { $0.value(racer.position) })
            },
            learningRateScale: learningRateScale, momentum: momentum, beta1: beta1, beta2: beta2,
            constraint: constraints.isEmpty ? nil : constraints.map(\.text).joined(separator: "; "), penalty: penalty,
            solution: solution, solutionFailure: solutionFailure?.description, solutionFailureShort: solutionFailure?.short,
            dual: dual, criticalPoint: criticalPoint, view: view,
            noise: noise, budget: budget, focus: focus, showGradient: showGradient, showVelocity: showVelocity, showScale: showScale)
    }
}

/// What the optimizer pane draws from. The surface itself is looked up by name (it holds
/// functions, which a snapshot does not carry).
public struct OptimizerSnapshot: SimulationSnapshot {
    public var tick: UInt64
    public var surfaceName: String
    public var customFormula: String?
    public var condition: Double
    public var start: Vec2
    public var racers: [RacerSnapshot]
    public var learningRateScale: Double
    public var momentum: Double
    public var beta1: Double
    public var beta2: Double
    /// The constraints as typed, separated by "; " (`constraintFunctions` parses them), nil without.
    public var constraint: String?
    public var penalty: Double
    /// The constrained minimum, or why there is none (in full and in a few words).
    public var solution: KKTSolution?
    public var solutionFailure: String?
    public var solutionFailureShort: String?
    public var dual: DualAnalysis?
    public var criticalPoint: CriticalPointTest?
    public var view: OptimizerView
    public var noise: Double
    public var budget: Int
    public var focus: Int
    public var showGradient: Bool
    public var showVelocity: Bool
    public var showScale: Bool

    public var surface: Surface {
        if let customFormula, let custom = try? Surface.custom(customFormula) { return custom }
        return Surface.named(surfaceName, condition: condition) ?? .rosenbrock
    }

    public var constraintFunctions: [Constraint] { constraint.flatMap { try? Constraint.list($0) } ?? [] }

    public var problem: ConstrainedProblem { ConstrainedProblem(surface: surface, constraints: constraintFunctions) }
}

extension PaneID {
    /// The optimizer lab's pane.
    public static let optimizer = PaneID("optimizer")
}

extension OptimizerSimulation {
    /// The surface (by name or formula) and constraint (as typed), the race's settings, and each
    /// racer's state and histories; the constrained minimum is solved again from them.
    public struct Checkpoint: Codable, Sendable, Equatable {
        var tick: UInt64
        var seed: UInt64
        var surfaceName: String
        var customFormula: String?
        var condition: Double
        var start: Vec2
        var kinds: [OptimizerKind]
        var learningRateScale: Double
        var momentum: Double
        var beta1: Double
        var beta2: Double
        var constraints: [String]
        var view: OptimizerView
        var penalty: Double
        var noise: Double
        var budget: Int
        var focus: Int
        var showGradient: Bool
        var showVelocity: Bool
        var showScale: Bool
        var racers: [OptimizerState]
        var trails: [[Vec2]]
        var losses: [[Double]]
        var lossStrides: [Int]
        var recentLosses: [[Double]]
        var diverged: [Bool]
        var multipliers: [[Double]]
        var random: SeededRandom
    }

    public var checkpoint: Checkpoint {
        Checkpoint(tick: tick, seed: seed, surfaceName: surfaceName, customFormula: customFormula, condition: condition,
                   start: start, kinds: kinds, learningRateScale: learningRateScale, momentum: momentum, beta1: beta1,
                   beta2: beta2, constraints: constraints.map(\.text), view: view, penalty: penalty, noise: noise, budget: budget, focus: focus,
                   showGradient: showGradient, showVelocity: showVelocity, showScale: showScale, racers: racers,
                   trails: trails, losses: losses, lossStrides: lossStrides, recentLosses: recentLosses,
                   diverged: diverged, multipliers: multipliers, random: random)
    }

    public init(checkpoint c: Checkpoint) throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "optimizer", message())
        }
        let surface: Surface
        if let formula = c.customFormula {
            try require(c.surfaceName == "custom", "a formula belongs to the custom surface")
            do { surface = try Surface.custom(formula) } catch { throw CheckpointError("optimizer: the surface formula does not parse") }
        } else {
            try require(Surface.builtInNames.contains(c.surfaceName), "no surface named like that")
            surface = Surface.named(c.surfaceName, condition: c.condition)!
        }
        try require(c.constraints.count <= 3, "at most 3 constraints")
        let constraints: [Constraint]
        do {
            constraints = try Self.parseConstraints(c.constraints.joined(separator: "; "), start: c.start) {
                ParameterError(pane: Self.pane, parameter: "constraint", reason: $0)
            }
        } catch { throw CheckpointError("optimizer: the constraints do not parse or are not finite at the start") }
        try require((1...1e4).contains(c.condition), "the condition number must be in [1, 10000]")
        try require(c.start.x.isFinite && c.start.y.isFinite && abs(c.start.x) <= 1e6 && abs(c.start.y) <= 1e6, "the start must be finite within ±1e6")
        try require((1e-3...1e3).contains(c.learningRateScale), "the rate scale must be in [0.001, 1000]")
        try require((0..<1).contains(c.momentum) && (0..<1).contains(c.beta1) && (0..<1).contains(c.beta2), "momentum and betas must be in [0, 1)")
        try require(c.penalty > 0 && c.penalty <= 1e6 && (0...1000).contains(c.noise), "penalty or noise out of range")
        try require((1...1_000_000).contains(c.budget), "the budget must be 1...1000000 steps")
        let n = c.kinds.count
        try require((1...6).contains(n) && c.kinds.indices.contains(c.focus), "needs 1-6 racers and a focus among them")
        try require([c.racers.count, c.trails.count, c.losses.count, c.lossStrides.count, c.recentLosses.count,
                     c.diverged.count, c.multipliers.count].allSatisfy { $0 == n }, "every racer needs its state and histories")
        try require(c.multipliers.allSatisfy { $0.count == c.constraints.count && $0.allSatisfy(\.isFinite) },
                    "a racer needs one finite multiplier per constraint")
        try require(zip(c.racers, c.kinds).allSatisfy { $0.kind == $1 && (0...1_000_000).contains($0.step) }, "a racer's kind or step count is wrong")
        try require(c.trails.allSatisfy { (1...TrailPath.capacity).contains($0.count) } && c.losses.allSatisfy { $0.count <= 400 }
                    && c.recentLosses.allSatisfy { $0.count <= 21 }, "a racer's history is too long")
        try require(c.lossStrides.allSatisfy { (1...(1 << 20)).contains($0) }, "a loss stride must be 1...2^20")
        try require(c.random.isValidState, "the random state is all zero")
        self.init(seed: c.seed)
        (tick, surfaceName, customFormula, condition, start) = (c.tick, c.surfaceName, c.customFormula, c.condition, c.start)
        (self.surface, self.constraints, kinds, learningRateScale, view) = (surface, constraints, c.kinds, c.learningRateScale, c.view)
        (momentum, beta1, beta2, penalty, noise, budget, focus) = (c.momentum, c.beta1, c.beta2, c.penalty, c.noise, c.budget, c.focus)
        (showGradient, showVelocity, showScale) = (c.showGradient, c.showVelocity, c.showScale)
        solveReferences()
        (racers, trails, losses, lossStrides, recentLosses) = (c.racers, c.trails, c.losses, c.lossStrides, c.recentLosses)
        (diverged, multipliers, random) = (c.diverged, c.multipliers, c.random)
    }
}

/// A racer's whole path in bounded memory. Every point is kept until `capacity`; then the
/// points that matter least to the picture are merged into their neighbours, a quarter of the
/// capacity at a time (Visvalingam–Whyatt: drop the point whose triangle with its two
/// neighbours has the smallest area, i.e. where the path runs straightest), never the start and
/// never the newest `recent` points. A zig-zag's corners have large triangles and survive; a
/// straight run along a valley floor shrinks to its ends.
public enum TrailPath {
    public static let capacity = 600
    public static let recent = 120

    /// Appends `point`, thinning the older part once the path passes `capacity`.
    public static func append(_ point: Vec2, to path: inout [Vec2]) {
        path.append(point)
        if path.count > capacity { thin(&path, to: capacity * 3 / 4, keepingLast: recent) }
    }

    /// Removes interior points, smallest triangle first (ties: the older), until at most
    /// `target` remain or only the start and the last `keepingLast` are left. Within one pass
    /// no two neighbours are removed, so each removal's area is the one it was ranked by; passes
    /// repeat with fresh areas until enough are gone.
    public static func thin(_ path: inout [Vec2], to target: Int, keepingLast: Int) {
        while path.count > target {
            let end = path.count - max(1, keepingLast)  // candidates: 1..<end
            guard end > 1 else { return }
            func area(_ i: Int) -> Double {
                let a = path[i - 1], b = path[i], c = path[i + 1]
                return abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2
            }
            let areas: [(area: Double, index: Int)] = (1..<end).map { (area($0), $0) }
            let ranked = areas.sorted { (a, b) -> Bool in a.area < b.area || (a.area == b.area && a.index < b.index) }
            var removed = [Bool](repeating: false, count: path.count)
            var count = 0
            for (_, i) in ranked where count < path.count - target {
                guard !removed[i - 1], !removed[i + 1] else { continue }
                removed[i] = true
                count += 1
            }
            guard count > 0 else { return }
            path = path.indices.compactMap { removed[$0] ? nil : path[$0] }
        }
    }
}

/// The last critical point found, by what determines it: a pure memo (the same key always
/// gives the same answer), shared by every copy of the lab.
enum CriticalPointMemo {
    struct Key: Equatable, Sendable {
        var surface: String
        var formula: String?
        var condition: Double
        var anchor: Vec2
        var start: Vec2
    }

    private static let last = Mutex<(key: Key, value: CriticalPointTest?)?>(nil)

    static func value(for key: Key, compute: () -> CriticalPointTest?) -> CriticalPointTest? {
        if let hit = last.withLock({ $0?.key == key ? $0 : nil }) { return hit.value }
        let value = compute()
        last.withLock { $0 = (key, value) }
        return value
    }
}
