import Canvas
import Testing
@testable import TerminalUI

/// The draw's work follows what changed (counted in cells looked at, never timed). In the
/// serialized live-session suite: ncurses keeps per-process screen state.
extension LiveSessionTests {
    @Test func drawWorkFollowsTheChangedCells() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        var grid = textGrid(width: 120, height: 40)
        s.draw(grid)
        #expect(s.cellsVisitedInLastDraw == 120 * 40)  // the first frame paints everything
        // An unchanged frame (a paused dashboard redrawn) looks at no cell at all.
        s.draw(grid)
        #expect(s.cellsVisitedInLastDraw == 0)
        #expect(s.cellsPutInLastDraw == 0)
        // A "pane" of 20x10 cells changes; the rest of the screen (its other panes, the rows above
        // and below) costs nothing.
        for y in 5..<15 {
            for x in 10..<30 { grid[x, y] = Cell(x % 2 == 0 ? "⣿" : "⠁", style: Style(foreground: .palette(33))) }
        }
        s.draw(grid)
        #expect(s.cellsVisitedInLastDraw == 20 * 10)
        #expect(s.cellsPutInLastDraw > 0 && s.cellsPutInLastDraw <= 20 * 10)
        // Two changed cells in one row: those two are looked at, not the cells between them.
        grid[40, 30] = Cell("A")
        grid[49, 30] = Cell("B")
        s.draw(grid)
        #expect(s.cellsVisitedInLastDraw == 2)
        #expect(s.cellsPutInLastDraw == 2)
        s.draw(grid)
        #expect(s.cellsVisitedInLastDraw == 0)
    }

    @Test func aChangeNextToAWideGlyphKeepsItWhole() throws {
        let h = try Headless()
        let s = try h.open()
        var grid = CellGrid(width: 120, height: 40)
        grid[10, 2] = Cell("表")
        grid[11, 2] = .continuation(style: .plain)
        s.draw(grid)
        // Only the cell right of the continuation changes: the span starts after the wide glyph.
        grid[12, 2] = Cell("x")
        s.draw(grid)
        #expect(s.cellsVisitedInLastDraw == 1)
        #expect(s.cellsPutInLastDraw == 1)
        // The wide glyph changes to another: its continuation is not put again.
        grid[10, 2] = Cell("界")
        let before = s.bytesWritten
        s.draw(grid)
        #expect(s.cellsPutInLastDraw == 1)
        #expect(s.bytesWritten - before < 24)  // a cursor move and one glyph
        s.close()
        #expect(h.output.contains("界"))
    }
}
