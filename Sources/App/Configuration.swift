import Canvas
import SimulationCore

/// Everything the command line decides, as plain values.
public struct AppConfiguration: Sendable, Equatable {
    public var seed: UInt64 = 42
    /// Frame-rate cap.
    public var framesPerSecond: Double = 30
    public var stepsPerSecond: Double = 30
    /// `--color`: nil = detect.
    public var colorOverride: ColorTier?
    /// `--ascii`.
    public var forceASCII: Bool = false
    public var themeName: String = "default"
    /// `--max-bandwidth`, bytes per second.
    public var maximumBandwidth: Double = 50_000
    /// `--stats`: show bytes per second from the start.
    public var showStats: Bool = false
    /// Report clicks to panes (the optimizer's start point); off for `--no-mouse`.
    public var enableMouse: Bool = false
    /// `--focus`: start with this pane zoomed.
    public var focus: PaneID?
    /// `--set`: parameter changes applied before the first step, in order.
    public var settings: [Command] = []

    public init() {}
}
