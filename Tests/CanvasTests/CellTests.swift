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
}
