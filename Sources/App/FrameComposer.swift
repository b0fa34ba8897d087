import Canvas
import Panes
import SimulationCore

/// The figures the status bar shows. Plain values, gathered by the run loop each frame.
public struct StatusInfo: Sendable, Equatable {
    public var isPaused: Bool
    public var tick: UInt64
    public var stepsPerSecond: Double
    public var speed: Double
    /// Frames actually drawn per second (nil before the first second).
    public var framesPerSecond: Double?
    /// Bytes per second written to the terminal, shown when stats are on.
    public var bytesPerSecond: Double?
    /// A transient message (an error from a command, a fallback notice).
    public var message: String?

    public init(isPaused: Bool = false, tick: UInt64 = 0, stepsPerSecond: Double = 30, speed: Double = 1,
                framesPerSecond: Double? = nil, bytesPerSecond: Double? = nil, message: String? = nil) {
        self.isPaused = isPaused
        self.tick = tick
        self.stepsPerSecond = stepsPerSecond
        self.speed = speed
        self.framesPerSecond = framesPerSecond
        self.bytesPerSecond = bytesPerSecond
        self.message = message
    }
}

/// Where one pane goes on screen: its frame and the inside the pane itself draws.
public struct PanePlacement: Sendable, Equatable {
    public var pane: PaneID
    /// 1-based position in the dashboard (the digit key that focuses it).
    public var number: Int
    public var frame: Rect
    public var inner: Rect
}

/// The dashboard's screen arrangement, as a pure function of size and layout state.
public enum DashboardLayout {
    /// The smallest screen the shell itself needs (one framed pane plus the status bar).
    public static let minimumScreen = (width: 40, height: 12)

    /// The placements for `state` on a `width x height` screen (the last row is the status
    /// bar), or nil when the screen is too small for even the focused pane.
    ///
    /// When all panes do not fit at their minimum sizes the focused pane is shown alone.
    /// `reservedRows` above the status bar are kept for the caption bar of a scene.
    public static func placements(state: DashboardState, panes: [PaneID: any Pane],
                                  width: Int, height: Int, reservedRows: Int = 0) -> [PanePlacement]? {
        let area = Rect(x: 0, y: 0, width: width, height: height - 1 - reservedRows)
        func fits(_ placement: [PanePlacement]) -> Bool {
            placement.allSatisfy { p in
                guard let pane = panes[p.pane] else { return true }
                return p.inner.width >= pane.minimumSize.width && p.inner.height >= pane.minimumSize.height
            }
        }
        func arrange(_ ids: [PaneID]) -> [PanePlacement] {
            let rects = Layout.dashboard(area, paneCount: ids.count)
            return zip(ids, rects).map { id, rect in
                PanePlacement(pane: id, number: (state.panes.firstIndex(of: id) ?? 0) + 1,
                              frame: rect, inner: rect.inset(by: 1))
            }
        }
        guard width >= minimumScreen.width, height - reservedRows >= minimumScreen.height else { return nil }
        let all = arrange(state.visiblePanes)
        if fits(all) { return all }
        let alone = arrange([state.focused])
        return fits(alone) ? alone : nil
    }

    /// The size the screen needs to show at least the focused pane.
    public static func requiredSize(state: DashboardState, panes: [PaneID: any Pane],
                                    reservedRows: Int = 0) -> (width: Int, height: Int) {
        let minimum = panes[state.focused]?.minimumSize ?? (width: 0, height: 0)
        return (max(minimumScreen.width, minimum.width + 2),
                max(minimumScreen.height, minimum.height + 3) + reservedRows)
    }
}

/// Composes a whole screen from pane grids, frames, the status bar and overlays.
///
/// Pure: the same inputs give the same grid. Panes are rendered by the caller (which may reuse
/// a pane's previous grid to save bandwidth) and handed in by id.
public struct FrameComposer: Sendable {
    public var theme: Theme
    public var charset: Charset
    public var helpText: [String]

    public init(theme: Theme, charset: Charset, helpText: [String]) {
        self.theme = theme
        self.charset = charset
        self.helpText = helpText
    }

    private var glyphs: Glyphs { Glyphs.forCharset(charset) }

    /// The whole screen.
    /// - Parameters:
    ///   - placements: from `DashboardLayout.placements`, or nil when the screen is too small.
    ///   - paneGrids: each placed pane's grid, sized to its `inner` rect.
    /// - narration: a scene's caption bar, drawn in the `narration.rows` rows above the status
    ///   bar (the placements must have been made with the same `reservedRows`).
    public func compose(width: Int, height: Int, state: DashboardState, panes: [PaneID: any Pane],
                        placements: [PanePlacement]?, paneGrids: [PaneID: CellGrid],
                        status: StatusInfo, narration: NarrationBar? = nil, menu: SceneMenu? = nil) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard let placements else {
            drawTooSmall(&grid, need: DashboardLayout.requiredSize(state: state, panes: panes,
                                                                   reservedRows: narration?.rows ?? 0))
            return grid
        }
        if let narration { drawNarration(&grid, narration) }
        for placement in placements {
            let focused = placement.pane == state.focused && state.panes.count > 1
            let title = "\(placement.number) \(panes[placement.pane]?.title ?? placement.pane.rawValue)"
            grid.drawFrame(placement.frame, title: title,
                           style: theme.style(focused ? .focusedFrame : .frame),
                           glyphs: focused ? glyphs.heavy : glyphs)
            if let inner = paneGrids[placement.pane] {
                grid.blit(inner, atX: placement.inner.x, y: placement.inner.y)
            }
        }
        drawStatusBar(&grid, state: state, panes: panes, status: status)
        if state.isHelpVisible { drawHelp(&grid, paneKeys: panes[state.focused].map { (title: $0.title, keys: $0.keyHelp) }) }
        if let menu { drawSceneMenu(&grid, menu) }
        return grid
    }

    /// The caption bar: a rule naming the scene, section and step with the player's keys, then
    /// the caption (and question, answer) wrapped to the width, cut with an ellipsis if longer.
    func drawNarration(_ grid: inout CellGrid, _ bar: NarrationBar) {
        let top = grid.height - 1 - bar.rows
        guard top >= 0, bar.rows > 0 else { return }
        let state = bar.state
        let rule = charset == .unicode ? "─" : "-"
        let separator = charset == .unicode ? " · " : " | "
        var heading: [String] = []
        if let section = state.section, !section.isEmpty {
            heading.append("\(state.sectionNumber)/\(state.sectionCount) " + MathText.forCharset(section, charset))
        } else {
            heading.append(MathText.forCharset(state.title, charset))
        }
        heading.append("step \(state.step)/\(state.stepCount)")
        if !state.status.isEmpty { heading.append(state.status) }
        let headingText = rule + rule + " " + heading.joined(separator: separator) + " "
        grid.fill(Rect(x: 0, y: top, width: grid.width, height: 1), with: Cell(rule, style: theme.style(.frame)))
        grid.write(headingText, x: 0, y: top, style: theme.style(.title), maxWidth: grid.width, charset: charset)
        // Re-draw the leading rule in the frame colour (the heading text keeps the title's).
        grid.write(rule + rule, x: 0, y: top, style: theme.style(.frame), maxWidth: 2, charset: charset)
        let textWidth = max(1, grid.width - 2)
        let room = bar.rows - 1
        func wrapped(_ text: String?, _ role: Role) -> [(String, Role)] {
            guard let text, !text.isEmpty else { return [] }
            return wrap(MathText.forCharset(text, charset), width: textWidth).map { ($0, role) }
        }
        // A question and its answer come first; the caption fills the rows left above them.
        let quiz = wrapped(state.question.map { "Q: " + $0 }, .accent) + wrapped(state.answer.map { "A: " + $0 }, .good)
        let caption = wrapped(state.caption, .text)
        let captionRoom = max(0, room - quiz.count)
        var lines = Array(caption.prefix(captionRoom)) + quiz
        // The row that ends a cut block says so with an ellipsis.
        var cutRow: Int? = caption.count > captionRoom && captionRoom > 0 ? captionRoom - 1 : nil
        if quiz.count > room {
            lines = Array(quiz.prefix(room))
            cutRow = room - 1
        }
        for (row, line) in lines.enumerated() {
            var text = line.0
            if row == cutRow {
                text = truncate(text, width: textWidth - 1, charset: charset)
                if !text.hasSuffix(ellipsis(charset)) { text += ellipsis(charset) }
            }
            grid.write(text, x: 1, y: top + 1 + row, style: theme.style(line.1), maxWidth: textWidth, charset: charset)
        }
    }

    /// "terminal too small: need WxH, have wxh", centred, plus how to get there.
    func drawTooSmall(_ grid: inout CellGrid, need: (width: Int, height: Int)) {
        let lines = [
            "terminal too small",
            "need \(need.width)x\(need.height), have \(grid.width)x\(grid.height)",
            "enlarge the window, or press q to quit",
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let left = max(0, (grid.width - line.displayWidth) / 2)
            grid.write(line, x: left, y: top + offset, style: theme.style(offset == 0 ? .warning : .text),
                       maxWidth: grid.width, charset: charset)
        }
    }

    /// One line: where we are and what the clock does on the left, the key hints on the right.
    func drawStatusBar(_ grid: inout CellGrid, state: DashboardState, panes: [PaneID: any Pane], status: StatusInfo) {
        let y = grid.height - 1
        guard y >= 0 else { return }
        let bar = theme.style(.statusBar)
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), with: Cell(" ", style: bar))
        let separator = charset == .unicode ? " │ " : " | "
        var parts: [String] = []
        parts.append(status.isPaused ? (charset == .unicode ? "⏸ paused" : "|| paused")
                                     : (charset == .unicode ? "▶ running" : "> running"))
        parts.append("\(StatusFormat.rate(status.stepsPerSecond * status.speed)) steps/s x\(StatusFormat.speed(status.speed))")
        parts.append("tick \(status.tick)")
        if let fps = status.framesPerSecond { parts.append("\(Int(fps.rounded())) fps") }
        if state.isStatsVisible {
            parts.append(status.bytesPerSecond.map { "\(StatusFormat.bytes($0))/s" } ?? "-- B/s")
        }
        if let message = status.message { parts.append(message) }
        var left = " " + parts.joined(separator: separator)
        if let prompt = state.prompt {
            // Typing a number: the prompt replaces the clock readout.
            left = " \(prompt.prompt.label) = \(prompt.text)_" + separator + "Enter set, Esc cancel"
                + (status.message.map { separator + $0 } ?? "")
        }
        let hints = "? help  q quit "
        let hintsWidth = hints.displayWidth
        let leftRoom = grid.width - hintsWidth - 1
        if leftRoom >= 20 {
            grid.write(left, x: 0, y: y, style: bar, maxWidth: leftRoom, charset: charset)
            grid.write(hints, x: grid.width - hintsWidth, y: y, style: theme.style(.statusKey),
                       maxWidth: hintsWidth, charset: charset)
        } else {
            grid.write(left, x: 0, y: y, style: bar, maxWidth: grid.width, charset: charset)
        }
    }

    /// The `?` overlay: a framed box centred on the screen, clipped when the screen is small;
    /// the global keys, then the focused pane's own.
    func drawHelp(_ grid: inout CellGrid, paneKeys: (title: String, keys: [(keys: String, action: String)])? = nil) {
        var helpText = helpText
        if let paneKeys, !paneKeys.keys.isEmpty {
            let width = max(16, paneKeys.keys.map(\.keys.displayWidth).max() ?? 0)
            helpText += ["", "\(paneKeys.title) (focused pane):"]
                + paneKeys.keys.map { $0.keys + String(repeating: " ", count: width - $0.keys.displayWidth + 1) + $0.action }
        }
        let contentWidth = min(grid.width - 4, max(helpText.map(\.displayWidth).max() ?? 0, 30))
        let contentHeight = min(grid.height - 3, helpText.count)
        guard contentWidth > 4, contentHeight > 0 else { return }
        let box = Rect(x: (grid.width - contentWidth - 4) / 2, y: max(0, (grid.height - 1 - contentHeight - 2) / 2),
                       width: contentWidth + 4, height: contentHeight + 2)
        grid.fill(box, with: Cell(" ", style: theme.style(.text)))
        grid.drawFrame(box, title: "Keys (? to close)", style: theme.style(.focusedFrame), glyphs: glyphs.heavy)
        for (row, line) in helpText.prefix(contentHeight).enumerated() {
            grid.write(line, x: box.x + 2, y: box.y + 1 + row, style: theme.style(.text),
                       maxWidth: contentWidth, charset: charset)
        }
    }
}

/// A scene's caption bar: what it says and how many rows it takes (heading included).
public struct NarrationBar: Sendable, Equatable {
    public var state: NarrationState
    public var rows: Int
    public init(state: NarrationState, rows: Int) {
        self.state = state
        self.rows = rows
    }

    /// Rows for a caption bar holding the longest of `texts` at `width` on a `height`-row screen:
    /// the heading plus 1 to 5 text rows (fewer on short screens), the same for a whole scene so
    /// the panes do not jump between steps.
    public static func rows(for texts: [String], width: Int, height: Int) -> Int {
        let longest = texts.map { wrap($0, width: max(1, width - 2)).count }.max() ?? 1
        let cap = max(1, min(5, (height - 13) / 3))
        return 1 + min(cap, max(1, longest))
    }
}

/// Number formats shared by the status bar and the doctor screen.
public enum StatusFormat {
    /// "1.2 KB", "34 B", "5.6 MB" (decimal units, as bandwidth is usually quoted).
    public static func bytes(_ count: Double) -> String {
        guard count.isFinite, count >= 0 else { return "-- B" }
        if count < 1000 { return "\(Int(count.rounded())) B" }
        if count < 1_000_000 { return oneDecimal(count / 1000) + " KB" }
        return oneDecimal(count / 1_000_000) + " MB"
    }

    /// A rate without float noise: "30", "7.5", "0.25".
    public static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "--" }
        if value >= 10 || value == value.rounded() { return String(Int(value.rounded())) }
        return trimmed(value, decimals: 2)
    }

    /// A speed multiplier: "1", "2", "0.5", "0.0625".
    public static func speed(_ value: Double) -> String {
        guard value.isFinite else { return "--" }
        return value == value.rounded() ? String(Int(value)) : trimmed(value, decimals: 4)
    }

    static func oneDecimal(_ value: Double) -> String { trimmed(value, decimals: 1, keepZero: true) }

    /// Fixed decimals without Foundation; trailing zeros dropped unless `keepZero`.
    static func trimmed(_ value: Double, decimals: Int, keepZero: Bool = false) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled) - whole * Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        if !keepZero { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
