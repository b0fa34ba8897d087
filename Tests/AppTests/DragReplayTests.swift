@testable import App
import Canvas
import Panes
import SimulationCore
import SimulationEngine
import Testing
@testable import Labs
@testable import Scenes

/// A drag is a stream of ordinary commands: a saved session replays it exactly.
struct DragReplayTests {
    @Test func aSavedSessionReplaysADragExactly() throws {
        let yaml = "title: drag\nseed: 5\nrate: 30\nlayout:\n  panes: [linear, optimizer]\nsteps:\n  - run: {steps: 3}\n"
        guard case .success(let scene) = SceneParser.parse(yaml, file: "drag.yaml"),
              case .success(let script) = SceneScript.compile(scene) else {
            Issue.record("the scene does not load")
            return
        }
        let engine = SimulationEngine(seed: 5, simulations: LabRegistry.all.map(\.simulation), stepsPerSecond: 30)
        engine.load(script: script.commands)
        engine.seekNow(to: script.position(at: script.duration))
        let logStart = engine.log.count, tickStart = engine.status.tick
        engine.send(.set(pane: .linear, parameter: "spin", value: .flag(false)))
        engine.send(.setFrame(pane: .linear, parameter: "matrix", value: .matrix([[1, 0], [0, 1]])))
        engine.step(1)
        // Press on Ae1's tip and drag it, as the dashboard would: two moves within one step, one more later.
        let pane = LinearPane()
        func snapshot() -> (any SimulationSnapshot)? { engine.snapshot(for: .linear) }
        let lines = pane.render(PaneContext(width: 80, height: 24, theme: Theme.builtIn(tier: .none), charset: .unicode,
                                            snapshot: snapshot())).plainLines()
        let row = try #require(lines.firstIndex { $0.contains("Ae1") })
        let column = lines[row].distance(from: lines[row].startIndex, to: try #require(lines[row].range(of: "Ae1")).lowerBound)
        #expect(pane.input(for: .pointer(PanePointer(.press, x: column, y: row, width: 80, height: 24)), snapshot: snapshot())
                == .grab("e1", command: nil))
        var sent: [Command] = []
        for (dx, dy, steps) in [(2, -1, 0), (4, -2, 1), (6, -4, 2)] {
            let move = PanePointer(.drag, x: column + dx, y: row + dy, width: 80, height: 24, grabbed: "e1")
            guard case .command(let command)? = pane.input(for: .pointer(move), snapshot: snapshot()) else {
                Issue.record("no command for the move \(dx), \(dy)")
                return
            }
            engine.send(command)
            sent.append(command)
            engine.step(steps)
        }
        // The optimizer's start point dragged too.
        let optimizer = OptimizerPane()
        for phase in [PanePointer.Phase.press, .drag] {
            let input = optimizer.input(for: .pointer(PanePointer(phase, x: 10 + (phase == .drag ? 6 : 0), y: 6, width: 80, height: 24,
                                                                  grabbed: phase == .drag ? "start" : nil)),
                                        snapshot: engine.snapshot(for: .optimizer))
            switch input {
            case .grab(_, let command?)?, .command(let command)?: engine.send(command)
            default: Issue.record("the optimizer took no \(phase)")
            }
        }
        engine.step(5)
        #expect(sent.allSatisfy { if case .setFrame(.linear, "matrix", _) = $0 { true } else { false } })
        let explored = engine.snapshots()
        let saved = SessionWriter.yaml(script: script, leftAt: script.duration, explored: Array(engine.log.dropFirst(logStart)),
                                       startTick: tickStart, endTick: engine.status.tick, focus: .linear, zoom: true)
        #expect(saved.contains("  - frame: {linear.matrix: "))
        #expect(saved.contains("  - set: {optimizer.start: "))
        guard case .success(let again) = SceneParser.parse(saved, file: "saved.yaml"),
              case .success(let replay) = SceneScript.compile(again) else {
            Issue.record("the saved session does not load:\n\(saved)")
            return
        }
        let replayed = SimulationEngine(seed: 5, simulations: LabRegistry.all.map(\.simulation), stepsPerSecond: 30)
        replayed.load(script: replay.commands)
        replayed.seekNow(to: replay.position(at: replay.duration))
        for (id, snapshot) in explored {
            #expect(replayed.snapshot(for: id)?.isEqual(to: snapshot) == true, "\(id) differs after replaying:\n\(saved)")
        }
        // And the re-saved scene keeps the frames as frames.
        #expect(SessionWriter.line(.set([.setFrame(pane: .linear, parameter: "matrix", value: .matrix([[1, 0], [0, 1]]))]))
                == "frame: {linear.matrix: [[1.0, 0.0], [0.0, 1.0]]}")
    }
}
