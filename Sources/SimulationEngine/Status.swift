import SimulationCore

/// What the engine publishes about its clock, for status bars and the stats overlay.
public struct EngineStatus: Sendable, Equatable, Hashable, Codable {
    /// Steps taken since the engine was created (a reset does not rewind it).
    public var tick: UInt64
    /// The seed every simulation was last created from.
    public var seed: UInt64
    public var isPaused: Bool
    /// Multiplier of `stepsPerSecond`, in `SimulationEngine.speedRange`.
    public var speed: Double
    /// Base step rate, in `SimulationEngine.stepsPerSecondRange`.
    public var stepsPerSecond: Double
    /// The rate the clock aims at: 0 while paused, else `stepsPerSecond × speed`. (A slow
    /// machine may fall behind it: the steps per timer firing are capped.)
    public var effectiveStepsPerSecond: Double
    /// The publication version this status belongs to (see `SimulationEngine.version`).
    public var version: UInt64
    /// Why the most recent `.set` failed; `nil` once a later `.set` succeeds or after a reset
    /// whose re-applied settings all succeed.
    public var lastParameterError: String?
    /// How many `.set`s have failed so far: it changes with every refusal, so a user interface
    /// can tell a new refusal from the same one still reported (even with the same text).
    public var parameterErrorCount: UInt64

    public init(tick: UInt64, seed: UInt64, isPaused: Bool, speed: Double, stepsPerSecond: Double,
                effectiveStepsPerSecond: Double, version: UInt64, lastParameterError: String?,
                parameterErrorCount: UInt64 = 0) {
        self.tick = tick
        self.seed = seed
        self.isPaused = isPaused
        self.speed = speed
        self.stepsPerSecond = stepsPerSecond
        self.effectiveStepsPerSecond = effectiveStepsPerSecond
        self.version = version
        self.lastParameterError = lastParameterError
        self.parameterErrorCount = parameterErrorCount
    }
}

/// One consistent publication: a version, the status and every snapshot published with it.
public struct EngineFrame: Sendable {
    public var version: UInt64
    public var status: EngineStatus
    public var snapshots: [PaneID: any SimulationSnapshot]
}
