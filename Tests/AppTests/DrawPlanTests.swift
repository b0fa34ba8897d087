@testable import App
import Canvas
import Panes
import SimulationCore
import SimulationEngine
import Testing
@testable import Labs

/// The terminal draw writes the runs `CellGrid.changedRuns` plans (TerminalSession.draw visits
/// exactly their cells): on real dashboard frames, a paused screen plans nothing and a pane
/// that changed plans only its own changed cells.
struct DrawPlanTests {
    static let composer = FrameComposer(theme: Theme.builtIn(tier: .palette256), charset: .unicode, helpText: [])

    static func screen(width: Int, height: Int, snapshots: [PaneID: any SimulationSnapshot]) -> CellGrid {
        var panes: [PaneID: any Pane] = [:]
        for lab in LabRegistry.all { panes[lab.id] = lab.pane }
        let info = StatusInfo(isPaused: true, tick: 0, stepsPerSecond: 30, speed: 1)
        return composer.composeHeadless(width: width, height: height, state: DashboardState(panes: LabRegistry.ids),
                                        panes: panes, snapshots: snapshots, status: EngineStatus(tick: 0, seed: 1, isPaused: true, speed: 1, stepsPerSecond: 30,
                                                                            effectiveStepsPerSecond: 0, version: 0, lastParameterError: nil),
                                        info: info)
    }

    static func snapshots(boundarySteps: Int) -> [PaneID: any SimulationSnapshot] {
        var snapshots: [PaneID: any SimulationSnapshot] = [:]
        for lab in LabRegistry.all {
            var simulation = lab.simulation.init(seed: 1)
            if lab.id == .boundary { for _ in 0..<boundarySteps { simulation.step() } }
            snapshots[lab.id] = simulation.snapshot()
        }
        return snapshots
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func aPausedDashboardCostsNoDrawWork(_ size: (Int, Int)) {
        let first = Self.screen(width: size.0, height: size.1, snapshots: Self.snapshots(boundarySteps: 0))
        // The first frame writes every cell; the same frame again visits none.
        #expect(first.changedRuns(from: nil).map(\.columns.count).reduce(0, +) == size.0 * size.1)
        let again = Self.screen(width: size.0, height: size.1, snapshots: Self.snapshots(boundarySteps: 0))
        #expect(again == first)
        #expect(again.changedRuns(from: first).isEmpty)
    }

    @Test(arguments: [(120, 40), (200, 60)])
    func onlyTheChangedPanesChangedCellsAreVisited(_ size: (Int, Int)) throws {
        let (width, height) = size
        let before = Self.screen(width: width, height: height, snapshots: Self.snapshots(boundarySteps: 0))
        let after = Self.screen(width: width, height: height, snapshots: Self.snapshots(boundarySteps: 20))
        let placements = try #require(DashboardLayout.placements(state: DashboardState(panes: LabRegistry.ids),
                                                                 panes: Dictionary(uniqueKeysWithValues: LabRegistry.all.map { ($0.id, $0.pane) }),
                                                                 width: width, height: height))
        let boundary = try #require(placements.first { $0.pane == .boundary })
        let runs = after.changedRuns(from: before)
        let visited = runs.map(\.columns.count).reduce(0, +)
        #expect(visited > 0)
        // Every visited cell is in the boundary pane and did change; every changed cell is visited.
        for run in runs {
            #expect(boundary.inner.contains(x: run.columns.lowerBound, y: run.y)
                    && boundary.inner.contains(x: run.columns.upperBound - 1, y: run.y), "\(run)")
            for x in run.columns { #expect(after[x, run.y] != before[x, run.y]) }
        }
        #expect(visited == after.changedCellCount(in: boundary.inner, from: before))
        #expect(visited == after.changedCellCount(in: after.bounds, from: before))
        #expect(visited < boundary.inner.width * boundary.inner.height)
    }
}
