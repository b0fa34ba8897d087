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
    /// The label of a readout a scene points at (`Pane.readouts`), drawn marked; nil for none.
    public var highlightedReadout: String?

    public init(width: Int, height: Int, theme: Theme, charset: Charset,
                snapshot: (any SimulationSnapshot)? = nil, isFocused: Bool = false, isZoomed: Bool = false,
                highlightedReadout: String? = nil) {
        self.highlightedReadout = highlightedReadout
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
    /// What a key means to this pane when it has focus and the key is not a global one; nil
    /// ignores it. Pure: the same key and snapshot give the same input.
    func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput?
    /// The pane's own keys, for the help overlay and the status bar.
    var keyHelp: [(keys: String, action: String)] { get }
    /// The readouts it draws that a scene can point at, declared once here.
    var readouts: [ReadoutSpec] { get }
}

/// A pane that draws one simulation's snapshots; until the first one arrives it says so.
public protocol SnapshotPane: Pane {
    associatedtype Snapshot: SimulationSnapshot
    /// The picture of `snapshot`, exactly `context.width x context.height` cells.
    func render(_ snapshot: Snapshot, _ context: PaneContext) -> CellGrid
}

extension SnapshotPane {
    public func render(_ context: PaneContext) -> CellGrid {
        if let snapshot = context.snapshot as? Snapshot { return render(snapshot, context) }
        var grid = CellGrid(width: context.width, height: context.height)
        grid.write("waiting for the simulation...", x: 1, y: 0, style: context.theme.style(.muted),
                   maxWidth: context.width - 2, charset: context.charset)
        return grid
    }
}

extension Pane {
    public func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput? { nil }
    public var keyHelp: [(keys: String, action: String)] { [] }
    public var readouts: [ReadoutSpec] { [] }
}

/// A key as a pane sees it (the terminal module's key type stays in the terminal module).
public enum PaneKey: Sendable, Equatable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case backspace, delete
    /// The mouse: a press, then (while the button is held) the drag and the release.
    case pointer(PanePointer)

    /// A left click on cell (x, y) of a `width` x `height` pane: the press of a pointer.
    public static func click(x: Int, y: Int, width: Int, height: Int) -> PaneKey {
        .pointer(PanePointer(.press, x: x, y: y, width: width, height: height))
    }
}

/// The mouse as a pane sees it, in cells of the pane's content, which is `width` x `height`
/// cells (so the pane maps them through the same layout it draws with). The dashboard sends a
/// press to the pane under it; when the pane takes hold of something (`PaneInput.grab`), every
/// motion while the button is held and the release go to that pane, with what it grabbed,
/// even once the pointer has left it (x and y may then lie outside the content: clamp).
public struct PanePointer: Sendable, Equatable, Hashable {
    public enum Phase: Sendable, Equatable, Hashable { case press, drag, release }
    public enum Button: Sendable, Equatable, Hashable { case left, middle, right }
    public var phase: Phase
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var button: Button
    /// Shift, Alt or Ctrl was held (many terminals keep Shift for their own text selection).
    public var modified: Bool
    /// What the press took hold of (the name given in `PaneInput.grab`); nil on a press.
    public var grabbed: String?
    /// The spelling the pane is drawn in (a layout that depends on it, such as the linear
    /// lab's readout column, is hit-tested the way it was drawn).
    public var charset: Charset

    public init(_ phase: Phase, x: Int, y: Int, width: Int, height: Int, button: Button = .left,
                modified: Bool = false, grabbed: String? = nil, charset: Charset = .unicode) {
        self.phase = phase
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.button = button
        self.modified = modified
        self.grabbed = grabbed
        self.charset = charset
    }
}

/// What a pane asks for in answer to a key.
public enum PaneInput: Sendable, Equatable {
    /// A command for the engine (usually `.set(pane:parameter:value:)`), as a scene would send.
    case command(Command)
    /// Ask the user to type a value: Enter sends `.set(pane, parameter, .number(value))` (or
    /// `.text` for a text prompt), Escape cancels.
    case prompt(PanePrompt)
    /// A press took hold of `target` (a name the pane chooses: "e1", "start", "P3"): the drag
    /// that follows comes back as `PanePointer.grabbed`. `command` (if any) is sent at once,
    /// as a click would.
    case grab(String, command: Command?)
}

/// A one-line number prompt shown in the status bar.
public struct PanePrompt: Sendable, Equatable, Codable {
    /// What is typed: a number (sent as `.number`), numbers separated by commas or spaces (sent
    /// as `.vector`), rows separated by ';' (sent as `.matrix`), each entry an expression such as
    /// 1/3 or sqrt(2) (`NumberInput`); or free text such as a formula (`.text`).
    public enum Kind: String, Sendable, Codable { case number, numbers, matrix, text }
    public var pane: PaneID
    public var label: String
    public var parameter: String
    public var initial: String
    public var kind: Kind
    /// Set for a scene player's own prompt (go to, save as): the answer goes to the player,
    /// not to a pane. "name" or "name|argument".
    public var playerAction: String?
    public init(pane: PaneID, label: String, parameter: String, initial: String = "", kind: Kind = .number,
                playerAction: String? = nil) {
        self.pane = pane
        self.label = label
        self.parameter = parameter
        self.initial = initial
        self.kind = kind
        self.playerAction = playerAction
    }
}
