@testable import App
import Canvas
import Panes
import SimulationCore
import Testing
@testable import Labs

/// The drawer skips a pane whose new snapshot differs from the one it drew only in its tick
/// (`showsSamePicture`), so no pane may draw anything from the tick: every lab, every view.
struct PaneTickTests {
    static func retimed<S: SimulationSnapshot>(_ snapshot: S, by ticks: UInt64) -> any SimulationSnapshot {
        var copy = snapshot
        copy.tick &+= ticks
        return copy
    }

    @Test func noPaneDrawsTheTick() throws {
        let theme = Theme.builtIn(tier: .palette256)
        for lab in LabRegistry.all {
            var simulation = lab.simulation.init(seed: 1)
            let views = type(of: simulation).parameters.contains { $0.name == "viewStep" } ? 8 : 1
            for view in 0..<views {
                if view > 0 { try simulation.apply("viewStep", .integer(1)) }
                for _ in 0..<12 { simulation.step() }
                let snapshot = simulation.snapshot()
                let later = Self.retimed(snapshot, by: 1_000)
                #expect(later.tick != snapshot.tick)
                #expect(later.showsSamePicture(as: snapshot) && !later.isEqual(to: snapshot))
                for (width, height) in [(118, 37), (58, 18)] {
                    func picture(_ s: any SimulationSnapshot) -> CellGrid {
                        lab.pane.render(PaneContext(width: width, height: height, theme: theme, charset: .unicode, snapshot: s))
                    }
                    #expect(picture(later) == picture(snapshot), "\(lab.id) view \(view) at \(width)x\(height) draws the tick")
                }
            }
        }
    }

    @Test func aSnapshotThatChangedIsNotTheSamePicture() {
        var simulation = BoundarySimulation(seed: 1)
        let before = simulation.snapshot()
        simulation.step()
        #expect(!simulation.snapshot().showsSamePicture(as: before))
        #expect(before.showsSamePicture(as: before))
    }
}
