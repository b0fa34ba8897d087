import SimulationCore
import SimulationEngine

/// What a follower has of the lecture, message by message, and the check that each message
/// fits the lecture so far. Pure: no socket, no engine.
///
/// Invariants (the presenter's promise, see `LectureWire`): within an epoch the base (the latest
/// checkpoint, or the epoch's start) only moves forward; `log` holds the entries from the base
/// on, contiguous, with non-decreasing ticks; no entry and no moment is more than
/// `LectureWire.checkpointTicks` steps past the base, and `log` has at most
/// `checkpointEntries` entries and `checkpointLogBytes` bytes of messages. A message that would
/// break this is refused (`accept` throws) and changes nothing: the follower keeps what it had.
public struct LectureMirror {
    /// Where the simulations are made from: a checkpoint, or the seed (nil) at the epoch's start.
    public struct Base: Sendable {
        public var checkpoint: EngineCheckpoint?
        public var logCount: Int
        public var tick: UInt64
    }

    /// What the simulations should be brought to: the base, then `entries`, then steps until `tick`.
    public struct Target: Sendable {
        /// Changes whenever the base does (the simulations must then be made from it again).
        public var generation: UInt64
        public var base: Base
        public var entries: ArraySlice<TimedCommand>
        public var tick: UInt64
    }

    public private(set) var epoch: UInt64?
    public private(set) var base = Base(checkpoint: nil, logCount: 0, tick: 0)
    public private(set) var log: [TimedCommand] = []
    private var logBytes = 0
    public private(set) var generation: UInt64 = 0
    public private(set) var state: LectureState?

    public init() {}

    /// Entries received so far in this epoch (counting those a checkpoint covers).
    public var received: Int { base.logCount + log.count }

    /// The moment to show, once the presenter named one in this epoch.
    public var target: Target? {
        guard let state, state.epoch == epoch else { return nil }
        return Target(generation: generation, base: base, entries: log.prefix(state.logCount - base.logCount), tick: state.tick)
    }

    /// Takes one message (`bytes` long on the wire); throws a `LectureViolation` for one that
    /// does not fit the lecture so far.
    public mutating func accept(_ message: LectureMessage, bytes: Int) throws {
        switch message {
        case .checkpoint(let checkpoint): try accept(checkpoint)
        case .log(let entries): try accept(entries, bytes: bytes)
        case .state(let moment): try accept(moment)
        case .hello, .start: throw LectureViolation("a second \(message.kindName) message")
        case .bye, .dropped: break
        }
    }

    private mutating func accept(_ checkpoint: LectureCheckpoint) throws {
        if checkpoint.epoch == epoch {
            try LectureViolation.require(checkpoint.logCount >= base.logCount && checkpoint.tick >= base.tick,
                                         "a checkpoint before the one it sent earlier")
            // The entries it covers go; later ones (if it had sent them already) stay.
            let covered = checkpoint.logCount - base.logCount
            log = covered >= log.count ? [] : Array(log.dropFirst(covered))
        } else {
            epoch = checkpoint.epoch
            log = []
            state = nil
        }
        base = Base(checkpoint: checkpoint.engine, logCount: checkpoint.logCount, tick: checkpoint.tick)
        if log.isEmpty { logBytes = 0 }
        generation &+= 1
        if let state, state.logCount < base.logCount || state.tick < base.tick { self.state = nil }
    }

    private mutating func accept(_ entries: LectureLog, bytes: Int) throws {
        if entries.epoch != epoch {
            try LectureViolation.require(entries.from == 0, "a new epoch's log from entry \(entries.from)")
            epoch = entries.epoch
            base = Base(checkpoint: nil, logCount: 0, tick: 0)
            log = []
            logBytes = 0
            state = nil
            generation &+= 1
        }
        try LectureViolation.require(entries.from <= received, "log entries from \(entries.from), after a gap (it had sent \(received))")
        let fresh = entries.entries.dropFirst(max(0, received - entries.from))
        var lastTick = log.last?.tick ?? base.tick
        for entry in fresh {
            try LectureViolation.require(entry.tick >= lastTick, "a log entry at tick \(entry.tick), before its predecessor's \(lastTick)")
            lastTick = entry.tick
        }
        try LectureViolation.require(lastTick <= base.tick + LectureWire.checkpointTicks,
                                     "a log entry at tick \(lastTick), over \(LectureWire.checkpointTicks) steps past its last checkpoint (\(base.tick))")
        try LectureViolation.require(log.count + fresh.count <= LectureWire.checkpointEntries,
                                     "over \(LectureWire.checkpointEntries) log entries past its last checkpoint")
        try LectureViolation.require(logBytes + bytes <= LectureWire.checkpointLogBytes,
                                     "over \(LectureWire.checkpointLogBytes >> 20) MiB of log past its last checkpoint")
        log += fresh
        logBytes += bytes
    }

    private mutating func accept(_ moment: LectureState) throws {
        try LectureViolation.require(moment.epoch == epoch, "a moment of an epoch it never started")
        try LectureViolation.require((base.logCount...received).contains(moment.logCount),
                                     "a moment after \(moment.logCount) log entries (it had sent \(base.logCount)...\(received))")
        let lastEntryTick = moment.logCount > base.logCount ? log[moment.logCount - base.logCount - 1].tick : base.tick
        try LectureViolation.require(moment.tick >= lastEntryTick && moment.tick >= (state?.tick ?? 0),
                                     "tick \(moment.tick), before where the lecture already was")
        try LectureViolation.require(moment.tick <= base.tick + LectureWire.checkpointTicks,
                                     "tick \(moment.tick), over \(LectureWire.checkpointTicks) steps past its last checkpoint (\(base.tick))")
        try LectureViolation.require(moment.logCount >= (state?.logCount ?? 0), "a moment with fewer log entries than the one before")
        state = moment
    }
}

extension LectureMessage {
    /// The message's kind, as the wire names it.
    public var kindName: String {
        switch self {
        case .hello: return "hello"
        case .start: return "start"
        case .log: return "log"
        case .checkpoint: return "checkpoint"
        case .state: return "state"
        case .bye: return "bye"
        case .dropped: return "dropped"
        }
    }
}
