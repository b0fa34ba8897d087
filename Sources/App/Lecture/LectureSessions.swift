import Canvas
import Dispatch
import Foundation
import Panes
import SimulationCore
import SimulationEngine

/// The presenter's half of a lecture inside the dashboard loop: after each turn it publishes
/// what changed — new log entries of the engine (a new epoch when the simulations were made
/// afresh) and the moment (tick, clock, layout, scene position) — to the server, which sends
/// them to every follower without the loop ever waiting.
final class LecturePresenter {
    let server: LectureServer
    private var sentEpoch: UInt64 = .max
    private var sentCount = 0
    private var lastState: LectureState?

    init(server: LectureServer) { self.server = server }

    func publish(engine: SimulationEngine, layout: DashboardState, scene: SceneSession?) {
        var slice = engine.logSlice(from: sentCount)
        if slice.epoch != sentEpoch {
            // A new epoch: the whole log of it, from its first entry.
            slice = engine.logSlice(from: 0)
            server.publish(LectureLog(epoch: slice.epoch, from: 0, entries: slice.entries))
            sentEpoch = slice.epoch
            sentCount = slice.count
        } else if !slice.entries.isEmpty {
            server.publish(LectureLog(epoch: slice.epoch, from: sentCount, entries: slice.entries))
            sentCount = slice.count
        }
        let status = engine.status
        let player = scene?.player
        let state = LectureState(
            epoch: sentEpoch, logCount: sentCount, tick: slice.tick,
            isPaused: player.map { !$0.isPlaying && $0.mode != .exploring } ?? status.isPaused,
            stepsPerSecond: status.stepsPerSecond, speed: status.speed,
            panes: layout.panes, focused: layout.focused, isZoomed: layout.isZoomed,
            sceneTime: player.map { $0.exploreTime ?? $0.time }, sceneStepLimit: player?.stepLimit,
            sceneStatus: player.map { $0.mode == .exploring ? "the presenter is exploring" : $0.statusText(unicode: true) })
        if state != lastState {
            server.publish(state)
            lastState = state
        }
    }

    /// "3 followers on /path" for the status bar (the count first: a long path may be cut).
    var statusText: String {
        let count = server.followers
        return "\(count) follower" + (count == 1 ? "" : "s") + " on \(server.path)"
    }
}

/// A follower's half inside the dashboard loop: the lecture's messages are mirrored into a
/// local engine (on a queue of its own, so catching up never holds a frame), the presenter's
/// layout and scene position are shown, and the follower may leave to explore and come back.
///
/// Invariants: while following, the local simulations are the presenter's log replayed from
/// the same seed, through the presenter's tick: exact, at any size; nothing is ever sent back.
final class LectureFollower {
    let client: LectureClient
    let start: LectureStart
    let engine: SimulationEngine
    let script: SceneScript?
    let language: String
    private var captions: CaptionBarLayout?
    private(set) var state: LectureState?
    private(set) var ended: String?
    private(set) var isExploring = false
    private var epoch: UInt64 = .max
    private var log: [TimedCommand] = []
    private var applied = 0
    private var appliedTick: UInt64 = 0
    private var needsRestart = true
    private let queue = DispatchQueue(label: "gradscope.lecture-follow", qos: .userInitiated)

    init(client: LectureClient, start: LectureStart, labs: [Lab], language: String?) {
        self.client = client
        self.start = start
        self.language = language ?? start.language
        engine = SimulationEngine(seed: start.seed, simulations: labs.map(\.simulation), stepsPerSecond: start.stepsPerSecond)
        if let scene = start.scene, case .success(let compiled) = SceneScript.compile(scene) {
            script = compiled
            captions = CaptionBarLayout(script: compiled, language: self.language)
        } else {
            script = nil
        }
    }

    /// Takes what arrived; returns whether anything changed.
    func poll() -> Bool {
        let (messages, endReason) = client.take()
        var changed = false
        for message in messages {
            switch message {
            case .log(let entries):
                if entries.epoch != epoch || (entries.from == 0 && !log.isEmpty) {
                    epoch = entries.epoch
                    log = []
                    applied = 0
                    appliedTick = 0
                    needsRestart = true
                }
                // Entries are contiguous on one connection; anything else is ignored.
                if entries.from <= log.count {
                    log += entries.entries.dropFirst(log.count - entries.from)
                }
                changed = true
            case .state(let moment):
                state = moment
                changed = true
            case .hello, .start, .bye:
                break
            }
        }
        if let endReason, ended == nil {
            ended = endReason
            changed = true
        }
        if !isExploring { synchronise() }
        return changed
    }

    /// Hands the entries and steps the presenter has taken since last time to the engine.
    private func synchronise() {
        // (The presenter names every epoch with a log message, an empty one too.)
        guard let state, state.epoch == epoch else { return }
        let upTo = min(state.logCount, log.count)
        guard needsRestart || upTo > applied || state.tick != appliedTick else { return }
        let restart = needsRestart
        let entries = Array(log[min(applied, upTo)..<upTo])
        let target = state.tick
        needsRestart = false
        applied = upTo
        appliedTick = target
        let engine = engine
        queue.async {
            if restart { engine.restart() }
            engine.apply(log: entries, through: target)
        }
    }

    /// `e`: the local copy runs on its own from here (the lecture is still received).
    func explore() {
        guard !isExploring else { return }
        queue.sync {}
        isExploring = true
        engine.send(.resume)
        engine.start()
    }

    /// `f`: back to the live lecture, recomputed from its log.
    func rejoin() {
        guard isExploring else { return }
        engine.stop()
        isExploring = false
        needsRestart = true
        applied = 0
        appliedTick = 0
        synchronise()
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
            : ended != nil ? "lecture ended: e to explore" : "following"
        return captions?.bar(at: time, throughStep: state?.sceneStepLimit, status: status,
                             width: width, height: height, charset: charset)
    }

    /// For the status bar.
    var statusText: String {
        if let ended { return "lecture ended (\(ended)); your copy stays: e explores" }
        if isExploring { return "exploring your own copy (diverged): f follows the lecture again" }
        return "following \(client.path)" + (state?.sceneStatus.map { " · presenter: " + $0 } ?? "")
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
