import SimulationCore

/// Toy deterministic simulations for tests: small enough to reason about, random enough that a
/// wrong seed, a lost command or a reordered step changes their snapshots.

/// A 2-D random walk feeding `.linear` (in tests only).
///
/// Each step adds `stepSize · (g₁, g₂)` to the position, with `g₁, g₂` standard normal draws
/// from a `SeededRandom` made from the seed. Parameter: `stepSize`, a finite number ≥ 0.
public struct RandomWalkSimulation: Simulation, Codable {
    public typealias Checkpoint = Self
    public struct Snapshot: SimulationSnapshot {
        public var tick: UInt64
        public var position: Vec2
        public var stepSize: Double
        public init(tick: UInt64, position: Vec2, stepSize: Double) {
            self.tick = tick
            self.position = position
            self.stepSize = stepSize
        }
    }

    public static let pane: PaneID = .linear
    public static let defaultStepSize = 1.0
    public static let parameters = [ParameterSpec("stepSize", [.number], .state, "the walk's step length, ≥ 0")]
    public func parameterValue(_ parameter: String) -> ParameterValue? { parameter == "stepSize" ? .number(stepSize) : nil }

    public private(set) var tick: UInt64 = 0
    public private(set) var position: Vec2 = .zero
    public private(set) var stepSize: Double = defaultStepSize
    private var random: SeededRandom

    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    public mutating func step() {
        let direction = Vec2(random.gaussian(), random.gaussian())
        position += stepSize * direction
        tick += 1
    }

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        switch (parameter, value) {
        case ("stepSize", .number(let size)) where size.isFinite && size >= 0:
            stepSize = size
        case ("stepSize", .integer(let size)) where size >= 0:
            stepSize = Double(size)
        case ("stepSize", _):
            throw ParameterError(pane: Self.pane, parameter: parameter, reason: "needs a finite number ≥ 0")
        default:
            throw ParameterError(pane: Self.pane, parameter: parameter, reason: "unknown parameter")
        }
    }

    public func snapshot() -> Snapshot {
        Snapshot(tick: tick, position: position, stepSize: stepSize)
    }
}

/// Repeated biased coin flips feeding `.entropy` (in tests only).
///
/// Each step flips a coin that shows heads with probability `bias`, counting the heads.
/// Parameter: `bias`, a number in [0, 1].
public struct CoinFlipSimulation: Simulation, Codable {
    public typealias Checkpoint = Self
    public struct Snapshot: SimulationSnapshot {
        public var tick: UInt64
        public var heads: UInt64
        public var bias: Double
        public init(tick: UInt64, heads: UInt64, bias: Double) {
            self.tick = tick
            self.heads = heads
            self.bias = bias
        }
    }

    public static let pane: PaneID = .entropy
    public static let parameters = [ParameterSpec("bias", [.number], .state, "the probability of heads, in [0, 1]")]
    public func parameterValue(_ parameter: String) -> ParameterValue? { parameter == "bias" ? .number(bias) : nil }

    public private(set) var tick: UInt64 = 0
    public private(set) var heads: UInt64 = 0
    public private(set) var bias: Double = 0.5
    private var random: SeededRandom

    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    public mutating func step() {
        if random.nextUnit() < bias { heads += 1 }
        tick += 1
    }

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        guard parameter == "bias" else {
            throw ParameterError(pane: Self.pane, parameter: parameter, reason: "unknown parameter")
        }
        guard case .number(let p) = value, p >= 0, p <= 1 else {
            throw ParameterError(pane: Self.pane, parameter: parameter, reason: "needs a number in [0, 1]")
        }
        bias = p
    }

    public func snapshot() -> Snapshot {
        Snapshot(tick: tick, heads: heads, bias: bias)
    }
}

/// Both toy simulations, as an engine takes them.
public let toySimulations: [any Simulation.Type] = [RandomWalkSimulation.self, CoinFlipSimulation.self]
