import SimulationCore
import SimulationEngine
import TestSupport

/// Whether two snapshot dictionaries hold exactly equal snapshots for the same panes.
func sameSnapshots(_ a: [PaneID: any SimulationSnapshot], _ b: [PaneID: any SimulationSnapshot]) -> Bool {
    a.count == b.count && a.allSatisfy { pane, snapshot in b[pane].map(snapshot.isEqual(to:)) ?? false }
}

/// Polls `condition` until it holds or a generous timeout passes; returns whether it held.
/// Only waits for something to happen: nothing is concluded from how long it took.
func eventually(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

func walk(_ engine: SimulationEngine) -> RandomWalkSimulation.Snapshot? {
    engine.snapshot(of: RandomWalkSimulation.self)
}

func coin(_ engine: SimulationEngine) -> CoinFlipSimulation.Snapshot? {
    engine.snapshot(of: CoinFlipSimulation.self)
}

func makeEngine(seed: UInt64 = 1, stepsPerSecond: Double = 30) -> SimulationEngine {
    SimulationEngine(seed: seed, simulations: toySimulations, stepsPerSecond: stepsPerSecond)
}
