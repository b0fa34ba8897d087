import Canvas
import Panes
import SimulationCore
import Scenes

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
    /// What kind of session this is (a scene's clock, a lecture's followers): shown at the end
    /// of the status bar for as long as it holds, cut with an ellipsis when the bar is full.
    public var message: String?
    /// A transient message (an error from a command, a notice): shown whole, in the status bar
    /// when it fits there, else on up to three rows of its own just above it. The run loop
    /// clears it after a few seconds or at the next key. Notices quote what was typed or read
    /// (a refused value, a scene's problem), so their controls are shown as escapes (`\x1b`).
    public var notice: String? {
        get { shownNotice }
        set { shownNotice = newValue.map { sanitize($0, removed: .shown) } }
    }
    private var shownNotice: String?

    public init(isPaused: Bool = false, tick: UInt64 = 0, stepsPerSecond: Double = 30, speed: Double = 1,
                framesPerSecond: Double? = nil, bytesPerSecond: Double? = nil, message: String? = nil,
                notice: String? = nil) {
        self.isPaused = isPaused
        self.tick = tick
        self.stepsPerSecond = stepsPerSecond
        self.speed = speed
        self.framesPerSecond = framesPerSecond
        self.bytesPerSecond = bytesPerSecond
        self.message = message
        self.notice = notice
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
    /// When all panes do not fit at their minimum sizes, the largest run of neighbouring panes
    /// around the focused one that fits is shown; at the least, the focused pane alone.
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
        // Fewer panes: the most neighbours (in dashboard order) around the focused one that fit,
        // the earliest run first, so five labs on 80x24 show four and the focused one is among them.
        let order = state.panes, focus = order.firstIndex(of: state.focused) ?? 0
        if !state.isZoomed, order.count > 2 {
            for count in stride(from: order.count - 1, through: 2, by: -1) {
                for start in max(0, focus - count + 1)...min(focus, order.count - count) {
                    let run = arrange(Array(order[start..<(start + count)]))
                    if fits(run) { return run }
                }
            }
        }
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
    /// No one can press a key or resize a headless frame (render, record): a too-small frame
    /// then says to ask for a larger --size instead.
    public var isHeadless = false

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
        let noticeFits = drawStatusBar(&grid, state: state, panes: panes, status: status)
        if state.isHelpVisible { drawHelp(&grid, state: state, panes: panes) }
        if let menu { drawSceneMenu(&grid, menu) }
        // Last: a notice is short-lived and the newest thing to read.
        if let notice = status.notice, !noticeFits { drawNotice(&grid, notice) }
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
        let title = state.section.flatMap { $0.isEmpty ? nil : "\(state.sectionNumber)/\(state.sectionCount) " + MathText.forCharset($0, charset) }
            ?? MathText.forCharset(state.title, charset)
        let headingText = rule + rule + " " + Self.heading(title: title, step: "step \(state.step)/\(state.stepCount)",
                                                            status: state.status, separator: separator,
                                                            width: grid.width - 4, charset: charset) + " "
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

    /// The caption bar's heading "title · step N/M · status" in `width` cells. The step and the
    /// play state ("▶ playing", "space ▸ next ...") are what a presenter reads, so the title gives
    /// way first (down to a few words, with an ellipsis), then the status's trailing key hints.
    static func heading(title: String, step: String, status: String, separator: String, width: Int, charset: Charset) -> String {
        let fixed = step.displayWidth + (status.isEmpty ? 0 : separator.displayWidth + status.displayWidth)
        let titleRoom = width - fixed - separator.displayWidth
        let shortestTitle = min(title.displayWidth, 12)
        let shownTitle = truncate(title, width: max(shortestTitle, titleRoom), charset: charset)
        var parts = [shownTitle, step]
        if !status.isEmpty {
            let statusRoom = width - shownTitle.displayWidth - step.displayWidth - 2 * separator.displayWidth
            parts.append(truncate(status, width: max(statusRoom, 1), charset: charset))
        }
        return parts.joined(separator: separator)
    }

    /// "terminal too small", "need WxH, have wxh" and how to get there, centred; on a screen too
    /// narrow for a line it wraps ("need WxH" and "have wxh" on lines of their own), and on one
    /// too short the advice goes first, so the two sizes are always whole.
    func drawTooSmall(_ grid: inout CellGrid, need: (width: Int, height: Int)) {
        let width = grid.width
        let title = "terminal too small".displayWidth <= width ? "terminal too small" : "too small"
        let needText = "need \(need.width)x\(need.height)", haveText = "have \(grid.width)x\(grid.height)"
        let sizes = needText.displayWidth + 2 + haveText.displayWidth <= width
            ? [needText + ", " + haveText] : [needText, haveText]
        let advice = wrap(isHeadless ? "give a larger --size" : "enlarge the window, or press q to quit", width: width)
        var lines = [(title, Role.warning)] + sizes.map { ($0, Role.text) }
        if lines.count + advice.count <= grid.height { lines += advice.map { ($0, Role.text) } }
        lines = Array(lines.suffix(max(0, grid.height)))
        let top = max(0, (grid.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let left = max(0, (width - line.0.displayWidth) / 2)
            grid.write(line.0, x: left, y: top + offset, style: theme.style(line.1), maxWidth: width, charset: charset)
        }
    }

    /// One line: where we are and what the clock does on the left, the key hints on the right.
    ///
    /// On a narrow screen whole fields give way, least useful first (the help hint, the tick,
    /// the quit hint, the step rate; the frame rate and bytes per second last), so what is left is
    /// never cut in the middle. The session message takes the room that remains. A notice goes in
    /// the bar only when everything fits with it.
    /// - Returns: whether `status.notice` was drawn here (else it needs rows of its own).
    @discardableResult
    func drawStatusBar(_ grid: inout CellGrid, state: DashboardState, panes: [PaneID: any Pane], status: StatusInfo) -> Bool {
        let y = grid.height - 1
        guard y >= 0 else { return false }
        let bar = theme.style(.statusBar)
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), with: Cell(" ", style: bar))
        let separator = charset == .unicode ? " │ " : " | "
        // Each field with the order it gives way in (1 first; 0 never).
        var fields: [(text: String, rank: Int)] = []
        var hints: [(text: String, rank: Int)] = []
        var prompted: (label: String, text: String)?
        if let prompt = state.prompt {
            // Typing a value: the prompt replaces the clock readout, and q or ? are typed.
            prompted = ("\(prompt.prompt.label) = ", prompt.text + "_")
            fields = [(prompted!.label + prompted!.text, 0), ("Enter set, Esc cancel", 3)]
        } else {
            fields.append((status.isPaused ? (charset == .unicode ? "⏸ paused" : "|| paused")
                                           : (charset == .unicode ? "▶ running" : "> running"), 0))
            fields.append(("\(StatusFormat.rate(status.stepsPerSecond * status.speed)) steps/s x\(StatusFormat.speed(status.speed))", 4))
            fields.append(("tick \(status.tick)", 2))
            // Paused, nothing moves: a frame rate there would only say how often nothing changed.
            if let fps = status.framesPerSecond, !status.isPaused { fields.append(("\(Int(fps.rounded())) fps", 5)) }
            if state.isStatsVisible {
                fields.append((status.bytesPerSecond.map { "\(StatusFormat.bytes($0))/s" } ?? "-- B/s", 6))
            }
            hints = [("? help", 1), ("q quit", 3)]
        }
        func leftText(_ fields: [(text: String, rank: Int)]) -> String { " " + fields.map(\.text).joined(separator: separator) }
        func hintText(_ hints: [(text: String, rank: Int)]) -> String {
            hints.isEmpty ? "" : hints.map(\.text).joined(separator: "  ") + " "
        }
        func width(_ fields: [(text: String, rank: Int)], _ hints: [(text: String, rank: Int)], tail: Int) -> Int {
            let hintWidth = hintText(hints).displayWidth
            return leftText(fields).displayWidth + tail + (hintWidth > 0 ? 1 + hintWidth : 0)
        }
        let message = status.message.map { MathText.forCharset($0, charset) }
        let messageWidth = message.map { separator.displayWidth + $0.displayWidth } ?? 0
        // The notice joins the bar only when the whole bar fits with it.
        var noticeFits = false
        if let notice = status.notice {
            let withNotice = fields + [(MathText.forCharset(notice, charset), 0)]
            if width(withNotice, hints, tail: messageWidth) <= grid.width {
                fields = withNotice
                noticeFits = true
            }
        }
        // Whole fields give way until the rest fits, with some room for the session message.
        let messageRoom = message.map { separator.displayWidth + min($0.displayWidth, 16) } ?? 0
        for rank in 1...6 where width(fields, hints, tail: messageRoom) > grid.width {
            fields.removeAll { $0.rank == rank }
            hints.removeAll { $0.rank == rank }
        }
        // A prompt's text longer than the bar shows its end, where the typing is.
        if let prompted, width(fields, hints, tail: 0) > grid.width, let index = fields.firstIndex(where: { $0.rank == 0 }) {
            let room = max(1, grid.width - 1 - prompted.label.displayWidth - 1)
            var tail = ""
            for character in prompted.text.reversed() {
                if tail.displayWidth + character.displayWidth > room { break }
                tail.insert(character, at: tail.startIndex)
            }
            fields[index].text = prompted.label + ellipsis(charset) + tail
        }
        let left = leftText(fields)
        let hintString = hintText(hints)
        let hintWidth = hintString.displayWidth
        let leftRoom = grid.width - (hintWidth > 0 ? hintWidth + 1 : 0)
        var used = grid.write(left, x: 0, y: y, style: bar, maxWidth: max(0, leftRoom), charset: charset)
        if let message, leftRoom - used >= separator.displayWidth + min(message.displayWidth, 4) {
            used += grid.write(separator + message, x: used, y: y, style: bar, maxWidth: leftRoom - used, charset: charset)
        }
        if hintWidth > 0 {
            grid.write(hintString, x: grid.width - hintWidth, y: y, style: theme.style(.statusKey),
                       maxWidth: hintWidth, charset: charset)
        }
        return noticeFits
    }

    /// A notice too long for the status bar: whole, wrapped on full-width rows just above it (at
    /// most three, or a quarter of a tall screen; the last row cut with an ellipsis if even that
    /// is not enough).
    func drawNotice(_ grid: inout CellGrid, _ notice: String) {
        let textWidth = grid.width - 2
        // Three rows, more on a tall screen (a quarter of it) when the notice needs them.
        let maxRows = min(max(3, (grid.height - 1) / 4), grid.height - 2)
        guard textWidth > 0, maxRows > 0 else { return }
        var lines = wrap(MathText.forCharset(sanitize(notice), charset), width: textWidth)
        if lines.count > maxRows {
            lines = Array(lines.prefix(maxRows))
            lines[maxRows - 1] = truncate(lines[maxRows - 1], width: textWidth - 1, charset: charset) + ellipsis(charset)
        }
        let top = grid.height - 1 - lines.count
        let style = theme.style(.statusBar)
        grid.fill(Rect(x: 0, y: top, width: grid.width, height: lines.count), with: Cell(" ", style: style))
        for (row, line) in lines.enumerated() {
            grid.write(line, x: 1, y: top + row, style: style, maxWidth: textWidth, charset: charset)
        }
    }

    /// The `?` overlay's text: the focused pane's own keys first (what is most likely looked
    /// for), then the dashboard's.
    func helpLines(state: DashboardState, panes: [PaneID: any Pane]) -> [String] {
        guard let pane = panes[state.focused], !pane.keyHelp.isEmpty else { return helpText }
        let keys = pane.keyHelp
        // Keys in a column at least two spaces wide of the actions (as in the dashboard's table).
        let width = max(15, keys.map(\.keys.displayWidth).max() ?? 0)
        return ["\(pane.title) (focused pane):"]
            + keys.map { $0.keys + String(repeating: " ", count: width - $0.keys.displayWidth + 2) + $0.action }
            + ["", "Dashboard:"] + helpText
    }

    /// Where the `?` overlay goes on a `width x height` screen: its box, its columns (two, split
    /// at a blank line, when one would not fit the height and two fit the width), how many rows it
    /// has and how many show at once.
    struct HelpLayout {
        var box: Rect
        var columns: [[String]]
        var columnWidths: [Int]
        var rows: Int
        var visibleRows: Int
        var maximumScroll: Int { max(0, rows - visibleRows) }
    }

    static let helpColumnGap = 3

    func helpLayout(width: Int, height: Int, lines: [String]) -> HelpLayout? {
        let available = height - 3  // the status bar and the box's two edges
        guard available > 0, width - 4 > 4 else { return nil }
        func widest(_ lines: [String]) -> Int { lines.map(\.displayWidth).max() ?? 0 }
        var columns = [lines]
        var columnWidths = [min(width - 4, max(widest(lines), 30))]
        if lines.count > available {
            // The blank line that splits the text most evenly, if both halves fit side by side.
            let split = lines.indices.filter { lines[$0].isEmpty }
                .min { max($0, lines.count - $0 - 1) < max($1, lines.count - $1 - 1) }
            if let split {
                let halves = [Array(lines[..<split]), Array(lines[(split + 1)...])]
                let widths = halves.map(widest)
                if widths.reduce(0, +) + Self.helpColumnGap + 4 <= width {
                    columns = halves
                    columnWidths = widths
                }
            }
        }
        columns = zip(columns, columnWidths).map { column, columnWidth in
            column.flatMap { Self.hangingWrap($0, width: columnWidth) }
        }
        let contentWidth = columnWidths.reduce(0, +) + Self.helpColumnGap * (columnWidths.count - 1)
        let rows = columns.map(\.count).max() ?? 0
        let visible = min(available, max(1, rows))
        let box = Rect(x: (width - contentWidth - 4) / 2, y: max(0, (height - 1 - visible - 2) / 2),
                       width: contentWidth + 4, height: visible + 2)
        return HelpLayout(box: box, columns: columns, columnWidths: columnWidths, rows: rows, visibleRows: visible)
    }

    /// A help line wrapped to `width`, its continuation rows indented to where the text after
    /// the key column starts ("k / j / J        regularisation ..."), so the keys stay apart.
    static func hangingWrap(_ line: String, width: Int) -> [String] {
        guard line.displayWidth > width else { return [line] }
        let characters = Array(line)
        var indent = 0
        for index in 1..<characters.count where characters[index - 1] == " " && index >= 2
            && characters[index - 2] == " " && characters[index] != " " {
            indent = index
            break
        }
        if indent == 0 || indent > width / 2 { return wrap(line, width: width) }
        let head = String(characters[..<indent])
        let body = wrap(String(characters[indent...]), width: width - indent)
        let pad = String(repeating: " ", count: indent)
        return body.enumerated().map { ($0.offset == 0 ? head : pad) + $0.element }
    }

    /// The help overlay's scroll position after `key` (Up/Down a row, PgUp/PgDn a page,
    /// Home/End), or nil when `key` does not scroll it (the key then does what it always does).
    public func helpScroll(after key: PaneKey, state: DashboardState, panes: [PaneID: any Pane],
                           width: Int, height: Int) -> Int? {
        guard state.isHelpVisible,
              let layout = helpLayout(width: width, height: height, lines: helpLines(state: state, panes: panes))
        else { return nil }
        let current = min(max(0, state.helpScroll), layout.maximumScroll)
        let page = max(1, layout.visibleRows - 1)
        let next: Int
        switch key {
        case .up: next = current - 1
        case .down: next = current + 1
        case .pageUp: next = current - page
        case .pageDown: next = current + page
        case .home: next = 0
        case .end: next = layout.maximumScroll
        default: return nil
        }
        return min(max(0, next), layout.maximumScroll)
    }

    /// The `?` overlay: a framed box centred on the screen, scrolled by `state.helpScroll`; when
    /// it holds more than fits, the bottom edge says where you are and which way there is more.
    func drawHelp(_ grid: inout CellGrid, state: DashboardState, panes: [PaneID: any Pane]) {
        guard let layout = helpLayout(width: grid.width, height: grid.height, lines: helpLines(state: state, panes: panes))
        else { return }
        let box = layout.box
        let scroll = min(max(0, state.helpScroll), layout.maximumScroll)
        grid.fill(box, with: Cell(" ", style: theme.style(.text)))
        grid.drawFrame(box, title: "Keys (? to close)", style: theme.style(.focusedFrame), glyphs: glyphs.heavy)
        var x = box.x + 2
        for (column, columnWidth) in zip(layout.columns, layout.columnWidths) {
            for row in 0..<layout.visibleRows where scroll + row < column.count {
                grid.write(column[scroll + row], x: x, y: box.y + 1 + row, style: theme.style(.text),
                           maxWidth: columnWidth, charset: charset)
            }
            x += columnWidth + Self.helpColumnGap
        }
        guard layout.rows > layout.visibleRows else { return }
        let up = charset == .unicode ? "↑" : "^", down = charset == .unicode ? "↓" : "v"
        let dot = charset == .unicode ? "·" : "|"
        let range = "\(scroll + 1)-\(scroll + layout.visibleRows) of \(layout.rows)"
        let text: String
        if scroll == 0 {
            text = " \(down) more below (Down, PgDn) \(dot) \(range) "
        } else if scroll >= layout.maximumScroll {
            text = " \(up) more above (Up, PgUp, Home) \(dot) \(range) "
        } else {
            text = " \(up)\(down) more (Up, Down, PgUp, PgDn) \(dot) \(range) "
        }
        let textWidth = min(text.displayWidth, box.width - 4)
        grid.write(text, x: box.maxX - 2 - textWidth, y: box.maxY - 1, style: theme.style(.focusedFrame),
                   maxWidth: box.width - 4, charset: charset)
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
