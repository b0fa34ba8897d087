import Foundation

/// What the information lab shows.
public enum EntropyMode: String, Codable, Sendable, CaseIterable {
    /// The binary-entropy curve H(p) with a movable (or sweeping) p.
    case binary
    /// Two distributions P and Q as bars: entropies, cross-entropy, KL both ways.
    case distributions
    /// Logits -> softmax with temperature, its entropy and Jacobian.
    case softmax
    /// Analytic derivatives against forward / central differences; error versus step size.
    case gradcheck
    /// A rare-event probability by plain Monte Carlo and by importance sampling.
    case sampling
    /// Inverse-transform sampling: uniform samples through F⁻¹, the histogram against the density.
    case inverse

    public var title: String {
        switch self {
        case .binary: return "binary entropy"
        case .distributions: return "P and Q"
        case .softmax: return "softmax"
        case .gradcheck: return "gradient check"
        case .sampling: return "sampling"
        case .inverse: return "inverse transform"
        }
    }
}

/// A named distribution to start from.
public struct DistributionPreset: Sendable, Equatable {
    public var name: String
    public var probabilities: [Double]

    /// Fair coin, biased coin, fair die (2.585 bits), yut (2.0306 bits), one-hot, uniform over 4.
    public static let all: [DistributionPreset] = [
        DistributionPreset(name: "fair coin", probabilities: [0.5, 0.5]),
        DistributionPreset(name: "biased coin", probabilities: [0.9, 0.1]),
        DistributionPreset(name: "fair die", probabilities: Array(repeating: 1.0 / 6, count: 6)),
        DistributionPreset(name: "yut", probabilities: [4.0 / 16, 6.0 / 16, 4.0 / 16, 1.0 / 16, 1.0 / 16]),
        DistributionPreset(name: "one-hot", probabilities: [1, 0, 0, 0]),
        DistributionPreset(name: "uniform", probabilities: [0.25, 0.25, 0.25, 0.25]),
    ]

    public static func named(_ name: String) -> DistributionPreset? {
        all.first { $0.name.lowercased().hasPrefix(name.lowercased()) }
    }
}

/// A function whose derivative the gradient-check view verifies.
public enum CheckedFunction: String, Codable, Sendable, CaseIterable {
    case sigmoid, logit, binaryEntropy = "binary-entropy", softmaxCrossEntropy = "softmax-ce", sine
    /// KL(P‖Q) and H(P, Q) as functions of one q_j (the others held): the same slope -p_j/(q_j ln 2).
    case klQ = "kl-q", crossEntropyQ = "cross-entropy-q"

    public var title: String {
        switch self {
        case .sigmoid: return "σ(x), σ(1-σ)"
        case .logit: return "logit(x), 1/(x(1-x))"
        case .binaryEntropy: return "H(x), log2((1-x)/x)"
        case .softmaxCrossEntropy: return "-log softmax(x,0,1)[0]"
        case .sine: return "sin x, cos x"
        case .klQ: return "∂KL/∂qj = -pj/(qj ln 2)"
        case .crossEntropyQ: return "∂CE/∂qj = -pj/(qj ln 2)"
        }
    }

    /// Whether x is a probability q_j of the lab's Q (so it stays in (0, 1)).
    public var isOverQ: Bool { self == .klQ || self == .crossEntropyQ }

    /// The function and its exact derivative; `kl-q` and `cross-entropy-q` in bits, of x = q_j
    /// with P and the rest of Q held (Q is not renormalised: the partial derivative the notes take).
    public func pair(p: [Double], q: [Double], outcome j: Int) -> (f: @Sendable (Double) -> Double, derivative: @Sendable (Double) -> Double) {
        guard isOverQ, p.indices.contains(j), q.count == p.count else { return pair }
        @Sendable func replaced(_ x: Double) -> [Double] { var q = q; q[j] = x; return q }
        let kl = self == .klQ, pj = p[j]
        return ({ kl ? InfoTheory.klDivergence(p, replaced($0)) : InfoTheory.crossEntropy(p, replaced($0)) },
                { -pj / ($0 * log(2)) })
    }

    /// The function and its exact derivative.
    public var pair: (f: @Sendable (Double) -> Double, derivative: @Sendable (Double) -> Double) {
        switch self {
        case .sigmoid: return (Logistic.sigmoid, Logistic.sigmoidDerivative)
        case .logit: return (Logistic.logit, Logistic.logitDerivative)
        case .binaryEntropy: return ({ InfoTheory.binaryEntropy($0) }, { InfoTheory.binaryEntropyDerivative($0) })
        case .softmaxCrossEntropy:
            return ({ -Logistic.logSoftmax([$0, 0, 1])[0] }, { Logistic.crossEntropyGradient([$0, 0, 1], target: 0)[0] })
        case .sine: return (sin, cos)
        case .klQ, .crossEntropyQ:
            // Without P and Q: P = Q = (½, ½), j = 0.
            return CheckedFunction.klQ.pair(p: [0.5, 0.5], q: [0.5, 0.5], outcome: 0)
        }
    }

    /// Where the check is made unless the user moves it (inside the domain).
    public var defaultPoint: Double { self == .logit || self == .binaryEntropy || isOverQ ? 0.3 : 0.7 }
}

/// The information lab: a coin, two distributions, logits, a derivative to check, and two
/// running estimators — with the animation clocks.
///
/// Invariants: P and Q are always distributions over the same outcomes (renormalised after
/// every edit); the temperature is in [0.05, 20]; all randomness (the sampling view) comes
/// from the seed.
public struct EntropySimulation: Simulation {
    public static let pane: PaneID = .entropy
    public static let transitionSteps = 15
    /// Samples drawn per step by each estimator.
    public static let samplesPerStep = 20

    public private(set) var tick: UInt64 = 0
    public private(set) var mode: EntropyMode = .distributions
    // Binary entropy.
    public private(set) var coin = 0.3
    public private(set) var sweep = true
    private var sweepPhase = 0.0
    // Distributions.
    public private(set) var p: [Double] = DistributionPreset.all[3].probabilities
    public private(set) var q: [Double] = Array(repeating: 0.2, count: 5)
    private var fromP: [Double] = DistributionPreset.all[3].probabilities
    private var fromQ: [Double] = Array(repeating: 0.2, count: 5)
    private var transition = EntropySimulation.transitionSteps
    public private(set) var presetName: String? = "yut"
    public private(set) var editingQ = false
    public private(set) var selected = 0
    // Softmax.
    public private(set) var logits: [Double] = [2, 1, 0.1, -1]
    public private(set) var temperature = 1.0
    public private(set) var temperatureSweep = false
    private var temperaturePhase = 0.0
    // Gradient check.
    public private(set) var function: CheckedFunction = .sigmoid
    public private(set) var point = CheckedFunction.sigmoid.defaultPoint
    // Sampling.
    private var random: SeededRandom
    public private(set) var estimate = RareEventEstimate()
    private var history: [EstimatePoint] = []
    // Inverse-transform sampling (its own stream, so the other estimators' draws do not move).
    public private(set) var inverse = InverseTransformSampler()
    private var inverseRandom: SeededRandom
    private let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        random = SeededRandom(seed: seed ^ 0x1A2B_3C4D)
        inverseRandom = SeededRandom(seed: seed ^ 0x1F0E_45E5)
    }

    public mutating func step() {
        tick += 1
        if transition < Self.transitionSteps { transition += 1 }
        if sweep && mode == .binary {
            sweepPhase += 2 * .pi / 240  // one sweep 0 -> 1 -> 0 in 8 s at 30 steps/s
            coin = (0.5 - 0.5 * cos(sweepPhase)).clamped(to: 0.001...0.999)
        }
        if temperatureSweep && mode == .softmax {
            temperaturePhase += 2 * .pi / 300
            temperature = exp(log(0.1) + (log(10) - log(0.1)) * (0.5 - 0.5 * cos(temperaturePhase)))
        }
        if mode == .sampling {
            for _ in 0..<Self.samplesPerStep { estimate.sample(using: &random) }
            history.append(EstimatePoint(samples: estimate.plain.count, plain: estimate.plain.mean,
                                         importance: estimate.importance.mean))
            if history.count > 600 { history = StridedHistory.halved(history) }
        }
        if mode == .inverse {
            for _ in 0..<Self.samplesPerStep { inverse.sample(using: &inverseRandom) }
        }
    }

    /// P and Q on screen: eased towards the targets after a preset change.
    public var shown: (p: [Double], q: [Double]) {
        let t = Double(transition) / Double(Self.transitionSteps)
        let e = t * t * (3 - 2 * t)
        guard fromP.count == p.count, fromQ.count == q.count, e < 1 else { return (p, q) }
        return (zip(fromP, p).map { $0 + e * ($1 - $0) }, zip(fromQ, q).map { $0 + e * ($1 - $0) })
    }

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        func fail(_ reason: String) -> ParameterError { ParameterError(pane: Self.pane, parameter: parameter, reason: reason) }
        switch (parameter, value) {
        case ("mode", .text(let name)):
            guard let newMode = EntropyMode(rawValue: name) else {
                throw fail("unknown mode '\(name)'; modes: " + EntropyMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            mode = newMode
        case ("modeStep", .integer(let delta)):
            let all = EntropyMode.allCases
            mode = all[((all.firstIndex(of: mode)! + delta) % all.count + all.count) % all.count]
        case ("coin", .number(let value)):
            guard value >= 0, value <= 1 else { throw fail("needs a probability in [0, 1]") }
            coin = value
            sweep = false
        case ("coinStep", .number(let delta)):
            guard delta.isFinite else { throw fail("needs a finite number") }
            coin = ((coin + delta) * 100).rounded() / 100
            coin = coin.clamped(to: 0...1)
            sweep = false
        case ("sweep", .flag(let on)):
            sweep = on
            sweepPhase = acos(1 - 2 * coin)
        case ("p", .vector(let weights)):
            try setDistribution(weights, forQ: false, fail: fail)
        case ("q", .vector(let weights)):
            try setDistribution(weights, forQ: true, fail: fail)
        case ("preset", .text(let name)):
            guard let preset = DistributionPreset.named(name) else {
                throw fail("unknown preset '\(name)'; presets: " + DistributionPreset.all.map(\.name).joined(separator: ", "))
            }
            applyPreset(preset)
        case ("presetStep", .integer(let delta)):
            let all = DistributionPreset.all
            let index = all.firstIndex { $0.name == presetName } ?? (delta > 0 ? -1 : 0)
            applyPreset(all[((index + delta) % all.count + all.count) % all.count])
        case ("editQ", .flag(let on)):
            editingQ = on
        case ("select", .integer(let index)):
            let count = mode == .softmax ? logits.count : p.count
            guard (0..<count).contains(index) else { throw fail("outcome must be 0...\(count - 1)") }
            selected = index
        case ("selectStep", .integer(let delta)):
            let count = mode == .softmax ? logits.count : p.count
            selected = ((selected + delta) % count + count) % count
        case ("nudge", .number(let delta)):
            guard delta.isFinite else { throw fail("needs a finite number") }
            if mode == .softmax {
                logits[selected % logits.count] = ((logits[selected % logits.count] + delta * 10) * 10).rounded() / 10
            } else {
                nudge(by: delta)
            }
        case ("outcomes", .integer(let count)):
            guard (2...10).contains(count) else { throw fail("needs 2 to 10 outcomes") }
            setOutcomeCount(count)
        case ("logits", .vector(let values)):
            guard (2...10).contains(values.count), values.allSatisfy(\.isFinite) else {
                throw fail("needs 2 to 10 finite logits")
            }
            logits = values
            selected = min(selected, values.count - 1)
        case ("temperature", .number(let t)):
            guard t > 0, t.isFinite else { throw fail("temperature must be a positive number") }
            temperature = t.clamped(to: 0.05...20)
            temperatureSweep = false
        case ("temperatureScale", .number(let factor)):
            guard factor > 0, factor.isFinite else { throw fail("needs a positive factor") }
            temperature = (temperature * factor).clamped(to: 0.05...20)
            temperatureSweep = false
        case ("temperatureSweep", .flag(let on)):
            temperatureSweep = on
            temperaturePhase = acos((1 - 2 * (log(temperature) - log(0.1)) / (log(10) - log(0.1))).clamped(to: -1...1))
        case ("function", .text(let name)):
            guard let chosen = CheckedFunction(rawValue: name) else {
                throw fail("unknown function '\(name)'; functions: " + CheckedFunction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            function = chosen
            point = checkPoint(for: chosen)
        case ("functionStep", .integer(let delta)):
            let all = CheckedFunction.allCases
            function = all[((all.firstIndex(of: function)! + delta) % all.count + all.count) % all.count]
            point = checkPoint(for: function)
        case ("x", .number(let x)):
            guard x.isFinite else { throw fail("needs a finite number") }
            point = x
        case ("xStep", .number(let delta)):
            guard delta.isFinite else { throw fail("needs a finite number") }
            let next = ((point + delta) * 100).rounded() / 100
            // Stay inside (0, 1) for the functions defined there.
            point = function == .logit || function == .binaryEntropy || function.isOverQ ? next.clamped(to: 0.01...0.99) : next
        case ("proposalMean", .number(let mu)):
            guard mu.isFinite, abs(mu) <= 10 else { throw fail("needs a number in [-10, 10]") }
            estimate = RareEventEstimate(threshold: estimate.threshold, proposalMean: mu)
            history = []
        case ("inverseTarget", .text(let name)):
            guard let target = InverseTransformSampler.Target(rawValue: name) else {
                throw fail("unknown target '\(name)'; targets: " + InverseTransformSampler.Target.allCases.map(\.rawValue).joined(separator: ", "))
            }
            restartInverse(target)
        case ("inverseTargetStep", .integer(let delta)):
            let all = InverseTransformSampler.Target.allCases
            restartInverse(all[((all.firstIndex(of: inverse.target)! + delta) % all.count + all.count) % all.count])
        case ("restartInverse", .flag(true)):
            restartInverse(inverse.target)
        case ("restartSampling", .flag(true)):
            estimate = RareEventEstimate(threshold: estimate.threshold, proposalMean: estimate.proposalMean)
            history = []
        default:
            throw ParameterError.wrongKind(pane: Self.pane, parameter: parameter, got: value, expected: parameterValue(parameter))
        }
    }

    public func parameterValue(_ parameter: String) -> ParameterValue? {
        switch parameter {
        case "mode": return .text(mode.rawValue)
        case "coin": return .number(coin)
        case "sweep": return .flag(sweep)
        case "p": return .vector(p)
        case "q": return .vector(q)
        case "preset": return presetName.map { .text($0) }
        case "editQ": return .flag(editingQ)
        case "select": return .integer(selected)
        case "outcomes": return .integer(p.count)
        case "logits": return .vector(logits)
        case "temperature": return .number(temperature)
        case "temperatureSweep": return .flag(temperatureSweep)
        case "function": return .text(function.rawValue)
        case "x": return .number(point)
        case "proposalMean": return .number(estimate.proposalMean)
        case "inverseTarget": return .text(inverse.target.rawValue)
        default: return nil
        }
    }

    /// New distributions without the eased transition.
    public mutating func setImmediately(_ parameter: String, to value: ParameterValue) throws {
        try set(parameter, to: value)
        fromP = p
        fromQ = q
        transition = Self.transitionSteps
    }

    /// In the order `reset` re-applies them: the number of outcomes before P and Q, a preset
    /// after them (it names an unedited P, which it sets again), the mode before
    /// the selection (the softmax mode selects among the logits).
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("outcomes", [.integer], .state, "the number of outcomes of P and Q (2...10)"),
        ParameterSpec("p", [.vector], .state, "the distribution P (weights, normalised)"),
        ParameterSpec("q", [.vector], .state, "the distribution Q (weights, normalised)"),
        ParameterSpec("preset", [.text], .state, "a named distribution P (its name shows while P is unedited)"),
        ParameterSpec("presetStep", [.integer], .step, "the next (+1) or previous (-1) preset"),
        ParameterSpec("editQ", [.flag], .state, "the arrow keys edit Q instead of P"),
        ParameterSpec("nudge", [.number], .step, "moves probability to (or raises the logit of) the selected outcome"),
        ParameterSpec("coin", [.number], .state, "the coin's probability of heads, in [0, 1]"),
        ParameterSpec("coinStep", [.number], .step, "changes the coin's probability (on a 0.01 grid)"),
        ParameterSpec("sweep", [.flag], .state, "sweep the coin from 0 to 1 and back"),
        ParameterSpec("logits", [.vector], .state, "the softmax logits (2...10 finite numbers)"),
        ParameterSpec("temperature", [.number], .state, "the softmax temperature T (0.05...20)"),
        ParameterSpec("temperatureScale", [.number], .step, "multiplies T by this factor"),
        ParameterSpec("temperatureSweep", [.flag], .state, "sweep T from 0.1 to 10 and back"),
        ParameterSpec("function", [.text], .state, "the function whose derivative is checked (sigmoid, logit, ...)"),
        ParameterSpec("functionStep", [.integer], .step, "the next (+1) or previous (-1) function"),
        ParameterSpec("x", [.number], .state, "the point x where the derivative is checked"),
        ParameterSpec("xStep", [.number], .step, "moves x (on a 0.01 grid)"),
        ParameterSpec("proposalMean", [.number], .state, "the importance-sampling proposal's mean μ, in [-10, 10]"),
        ParameterSpec("restartSampling", [.flag], .action, "true starts the rare-event estimate afresh"),
        ParameterSpec("inverseTarget", [.text], .state, "the inverse-transform sampler's target distribution"),
        ParameterSpec("inverseTargetStep", [.integer], .step, "the next (+1) or previous (-1) target"),
        ParameterSpec("restartInverse", [.flag], .action, "true starts the inverse-transform samples afresh"),
        ParameterSpec("mode", [.text], .state, "binary, distributions, softmax, gradcheck or sampling (the view)"),
        ParameterSpec("modeStep", [.integer], .step, "the next (+1) or previous (-1) mode"),
        ParameterSpec("select", [.integer], .state, "the selected outcome (or logit)"),
        ParameterSpec("selectStep", [.integer], .step, "the next or previous outcome"),
    ]

    /// Where a function is checked when chosen: its default, or for kl-q and cross-entropy-q the
    /// selected outcome's q.
    private func checkPoint(for function: CheckedFunction) -> Double {
        function.isOverQ ? q[min(selected, q.count - 1)].clamped(to: 0.01...0.99) : function.defaultPoint
    }

    /// A fresh sampler for `target`, its draws from the seed again.
    private mutating func restartInverse(_ target: InverseTransformSampler.Target) {
        inverse = InverseTransformSampler(target: target)
        inverseRandom = SeededRandom(seed: seed ^ 0x1F0E_45E5)
    }

    public func snapshot() -> EntropySnapshot {
        let (shownP, shownQ) = shown
        return EntropySnapshot(
            tick: tick, mode: mode, coin: coin, sweep: sweep, p: shownP, q: shownQ, targetP: p, targetQ: q,
            presetName: presetName, editingQ: editingQ, selected: selected, logits: logits,
            temperature: temperature, temperatureSweep: temperatureSweep, function: function, point: point,
            estimate: estimate, history: history, inverse: inverse)
    }

    private mutating func setDistribution(_ weights: [Double], forQ: Bool, fail: (String) -> ParameterError) throws {
        guard (2...10).contains(weights.count) else { throw fail("needs 2 to 10 probabilities") }
        guard let normalized = InfoTheory.normalized(weights) else {
            throw fail("needs non-negative finite weights with a positive sum")
        }
        startTransition()
        if forQ {
            guard normalized.count == p.count else { throw fail("Q needs \(p.count) entries, like P") }
            q = normalized
        } else {
            p = normalized
            if q.count != p.count { q = Array(repeating: 1 / Double(p.count), count: p.count) }
            presetName = nil  // a new Q leaves P (and its name) as it was
        }
        selected = min(selected, p.count - 1)
    }

    private mutating func applyPreset(_ preset: DistributionPreset) {
        startTransition()
        p = preset.probabilities
        if q.count != p.count { q = Array(repeating: 1 / Double(p.count), count: p.count) }
        presetName = preset.name
        selected = min(selected, p.count - 1)
    }

    private mutating func startTransition() {
        let (shownP, shownQ) = shown
        fromP = shownP
        fromQ = shownQ
        transition = 0
    }

    /// Moves the selected outcome's probability by `delta`, rescaling the others so the sum
    /// stays 1 (equally, when they were all 0).
    private mutating func nudge(by delta: Double) {
        var distribution = editingQ ? q : p
        let index = selected % distribution.count
        let old = distribution[index]
        let new = ((old + delta) * 1000).rounded() / 1000
        let target = new.clamped(to: 0...1)
        let rest = 1 - old
        for i in distribution.indices where i != index {
            distribution[i] = rest > 0 ? distribution[i] / rest * (1 - target)
                                       : (1 - target) / Double(distribution.count - 1)
        }
        distribution[index] = target
        if editingQ { q = distribution } else { p = distribution }
        fromP = p
        fromQ = q
        transition = Self.transitionSteps
        if !editingQ { presetName = nil }  // nudging Q leaves P (and its name) as it was
    }

    private mutating func setOutcomeCount(_ count: Int) {
        startTransition()
        p = Array(repeating: 1 / Double(count), count: count)
        q = p
        presetName = nil
        selected = min(selected, count - 1)
    }
}

/// One point of the sampling view's running estimates.
public struct EstimatePoint: Sendable, Codable, Equatable {
    public var samples: Int
    public var plain: Double
    public var importance: Double
}

/// What the information pane draws from.
public struct EntropySnapshot: SimulationSnapshot {
    public var tick: UInt64
    public var mode: EntropyMode
    public var coin: Double
    public var sweep: Bool
    /// P and Q on screen (mid-morph after a preset change); `targetP`/`targetQ` are exact.
    public var p: [Double]
    public var q: [Double]
    public var targetP: [Double]
    public var targetQ: [Double]
    public var presetName: String?
    public var editingQ: Bool
    public var selected: Int
    public var logits: [Double]
    public var temperature: Double
    public var temperatureSweep: Bool
    public var function: CheckedFunction
    public var point: Double
    public var estimate: RareEventEstimate
    public var history: [EstimatePoint]
    public var inverse: InverseTransformSampler

    /// The checked function with the lab's P and Q (kl-q, cross-entropy-q use the selected q_j).
    public var checkedPair: (f: @Sendable (Double) -> Double, derivative: @Sendable (Double) -> Double) {
        function.pair(p: targetP, q: targetQ, outcome: min(selected, targetP.count - 1))
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}

extension PaneID {
    /// The entropy lab's pane.
    public static let entropy = PaneID("entropy")
}

extension EntropySimulation {
    /// The distributions and their morph, the softmax and gradient-check settings, the sweeps'
    /// phases, and the sampler (its random state, running estimates and history).
    public struct Checkpoint: Codable, Sendable, Equatable {
        var tick: UInt64
        var mode: EntropyMode
        var coin: Double
        var sweep: Bool
        var sweepPhase: Double
        var p: [Double]
        var q: [Double]
        var fromP: [Double]
        var fromQ: [Double]
        var transition: Int
        var presetName: String?
        var editingQ: Bool
        var selected: Int
        var logits: [Double]
        var temperature: Double
        var temperatureSweep: Bool
        var temperaturePhase: Double
        var function: CheckedFunction
        var point: Double
        var random: SeededRandom
        var estimate: RareEventEstimate
        var history: [EstimatePoint]
        var inverse: InverseTransformSampler
        var inverseRandom: SeededRandom
    }

    public var checkpoint: Checkpoint {
        Checkpoint(tick: tick, mode: mode, coin: coin, sweep: sweep, sweepPhase: sweepPhase, p: p, q: q, fromP: fromP,
                   fromQ: fromQ, transition: transition, presetName: presetName, editingQ: editingQ, selected: selected,
                   logits: logits, temperature: temperature, temperatureSweep: temperatureSweep,
                   temperaturePhase: temperaturePhase, function: function, point: point, random: random,
                   estimate: estimate, history: history, inverse: inverse, inverseRandom: inverseRandom)
    }

    public init(checkpoint c: Checkpoint) throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "entropy", message())
        }
        func isDistribution(_ values: [Double]) -> Bool {
            (2...10).contains(values.count) && values.allSatisfy { $0 >= 0 && $0 <= 1 }
        }
        try require((0...1).contains(c.coin) && c.sweepPhase.isFinite, "the coin must be a probability, its phase finite")
        try require(isDistribution(c.p) && isDistribution(c.q) && c.q.count == c.p.count, "P and Q need 2-10 probabilities each, as many in Q as in P")
        try require(isDistribution(c.fromP) && isDistribution(c.fromQ), "the morph needs 2-10 probabilities")
        try require((0...Self.transitionSteps).contains(c.transition), "morph step \(c.transition) is not 0...\(Self.transitionSteps)")
        try require(c.presetName.map { name in DistributionPreset.all.contains { $0.name == name } } ?? true, "unknown preset")
        try require((0..<10).contains(c.selected), "outcome \(c.selected) is not 0...9")
        try require((2...10).contains(c.logits.count), "needs 2-10 logits")
        try require((0.05...20).contains(c.temperature) && c.temperaturePhase.isFinite, "the temperature must be in [0.05, 20]")
        try require(!c.point.isNaN, "the checked point is not a number")
        try require(c.random.isValidState, "the random state is all zero")
        let estimate = c.estimate
        try require(estimate.threshold.isFinite && estimate.proposalMean.isFinite && abs(estimate.proposalMean) <= 10
                    && estimate.plain.count >= 0 && estimate.importance.count >= 0, "the sampler's settings are out of range")
        try require(c.history.count <= 600, "the sampling history has \(c.history.count) points (at most 600)")
        self.init(seed: 0)
        (tick, mode, coin, sweep, sweepPhase) = (c.tick, c.mode, c.coin, c.sweep, c.sweepPhase)
        (p, q, fromP, fromQ, transition, presetName) = (c.p, c.q, c.fromP, c.fromQ, c.transition, c.presetName)
        (editingQ, selected, logits, temperature) = (c.editingQ, c.selected, c.logits, c.temperature)
        (temperatureSweep, temperaturePhase, function, point) = (c.temperatureSweep, c.temperaturePhase, c.function, c.point)
        (random, self.estimate, history) = (c.random, c.estimate, c.history)
        try require(c.inverseRandom.isValidState && c.inverse.isValid, "the inverse-transform sampler's state is broken")
        (inverse, inverseRandom) = (c.inverse, c.inverseRandom)
    }
}
