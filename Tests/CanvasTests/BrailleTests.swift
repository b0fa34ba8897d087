import Canvas
import Testing

@Suite struct BrailleTests {
    @Test(arguments: [
        (0, 0, "⠁"), (0, 1, "⠂"), (0, 2, "⠄"), (0, 3, "⡀"),
        (1, 0, "⠈"), (1, 1, "⠐"), (1, 2, "⠠"), (1, 3, "⢀"),
    ])
    func eachDotHasItsBrailleBit(x: Int, y: Int, glyph: String) {
        var canvas = DotCanvas(width: 1, height: 1, charset: .unicode)
        canvas.set(x: x, y: y)
        #expect(canvas.render().plainLines() == [glyph])
        #expect(canvas.isSet(x: x, y: y))
    }

    @Test func allEightDotsIsTheFullCell() {
        var canvas = DotCanvas(width: 1, height: 1, charset: .unicode)
        for x in 0..<2 { for y in 0..<4 { canvas.set(x: x, y: y) } }
        #expect(canvas.render().plainLines() == ["⣿"])
    }

    @Test func dotNumberingMatchesUnicode() {
        // Dots 1,2,3,7 (left column) and 4,5,6,8 (right column) are bits 0..7 in that numbering.
        #expect(braille(0x01) == "⠁")
        #expect(braille(0x40) == "⡀")
        #expect(braille(0x80) == "⢀")
    }

    @Test func diagonalAcrossTwoCells() {
        var canvas = DotCanvas(width: 2, height: 1, charset: .unicode)
        for i in 0..<4 { canvas.set(x: i, y: i) }
        // Cell 0: (0,0)=0x01, (1,1)=0x10 -> 0x11. Cell 1: (0,2)=0x04, (1,3)=0x80 -> 0x84.
        #expect(canvas.render().plainLines() == ["⠑⢄"])
    }

    @Test func asciiCanvasGlyphs() {
        var canvas = DotCanvas(width: 4, height: 1, charset: .ascii)
        #expect(canvas.dotWidth == 4 && canvas.dotHeight == 2)
        canvas.set(x: 0, y: 0)
        canvas.set(x: 1, y: 1)
        canvas.set(x: 2, y: 0)
        canvas.set(x: 2, y: 1)
        #expect(canvas.render().plainLines() == ["'.: "])
    }

    @Test func setOutsideIsDroppedAndIsSetFalse() {
        var canvas = DotCanvas(width: 1, height: 1, charset: .unicode)
        canvas.set(x: -1, y: 0)
        canvas.set(x: 2, y: 0)
        canvas.set(x: 0, y: 4)
        canvas.set(x: 0, y: -1)
        #expect(canvas.render().plainLines() == [" "])
        #expect(!canvas.isSet(x: 2, y: 0))
        #expect(!canvas.isSet(x: -1, y: -1))
    }

    @Test func clearRemovesDots() {
        var canvas = DotCanvas(width: 2, height: 1, charset: .unicode)
        canvas.set(x: 0, y: 0)
        canvas.clear()
        #expect(canvas.render().plainLines() == ["  "])
        #expect(!canvas.isSet(x: 0, y: 0))
    }

    @Test func cellKeepsStyleOfLastDot() {
        let red = Style(foreground: .ansi(1)), blue = Style(foreground: .ansi(4))
        var canvas = DotCanvas(width: 1, height: 1, charset: .unicode)
        canvas.set(x: 0, y: 0, style: red)
        canvas.set(x: 1, y: 0, style: blue)
        #expect(canvas.render()[0, 0] == Cell("⠉", style: blue))
    }

    @Test func overlayOnlyTouchesCellsWithDots() {
        var grid = CellGrid(width: 4, height: 1, fill: Cell("x"))
        var canvas = DotCanvas(width: 2, height: 1, charset: .unicode)
        canvas.set(x: 3, y: 3)
        canvas.overlay(onto: &grid, atX: 1, y: 0)
        #expect(grid.plainLines() == ["xx⢀x"])
    }

    @Test func zeroAndOneCellCanvases() {
        var empty = DotCanvas(width: 0, height: 0, charset: .unicode)
        empty.set(x: 0, y: 0)
        #expect(!empty.isSet(x: 0, y: 0))
        #expect(empty.render().plainLines() == [])
        var negative = DotCanvas(width: -3, height: 2, charset: .ascii)
        negative.set(x: 0, y: 0)
        #expect(negative.width == 0 && negative.render().plainLines() == ["", ""])
        var one = DotCanvas(width: 1, height: 1, charset: .ascii)
        one.set(x: 0, y: 1)
        #expect(one.render().plainLines() == ["."])
    }
}

@Suite struct HalfBlockTests {
    // Diverging ramp at 256 colours: t=0 is #f59322 -> cube (5,2,0) = 208; t=1 is #0877bd ->
    // cube (0,2,3) = 31 (worked out per channel against the steps 0,95,135,175,215,255).
    let theme256 = Theme.builtIn(tier: .palette256)

    @Test func upperInFrontLowerBehind() {
        var canvas = HalfBlockCanvas(width: 1, height: 1)
        canvas.set(x: 0, y: 0, value: 0)
        canvas.set(x: 0, y: 1, value: 1)
        let cell = canvas.render(theme: theme256, charset: .unicode)[0, 0]
        #expect(cell == Cell("▀", style: Style(foreground: .palette(208), background: .palette(31))))
    }

    @Test func equalHalvesAreASpaceWithBackground() {
        var canvas = HalfBlockCanvas(width: 2, height: 1)
        canvas.set(x: 0, y: 0, value: 1)
        canvas.set(x: 0, y: 1, value: 1)
        let grid = canvas.render(theme: theme256, charset: .unicode)
        #expect(grid[0, 0] == Cell(" ", style: Style(background: .palette(31))))
        #expect(grid[1, 0] == Cell.blank)  // both halves NaN: nothing drawn
    }

    @Test func nanHalfUsesInvalidColour() {
        var canvas = HalfBlockCanvas(width: 1, height: 1)
        canvas.set(x: 0, y: 1, value: 0)
        #expect(canvas.value(x: 0, y: 0).isNaN)
        let cell = canvas.render(theme: theme256, charset: .unicode)[0, 0]
        #expect(cell == Cell("▀", style: Style(foreground: .ansi(5), background: .palette(208))))
    }

    @Test func tierNoneUsesShadeGlyphs() {
        let theme = Theme.builtIn(tier: .none)
        var canvas = HalfBlockCanvas(width: 4, height: 1)
        canvas.set(x: 0, y: 0, value: 1); canvas.set(x: 0, y: 1, value: 1)      // mean 1
        canvas.set(x: 1, y: 0, value: 0); canvas.set(x: 1, y: 1, value: 1)      // mean 0.5
        canvas.set(x: 2, y: 0, value: 0.25)                                     // lower NaN
        #expect(canvas.render(theme: theme, charset: .unicode).plainLines() == ["█▒░ "])
        #expect(canvas.render(theme: theme, charset: .ascii).plainLines() == ["@+: "])
        #expect(canvas.render(theme: theme, charset: .unicode)[0, 0].style == .plain)
    }

    @Test func asciiWithColourIsBackgroundOfTheMean() {
        var canvas = HalfBlockCanvas(width: 1, height: 1)
        canvas.set(x: 0, y: 0, value: 1)
        canvas.set(x: 0, y: 1, value: 1)
        #expect(canvas.render(theme: theme256, charset: .ascii)[0, 0] == Cell(" ", style: Style(background: .palette(31))))
    }

    @Test func outOfRangeSetsAreDropped() {
        var canvas = HalfBlockCanvas(width: 1, height: 1)
        canvas.set(x: 1, y: 0, value: 1)
        canvas.set(x: 0, y: 2, value: 1)
        canvas.set(x: -1, y: 0, value: 1)
        #expect(canvas.render(theme: theme256, charset: .unicode).plainLines() == [" "])
        #expect(canvas.value(x: 0, y: 2).isNaN)
    }

    @Test func zeroSizedCanvas() {
        var canvas = HalfBlockCanvas(width: 0, height: 0)
        canvas.set(x: 0, y: 0, value: 1)
        #expect(canvas.render(theme: theme256, charset: .unicode).plainLines() == [])
    }
}
