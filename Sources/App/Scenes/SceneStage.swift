import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Labs
import Scenes

/// Draws any moment of a scene without a terminal: the engine seeks through the script (forward
/// is incremental, backward recomputes from the seed), the composer draws the dashboard with
/// the caption bar. Used by `render --scene`, `record` and the tests; the interactive player
/// draws the same frames through the same `frame` description.
public final class SceneStage {
    public let script: SceneScript
    public let width: Int
    public let height: Int
    public let language: String
    let composer: FrameComposer
    let engine: SimulationEngine
    let panes: [PaneID: any Pane]
    let charset: Charset
    var captions: CaptionBarLayout

    public init(script: SceneScript, width: Int, height: Int, theme: Theme, charset: Charset, language: String) {
        self.script = script
        self.width = width
        self.height = height
        self.charset = charset
        captions = CaptionBarLayout(script: script, language: language)
        // Text in another script cannot be drawn in ASCII: English is shown instead.
        self.language = captions.measure(width: width, height: height, charset: charset).language
        var composer = FrameComposer(theme: theme, charset: charset, helpText: AssetLocator.builtInHelp)
        composer.isHeadless = true
        self.composer = composer
        engine = SimulationEngine(seed: script.scene.seed, simulations: LabRegistry.all.map(\.simulation),
                                  stepsPerSecond: script.scene.rate)
        engine.load(script: script.commands)
        var panes: [PaneID: any Pane] = [:]
        for lab in LabRegistry.all { panes[lab.pane.id] = lab.pane }
        self.panes = panes
    }

    /// The whole screen at scene time `time` (seconds), with `status` in the caption bar's heading.
    /// With `throughStep`, only the first that many steps count (`render --step`, `g`).
    public func frame(at time: Double, throughStep steps: Int? = nil, status: String = "") -> CellGrid {
        shown(at: time, throughStep: steps, status: status).grid
    }

    /// The moment step `number` is complete (what `render --step N` draws): the screen, the
    /// caption bar's texts with their readouts filled, and the snapshots they were filled from.
    public func moment(afterStep number: Int) -> (grid: CellGrid, narration: NarrationState,
                                                  snapshots: [PaneID: any SimulationSnapshot]) {
        let shown = shown(at: script.time(afterStep: number), throughStep: number, status: "")
        return (shown.grid, shown.bar.state, shown.snapshots)
    }

    /// The engine moved to `time`, its caption bar filled from its snapshots, and the screen.
    private func shown(at time: Double, throughStep steps: Int?, status: String)
        -> (grid: CellGrid, bar: NarrationBar, snapshots: [PaneID: any SimulationSnapshot]) {
        let time = min(max(0, time), script.duration)
        engine.seekNow(to: script.position(at: time, throughStep: steps))
        let snapshots = engine.snapshots()
        let bar = captions.bar(at: time, throughStep: steps, status: status, width: width, height: height, charset: charset,
                               snapshots: snapshots)
        return (compose(bar, time: time), bar, snapshots)
    }

    func compose(_ bar: NarrationBar, time: Double) -> CellGrid {
        let narration = bar.state
        let layout = DashboardState(panes: script.scene.layout.panes, focused: narration.focus, isZoomed: narration.zoom)
        let engineStatus = engine.status
        let clockRuns = script.isClockRunning(at: time) && narration.step == script.stepNumber(at: time)
        let info = StatusInfo(isPaused: !clockRuns, tick: engineStatus.tick, stepsPerSecond: script.scene.rate, speed: 1,
                              message: SceneClock.text(time, of: script.duration))
        return composer.composeHeadless(width: width, height: height, state: layout, panes: panes,
                                        snapshots: engine.snapshots(), status: engineStatus,
                                        narration: bar, info: info)
    }
}

extension SceneScript {
    /// Whether the simulations are being stepped at `time` (inside a run or an animation).
    public func isClockRunning(at time: Double) -> Bool {
        runs.contains { $0.steps > 0 && $0.start <= time + Self.epsilon && time < $0.start + $0.duration - Self.epsilon }
    }
}

/// "0:07/1:45": scene time and length, minutes and seconds.
public enum SceneClock {
    public static func text(_ time: Double, of duration: Double) -> String {
        format(time) + "/" + format(duration)
    }

    static func format(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds).rounded(.down))
        let remainder = whole % 60
        return "\(whole / 60):" + (remainder < 10 ? "0" : "") + "\(remainder)"
    }
}
