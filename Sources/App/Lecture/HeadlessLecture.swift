import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Labs
import Lecture

/// Presenter and follower without a terminal, for the scale benchmark: each draws its frames
/// into a virtual terminal (a cell grid), counts the bytes a real terminal would be sent (the
/// escape sequences of the cells that changed, `CellGrid.ansiUpdate`), and reports its frame
/// rate and CPU time as one JSON line.
public enum HeadlessLecture {
    public struct Report: Codable, Sendable {
        public var role: String
        public var seconds: Double
        public var frames: Int
        public var framesPerSecond: Double
        public var terminalBytesPerSecond: Double
        public var cpuSeconds: Double
        public var cpuPercentOfOneCore: Double
        public var followers: Int?
        /// A follower: seconds from joining until its simulations first reached the presenter's
        /// moment, and that moment's tick.
        public var caughtUpSeconds: Double?
        public var caughtUpTick: UInt64?
    }

    /// `gradscope serve --headless WxH --seconds S`: the four-lab dashboard animating live.
    public static func present(_ configuration: AppConfiguration, socketPath: String?, group: String?,
                               width: Int, height: Int, seconds: Double) throws -> Report {
        let start = LectureStart(seed: configuration.seed, stepsPerSecond: configuration.stepsPerSecond, scene: nil,
                                 language: "en", title: "benchmark")
        let server = try LectureServer.open(socketPath: socketPath, group: group, start: start)
        defer { server.stop() }
        let labs = LabRegistry.all
        let engine = SimulationEngine(seed: configuration.seed, simulations: labs.map(\.simulation),
                                      stepsPerSecond: configuration.stepsPerSecond)
        engine.send(configuration.settings)
        engine.start()
        defer { engine.stop() }
        let presenter = LecturePresenter(server: server)
        let layout = DashboardState(panes: labs.map(\.pane.id))
        var followers = 0
        var report = loop(role: "presenter", configuration: configuration, width: width, height: height, seconds: seconds) {
            presenter.publish(engine: engine, layout: layout, scene: nil)
            followers = max(followers, server.followers)
            return (engine, layout, nil)
        }
        report.followers = followers
        return report
    }

    /// `gradscope follow --headless WxH --seconds S`.
    public static func follow(_ configuration: AppConfiguration, socketPath: String?, width: Int, height: Int,
                              seconds: Double) throws -> Report {
        let clock = ContinuousClock(), joined = clock.now
        let client = try LectureClient.join(socketPath: socketPath)
        let follower = LectureFollower(client: client, start: client.start, labs: LabRegistry.all, language: nil)
        var layout = DashboardState(panes: LabRegistry.ids)
        var caughtUp: (seconds: Double, tick: UInt64)?
        var report = loop(role: "follower", configuration: configuration, width: width, height: height, seconds: seconds) {
            _ = follower.poll()
            if caughtUp == nil, let tick = follower.state?.tick, follower.stepsBehind == 0, follower.engine.status.tick >= tick {
                caughtUp = (Self.seconds(clock.now - joined), tick)
            }
            if let next = follower.layout(current: layout) { layout = next }
            return (follower.engine, layout, follower.narration(width: width, height: height, charset: .unicode))
        }
        report.caughtUpSeconds = caughtUp?.seconds
        report.caughtUpTick = caughtUp?.tick
        return report
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Frames at the configured rate for `seconds`: `turn` says what to draw.
    static func loop(role: String, configuration: AppConfiguration, width: Int, height: Int, seconds: Double,
                     turn: () -> (SimulationEngine, DashboardState, NarrationBar?)) -> Report {
        let theme = Theme.builtIn(tier: .palette256)
        let composer = FrameComposer(theme: theme, charset: .unicode, helpText: [])
        var panes: [PaneID: any Pane] = [:]
        for lab in LabRegistry.all { panes[lab.pane.id] = lab.pane }
        let clock = ContinuousClock()
        let begin = clock.now
        let interval = Duration.seconds(1 / max(1, configuration.framesPerSecond))
        var next = begin
        var previous: CellGrid?
        var lastVersion: UInt64 = .max
        var frames = 0, bytes = 0
        let cpuBefore = cpuTime()
        while clock.now - begin < .seconds(seconds) {
            let (engine, layout, narration) = turn()
            // Like the live loop: a frame only when the simulations (or the lecture) changed.
            let version = engine.version
            if version != lastVersion || previous == nil {
                lastVersion = version
                let grid = composer.composeHeadless(width: width, height: height, state: layout, panes: panes,
                                                    snapshots: engine.snapshots(), status: engine.status, narration: narration)
                bytes += grid.ansiUpdate(from: previous).utf8.count
                previous = grid
                frames += 1
            }
            next += interval
            let now = clock.now
            if next > now { Thread.sleep(forTimeInterval: Double((next - now).components.attoseconds) * 1e-18) } else { next = now }
        }
        let elapsed = Self.seconds(clock.now - begin)
        let cpu = cpuTime() - cpuBefore
        return Report(role: role, seconds: elapsed, frames: frames, framesPerSecond: Double(frames) / elapsed,
                      terminalBytesPerSecond: Double(bytes) / elapsed, cpuSeconds: cpu,
                      cpuPercentOfOneCore: 100 * cpu / elapsed, followers: nil, caughtUpSeconds: nil, caughtUpTick: nil)
    }

    /// User plus system CPU seconds of this process.
    static func cpuTime() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
