/// What a simulation publishes: an immutable value a pane can draw from without locks.
public protocol SimulationSnapshot: Sendable, Codable, Equatable {
    /// The number of steps taken since the simulation was created or reset.
    var tick: UInt64 { get }
}

/// An error a simulation reports for a parameter it cannot take (unknown name, bad value).
public struct ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var pane: PaneID
    public var parameter: String
    public var reason: String
    public init(pane: PaneID, parameter: String, reason: String) {
        self.pane = pane
        self.parameter = parameter
        self.reason = reason
    }
    public var description: String { "\(pane.rawValue).\(parameter): \(reason)" }
}

/// A deterministic model stepped by the engine.
///
/// Invariants: knows no clock, thread or terminal; all randomness comes from the seed it was
/// made with, so the same seed and the same parameter changes at the same ticks give the same
/// snapshots on every run and platform.
public protocol Simulation: Sendable {
    associatedtype Snapshot: SimulationSnapshot
    /// The pane this simulation feeds.
    static var pane: PaneID { get }
    /// A fresh simulation at tick 0.
    init(seed: UInt64)
    /// Advances one step.
    mutating func step()
    /// Changes a parameter; throws `ParameterError` for an unknown name or a bad value.
    mutating func set(_ parameter: String, to value: ParameterValue) throws
    /// The current state as an immutable value.
    func snapshot() -> Snapshot

    /// Every parameter name `set` accepts (for "did you mean" and the scene reference).
    static var parameterNames: [String] { get }
    /// The value a parameter has now, for the parameters that hold one (an animation starts
    /// from it); nil for actions (`nudge`, `restart`) and for parameters not exposed.
    func parameterValue(_ parameter: String) -> ParameterValue?
    /// One frame of an animation: like `set`, but shown at once, without the simulation's own
    /// easing towards the new value (an animation does its own easing, frame by frame).
    mutating func setImmediately(_ parameter: String, to value: ParameterValue) throws
}

extension Simulation {
    public static var parameterNames: [String] { [] }
    public func parameterValue(_ parameter: String) -> ParameterValue? { nil }
    public mutating func setImmediately(_ parameter: String, to value: ParameterValue) throws {
        try set(parameter, to: value)
    }
}
