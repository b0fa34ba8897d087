import Canvas
import Testing

@Suite struct CellTests {
    /// `CellGrid.changedSpan` compares cells as raw memory: that needs 16 bytes with no padding.
    @Test func aCellIsSixteenBytesWithNoPadding() {
        #expect(MemoryLayout<Cell>.size == 16)
        #expect(MemoryLayout<Cell>.stride == 16)
        // Equal cells made in different ways have equal bytes.
        let a = Cell("⣿", style: Style(foreground: .rgb(1, 2, 3), attributes: .bold))
        let b = Cell(scalar: "\u{28FF}", style: Style(foreground: .rgb(1, 2, 3), attributes: .bold))
        var c = Cell.blank
        c.grapheme = "⣿"
        c.style = Style(foreground: .rgb(1, 2, 3), attributes: .bold)
        let bytes = [a, b, c].map { cell in withUnsafeBytes(of: cell) { Array($0) } }
        #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2])
        #expect(a == b && b == c)
    }

    @Test func glyphsKeepTheirText() {
        #expect(Cell("a").grapheme == "a")
        #expect(Cell("e\u{301}").grapheme == "e\u{301}")            // a base and its combining mark
        #expect(Cell("e\u{301}") == Cell("e\u{301}"))               // interned once
        #expect(Cell("e\u{301}") != Cell("e"))
        #expect(Cell("a\u{301}\u{302}\u{303}\u{304}").grapheme == "a\u{301}\u{302}\u{303}")  // four scalars kept
        #expect(Cell("").isContinuation && Cell("").grapheme == "")
        #expect(Cell.continuation(style: .plain).isContinuation)
        #expect(Cell("漢").baseScalar == "漢")
    }

    @Test func widthsFollowEastAsianWidth() {
        #expect(Cell("a").width == 1)
        #expect(Cell("漢").width == 2)
        #expect(Cell("⣿").width == 1 && Cell("─").width == 1 && Cell("▀").width == 1)
        #expect(Cell("e\u{301}").width == 1)
        #expect(Cell("\u{301}").width == 1)                          // a lone mark still takes its cell
        #expect(Cell.continuation(style: .plain).width == 0)
        var cell = Cell("a")
        cell.grapheme = "漢"
        #expect(cell.width == 2)
    }

    @Test func colorsPackAndUnpack() {
        let colors: [TerminalColor] = [.default, .ansi(0), .ansi(15), .palette(0), .palette(255), .rgb(0, 0, 0), .rgb(255, 128, 1)]
        for color in colors { #expect(TerminalColor(packed: color.packed) == color) }
        #expect(Set(colors.map(\.packed)).count == colors.count)
        var style = Style.plain
        style.foreground = .palette(42)
        style.background = .rgb(9, 8, 7)
        #expect(style == Style(foreground: .palette(42), background: .rgb(9, 8, 7)))
    }

    @Test func changedSpansAndCounts() {
        var before = CellGrid(width: 10, height: 3)
        var after = before
        #expect(after.changedSpan(row: 1, columns: 0..<10, from: before) == nil)
        after[2, 1] = Cell("x")
        after[7, 1] = Cell("y")
        #expect(after.changedSpan(row: 1, columns: 0..<10, from: before) == 2...7)
        #expect(after.changedSpan(row: 1, columns: 3..<7, from: before) == nil)
        #expect(after.changedSpan(row: 0, columns: 0..<10, from: before) == nil)
        #expect(after.changedCellCount(in: Rect(width: 10, height: 3), from: before) == 2)
        #expect(after.changedCellCount(in: Rect(x: 5, y: 0, width: 5, height: 3), from: before) == 1)
        // A style change alone is a change.
        before = after
        after[4, 2].style = Style(attributes: .reverse)
        #expect(after.changedSpan(row: 2, columns: 0..<10, from: before) == 4...4)
        // Another size differs everywhere.
        #expect(after.changedCellCount(in: after.bounds, from: CellGrid(width: 3, height: 3)) == 30)
    }

    /// The draw's plan: the runs of changed cells, nothing between them, nothing when unchanged.
    @Test func changedRunsAreTheChangedCellsOnly() {
        var before = CellGrid(width: 12, height: 4)
        for x in 0..<12 { before[x, 0] = Cell(x % 2 == 0 ? "a" : "b") }
        #expect(before.changedRuns(from: before).isEmpty)
        var after = before
        after[2, 1] = Cell("x")
        after[3, 1] = Cell("y")
        after[9, 1] = Cell("z")
        after[11, 3].style = Style(attributes: .bold)
        #expect(after.changedRuns(from: before) == [CellRun(y: 1, columns: 2..<4), CellRun(y: 1, columns: 9..<10),
                                                    CellRun(y: 3, columns: 11..<12)])
        // Clipped to the screen's columns and rows.
        #expect(after.changedRuns(from: before, columns: 9, rows: 3) == [CellRun(y: 1, columns: 2..<4)])
        // No previous grid, or one of another size: every cell, row by row.
        #expect(after.changedRuns(from: nil, columns: 5, rows: 2) == [CellRun(y: 0, columns: 0..<5), CellRun(y: 1, columns: 0..<5)])
        #expect(after.changedRuns(from: CellGrid(width: 3, height: 3)).map(\.columns.count).reduce(0, +) == 48)
        // A wide glyph and its continuation change together: one run of two cells.
        var wide = before
        wide[5, 2] = Cell("表")
        wide[6, 2] = .continuation(style: .plain)
        #expect(wide.changedRuns(from: before) == [CellRun(y: 2, columns: 5..<7)])
        #expect(wide.changedRuns(from: nil, columns: 0).isEmpty)
    }
}
