import SimulationCore

/// A readout a scene can point at (`highlight: linear.det`): a plain name, and the label the
/// pane draws it under (the line a highlight marks).
public struct ReadoutSpec: Sendable, Equatable {
    public var name: String
    public var label: String
    public init(_ name: String, label: String) {
        self.name = name
        self.label = label
    }
}

extension Pane {
    /// The label drawn for readout `name`, if the pane declares it.
    public func readoutLabel(_ name: String) -> String? { readouts.first { $0.name == name }?.label }
}
