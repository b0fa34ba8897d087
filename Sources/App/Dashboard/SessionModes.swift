import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import TerminalUI
import Lecture

/// What a mode's own key (or a player prompt's answer) came to.
enum ModeKeyOutcome: Equatable {
    /// Done: redraw.
    case handled
    /// Open this prompt.
    case prompt(PanePrompt)
    /// Say this for a few seconds.
    case notice(String)
    /// Not the mode's key: the next handler may take it.
    case pass
}

/// What kind of session the dashboard runs: free exploration, a scene playing, a lecture being
/// followed, or any of them presented to followers. The dashboard asks its mode instead of
/// testing which session it is.
protocol SessionMode: AnyObject {
    /// The engine the panes draw from.
    var engine: SimulationEngine { get }
    /// Whether a scene's script or a presenter drives the simulations now: then only layout keys
    /// reach the dashboard, and clicks only focus.
    var scriptDrives: Bool { get }
    /// Help lines of the mode's own keys, shown under the dashboard's.
    var help: [String] { get }
    /// Why the scene menu (`O`) is not offered, or nil when it is.
    var sceneMenuRefusal: String? { get }

    /// Starts the clock (or whatever drives the simulations).
    func start()
    /// Sends an engine command the way this mode queues them.
    func send(_ command: Command)
    /// The mode's own keys; `.pass` leaves the key to the dashboard.
    func handle(_ key: Key) -> ModeKeyOutcome
    /// The answer to one of the mode's prompts (`PanePrompt.playerAction`).
    func answer(_ playerAction: String, text: String, layout: DashboardState) -> ModeKeyOutcome
    /// Moves time on (a scene's clock, a lecture's mailbox); returns whether to redraw.
    func advance(now: ContinuousClock.Instant) -> Bool
    /// The caption bar for this screen, if the mode has one.
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar?
    /// The layout the mode asks for now (a scene's step, the presenter's), or nil to keep `current`.
    func layout(current: DashboardState, narration: NarrationBar?) -> DashboardState?
    /// The status bar's message (what kind of session this is).
    func statusText(_ status: EngineStatus) -> String?
    /// Whether the status bar shows "paused".
    func isPaused(_ status: EngineStatus) -> Bool
    /// Whether something moves by itself (the loop then wakes every frame).
    func isRunning(_ status: EngineStatus) -> Bool
    /// After each drawn frame (a presenter publishes it).
    func didDraw(layout: DashboardState)
    /// Stops the engine.
    func stop()
}

extension SessionMode {
    var help: [String] { [] }
    var sceneMenuRefusal: String? { nil }
    func handle(_ key: Key) -> ModeKeyOutcome { .pass }
    func answer(_ playerAction: String, text: String, layout: DashboardState) -> ModeKeyOutcome { .pass }
    func advance(now: ContinuousClock.Instant) -> Bool { false }
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar? { nil }
    func layout(current: DashboardState, narration: NarrationBar?) -> DashboardState? { nil }
    func statusText(_ status: EngineStatus) -> String? { nil }
    func isPaused(_ status: EngineStatus) -> Bool { status.isPaused }
    func isRunning(_ status: EngineStatus) -> Bool { !status.isPaused }
    func didDraw(layout: DashboardState) {}
    func stop() { engine.stop() }
}

/// The free dashboard: the user's keys drive the engine directly.
final class FreeExploration: SessionMode {
    let engine: SimulationEngine
    /// `--set` settings, applied before the clock starts.
    let settings: [Command]

    init(engine: SimulationEngine, settings: [Command] = []) {
        self.engine = engine
        self.settings = settings
    }

    var scriptDrives: Bool { false }
    var help: [String] { ScenePlaying.sceneHelp }

    func start() {
        engine.send(settings)
        engine.start()
    }

    /// A key's command applies at once, so the next key (even in the same burst) sees its effect.
    func send(_ command: Command) { engine.sendNow(command) }
}

/// A scene playing (presenter mode): its script drives the engine until the user explores.
final class ScenePlaying: SessionMode {
    let session: SceneSession
    init(session: SceneSession) { self.session = session }

    var engine: SimulationEngine { session.engine }
    var scriptDrives: Bool { !session.isExploring }
    var help: [String] { Self.sceneHelp }

    static let sceneHelp = [
        "While a scene plays:",
        "space / Right    play on to the next hold",
        "Left             back to the previous hold (exact)",
        "g                go to step N or section sN",
        "a                auto-advance on / off",
        "e / b            explore the lab / back to the script",
        "S                save the session as a new scene file",
    ]

    func start() {}  // the script's clock starts with the first step
    func send(_ command: Command) { engine.send(command) }
    func handle(_ key: Key) -> ModeKeyOutcome { session.handle(key) }
    func answer(_ playerAction: String, text: String, layout: DashboardState) -> ModeKeyOutcome {
        session.answer(playerAction, text: text, layout: layout)
    }
    func advance(now: ContinuousClock.Instant) -> Bool { session.tick(now: now) }
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar? {
        session.narration(width: width, height: height, charset: charset)
    }
    func layout(current: DashboardState, narration: NarrationBar?) -> DashboardState? {
        guard let narration else { return nil }
        var layout = current
        return session.applyLayout(narration.state, to: &layout) ? layout : nil
    }
    func statusText(_ status: EngineStatus) -> String? { session.isExploring ? nil : session.statusMessage() }
    func isPaused(_ status: EngineStatus) -> Bool { session.isExploring ? status.isPaused : !session.player.isPlaying }
    func isRunning(_ status: EngineStatus) -> Bool { session.isExploring ? !status.isPaused : session.player.isPlaying }
}

/// A presenter's lecture, followed: the presenter's log drives a local engine, until the user
/// explores a copy of their own (`e`), and `f` follows again.
final class Following: SessionMode {
    let follower: LectureFollower
    init(follower: LectureFollower) { self.follower = follower }

    var engine: SimulationEngine { follower.engine }
    var scriptDrives: Bool { !follower.isExploring }
    var help: [String] { Self.followerHelp }
    var sceneMenuRefusal: String? { "the presenter chooses the scenes" }

    static let followerHelp = [
        "Following a lecture:",
        "e                explore your own copy",
        "f                follow the lecture again",
    ]

    func start() {}  // the presenter's log drives the engine
    func send(_ command: Command) { engine.send(command) }

    func handle(_ key: Key) -> ModeKeyOutcome {
        if key == .character("e") && !follower.isExploring {
            follower.explore()
            return .notice("exploring your own copy: the lab's keys work; f follows the lecture again")
        }
        if key == .character("f") && follower.isExploring {
            follower.rejoin()
            return .handled
        }
        return .pass
    }

    func advance(now: ContinuousClock.Instant) -> Bool { follower.poll() }
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar? {
        follower.narration(width: width, height: height, charset: charset)
    }
    func layout(current: DashboardState, narration: NarrationBar?) -> DashboardState? { follower.layout(current: current) }
    func statusText(_ status: EngineStatus) -> String? { follower.statusText }
    func isPaused(_ status: EngineStatus) -> Bool { follower.isExploring ? status.isPaused : (follower.state?.isPaused ?? true) }
    func isRunning(_ status: EngineStatus) -> Bool { true }  // the presenter may move at any moment
}

/// Any mode, presented to followers: each drawn frame is published, and the status bar says
/// how many follow.
final class Presenting: SessionMode {
    let inner: any SessionMode
    let presenter: LecturePresenter
    private var shownFollowers = 0

    init(_ inner: any SessionMode, server: LectureServer) {
        self.inner = inner
        self.presenter = LecturePresenter(server: server)
    }

    var engine: SimulationEngine { inner.engine }
    var scriptDrives: Bool { inner.scriptDrives }
    var help: [String] { inner.help }
    /// A lecture is one seed and one scene from start to end.
    var sceneMenuRefusal: String? { "to present another scene, quit and run gradscope serve SCENE" }

    func start() { inner.start() }
    func send(_ command: Command) { inner.send(command) }
    func handle(_ key: Key) -> ModeKeyOutcome { inner.handle(key) }
    func answer(_ playerAction: String, text: String, layout: DashboardState) -> ModeKeyOutcome {
        inner.answer(playerAction, text: text, layout: layout)
    }
    func advance(now: ContinuousClock.Instant) -> Bool {
        let moved = inner.advance(now: now)
        let followers = presenter.server.followers
        defer { shownFollowers = followers }
        return moved || followers != shownFollowers
    }
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar? {
        inner.narration(width: width, height: height, charset: charset)
    }
    func layout(current: DashboardState, narration: NarrationBar?) -> DashboardState? { inner.layout(current: current, narration: narration) }
    func statusText(_ status: EngineStatus) -> String? {
        inner.statusText(status).map { presenter.statusText + " · " + $0 } ?? presenter.statusText
    }
    func isPaused(_ status: EngineStatus) -> Bool { inner.isPaused(status) }
    func isRunning(_ status: EngineStatus) -> Bool { inner.isRunning(status) }
    func didDraw(layout: DashboardState) {
        presenter.publish(engine: engine, layout: layout, scene: (inner as? ScenePlaying)?.session)
    }
    func stop() { inner.stop() }
}
