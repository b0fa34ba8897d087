import Canvas
import SimulationCore

/// Everything a pane needs to draw one frame. Plain values only: a pane reads no globals.
public struct PaneContext: Sendable {
    /// The size to fill; a pane must draw inside it and nowhere else.
    public var width: Int
    public var height: Int
    public var theme: Theme
    public var charset: Charset
    /// The latest snapshot of the pane's simulation, if it has one.
    public var snapshot: (any SimulationSnapshot)?
    /// Whether the pane has keyboard focus (it may show its own key hints).
    public var isFocused: Bool
    /// Whether the pane fills the screen.
    public var isZoomed: Bool

    public init(width: Int, height: Int, theme: Theme, charset: Charset,
                snapshot: (any SimulationSnapshot)? = nil, isFocused: Bool = false, isZoomed: Bool = false) {
        self.width = width
        self.height = height
        self.theme = theme
        self.charset = charset
        self.snapshot = snapshot
        self.isFocused = isFocused
        self.isZoomed = isZoomed
    }
}

/// A pane is a pure function of its context to a grid of exactly `width x height` cells.
///
/// Invariant: the same context always gives the same grid (no clock, no randomness, no I/O).
public protocol Pane: Sendable {
    var id: PaneID { get }
    /// A short title for the frame ("Linear maps").
    var title: String { get }
    /// The smallest size the pane can draw legibly; below it the dashboard says so.
    var minimumSize: (width: Int, height: Int) { get }
    func render(_ context: PaneContext) -> CellGrid
}
