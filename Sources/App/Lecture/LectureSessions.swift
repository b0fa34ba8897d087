import Canvas
import Dispatch
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Labs
import Scenes
import Lecture

/// The presenter's half of a lecture inside the dashboard loop: after each turn it publishes
/// what changed — new log entries of the engine (a new epoch when the simulations were made
/// afresh), checkpoints, and the moment (tick, clock, layout, scene position) — to the server,
/// which sends them to every follower without the loop ever waiting.
///
/// Invariant (the followers' bound, `LectureWire`): nothing it sends is more than half of
/// `checkpointTicks` steps or `checkpointEntries` entries past the latest checkpoint it sent to
/// every follower (or the epoch's start): before going further it sends a checkpoint. Joiners
/// also get a checkpoint at most `joinerCheckpointInterval` old, so they replay little.
final class LecturePresenter {
    let server: LectureServer
    static let joinerCheckpointInterval = Duration.seconds(2)
    private var sentEpoch: UInt64 = .max
    private var sentCount = 0
    /// The latest checkpoint every follower has (or the epoch's start), and log bytes since.
    private var base = (logCount: 0, tick: UInt64(0), logBytes: 0)
    /// The latest checkpoint kept for joiners, and when it was taken.
    private var joinerBase: (logCount: Int, tick: UInt64, taken: ContinuousClock.Instant)?
    private var lastState: LectureState?

    init(server: LectureServer) { self.server = server }

    func publish(engine: SimulationEngine, layout: DashboardState, scene: SceneSession?, now: ContinuousClock.Instant = .now) {
        var slice = engine.logSlice(from: sentCount)
        if slice.epoch != sentEpoch {
            // A new epoch: its whole log, from its first entry (or a checkpoint instead).
            slice = engine.logSlice(from: 0)
            sentEpoch = slice.epoch
            sentCount = 0
            base = (0, 0, 0)
            joinerBase = nil
            if !isDue(count: slice.count, tick: slice.tick) {
                server.publish(LectureLog(epoch: slice.epoch, from: 0, entries: []))
            }
        }
        var tick = slice.tick
        let refresh = joinerBase.map { now - $0.taken >= Self.joinerCheckpointInterval && ($0.logCount, $0.tick) != (slice.count, slice.tick) }
            ?? (slice.count > 0 || slice.tick > 0)
        if isDue(count: slice.count, tick: slice.tick) || refresh {
            let view = engine.checkpointSlice(from: sentCount)
            guard view.epoch == sentEpoch else { return }  // made afresh meanwhile: next turn
            let checkpoint = LectureCheckpoint(epoch: view.epoch, logCount: view.count, engine: view.checkpoint)
            if isDue(count: view.count, tick: view.tick) {
                server.publish(checkpoint, broadcast: true)
                base = (view.count, view.tick, 0)
            } else {
                send(view.entries, count: view.count)
                server.publish(checkpoint, broadcast: false)
            }
            sentCount = view.count
            tick = view.tick
            joinerBase = (view.count, view.tick, now)
        } else {
            send(slice.entries, count: slice.count)
        }
        let status = engine.status
        let player = scene?.player
        let state = LectureState(
            epoch: sentEpoch, logCount: sentCount, tick: tick,
            isPaused: player.map { !$0.isPlaying && $0.mode != .exploring } ?? status.isPaused,
            stepsPerSecond: status.stepsPerSecond, speed: status.speed,
            panes: layout.panes.filter(LabRegistry.ids.contains), focused: layout.focused, isZoomed: layout.isZoomed,
            sceneTime: player.map { $0.exploreTime ?? $0.time }, sceneStepLimit: player?.stepLimit,
            sceneStatus: player.map { $0.mode == .exploring ? "the presenter is exploring" : $0.statusText(unicode: true) })
        if state != lastState {
            server.publish(state)
            lastState = state
        }
    }

    /// Whether a moment this far on needs a checkpoint first (half the followers' bounds).
    private func isDue(count: Int, tick: UInt64) -> Bool {
        tick > base.tick + LectureWire.checkpointTicks / 2 || count - base.logCount > LectureWire.checkpointEntries / 2
            || base.logBytes > LectureWire.checkpointLogBytes / 2
    }

    /// Sends the entries from `sentCount` to `count`.
    private func send(_ entries: [TimedCommand], count: Int) {
        guard !entries.isEmpty else { return }
        base.logBytes += server.publish(LectureLog(epoch: sentEpoch, from: sentCount, entries: entries))
        sentCount = count
    }

    /// "3 followers on /path" for the status bar (the count first: a long path may be cut),
    /// and how many were dropped for falling behind.
    var statusText: String {
        let count = server.followers, dropped = server.droppedFollowers
        return "\(count) follower" + (count == 1 ? "" : "s") + " on \(server.path)"
            + (dropped > 0 ? " · \(dropped) dropped (too slow)" : "")
    }
}

/// A follower's half inside the dashboard loop: the lecture's messages are checked
/// (`LectureMirror`) and mirrored into a local engine by a `LectureReplayer` (so catching up
/// never holds a frame), the presenter's layout and scene position are shown, and the follower
/// may leave to explore and come back.
///
/// Invariants: while following, the local simulations are the presenter's, from its latest
/// checkpoint (or the seed) and its log, through its tick: exact, at any size; nothing is ever
/// sent back. The first message that does not fit the lecture ends following: the follower
/// keeps what it had, says why, and stays (to explore, or quit).
final class LectureFollower {
    let client: LectureClient
    let start: LectureStart
    let engine: SimulationEngine
    let script: SceneScript?
    let language: String
    private let replayer: LectureReplayer
    private var captions: CaptionBarLayout?
    private var mirror = LectureMirror()
    private(set) var end: LectureEnd?
    private(set) var isExploring = false
    /// The presenter's ticks over the last two seconds, with when they arrived.
    private var recentTicks: [(arrived: ContinuousClock.Instant, tick: UInt64)] = []

    init(client: LectureClient, start: LectureStart, labs: [Lab], language: String?) {
        self.client = client
        self.start = start
        self.language = language ?? start.language
        engine = SimulationEngine(seed: start.seed, simulations: labs.map(\.simulation), stepsPerSecond: start.stepsPerSecond)
        replayer = LectureReplayer(engine: engine)
        script = client.script
        captions = script.map { CaptionBarLayout(script: $0, language: self.language) }
    }

    /// The presenter's latest valid moment.
    var state: LectureState? { mirror.state }

    /// Where the local simulations are made from: the tick of the presenter's latest
    /// checkpoint (or the epoch's start) and whether it is a checkpoint.
    var mirrorBase: (tick: UInt64, hasCheckpoint: Bool) { (mirror.base.tick, mirror.base.checkpoint != nil) }

    /// Takes what arrived; returns whether anything changed.
    func poll() -> Bool {
        let (messages, ended) = client.take()
        var changed = !messages.isEmpty
        for (message, bytes) in messages where end == nil {
            do {
                try mirror.accept(message, bytes: bytes)
            } catch let violation as LectureViolation {
                end = .invalid(violation.reason)
                client.stopReading()
            } catch {
                end = .invalid("unreadable")
                client.stopReading()
            }
        }
        if end == nil, let ended {
            end = ended
            changed = true
        }
        if let tick = mirror.target?.tick, tick != recentTicks.last?.tick {
            let now = ContinuousClock.now
            recentTicks.append((now, tick))
            recentTicks.removeAll { now - $0.arrived > .seconds(2) }
        }
        if !isExploring, let target = mirror.target { replayer.follow(target) }
        return changed
    }

    /// Whether the local copy is more than a second behind the presenter (it is then
    /// catching up: a late join, a slow machine, a scene jumping ahead).
    var isCatchingUp: Bool {
        guard !isExploring, end == nil else { return false }
        let now = ContinuousClock.now
        guard let secondAgo = recentTicks.last(where: { now - $0.arrived >= .seconds(1) })?.tick else { return false }
        return engine.status.tick < secondAgo
    }

    /// `e`: the local copy runs on its own from here (the lecture is still received).
    func explore() {
        guard !isExploring else { return }
        isExploring = true
        replayer.explore()
    }

    /// `f`: back to the live lecture, recomputed from its latest checkpoint and log.
    func rejoin() {
        guard isExploring else { return }
        isExploring = false
        replayer.rejoin(mirror.target)
    }

    /// The presenter's layout, when following.
    func layout(current: DashboardState) -> DashboardState? {
        guard !isExploring, let state else { return nil }
        var layout = current.panes == state.panes ? current
            : DashboardState(panes: state.panes, focused: state.focused, isZoomed: state.isZoomed,
                             isStatsVisible: current.isStatsVisible)
        layout.apply(.focus(state.focused))
        layout.apply(.setZoom(state.isZoomed))
        return layout == current ? nil : layout
    }

    /// The caption bar when the presenter plays a scene.
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar? {
        guard let time = state?.sceneTime else { return nil }
        let status = isExploring ? "exploring your copy: f follows again"
            : end != nil ? "lecture ended: e to explore" : "following"
        return captions?.bar(at: time, throughStep: state?.sceneStepLimit, status: status,
                             width: width, height: height, charset: charset, snapshots: engine.snapshots())
    }

    /// How far behind the presenter the local copy still is, in steps (0 when caught up).
    var stepsBehind: UInt64 {
        guard !isExploring, let target = mirror.target?.tick else { return 0 }
        let tick = engine.status.tick
        return target > tick ? target - tick : 0
    }

    /// For the status bar (sanitised: it can quote what the presenter sent).
    var statusText: String {
        if case .invalid? = end {
            return LectureText.short("stopped following: \(end!); your copy stays: e explores", limit: 200)
        }
        if let end { return "lecture ended (\(end)); your copy stays: e explores" }
        if isExploring { return "exploring your own copy (diverged): f follows the lecture again" }
        if isCatchingUp {
            return "catching up with the lecture: \(stepsBehind) steps to go · following \(client.path)"
        }
        return "following \(client.path)" + (state?.sceneStatus.map { " · presenter: " + LectureText.short($0) } ?? "")
    }
}

extension LectureServer {
    /// `serve`'s server at `socketPath` (or the default), its failure as a command-line error.
    static func open(socketPath: String?, group: String?, start: LectureStart) throws -> LectureServer {
        do {
            return try LectureServer(path: socketPath ?? LectureSocket.defaultPath(), group: group, start: start)
        } catch let error as LectureError {
            throw GradscopeError("serve: \(error.message)")
        }
    }
}

extension LectureClient {
    /// `follow`'s connection to `socketPath` (or the default), its failure as a command-line error.
    static func join(socketPath: String?) throws -> LectureClient {
        do {
            return try LectureClient(path: socketPath ?? LectureSocket.defaultPath())
        } catch let error as LectureError {
            throw GradscopeError("follow: \(error.message)")
        }
    }
}
