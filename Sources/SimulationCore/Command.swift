/// A pane of the dashboard, named as users type it (`--focus linear`).
///
/// Each lab declares its own id in its own file (`extension PaneID { static let linear = ... }`);
/// the lab registry (App) is the one list of labs. The name also derives the pane's seed
/// (`seed(from:)`), so renaming a pane changes what it shows from a given seed.
public struct PaneID: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }

    public var description: String { rawValue }

    /// Encoded as its bare name, as the wire formats (scenes, sessions, lectures) expect.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A value a pane parameter can take. Plain data: it round-trips through JSON and YAML.
public enum ParameterValue: Codable, Sendable, Equatable, Hashable {
    case number(Double)
    case integer(Int)
    case flag(Bool)
    case text(String)
    case vector([Double])
    /// Row-major rows.
    case matrix([[Double]])
}

/// Everything that can change what Gradscope shows, as a plain serialisable value.
///
/// The same values come from keys, scene files, saved sessions and lecture streams: there is
/// one vocabulary. Each changes the clock or a simulation; what is shown (focus, zoom, overlays)
/// is the app's own `LayoutCommand`, which never reaches the engine.
public enum Command: Codable, Sendable, Equatable, Hashable {
    // Clock.
    case pause
    case resume
    case togglePause
    /// Advance every simulation by exactly one step (meant while paused).
    case singleStep
    /// Multiply the speed by 2 (faster) or 1/2 (slower); clamped to [1/16, 64].
    case faster
    case slower
    case setSpeed(Double)
    case setStepsPerSecond(Double)
    /// Re-creates every simulation from the seed, keeping the parameters each one shows (its
    /// `state` parameters, re-applied in declaration order): reset restarts training, the
    /// playback, the racers, with the user's settings.
    case reset
    /// Makes the given value the seed, then resets (see `reset`): parameters are kept.
    case reseed(UInt64)
    // A simulation parameter.
    case set(pane: PaneID, parameter: String, value: ParameterValue)
    /// One frame of an animated parameter: set and shown at once (`Simulation.setImmediately`),
    /// since the animation eases the value itself.
    case setFrame(pane: PaneID, parameter: String, value: ParameterValue)
}

/// A command stamped with the simulation tick it takes effect at: the unit of a replayable log.
///
/// Invariant: replaying a log in order from the same seed reproduces every snapshot exactly.
public struct TimedCommand: Codable, Sendable, Equatable, Hashable {
    public var tick: UInt64
    public var command: Command
    public init(tick: UInt64, command: Command) {
        self.tick = tick
        self.command = command
    }
}

extension ParameterValue {
    /// Whether a value from outside (a lecture, a checkpoint) is within the bounds any
    /// parameter takes: text up to 4 MB (a data file), at most 1024 numbers, a matrix of at
    /// most 16 x 16, whole numbers within ±10⁹ (so index arithmetic on them cannot overflow).
    /// Nil when it is; else what is out of bounds. Each simulation checks the rest.
    public var boundsViolation: String? {
        switch self {
        case .number, .flag: return nil
        case .integer(let n): return abs(n) <= 1_000_000_000 ? nil : "a whole number beyond ±10^9"
        case .text(let text): return text.utf8.count <= 4_000_000 ? nil : "a text of \(text.utf8.count) bytes (at most 4 MB)"
        case .vector(let values): return values.count <= 1024 ? nil : "a list of \(values.count) numbers (at most 1024)"
        case .matrix(let rows):
            return rows.count <= 16 && rows.allSatisfy({ $0.count <= 16 }) ? nil : "a matrix larger than 16 x 16"
        }
    }
}

extension Command {
    /// Whether a command from outside is within bounds (see `ParameterValue.boundsViolation`;
    /// parameter names are at most 64 bytes). Nil when it is.
    public var boundsViolation: String? {
        switch self {
        case .set(_, let parameter, let value), .setFrame(_, let parameter, let value):
            guard parameter.utf8.count <= 64 else { return "a parameter name over 64 bytes" }
            return value.boundsViolation
        default:
            return nil
        }
    }
}
