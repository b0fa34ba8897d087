import Canvas
import Dispatch
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Synchronization
import TerminalUI

/// The interactive dashboard: reads keys, sends commands, draws frames when something changed.
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

        var panes: [PaneID: any Pane] = [:]
        for lab in labs { panes[lab.pane.id] = lab.pane }
        var order = labs.map(\.pane.id)
        // With no lab to show (or for `gradscope doctor`) the doctor screen fills the dashboard;
        // it is rebuilt on resize, since it reports the terminal's size.
        let showsDoctor = order.isEmpty && doctor != nil
        var estimates: DoctorEstimates?
        if showsDoctor, let doctor {
            let facts = TerminalFacts(session.capabilities, size: session.size)
            panes[.doctor] = DoctorPane(report: doctor(facts, false))
            estimates = DoctorEstimates(source: doctor)
            estimates?.request(facts, at: ContinuousClock.now - .milliseconds(250))  // no need to settle
            order = [.doctor]
        }
        if let scene { order = scene.scene.layout.panes.filter { panes[$0] != nil } }
        var state = DashboardState(panes: order, focused: scene?.scene.layout.focus ?? configuration.focus,
                                   isZoomed: scene.map(\.scene.layout.zoom) ?? (configuration.focus != nil),
                                   isStatsVisible: configuration.showStats)

        var engine = follower?.engine ?? SimulationEngine(seed: scene?.scene.seed ?? configuration.seed, simulations: labs.map(\.simulation),
                                                          stepsPerSecond: scene?.scene.rate ?? configuration.stepsPerSecond)
        let presenter = lecture.map { LecturePresenter(server: $0) }
        // A scene drives the engine through its script; otherwise the clock runs at once.
        var sceneSession = scene.map { SceneSession(script: $0, language: language, engine: engine) }
        var sceneMenu: SceneMenu?
        var shownFollowers = 0
        if sceneSession == nil && follower == nil {
            engine.send(configuration.settings)  // --set, checked by Launch before the terminal opened
            engine.start()
        }
        defer { engine.stop() }

        /// Leaves the dashboard (or the scene) for a scene from the menu: a new engine with the
        /// scene's seed and rate, the scene's layout.
        func startScene(_ path: String) -> String? {
            let script: SceneScript
            switch SceneScript.load(path: path, assets: assets) {
            case .success(let loaded): script = loaded
            case .failure(let problems): return problems.diagnostics.first.map(\.description) ?? "cannot play \(path)"
            }
            engine.stop()
            engine = SimulationEngine(seed: script.scene.seed, simulations: labs.map(\.simulation),
                                      stepsPerSecond: script.scene.rate)
            sceneSession = SceneSession(script: script, language: language, engine: engine)
            let scenePanes = script.scene.layout.panes.filter { panes[$0] != nil }
            state = DashboardState(panes: scenePanes.isEmpty ? order : scenePanes, focused: script.scene.layout.focus,
                                   isZoomed: script.scene.layout.zoom, isStatsVisible: state.isStatsVisible)
            return nil
        }

        let (theme, _) = assets.theme(named: configuration.themeName, tier: session.capabilities.colorTier)
        // The help overlay also lists the keys of a scene being played or a lecture being followed.
        var helpLines = assets.helpText().lines
        if follower != nil { helpLines += [""] + Self.followerHelp }
        if scene != nil || follower == nil { helpLines += [""] + Self.sceneHelp }
        let composer = FrameComposer(theme: theme, charset: session.charset, helpText: helpLines)
        var governor = BandwidthGovernor(budget: configuration.maximumBandwidth,
                                         framesPerSecond: configuration.framesPerSecond)
        let clock = ContinuousClock()
        let frameInterval = Duration.seconds(1 / max(1, configuration.framesPerSecond))
        var lastDraw = clock.now - frameInterval
        var dirty = true
        var drawnVersion: UInt64 = .max
        var frameNumber: UInt64 = 0
        var paneGrids: [PaneID: CellGrid] = [:]
        var renderedKeys: [PaneID: PaneRenderKey] = [:]
        var previousScreen = CellGrid(width: 0, height: 0)
        var meter = RateMeter()
        // A short notice (shown whole, above the status bar if need be) and when it expires; the
        // next key dismisses it too.
        var notice: (text: String, until: ContinuousClock.Instant)?
        // The engine's count of refused settings last seen: a new refusal becomes a notice.
        var seenParameterErrors = engine.status.parameterErrorCount
        var engineRunning = true
        // After activity stops, one last frame shows the rates falling to zero; then nothing is
        // written until something changes (the idle screen costs no bytes).
        var idleFrameShown = true

        /// Whether a scene's script or a presenter drives the simulations now (then only layout
        /// keys reach the dashboard, and clicks only focus).
        func scriptDrives() -> Bool {
            (sceneSession.map { !$0.isExploring } ?? false) || (follower.map { !$0.isExploring } ?? false)
        }

        /// The caption bar of the scene being played or followed, for this screen.
        func captionBar(_ size: (width: Int, height: Int)) -> NarrationBar? {
            sceneSession?.narration(width: size.width, height: size.height, charset: session.charset)
                ?? follower?.narration(width: size.width, height: size.height, charset: session.charset)
        }

        /// A command from a key, a prompt or a click: to the engine when it is the engine's,
        /// and to the dashboard's own state (focus, zoom, overlays) in every case.
        func perform(_ command: Command) {
            if command.isEngineCommand {
                // The free dashboard applies a key's command at once, so the next key (even in
                // the same burst) sees its effect; a scene's clock keeps its own queue.
                if sceneSession == nil && follower == nil { engine.sendNow(command) } else { engine.send(command) }
            }
            state.apply(command)
        }

        while true {
            if let signal = TerminalSignals.pendingTermination {
                return 128 + signal
            }
            if engine.version != drawnVersion { dirty = true }
            // Wait for input until the next frame is due; while the engine runs, look again after
            // one frame interval; when paused and idle, sleep longer (a key still wakes us at once).
            let sinceDraw = clock.now - lastDraw
            let wait: Duration = dirty ? max(.zero, frameInterval - sinceDraw)
                : (engineRunning ? frameInterval : .milliseconds(100))
            if let event = session.readEvent(timeoutMilliseconds: Int(wait.milliseconds)) {
                switch event {
                case .hangup:
                    return 129  // as if SIGHUP: the terminal went away
                case .resize:
                    dirty = true
                    renderedKeys = [:]
                    if let doctor, showsDoctor {
                        let facts = TerminalFacts(session.capabilities, size: session.size)
                        panes[.doctor] = DoctorPane(report: doctor(facts, false))
                        estimates?.request(facts, at: clock.now)
                    }
                case .key(let key):
                    if key == .control("c") { return 0 }
                    // Any key dismisses a notice (and still does what it does).
                    if notice != nil {
                        notice = nil
                        dirty = true
                    }
                    // A number prompt takes every key until Enter or Escape.
                    if var prompt = state.prompt {
                        switch prompt.handle(PaneKeys.paneKey(for: key), enter: key == .enter, escape: key == .escape,
                                            clear: key == .control("u")) {
                        case .editing:
                            state.prompt = prompt
                        case .submit(let command):
                            state.prompt = nil
                            if let action = prompt.prompt.playerAction, let sceneSession,
                               case .set(_, _, .text(let answer)) = command {
                                // A scene player's prompt (go to, save as).
                                switch sceneSession.answer(action, text: answer, layout: state) {
                                case .prompt(let next): state.prompt = PromptState(next)
                                case .notice(let text): notice = (text, clock.now + .seconds(4))
                                case .handled, .pass: break
                                }
                                break
                            }
                            perform(command)
                        case .invalid(let reason):
                            state.prompt = prompt
                            notice = (reason, clock.now + .seconds(3))
                        case .cancel:
                            state.prompt = nil
                        }
                        dirty = true
                        break
                    }
                    if var menu = sceneMenu {
                        switch menu.handle(key) {
                        case .stay: sceneMenu = menu
                        case .close: sceneMenu = nil
                        case .choose(let path):
                            sceneMenu = nil
                            if let problem = startScene(path) { notice = (problem, clock.now + .seconds(6)) }
                            renderedKeys = [:]
                            paneGrids = [:]
                            drawnVersion = .max
                        }
                        dirty = true
                        continue
                    }
                    // The help overlay scrolls with the arrow and page keys; Escape closes it.
                    if state.isHelpVisible {
                        if key == .escape {
                            state.apply(.toggleHelp)
                            dirty = true
                            continue
                        }
                        if let paneKey = PaneKeys.paneKey(for: key),
                           let scroll = composer.helpScroll(after: paneKey, state: state, panes: panes,
                                                            width: session.size.width, height: session.size.height) {
                            state.helpScroll = scroll
                            dirty = true
                            continue
                        }
                    }
                    if let follower {
                        if key == .character("e") && !follower.isExploring {
                            follower.explore()
                            notice = ("exploring your own copy: the lab's keys work; f follows the lecture again", clock.now + .seconds(4))
                            dirty = true
                            continue
                        }
                        if key == .character("f") && follower.isExploring {
                            follower.rejoin()
                            notice = nil
                            renderedKeys = [:]
                            dirty = true
                            continue
                        }
                    }
                    if let sceneSession {
                        switch sceneSession.handle(key) {
                        case .handled:
                            dirty = true
                            continue
                        case .prompt(let prompt):
                            state.prompt = PromptState(prompt)
                            dirty = true
                            continue
                        case .notice(let text):
                            notice = (text, clock.now + .seconds(4))
                            dirty = true
                            continue
                        case .pass:
                            break
                        }
                    }
                    // While a scene plays (not exploring) only layout keys and quit reach the dashboard.
                    let scripted = scriptDrives()
                    switch Keymap.action(for: key, panes: state.panes) {
                    case .quit?:
                        return 0
                    case .openSceneMenu?:
                        if presenter != nil || follower != nil {
                            // A lecture is one seed and one scene from start to end.
                            notice = (presenter != nil ? "to present another scene, quit and run gradscope serve SCENE"
                                                       : "the presenter chooses the scenes", clock.now + .seconds(4))
                        } else {
                            sceneMenu = SceneMenu.bundled(language: language, assets: assets)
                        }
                        dirty = true
                    case .command(let command)? where !(scripted && command.isEngineCommand):
                        perform(command)
                        dirty = true
                    case .command?:
                        break
                    case nil:
                        // Not a global key: the focused pane may use it.
                        guard !scripted, let pane = panes[state.focused], let paneKey = PaneKeys.paneKey(for: key),
                              let input = pane.input(for: paneKey, snapshot: engine.snapshot(for: state.focused)) else { break }
                        switch input {
                        case .command(let command):
                            perform(command)
                        case .prompt(let prompt):
                            state.prompt = PromptState(prompt)
                        }
                        dirty = true
                    }
                case .mouse(let event) where state.isHelpVisible && (event.kind == .scrollUp || event.kind == .scrollDown):
                    // The wheel scrolls the help overlay, a few rows at a time.
                    for _ in 0..<3 {
                        if let scroll = composer.helpScroll(after: event.kind == .scrollUp ? .up : .down, state: state,
                                                            panes: panes, width: session.size.width,
                                                            height: session.size.height) {
                            state.helpScroll = scroll
                        }
                    }
                    dirty = true
                case .mouse(let event):
                    // A left click focuses the pane under it and tells the pane where (in its
                    // own cells); a prompt keeps the focus until it is answered.
                    let reserved = captionBar(session.size)?.rows ?? 0
                    guard case .press(button: 1) = event.kind, state.prompt == nil,
                          let placements = DashboardLayout.placements(state: state, panes: panes,
                                                                      width: session.size.width, height: session.size.height,
                                                                      reservedRows: reserved),
                          let hit = placements.first(where: { $0.inner.contains(x: event.x, y: event.y) }) else { break }
                    if hit.pane != state.focused { perform(.focus(hit.pane)) }
                    if scriptDrives() { dirty = true; break }
                    let click = PaneKey.click(x: event.x - hit.inner.x, y: event.y - hit.inner.y,
                                              width: hit.inner.width, height: hit.inner.height)
                    if case .command(let command)? = panes[hit.pane]?.input(for: click, snapshot: engine.snapshot(for: hit.pane)) {
                        perform(command)
                    }
                    dirty = true
                }
            }
            if let sceneSession, sceneSession.tick(now: clock.now) { dirty = true }
            if let presenter, presenter.server.followers != shownFollowers {
                shownFollowers = presenter.server.followers
                dirty = true
            }
            if let follower, follower.poll() {
                dirty = true
                if let layout = follower.layout(current: state) {
                    state = layout
                    renderedKeys = [:]
                }
            }
            let version = engine.version
            if version != drawnVersion { dirty = true }
            if let report = estimates?.poll(at: clock.now, size: session.size) {
                panes[.doctor] = DoctorPane(report: report)
                renderedKeys[.doctor] = nil
                dirty = true
            }
            if let shown = notice, clock.now >= shown.until {
                notice = nil
                dirty = true
            }
            if !dirty, !idleFrameShown, clock.now - lastDraw > .milliseconds(1100) {
                dirty = true
                idleFrameShown = true
            } else if dirty {
                idleFrameShown = false
            }
            guard dirty, clock.now - lastDraw >= frameInterval else { continue }

            // Compose and draw one frame. Frames are paced from their start, so the time spent
            // drawing counts towards the interval (else the rate would be 1 / (interval + work)).
            let frameStart = clock.now
            let size = session.size
            let narration = captionBar(size)
            if let narration, let sceneSession, sceneSession.applyLayout(narration.state, to: &state) { renderedKeys = [:] }
            let placements = DashboardLayout.placements(state: state, panes: panes, width: size.width, height: size.height,
                                                        reservedRows: narration?.rows ?? 0)
            let snapshots = engine.snapshots()
            for placement in placements ?? [] {
                guard let pane = panes[placement.pane] else { continue }
                let snapshot = snapshots[placement.pane]
                let highlight = narration?.state.highlight.flatMap { readout in
                    readout.pane == placement.pane ? PaneReadouts.label(pane: readout.pane, name: readout.readout) : nil
                }
                let key = PaneRenderKey(publication: snapshot == nil ? 0 : version, width: placement.inner.width, height: placement.inner.height,
                                        isFocused: placement.pane == state.focused, isZoomed: state.isZoomed,
                                        highlight: highlight)
                // Redraw a pane only when what it shows changed, and only as often as the
                // bandwidth governor allows (a resize or layout change always redraws).
                let layoutChanged = renderedKeys[placement.pane].map {
                    $0.width != key.width || $0.height != key.height || $0.isFocused != key.isFocused
                        || $0.isZoomed != key.isZoomed || $0.highlight != key.highlight
                } ?? true
                guard layoutChanged || (renderedKeys[placement.pane] != key
                                        && governor.shouldRedraw(placement.pane, frame: frameNumber)) else { continue }
                let context = PaneContext(width: placement.inner.width, height: placement.inner.height,
                                          theme: theme, charset: session.charset, snapshot: snapshot,
                                          isFocused: key.isFocused, isZoomed: key.isZoomed, highlightedReadout: highlight)
                paneGrids[placement.pane] = pane.render(context)
                renderedKeys[placement.pane] = key
            }
            let status = engine.status
            if status.parameterErrorCount != seenParameterErrors {
                // A setting was refused: say why, until the next key or for a while.
                seenParameterErrors = status.parameterErrorCount
                if let error = status.lastParameterError { notice = (error, clock.now + .seconds(10)) }
            }
            engineRunning = sceneSession.map { $0.isExploring ? !status.isPaused : $0.player.isPlaying }
                ?? (follower != nil ? true : !status.isPaused)
            // The status message says what kind of session this is; notices are shown apart.
            var sessionText: String? = follower?.statusText
            if sessionText == nil, let sceneSession, !sceneSession.isExploring { sessionText = sceneSession.statusMessage() }
            if let presenter { sessionText = sessionText.map { presenter.statusText + " · " + $0 } ?? presenter.statusText }
            let paused: Bool
            if let sceneSession, !sceneSession.isExploring {
                paused = !sceneSession.player.isPlaying
            } else if let follower, !follower.isExploring {
                paused = follower.state?.isPaused ?? true
            } else {
                paused = status.isPaused
            }
            let info = StatusInfo(isPaused: paused, tick: status.tick,
                                  stepsPerSecond: status.stepsPerSecond, speed: status.speed,
                                  framesPerSecond: status.isPaused ? nil : meter.framesPerSecond(at: clock.now),
                                  bytesPerSecond: meter.bytesPerSecond(at: clock.now), message: sessionText,
                                  notice: notice?.text)
            let screen = composer.compose(width: size.width, height: size.height, state: state, panes: panes,
                                          placements: placements, paneGrids: paneGrids, status: info, narration: narration,
                                          menu: sceneMenu)
            let bytesBefore = session.bytesWritten
            session.draw(screen)
            presenter?.publish(engine: engine, layout: state, scene: sceneSession)
            let bytes = Double(session.bytesWritten - bytesBefore)
            governor.record(bytesByPane: Self.attribute(bytes: bytes, previous: previousScreen, current: screen,
                                                        placements: placements ?? []))
            previousScreen = screen
            meter.record(frameAt: clock.now, bytes: bytes)
            lastDraw = frameStart
            drawnVersion = version
            frameNumber &+= 1
            dirty = false
        }
    }

    static let sceneHelp = [
        "While a scene plays:",
        "space / Right    play on to the next hold",
        "Left             back to the previous hold (exact)",
        "g                go to step N or section sN",
        "a                auto-advance on / off",
        "e / b            explore the lab / back to the script",
        "S                save the session as a new scene file",
    ]
    static let followerHelp = [
        "Following a lecture:",
        "e                explore your own copy",
        "f                follow the lecture again",
    ]

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

    /// Whether an estimate is still to come (the loop then wakes often enough to show it).
    var isWaiting: Bool { pending != nil }
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

/// Terminal keys as panes see them.
enum PaneKeys {
    static func paneKey(for key: Key) -> PaneKey? {
        switch key {
        case .character(let c): return .character(c)
        case .up: return .up
        case .down: return .down
        case .left: return .left
        case .right: return .right
        case .pageUp: return .pageUp
        case .pageDown: return .pageDown
        case .home: return .home
        case .end: return .end
        case .backspace: return .backspace
        case .delete: return .delete
        default: return nil
        }
    }
}
