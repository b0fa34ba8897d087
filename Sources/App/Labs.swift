import Canvas
import Panes
import SimulationCore

/// A lab: a pane and the simulation that feeds it.
public struct Lab: Sendable {
    public var pane: any Pane
    public var simulation: any Simulation.Type
    public init(pane: any Pane, simulation: any Simulation.Type) {
        self.pane = pane
        self.simulation = simulation
    }
}

/// The labs this build has, in dashboard order. Each lab issue adds its entry here.
public enum LabRegistry {
    public static let all: [Lab] = [
        Lab(pane: LinearPane(), simulation: LinearSimulation.self),
        Lab(pane: EntropyPane(), simulation: EntropySimulation.self),
        Lab(pane: BoundaryPane(), simulation: BoundarySimulation.self),
        Lab(pane: OptimizerPane(), simulation: OptimizerSimulation.self),
        Lab(pane: BackpropPane(), simulation: BackpropSimulation.self),
    ]

    public static func lab(_ id: PaneID) -> Lab? { all.first { $0.pane.id == id } }

    /// Why a pane cannot be shown, for a clear message.
    public static func unavailableReason(_ id: PaneID) -> String {
        "pane '\(id.rawValue)' is not in this build yet; available: "
            + (all.map(\.pane.id.rawValue) + ["doctor"]).joined(separator: ", ")
    }
}
