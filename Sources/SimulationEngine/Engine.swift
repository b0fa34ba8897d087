import Dispatch
import SimulationCore
import Synchronization

/// Steps every live simulation on one background serial queue and publishes their snapshots.
///
/// Two modes, never mixed on one engine:
/// - **live**: `start()` … `stop()`: a `DispatchSourceTimer` on a private serial queue drains the
///   inbox, applies the commands in order, takes the steps due and publishes;
/// - **synchronous** (tests, headless rendering, replay): `step(_:)` and `apply(log:)` do the same
///   work on the calling thread. Calling them while the timer runs is a precondition failure.
///
/// Invariants:
/// - determinism: every applied command is logged with the tick it took effect at, and
///   `SimulationEngine.replay(seed:simulations:log:through:)` of that log reproduces the live
///   snapshots exactly, whatever the clock did;
/// - publication: readers only ever see complete, immutable snapshots; `version` increases by one
///   for every publication that changed a snapshot or the status, and never otherwise;
/// - all cross-thread state is in `Mutex`es (wrapped as `Guarded`, see there) and `Atomic`s.
///   Lock order: timer → state → inbox,
///   state → mailbox; the mailbox and inbox locks are never held while taking another.
public final class SimulationEngine: Sendable {
    /// The speeds `faster`, `slower` and `setSpeed` clamp to.
    public static let speedRange: ClosedRange<Double> = EngineCore.speedRange
    /// The base rates `setStepsPerSecond` (and `init`) clamp to.
    public static let stepsPerSecondRange: ClosedRange<Double> = EngineCore.stepsPerSecondRange
    /// Timer firings per second are kept in this range: at most 240 (fast rates take several
    /// steps per firing), at least 20 (so commands take effect within 1/20 s even when slow).
    public static let firingRateRange: ClosedRange<Double> = 20...240

    /// Live-mode state: the deterministic core plus the clock that paces it.
    private struct State: Sendable {
        var core: EngineCore
        /// What the simulations were made with, for rebuilding them when a script seeks back.
        let initialSeed: UInt64
        let initialStepsPerSecond: Double
        /// A scene's commands, stamped in advance (see `load(script:)`), and how far into it the
        /// simulations are; nil once anything else (the live clock, other commands) touched them.
        var script: [TimedCommand] = []
        var scriptPosition: ScriptPosition?
        /// Counts the times the simulations were made afresh (a script loaded or seeked back):
        /// within one epoch `core.log` only grows, so a follower can mirror it by appending.
        var epoch: UInt64 = 0
        var isRunning = false
        var lastFiring: ContinuousClock.Instant?
        /// Steps due but not yet taken (fractional).
        var accumulator = 0.0
        var timerInterval = 0.0
    }

    private struct Mailbox: Sendable {
        var snapshots: [PaneID: any SimulationSnapshot]
        var status: EngineStatus
        /// Where in the loaded script these snapshots are (nil: not in it), published with them.
        var scriptPosition: ScriptPosition? = nil
    }

    private let state: Guarded<State>
    private let inbox = Guarded<[Command]>([])
    private let mailbox: Guarded<Mailbox>
    private let currentVersion = Atomic<UInt64>(0)
    private let pendingSeek = Guarded<ScriptPosition?>(nil)
    private let timer = Guarded<(any DispatchSourceTimer)?>(nil)
    private let queue = DispatchQueue(label: "gradscope.simulation-engine", qos: .userInitiated)

    /// An engine at tick 0 running one simulation of each type, each made from
    /// `type.pane.seed(from: seed)`; its initial snapshots are published as version 0.
    /// - Precondition: no two types feed the same pane.
    public init(seed: UInt64, simulations: [any Simulation.Type], stepsPerSecond: Double = 30) {
        let core = EngineCore(seed: seed, types: simulations, stepsPerSecond: stepsPerSecond)
        state = Guarded(State(core: core, initialSeed: seed, initialStepsPerSecond: stepsPerSecond))
        mailbox = Guarded(Mailbox(snapshots: core.snapshots(), status: core.status(version: 0)))
    }

    deinit {
        // No handler can hold this engine while it deinitialises except one on the current
        // thread, so cancelling without waiting is enough (and waiting could deadlock).
        stop(waiting: false)
    }

    // MARK: Commands

    /// Queues a command for the next firing (live) or the next `step`/`apply` (synchronous).
    /// Safe from any thread.
    public func send(_ command: Command) {
        inbox.withLock { $0.append(command) }
    }

    /// Applies `command` at once on the calling thread, after anything still queued (order is
    /// kept), and publishes. For keys: each key's effect is in the next snapshot, so keys typed
    /// in a burst each act on the state the one before left (k, then J J, raises the rate the
    /// k just set; from a stale snapshot both J would have computed the same value).
    public func sendNow(_ command: Command) {
        let candidate = state.withLock { live -> Mailbox in
            let pending = inbox.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            for queued in pending { live.core.apply(queued) }
            live.core.apply(command)
            return Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition)
        }
        publish(candidate)
    }

    /// Queues several commands, keeping their order.
    public func send(_ commands: [Command]) {
        guard !commands.isEmpty else { return }
        inbox.withLock { $0.append(contentsOf: commands) }
    }

    // MARK: Live mode

    /// Whether the timer is running.
    public var isRunning: Bool { state.withLock { $0.isRunning } }

    /// Starts stepping on the background queue. Does nothing if already running.
    public func start() {
        timer.withLock { slot in
            guard slot == nil else { return }
            let interval = state.withLock { live -> Double in
                live.isRunning = true
                live.scriptPosition = nil
                live.lastFiring = .now
                live.accumulator = 0
                live.timerInterval = Self.timerInterval(rate: live.core.targetRate)
                return live.timerInterval
            }
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.setEventHandler { [weak self] in self?.fire() }
            source.schedule(deadline: .now() + interval, repeating: interval, leeway: .microseconds(500))
            slot = source
            source.resume()
        }
    }

    /// Stops the timer and waits until no firing is in progress. Idempotent; queued commands stay
    /// in the inbox. Must not be called from the engine's own queue. Without a timer it returns
    /// at once, even while another thread steps the engine synchronously (a lecture follower
    /// catching up must not hold up quitting).
    public func stop() {
        stop(waiting: true)
    }

    /// No timer means not running (`start` and `stop` set both under the timer lock): then the
    /// state lock is not taken, so stopping never waits for a synchronous `apply`/`step` running
    /// on another thread (a follower's catch-up replay would otherwise hold up its exit).
    private func stop(waiting: Bool) {
        let wasRunning = timer.withLock { slot -> Bool in
            guard let running = slot else { return false }
            running.cancel()
            slot = nil
            return state.withLock { live in
                defer { live.isRunning = false }
                return live.isRunning
            }
        }
        if waiting && wasRunning {
            queue.sync {}  // a firing already under way finishes; later ones see !isRunning
        }
    }

    /// One firing interval for a target rate: `1 / clamp(rate, firingRateRange)` seconds.
    private static func timerInterval(rate: Double) -> Double {
        1 / min(max(rate, firingRateRange.lowerBound), firingRateRange.upperBound)
    }

    /// At most this many steps per firing: four times the nominal number, at least 4. Steps due
    /// beyond it are dropped, so a machine slower than the target rate never spirals.
    private static func maximumSteps(rate: Double, interval: Double) -> Int {
        max(4, Int((4 * rate * interval).rounded(.up)))
    }

    /// One timer firing: drain, apply in order, take the steps due, publish.
    private func fire() {
        let now = ContinuousClock.now
        let outcome = state.withLock { live -> (candidate: Mailbox?, reschedule: Double?)? in
            guard live.isRunning else { return nil }
            let commands = inbox.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            let tickBefore = live.core.tick
            for command in commands { live.core.apply(command) }

            let elapsed = live.lastFiring.map { Self.seconds(now - $0) } ?? 0
            live.lastFiring = now
            let rate = live.core.targetRate
            if rate > 0 {
                live.accumulator += max(0, elapsed) * rate
                let cap = Self.maximumSteps(rate: rate, interval: live.timerInterval)
                let steps = min(Int(live.accumulator.rounded(.down)), cap)
                for _ in 0..<steps { live.core.step() }
                live.accumulator = min(live.accumulator - Double(steps), 1)
            } else {
                live.accumulator = 0
            }

            var reschedule: Double?
            let interval = Self.timerInterval(rate: rate)
            if interval != live.timerInterval {
                live.timerInterval = interval
                reschedule = interval
            }
            guard !commands.isEmpty || live.core.tick != tickBefore else { return (nil, reschedule) }
            return (Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition), reschedule)
        }
        guard let outcome else { return }
        if let candidate = outcome.candidate { publish(candidate) }
        if let interval = outcome.reschedule {
            timer.withLock { $0?.schedule(deadline: .now() + interval, repeating: interval, leeway: .microseconds(500)) }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    // MARK: Synchronous mode

    /// Drains the inbox, applies the commands in order, then takes `n` clock steps (none while
    /// paused, as the live clock would) and publishes. Synchronous mode only.
    /// - Precondition: the timer is not running; `n ≥ 0`.
    public func step(_ n: Int = 1) {
        precondition(n >= 0, "step(_:) needs a non-negative count")
        synchronously { core in
            let commands = inbox.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            for command in commands { core.apply(command) }
            if !core.isPaused {
                for _ in 0..<n { core.step() }
            }
        }
    }

    /// Drains the inbox, then plays `log` as recorded: steps until each entry's tick (whether
    /// paused or not: the log, not the clock, says when steps happened), applies the entry, and
    /// finally steps until `tick` (if given); then publishes. Entries stamped before the current
    /// tick are applied at once. Synchronous mode only.
    /// - Precondition: the timer is not running.
    public func apply(log: [TimedCommand], through tick: UInt64? = nil) {
        synchronously { core in
            let commands = inbox.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            for command in commands { core.apply(command) }
            core.replay(log, through: tick)
        }
    }

    private func synchronously(_ body: (inout EngineCore) -> Void) {
        let candidate = state.withLock { live -> Mailbox in
            precondition(!live.isRunning, "Synchronous stepping while the engine's timer runs")
            live.scriptPosition = nil
            body(&live.core)
            return Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition)
        }
        publish(candidate)
    }

    // MARK: Scripts

    /// Loads a scene's commands, stamped in advance with their ticks (non-decreasing), and puts
    /// the simulations at its start: made afresh from the engine's initial seed and rate.
    /// Scripted mode only (the timer is not running).
    public func load(script: [TimedCommand]) {
        let candidate = state.withLock { live -> Mailbox in
            precondition(!live.isRunning, "Loading a script while the engine's timer runs")
            live.script = script
            live.core = EngineCore(seed: live.initialSeed, types: live.core.types, stepsPerSecond: live.initialStepsPerSecond)
            live.epoch += 1
            live.scriptPosition = ScriptPosition(commandCount: 0, tick: 0)
            return Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition)
        }
        publish(candidate)
    }

    /// Brings the simulations to `position` in the loaded script, on the engine's queue: the
    /// call returns at once and the result is published when ready (the latest request wins).
    /// Moving forward continues from where the simulations are; moving back, or after the
    /// live clock or other commands changed them, recomputes from the seed: exact either way.
    public func seek(to position: ScriptPosition) {
        pendingSeek.withLock { $0 = position }
        queue.async { [weak self] in
            guard let self, let target = self.pendingSeek.withLock({ pending -> ScriptPosition? in
                defer { pending = nil }
                return pending
            }) else { return }
            self.seekNow(to: target)
        }
    }

    /// `seek(to:)` on the calling thread (headless rendering and recording).
    public func seekNow(to position: ScriptPosition) {
        let candidate = state.withLock { live -> Mailbox? in
            guard !live.isRunning else { return nil }  // exploring: the live clock owns them
            let script = live.script
            let target = ScriptPosition(commandCount: min(max(0, position.commandCount), script.count), tick: position.tick)
            if let here = live.scriptPosition, here == target { return nil }
            if live.scriptPosition.map({ !($0 <= target) }) ?? true {
                live.core = EngineCore(seed: live.initialSeed, types: live.core.types,
                                       stepsPerSecond: live.initialStepsPerSecond)
                live.scriptPosition = ScriptPosition(commandCount: 0, tick: 0)
                live.epoch += 1
            }
            let here = live.scriptPosition!
            live.core.replay(script[here.commandCount..<target.commandCount], through: target.tick)
            live.scriptPosition = ScriptPosition(commandCount: target.commandCount, tick: live.core.tick)
            return Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition)
        }
        if let candidate { publish(candidate) }
    }

    /// The simulations made afresh from the initial seed and rate, with an empty log (a new
    /// epoch): what a lecture follower does before replaying a presenter's log. Not while the
    /// timer runs.
    public func restart() {
        let candidate = state.withLock { live -> Mailbox in
            precondition(!live.isRunning, "Restarting while the engine's timer runs")
            live.core = EngineCore(seed: live.initialSeed, types: live.core.types, stepsPerSecond: live.initialStepsPerSecond)
            live.scriptPosition = nil
            live.epoch += 1
            return Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition)
        }
        publish(candidate)
    }

    /// The log from entry `index` on, with the epoch it belongs to, the log's length and the
    /// tick, read together (what a lecture presenter publishes).
    public func logSlice(from index: Int) -> (epoch: UInt64, entries: [TimedCommand], count: Int, tick: UInt64) {
        state.withLock { live in
            let log = live.core.log
            let start = min(max(0, index), log.count)
            return (live.epoch, Array(log[start...]), log.count, live.core.tick)
        }
    }

    /// The log from entry `index` on and a checkpoint of the simulations, read together: the
    /// checkpoint is the state after the log's `count` entries, at `tick` (what a lecture
    /// presenter sends, so that a follower need not replay the log from the seed).
    public func checkpointSlice(from index: Int) -> (epoch: UInt64, entries: [TimedCommand], count: Int, tick: UInt64,
                                                       checkpoint: EngineCheckpoint) {
        state.withLock { live in
            let log = live.core.log
            let start = min(max(0, index), log.count)
            return (live.epoch, Array(log[start...]), log.count, live.core.tick, EngineCheckpoint(core: live.core))
        }
    }

    /// The simulations, clock and settings of `checkpoint`, with an empty log (a new epoch):
    /// what a lecture follower does instead of replaying a presenter's log from the seed. Not
    /// while the timer runs.
    /// - Precondition: the checkpoint was decoded for this engine's simulation types.
    public func restore(_ checkpoint: EngineCheckpoint) {
        let candidate = state.withLock { live -> Mailbox in
            precondition(!live.isRunning, "Restoring while the engine's timer runs")
            precondition(checkpoint.core.panes == live.core.panes, "A checkpoint of other simulations")
            live.core = checkpoint.core
            live.scriptPosition = nil
            live.epoch += 1
            return Mailbox(snapshots: live.core.snapshots(), status: live.core.status(version: 0), scriptPosition: live.scriptPosition)
        }
        publish(candidate)
    }

    /// Where the simulations are in the loaded script, if they are in it.
    public var scriptPosition: ScriptPosition? { state.withLock { $0.scriptPosition } }

    /// Where in the loaded script the published snapshots are (nil: not in it), read with them:
    /// a scene shows a step's caption only once this is that step's position.
    public func publishedScript() -> (position: ScriptPosition?, snapshots: [PaneID: any SimulationSnapshot]) {
        mailbox.withLock { ($0.scriptPosition, $0.snapshots) }
    }

    /// The value a parameter has now (see `Simulation.parameterValue`).
    public func parameterValue(pane: PaneID, parameter: String) -> ParameterValue? {
        state.withLock { $0.core.parameterValue(pane: pane, parameter: parameter) }
    }

    /// The state parameters `pane`'s simulation shows now (`Simulation.stateValues`): what
    /// `reset` keeps.
    public func stateValues(of pane: PaneID) -> [(name: String, value: ParameterValue)] {
        state.withLock { $0.core.stateValues(of: pane) }
    }

    // MARK: Replay

    /// The snapshots a run with this seed, these simulations and this log had at `tick`,
    /// recomputed headlessly without a clock: the log entries stamped `≤ tick` are applied at
    /// their ticks, and the simulations stepped until `tick`.
    public static func replay(
        seed: UInt64, simulations: [any Simulation.Type], log: [TimedCommand], through tick: UInt64
    ) -> [PaneID: any SimulationSnapshot] {
        var core = EngineCore(seed: seed, types: simulations, stepsPerSecond: 30)
        core.replay(log.lazy.filter { $0.tick <= tick }, through: tick)
        return core.snapshots()
    }

    /// A stopped engine in the state of `replay(seed:simulations:log:through:)`, status included
    /// (pass the live run's initial `stepsPerSecond` for its status to match too).
    public static func replaying(
        seed: UInt64, simulations: [any Simulation.Type], stepsPerSecond: Double = 30,
        log: [TimedCommand], through tick: UInt64
    ) -> SimulationEngine {
        let engine = SimulationEngine(seed: seed, simulations: simulations, stepsPerSecond: stepsPerSecond)
        engine.apply(log: log.filter { $0.tick <= tick }, through: tick)
        return engine
    }

    /// Every engine command applied so far, stamped with the tick it took effect at.
    public var log: [TimedCommand] { state.withLock { $0.core.log } }

    /// The seed the simulations were last created from.
    public var seed: UInt64 { state.withLock { $0.core.seed } }

    // MARK: Publication

    /// Replaces the mailbox content and bumps the version if anything differs from what was
    /// last published. The version is stored while the mailbox is locked, after the content.
    private func publish(_ candidate: Mailbox) {
        mailbox.withLock { published in
            var status = candidate.status
            status.version = published.status.version
            let changed = status != published.status || candidate.scriptPosition != published.scriptPosition
                || !Self.same(published.snapshots, candidate.snapshots)
            guard changed else { return }
            status.version += 1
            published = Mailbox(snapshots: candidate.snapshots, status: status, scriptPosition: candidate.scriptPosition)
            currentVersion.store(status.version, ordering: .releasing)
        }
    }

    private static func same(_ a: [PaneID: any SimulationSnapshot], _ b: [PaneID: any SimulationSnapshot]) -> Bool {
        guard a.count == b.count else { return false }
        for (pane, snapshot) in a {
            guard let other = b[pane], snapshot.isEqual(to: other) else { return false }
        }
        return true
    }

    /// Increases by one for every publication that changed a snapshot or the status; a UI redraws
    /// only when it differs from the version it last drew. Lock-free.
    public var version: UInt64 { currentVersion.load(ordering: .acquiring) }

    /// The latest published status.
    public var status: EngineStatus { mailbox.withLock { $0.status } }

    /// The latest published snapshot for `pane`, if a simulation feeds it.
    public func snapshot(for pane: PaneID) -> (any SimulationSnapshot)? {
        mailbox.withLock { $0.snapshots[pane] }
    }

    /// The latest published snapshot of the simulation of type `type`, typed.
    public func snapshot<S: Simulation>(of type: S.Type) -> S.Snapshot? {
        snapshot(for: S.pane) as? S.Snapshot
    }

    /// The latest published snapshots, by pane.
    public func snapshots() -> [PaneID: any SimulationSnapshot] {
        mailbox.withLock { $0.snapshots }
    }

    /// The latest publication as one consistent value (version, status and snapshots together).
    public func frame() -> EngineFrame {
        mailbox.withLock { EngineFrame(version: $0.status.version, status: $0.status, snapshots: $0.snapshots) }
    }
}

/// How far into a script the simulations are: its first `commandCount` commands applied and
/// the clock at `tick`. Ordered when both parts are (a later position can be reached forward).
public struct ScriptPosition: Sendable, Equatable, Hashable, Codable {
    public var commandCount: Int
    public var tick: UInt64
    public init(commandCount: Int, tick: UInt64) {
        self.commandCount = commandCount
        self.tick = tick
    }

    /// Whether `other` can be reached from here by going forward only.
    public static func <= (a: ScriptPosition, b: ScriptPosition) -> Bool {
        a.commandCount <= b.commandCount && a.tick <= b.tick
    }
}

/// The engine's simulations, clock and settings at one moment, as plain data (`Codable`).
///
/// Decoding needs the engine's simulation types in the decoder's `userInfo` under
/// `simulationTypesKey`, and validates everything (see `Simulation.init(checkpoint:)`): a
/// checkpoint from outside can be refused, never trap.
public struct EngineCheckpoint: Sendable, Codable {
    let core: EngineCore

    init(core: EngineCore) { self.core = core }

    public static let simulationTypesKey = CodingUserInfoKey(rawValue: "gradscope.simulationTypes")!

    /// The tick the simulations were at.
    public var tick: UInt64 { core.tick }

    public init(from decoder: any Decoder) throws {
        guard let types = decoder.userInfo[Self.simulationTypesKey] as? [any Simulation.Type] else {
            throw CheckpointError("engine: the decoder was not told the simulation types")
        }
        core = try EngineCore(types: types, from: decoder)
    }

    public func encode(to encoder: any Encoder) throws { try core.encode(to: encoder) }
}
