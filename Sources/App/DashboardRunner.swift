import Canvas
import Dispatch
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Synchronization
import TerminalUI
import Labs
import Scenes
import Lecture

/// The interactive dashboard: reads events, hands them to the `DashboardModel`, carries out
/// its effects, and draws frames when something changed.
///
/// The loop owns the terminal (every ncurses call happens on this thread); the engine steps
/// simulations on its own queue and publishes snapshots, which the loop only reads.
public final class DashboardRunner {
    let configuration: AppConfiguration
    let assets: AssetLocator

    public init(configuration: AppConfiguration, assets: AssetLocator = AssetLocator()) {
        self.configuration = configuration
        self.assets = assets
    }

    /// Runs until the user quits or the terminal goes away; returns the process exit status.
    /// `doctor` supplies the doctor screen, shown when there is no lab to show. With `scene`,
    /// the scene plays (presenter mode) with its captions in `language`.
    /// `lecture` publishes everything to followers; `follower` shows a presenter's lecture.
    func run(labs: [Lab], doctor: DoctorSource? = nil, scene: SceneScript? = nil, language: String = "en",
             lecture: LectureServer? = nil, follower: LectureFollower? = nil) throws -> Int32 {
        ProcessTuning.retainFreedMemory()
        let session = try TerminalSession.open(options: terminalOptions(configuration))
        defer { session.close() }
        let doctorScreen = labs.isEmpty ? doctor.map { DoctorScreen(source: $0, session: session) } : nil
        let mode = makeMode(labs: labs, scene: scene, language: language, lecture: lecture, follower: follower)
        var frames = FrameDrawer(configuration: configuration, assets: assets, session: session, help: mode.help)
        var model = makeModel(labs: labs, doctorScreen: doctorScreen, scene: scene, mode: mode, language: language,
                              composer: frames.composer, session: session)
        model.mode.start()
        defer { model.mode.stop() }
        let clock = ContinuousClock()

        while true {
            if let signal = TerminalSignals.pendingTermination { return TerminalSignals.exitStatus(for: signal) }
            if let event = session.readEvent(timeoutMilliseconds: frames.waitMilliseconds(model: model, now: clock.now)) {
                frames.markChanged()
                switch event {
                case .hangup:
                    return 129  // as if SIGHUP: the terminal went away
                case .resize:
                    frames.redrawPanes()
                    if let doctorScreen { model.panes[.doctor] = doctorScreen.resized(at: clock.now) }
                case .key(let key):
                    if let status = apply(model.handle(.key(key), now: clock.now), to: &model, frames: &frames,
                                          labs: labs, language: language) { return status }
                case .mouse(let mouse):
                    guard let event = frames.event(for: mouse, model: model) else { break }
                    if let status = apply(model.handle(event, now: clock.now), to: &model, frames: &frames,
                                          labs: labs, language: language) { return status }
                }
            }
            if model.mode.advance(now: clock.now) { frames.markChanged() }
            if let report = doctorScreen?.poll(at: clock.now) {
                model.panes[.doctor] = report
                frames.redraw(.doctor)
            }
            if let shown = model.notice, clock.now >= shown.until {
                model.notice = nil
                frames.markChanged()
            }
            frames.drawIfDue(&model, now: clock.now)
        }
    }

    /// Carries out a model's effects; returns an exit status to leave with.
    private func apply(_ effects: [DashboardEffect], to model: inout DashboardModel, frames: inout FrameDrawer,
                       labs: [Lab], language: String) -> Int32? {
        for effect in effects {
            switch effect {
            case .send(let command):
                model.mode.send(command)
            case .redrawPanes:
                frames.redrawPanes()
            case .quit(let status):
                return status
            case .startScene(let path):
                if let problem = startScene(path, model: &model, labs: labs, language: language) {
                    model.say(problem, seconds: DashboardModel.noticeSeconds.long, now: ContinuousClock.now)
                }
                frames.restart()
            }
        }
        return nil
    }

    /// Leaves the dashboard (or the scene) for a scene from the menu: a new engine with the
    /// scene's seed and rate, the scene's layout. Returns why not, when it cannot be played.
    private func startScene(_ path: String, model: inout DashboardModel, labs: [Lab], language: String) -> String? {
        let script: SceneScript
        switch SceneScript.load(path: path, assets: assets) {
        case .success(let loaded): script = loaded
        case .failure(let problems): return problems.diagnostics.first.map(\.description) ?? "cannot play \(sanitize(path))"
        }
        model.mode.stop()
        let engine = SimulationEngine(seed: script.scene.seed, simulations: labs.map(\.simulation), stepsPerSecond: script.scene.rate)
        model.mode = ScenePlaying(session: SceneSession(script: script, language: language, engine: engine))
        let scenePanes = script.scene.layout.panes.filter { model.panes[$0] != nil }
        model.layout = DashboardState(panes: scenePanes.isEmpty ? model.layout.panes : scenePanes, focused: script.scene.layout.focus,
                                      isZoomed: script.scene.layout.zoom, isStatsVisible: model.layout.isStatsVisible)
        return nil
    }

    /// The session mode a run starts in: following, a scene, or free exploration; presented
    /// to followers when there is a lecture.
    private func makeMode(labs: [Lab], scene: SceneScript?, language: String, lecture: LectureServer?,
                          follower: LectureFollower?) -> any SessionMode {
        var mode: any SessionMode
        if let follower {
            mode = Following(follower: follower)
        } else {
            let engine = SimulationEngine(seed: scene?.scene.seed ?? configuration.seed, simulations: labs.map(\.simulation),
                                          stepsPerSecond: scene?.scene.rate ?? configuration.stepsPerSecond)
            // --set was checked by Launch before the terminal opened.
            mode = scene.map { ScenePlaying(session: SceneSession(script: $0, language: language, engine: engine)) }
                ?? FreeExploration(engine: engine, settings: configuration.settings)
        }
        return lecture.map { Presenting(mode, server: $0) } ?? mode
    }

    /// The model a run starts from: its panes and layout, in `mode`.
    private func makeModel(labs: [Lab], doctorScreen: DoctorScreen?, scene: SceneScript?, mode: any SessionMode,
                           language: String, composer: FrameComposer, session: TerminalSession) -> DashboardModel {
        var panes: [PaneID: any Pane] = [:]
        for lab in labs { panes[lab.id] = lab.pane }
        var order = labs.map(\.id)
        if let doctorScreen {
            // With no lab to show (or for `gradscope doctor`) the doctor screen fills the dashboard.
            panes[.doctor] = doctorScreen.first()
            order = [.doctor]
        }
        if let scene { order = scene.scene.layout.panes.filter { panes[$0] != nil } }
        let layout = DashboardState(panes: order, focused: scene?.scene.layout.focus ?? configuration.focus,
                                    isZoomed: scene.map(\.scene.layout.zoom) ?? (configuration.focus != nil),
                                    isStatsVisible: configuration.showStats)
        let assets = assets
        return DashboardModel(
            layout: layout, menu: nil, notice: nil, mode: mode, panes: panes,
            helpScroll: { key, layout, panes in
                composer.helpScroll(after: key, state: layout, panes: panes, width: session.size.width, height: session.size.height)
            },
            sceneMenu: { SceneMenu.bundled(language: language, assets: assets) })
    }

    /// Splits the bytes a frame really cost among the panes, in proportion to their changed cells.
    static func attribute(bytes: Double, previous: CellGrid, current: CellGrid,
                          placements: [PanePlacement]) -> [PaneID: Double] {
        guard previous.width == current.width, previous.height == current.height else { return [:] }
        var changed: [PaneID: Int] = [:]
        var total = 0
        for placement in placements {
            let count = current.changedCellCount(in: placement.frame, from: previous)
            changed[placement.pane] = count
            total += count
        }
        guard total > 0 else { return changed.mapValues { _ in 0 } }
        return changed.mapValues { bytes * Double($0) / Double(total) }
    }
}

/// The doctor's report for terminal facts; `true` asks for the (slow) bandwidth estimate.
typealias DoctorSource = @Sendable (TerminalFacts, Bool) -> DoctorReport

/// Bandwidth estimates for the doctor screen, made on a background queue so that neither the
/// first frame nor a key ever waits for one. A resize storm asks only once the size has held
/// still for `settle`; an estimate for a size the terminal no longer has is dropped.
final class DoctorEstimates {
    let source: DoctorSource
    let settle = Duration.milliseconds(250)
    private var pending: (facts: TerminalFacts, since: ContinuousClock.Instant)?
    private let done = ReportMailbox()
    private let queue = DispatchQueue(label: "gradscope.doctor-estimate", qos: .utility)

    init(source: @escaping DoctorSource) { self.source = source }

    func request(_ facts: TerminalFacts, at now: ContinuousClock.Instant) { pending = (facts, now) }

    /// Starts a settled request; returns a finished report for the current size, if any.
    func poll(at now: ContinuousClock.Instant, size: (width: Int, height: Int)) -> DoctorReport? {
        if let request = pending, now - request.since >= settle {
            pending = nil
            let source = source, facts = request.facts
            queue.async { [done] in
                let report = source(facts, true)
                done.report.withLock { $0 = report }
            }
        }
        guard let report = done.report.withLock({ value -> DoctorReport? in defer { value = nil }; return value }) else { return nil }
        return report.width == size.width && report.height == size.height ? report : nil
    }
}

/// The latest finished report, handed from the estimate queue to the input thread.
final class ReportMailbox: Sendable {
    let report = Mutex<DoctorReport?>(nil)
}

/// What a pane's last rendering depended on: when unchanged, its grid is reused.
struct PaneRenderKey: Equatable {
    /// The engine publication drawn from (read before the snapshots; 0 for a pane without one):
    /// it moves with every step and with every setting changed while paused, which keeps the tick.
    var publication: UInt64
    var width: Int
    var height: Int
    var isFocused: Bool
    var isZoomed: Bool
    var highlight: String?
}

/// Frames and bytes per second over the last second.
struct RateMeter {
    private var frames: [(ContinuousClock.Instant, Double)] = []

    mutating func record(frameAt instant: ContinuousClock.Instant, bytes: Double) {
        frames.append((instant, bytes))
        frames.removeAll { instant - $0.0 > .seconds(1) }
    }

    /// Frames drawn in the second before `now` (nil until there are two to count).
    func framesPerSecond(at now: ContinuousClock.Instant) -> Double? {
        let recent = frames.filter { now - $0.0 <= .seconds(1) }
        return recent.count > 1 || frames.count > 1 ? Double(recent.count) : nil
    }

    /// Bytes written in the second before `now`.
    func bytesPerSecond(at now: ContinuousClock.Instant) -> Double? {
        frames.isEmpty ? nil : frames.filter { now - $0.0 <= .seconds(1) }.reduce(0) { $0 + $1.1 }
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
    var seconds: Double { milliseconds / 1000 }
}

/// The terminal options the command line asked for.
func terminalOptions(_ configuration: AppConfiguration) -> TerminalOptions {
    let request: ColorRequest
    switch configuration.colorOverride {
    case nil: request = .auto
    case .none?: request = .none
    case .ansi16?: request = .ansi16
    case .palette256?: request = .palette256
    case .direct?: request = .direct
    }
    return TerminalOptions(color: request, forceASCII: configuration.forceASCII, enableMouse: configuration.enableMouse)
}
