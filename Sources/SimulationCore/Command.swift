/// The panes of the dashboard. The raw value is the name users type (`--focus linear`).
public enum PaneID: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case linear, entropy, boundary, optimizer, backprop, doctor

    /// The lab panes, in dashboard order (keys 1-5).
    public static let labs: [PaneID] = [.linear, .entropy, .boundary, .optimizer, .backprop]

    public static func < (a: PaneID, b: PaneID) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
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
/// one vocabulary. Engine commands change the clock or a simulation; layout commands change
/// only what is shown and never reach a simulation.
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
    /// Re-creates every simulation from the seed, then re-applies the parameter changes made so
    /// far (so reset restarts training with the user's settings).
    case reset
    /// Makes the given value the seed, then resets (see `reset`): parameters are kept.
    case reseed(UInt64)
    // A simulation parameter.
    case set(pane: PaneID, parameter: String, value: ParameterValue)
    /// One frame of an animated parameter: set and shown at once (`Simulation.setImmediately`),
    /// since the animation eases the value itself.
    case setFrame(pane: PaneID, parameter: String, value: ParameterValue)
    // Layout (App only).
    case focus(PaneID)
    case focusNext
    case focusPrevious
    case toggleZoom
    case setZoom(Bool)
    case toggleHelp
    case toggleStats

    /// Whether the engine (rather than only the layout) handles this command.
    public var isEngineCommand: Bool {
        switch self {
        case .pause, .resume, .togglePause, .singleStep, .faster, .slower, .setSpeed,
             .setStepsPerSecond, .reset, .reseed, .set, .setFrame:
            return true
        case .focus, .focusNext, .focusPrevious, .toggleZoom, .setZoom, .toggleHelp, .toggleStats:
            return false
        }
    }
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
