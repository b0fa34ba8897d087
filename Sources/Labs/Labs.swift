import Canvas
import Panes
import SimulationCore

/// A lab, described once: its pane (which draws it, declares its keys and readouts) and the
/// simulation feeding it (which declares its parameters). Everything that lists labs, their
/// parameters or readouts (digits 1-N, help, `--pane`, `--set`, scenes, the bench, the README
/// table) reads this.
public struct Lab: Sendable {
    public var pane: any Pane
    public var simulation: any Simulation.Type
    public init(pane: any Pane, simulation: any Simulation.Type) {
        precondition(pane.id == simulation.pane, "\(pane.id) is fed by a simulation of \(simulation.pane)")
        self.pane = pane
        self.simulation = simulation
    }

    public var id: PaneID { pane.id }
    public var title: String { pane.title }
    public var parameters: [ParameterSpec] { simulation.parameters }
    public var readouts: [ReadoutSpec] { pane.readouts }

    /// The parameter users name `name`: a declared one, or the file-valued twin of one
    /// (`csv` for `csvData`).
    public func parameter(named name: String) -> (spec: ParameterSpec, isFile: Bool)? {
        if let spec = simulation.parameter(named: name) { return (spec, false) }
        return parameters.first { $0.file?.name == name }.map { ($0, true) }
    }

    /// Every name a user may write for a parameter (declared names and file twins).
    public var parameterNamesForUsers: [String] {
        parameters.flatMap { spec in [spec.name] + (spec.file.map { [$0.name] } ?? []) }
    }
}

/// The labs this build has, in dashboard order (keys 1-N): the one list of labs.
public enum LabRegistry {
    public static let all: [Lab] = [
        Lab(pane: LinearPane(), simulation: LinearSimulation.self),
        Lab(pane: EntropyPane(), simulation: EntropySimulation.self),
        Lab(pane: BoundaryPane(), simulation: BoundarySimulation.self),
        Lab(pane: OptimizerPane(), simulation: OptimizerSimulation.self),
        Lab(pane: BackpropPane(), simulation: BackpropSimulation.self),
    ]

    /// The lab panes, in dashboard order.
    public static var ids: [PaneID] { all.map(\.id) }

    public static func lab(_ id: PaneID) -> Lab? { all.first { $0.id == id } }

    /// Every pane a user may name (`--pane`, `--focus`): the labs and the doctor screen.
    public static var paneNames: [String] { ids.map(\.rawValue) + [PaneID.doctor.rawValue] }

    /// Why a pane cannot be shown, for a clear message.
    public static func unavailableReason(_ id: PaneID) -> String {
        "pane '\(id.rawValue)' is not in this build; available: " + paneNames.joined(separator: ", ")
    }
}
