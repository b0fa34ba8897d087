/// What a simulation publishes: an immutable value a pane can draw from without locks.
public protocol SimulationSnapshot: Sendable, Codable, Equatable {
    /// The number of steps taken since the simulation was created or reset.
    /// Which step the snapshot was taken after. Panes draw nothing from it (the drawer skips a
    /// pane whose snapshot changed only in its tick; `PaneTickTests`).
    var tick: UInt64 { get set }
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

    /// A known parameter given the wrong kind of value: what it takes (the kind of its current
    /// value, when it has one) and what it got.
    public static func wrongKind(pane: PaneID, parameter: String, got value: ParameterValue,
                                 expected current: ParameterValue?) -> ParameterError {
        ParameterError(pane: pane, parameter: parameter,
                       reason: "takes " + (current?.kindName ?? "another kind of value") + ", not " + value.shown)
    }
}

extension ParameterValue {
    /// The kind, as a message names it.
    public var kindName: String { ValueKind(of: self).phrase }

    /// The value as typed, short.
    public var shown: String {
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
        switch self {
        case .number(let v): return number(v)
        case .integer(let n): return String(n)
        case .flag(let on): return on ? "true" : "false"
        case .text(let text): return "'" + (text.count > 40 ? String(text.prefix(40)) + "..." : text) + "'"
        case .vector(let values): return values.prefix(8).map(number).joined(separator: ",") + (values.count > 8 ? ",..." : "")
        case .matrix(let rows): return rows.prefix(4).map { $0.prefix(8).map(number).joined(separator: ",") }.joined(separator: ";")
        }
    }
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

    /// Every parameter `set` accepts, declared once (name, kinds, role, one line of doc); in the
    /// order `reset` re-applies the state ones. `set` is only called with a declared name and a
    /// value of a declared kind (`apply` checks both first).
    static var parameters: [ParameterSpec] { get }
    /// The value a parameter has now, for the parameters that hold one (an animation starts
    /// from it); nil for actions (`nudge`, `restart`) and for parameters not exposed.
    func parameterValue(_ parameter: String) -> ParameterValue?
    /// One frame of an animation: like `set`, but shown at once, without the simulation's own
    /// easing towards the new value (an animation does its own easing, frame by frame).
    mutating func setImmediately(_ parameter: String, to value: ParameterValue) throws

    /// Everything the simulation's future depends on, as plain data (derived state, such as a
    /// dataset made from the seed or metrics computed from the weights, is made again).
    associatedtype Checkpoint: Codable, Sendable
    /// The simulation now, to resume from: `init(checkpoint:)` of it steps, snapshots and
    /// takes settings exactly as this one would, bit for bit.
    var checkpoint: Checkpoint { get }
    /// The simulation a checkpoint was taken from. A checkpoint may come from outside (a
    /// lecture's presenter), so every invariant is checked: one that does not hold throws a
    /// `CheckpointError`, and no value of the right types can trap or hang what follows.
    init(checkpoint: Checkpoint) throws
}

extension Simulation {
    public func parameterValue(_ parameter: String) -> ParameterValue? { nil }
    public mutating func setImmediately(_ parameter: String, to value: ParameterValue) throws {
        try set(parameter, to: value)
    }
}

extension Simulation where Self: Codable, Checkpoint == Self {
    /// A simulation with no invariant beyond its types (the toy simulations of the tests) is
    /// its own checkpoint.
    public var checkpoint: Self { self }
    public init(checkpoint: Self) throws { self = checkpoint }
}
