import SimulationCore

/// The deterministic heart of the engine: every simulation, the clock settings and the command
/// log, with no clock, no thread and no lock.
///
/// Invariants:
/// - `tick` counts the steps taken since the engine was created; it never decreases (a reset
///   restarts the simulations' own ticks, not this one), so log ticks are non-decreasing;
/// - every engine command is appended to `log` stamped with the `tick` it was applied at, before
///   the step that produces `tick + 1`;
/// - the simulations and `status` depend only on the seed, the simulation types and the log:
///   feeding the same log through `replay(_:through:)` reproduces them exactly.
struct EngineCore: Sendable {
    static let speedRange: ClosedRange<Double> = (1.0 / 16)...64
    static let stepsPerSecondRange: ClosedRange<Double> = 0.25...1000

    let types: [any Simulation.Type]
    let panes: [PaneID]
    private(set) var seed: UInt64
    private(set) var simulations: [any Simulation]
    private(set) var tick: UInt64 = 0
    private(set) var isPaused = false
    private(set) var speed = 1.0
    private(set) var stepsPerSecond: Double
    private(set) var lastParameterError: String?
    /// Failed `.set`s so far (see `EngineStatus.parameterErrorCount`).
    private(set) var parameterErrorCount: UInt64 = 0
    private(set) var log: [TimedCommand] = []

    /// - Precondition: no two types feed the same pane.
    init(seed: UInt64, types: [any Simulation.Type], stepsPerSecond: Double) {
        let panes = types.map { $0.pane }
        precondition(Set(panes).count == panes.count, "Two simulations feed the same pane: \(panes)")
        self.types = types
        self.panes = panes
        self.seed = seed
        self.simulations = Self.makeSimulations(types, seed: seed)
        self.stepsPerSecond = Self.clamp(stepsPerSecond.isNaN ? 30 : stepsPerSecond, to: Self.stepsPerSecondRange)
    }

    /// Each simulation made from its pane's seed (`PaneID.seed(from:)`), in the given order.
    private static func makeSimulations(_ types: [any Simulation.Type], seed: UInt64) -> [any Simulation] {
        types.map { type in type.init(seed: type.pane.seed(from: seed)) }
    }

    private static func clamp(_ value: Double, to range: ClosedRange<Double>) -> Double {
        min(max(value, range.lowerBound), range.upperBound)
    }

    /// Steps per second the clock aims at: 0 while paused, else `stepsPerSecond × speed`.
    var targetRate: Double { isPaused ? 0 : stepsPerSecond * speed }

    /// Advances every simulation by one step (in the order they were given) and the tick by one.
    mutating func step() {
        for index in simulations.indices {
            simulations[index].step()
        }
        tick += 1
    }

    /// Applies one command at the current tick and logs it. A `.set` that fails is logged and
    /// reported in `lastParameterError`.
    mutating func apply(_ command: Command) {
        log.append(TimedCommand(tick: tick, command: command))
        switch command {
        case .pause:
            isPaused = true
        case .resume:
            isPaused = false
        case .togglePause:
            isPaused.toggle()
        case .singleStep:
            step()
        case .faster:
            speed = Self.clamp(speed * 2, to: Self.speedRange)
        case .slower:
            speed = Self.clamp(speed / 2, to: Self.speedRange)
        case .setSpeed(let newSpeed):
            if !newSpeed.isNaN { speed = Self.clamp(newSpeed, to: Self.speedRange) }
        case .setStepsPerSecond(let rate):
            if !rate.isNaN { stepsPerSecond = Self.clamp(rate, to: Self.stepsPerSecondRange) }
        case .reset:
            reset()
        case .reseed(let newSeed):
            seed = newSeed
            reset()
        case .set(let pane, let parameter, let value), .setFrame(let pane, let parameter, let value):
            _ = set(pane: pane, parameter: parameter, value: value, immediately: command.isFrame)
        }
    }

    /// Re-creates every simulation from the seed, keeping the parameters each one shows
    /// (`Simulation.restarted(seed:)`: however they were reached, typed or stepped with a key).
    private mutating func reset() {
        simulations = zip(types, simulations).map { type, simulation in
            simulation.restarted(seed: type.pane.seed(from: seed))
        }
        lastParameterError = nil
    }

    /// Sets a parameter; on failure records the reason in `lastParameterError` and returns false.
    private mutating func set(pane: PaneID, parameter: String, value: ParameterValue, immediately: Bool = false) -> Bool {
        let succeeded = trySet(pane: pane, parameter: parameter, value: value, immediately: immediately)
        if !succeeded { parameterErrorCount &+= 1 }
        return succeeded
    }

    private mutating func trySet(pane: PaneID, parameter: String, value: ParameterValue, immediately: Bool) -> Bool {
        guard let index = panes.firstIndex(of: pane) else {
            lastParameterError = ParameterError(pane: pane, parameter: parameter,
                                                reason: "no simulation runs in this pane").description
            return false
        }
        do {
            try simulations[index].apply(parameter, value, immediately: immediately)
            lastParameterError = nil
            return true
        } catch let error as ParameterError {
            lastParameterError = error.description
        } catch {
            lastParameterError = "\(pane.rawValue).\(parameter): \(error)"
        }
        return false
    }

    /// Processes `log` as recorded: steps (ignoring pause, which only governs the live clock)
    /// until each entry's tick, applies the entry, and finally steps until `tick` reaches `target`.
    ///
    /// An entry stamped before the current tick (a malformed log) is applied at the current tick.
    mutating func replay(_ log: some Sequence<TimedCommand>, through target: UInt64? = nil) {
        for entry in log {
            while tick < entry.tick { step() }
            apply(entry.command)
        }
        if let target {
            while tick < target { step() }
        }
    }

    /// The value `parameter` of `pane`'s simulation has now (see `Simulation.parameterValue`).
    func parameterValue(pane: PaneID, parameter: String) -> ParameterValue? {
        panes.firstIndex(of: pane).flatMap { simulations[$0].parameterValue(parameter) }
    }

    /// The state parameters of `pane`'s simulation (see `Simulation.stateValues`).
    func stateValues(of pane: PaneID) -> [(name: String, value: ParameterValue)] {
        panes.firstIndex(of: pane).map { simulations[$0].stateValues } ?? []
    }

    /// The latest snapshot of every simulation, by pane.
    func snapshots() -> [PaneID: any SimulationSnapshot] {
        var result: [PaneID: any SimulationSnapshot] = [:]
        for (pane, simulation) in zip(panes, simulations) {
            result[pane] = simulation.snapshot()
        }
        return result
    }

    /// The clock state as published (the version is the mailbox's to fill in).
    func status(version: UInt64) -> EngineStatus {
        EngineStatus(tick: tick, seed: seed, isPaused: isPaused, speed: speed,
                     stepsPerSecond: stepsPerSecond, effectiveStepsPerSecond: targetRate,
                     version: version, lastParameterError: lastParameterError,
                     parameterErrorCount: parameterErrorCount)
    }
}

extension Command {
    /// Whether this is an animation frame (`setFrame`).
    var isFrame: Bool {
        if case .setFrame = self { return true }
        return false
    }
}

extension EngineCore {
    /// Everything but the log (a restored core's log holds what it applies afterwards).
    private enum Key: String, CodingKey {
        case seed, tick, isPaused, speed, stepsPerSecond, lastParameterError, parameterErrorCount, simulations
    }

    private struct PaneKey: CodingKey {
        var stringValue: String
        init(_ pane: PaneID) { stringValue = pane.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(seed, forKey: .seed)
        try container.encode(tick, forKey: .tick)
        try container.encode(isPaused, forKey: .isPaused)
        try container.encode(speed, forKey: .speed)
        try container.encode(stepsPerSecond, forKey: .stepsPerSecond)
        try container.encodeIfPresent(lastParameterError, forKey: .lastParameterError)
        try container.encode(parameterErrorCount, forKey: .parameterErrorCount)
        var nested = container.nestedContainer(keyedBy: PaneKey.self, forKey: .simulations)
        for (pane, simulation) in zip(panes, simulations) {
            try Self.encode(simulation, into: &nested, forKey: PaneKey(pane))
        }
    }

    private static func encode<S: Simulation>(_ simulation: S, into container: inout KeyedEncodingContainer<PaneKey>,
                                              forKey key: PaneKey) throws {
        try container.encode(simulation.checkpoint, forKey: key)
    }

    /// A core for `types` decoded from a checkpoint, every part validated: the clock settings
    /// within their ranges, and each simulation's own checkpoint (`Simulation.init(checkpoint:)`;
    /// `reset` keeps what the simulations hold, so no list of settings travels).
    /// Throws a `CheckpointError` (or a `DecodingError` for a malformed one).
    init(types: [any Simulation.Type], from decoder: any Decoder) throws {
        self.init(seed: 0, types: types, stepsPerSecond: 30)
        let container = try decoder.container(keyedBy: Key.self)
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "engine", message())
        }
        seed = try container.decode(UInt64.self, forKey: .seed)
        tick = try container.decode(UInt64.self, forKey: .tick)
        try require(tick < 1 << 62, "tick \(tick) is beyond any lecture")
        isPaused = try container.decode(Bool.self, forKey: .isPaused)
        speed = try container.decode(Double.self, forKey: .speed)
        stepsPerSecond = try container.decode(Double.self, forKey: .stepsPerSecond)
        try require(Self.speedRange.contains(speed) && Self.stepsPerSecondRange.contains(stepsPerSecond), "speed or rate out of range")
        lastParameterError = try container.decodeIfPresent(String.self, forKey: .lastParameterError)
        try require((lastParameterError?.utf8.count ?? 0) <= 1000, "the last refusal is over 1000 bytes")
        parameterErrorCount = try container.decode(UInt64.self, forKey: .parameterErrorCount)
        let nested = try container.nestedContainer(keyedBy: PaneKey.self, forKey: .simulations)
        simulations = try types.map { try Self.decode($0, from: nested) }
    }

    private static func decode<S: Simulation>(_ type: S.Type, from container: KeyedDecodingContainer<PaneKey>) throws -> any Simulation {
        try S(checkpoint: container.decode(S.Checkpoint.self, forKey: PaneKey(S.pane)))
    }
}
