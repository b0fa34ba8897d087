/// The kinds of value a parameter can be given (`ParameterValue`'s cases, without their payload).
public enum ValueKind: String, Sendable, Equatable, CaseIterable {
    case number, integer, flag, text, vector, matrix

    /// The kind of a value.
    public init(of value: ParameterValue) {
        switch value {
        case .number: self = .number
        case .integer: self = .integer
        case .flag: self = .flag
        case .text: self = .text
        case .vector: self = .vector
        case .matrix: self = .matrix
        }
    }

    /// The kind as a message names it ("takes a number, not ...").
    public var phrase: String {
        switch self {
        case .number: return "a number"
        case .integer: return "a whole number"
        case .flag: return "true or false"
        case .text: return "a name or a formula"
        case .vector: return "numbers separated by commas"
        case .matrix: return "a matrix (rows separated by ';')"
        }
    }
}

/// One parameter of a lab, declared once: what `--set`, scene `set:`/`animate:`, `check`'s
/// "did you mean", the help overlay and the README's parameter table all read.
public struct ParameterSpec: Sendable, Equatable {
    /// What a parameter is to the lab, which decides what `reset` keeps.
    public enum Role: String, Sendable, Equatable {
        /// Holds a value the user sees (`parameterValue` returns it): `reset` re-applies it, in
        /// the order the lab declares its parameters.
        case state
        /// Another view of state other parameters hold (one matrix entry of `matrix`): not
        /// re-applied itself.
        case view
        /// Moves another parameter relatively (a key's "next" or "+0.05"); its effect is kept
        /// by the state it moved.
        case step
        /// Does something once (restart training, regenerate data).
        case action
    }

    public var name: String
    /// The kinds it accepts; a whole number is taken as a number where only numbers are.
    public var takes: [ValueKind]
    public var role: Role
    /// One line for the README's table and the scene reference.
    public var summary: String
    /// A file-valued twin (`boundary.csv=FILE` for `csvData`): users name a file, the command
    /// carries its text (so a scene or a lecture follower needs no file), at most `maximumBytes`.
    public var file: FileParameter?

    public init(_ name: String, _ takes: [ValueKind], _ role: Role, _ summary: String, file: FileParameter? = nil) {
        precondition(!takes.isEmpty, "parameter \(name) takes nothing")
        self.name = name
        self.takes = takes
        self.role = role
        self.summary = summary
        self.file = file
    }

    /// The kinds as a message lists them: "a number or a name or a formula".
    public var takesPhrase: String { takes.map(\.phrase).joined(separator: " or ") }
}

/// The file-valued form of a text parameter.
public struct FileParameter: Sendable, Equatable {
    /// The name users write (`csv`).
    public var name: String
    public var maximumBytes: Int
    public init(name: String, maximumBytes: Int) {
        self.name = name
        self.maximumBytes = maximumBytes
    }
}

extension Simulation {
    /// Every parameter name `set` accepts, in declaration order.
    public static var parameterNames: [String] { parameters.map(\.name) }

    /// The declared parameter called `name`.
    public static func parameter(named name: String) -> ParameterSpec? { parameters.first { $0.name == name } }

    /// The value as the parameter takes it, or why not: an unknown name, or a kind it does not
    /// take ("takes true or false, not 3"). A whole number becomes a number where only numbers
    /// are taken. Checked before a lab sees the value, so a lab's `set` handles each name once.
    public static func checked(_ parameter: String, _ value: ParameterValue) throws -> ParameterValue {
        guard let spec = Self.parameter(named: parameter) else {
            throw ParameterError(pane: pane, parameter: parameter, reason: "unknown parameter")
        }
        let kind = ValueKind(of: value)
        if spec.takes.contains(kind) { return value }
        if case .integer(let whole) = value, spec.takes.contains(.number) { return .number(Double(whole)) }
        throw ParameterError(pane: pane, parameter: parameter, reason: "takes \(spec.takesPhrase), not \(value.shown)")
    }

    /// Checks the value against the declaration, then sets it.
    public mutating func apply(_ parameter: String, _ value: ParameterValue, immediately: Bool = false) throws {
        let value = try Self.checked(parameter, value)
        if immediately { try setImmediately(parameter, to: value) } else { try set(parameter, to: value) }
    }

    /// The values of every `state` parameter that holds one, in declaration order: what the
    /// user sees, and what `restarted(seed:)` re-applies.
    public var stateValues: [(name: String, value: ParameterValue)] {
        Self.parameters.filter { $0.role == .state }.compactMap { spec in parameterValue(spec.name).map { (spec.name, $0) } }
    }

    /// A fresh simulation from `seed` with this one's state parameters re-applied (shown at once,
    /// without easing): `reset` keeps exactly the parameters on screen, however they were reached
    /// (typed, stepped with a key, animated).
    public func restarted(seed: UInt64) -> Self {
        var fresh = Self(seed: seed)
        for (name, value) in stateValues {
            // A value read back from a simulation of the same type is one it takes.
            try? fresh.apply(name, value, immediately: true)
        }
        return fresh
    }
}
