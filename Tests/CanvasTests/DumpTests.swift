import Canvas
import Testing

@Suite struct DumpTests {
    @Test func plainLinesSkipContinuations() {
        var grid = CellGrid(width: 5, height: 2)
        grid.write("한a", x: 0, y: 0)
        grid.write("xy", x: 3, y: 1)
        #expect(grid.plainLines() == ["한a  ", "   xy"])
        #expect(grid.plainText() == "한a  \n   xy")
    }

    @Test func ansiTextOfTwoColours() {
        let red = Style(foreground: .ansi(1)), onBlue = Style(foreground: .ansi(7), background: .ansi(4))
        var grid = CellGrid(width: 4, height: 2)
        grid.write("ab", x: 0, y: 0, style: red)
        grid.write("cd", x: 2, y: 0, style: onBlue)
        grid.write("e", x: 1, y: 1, style: red)
        #expect(grid.ansiText() ==
            "\u{1B}[0;31mab\u{1B}[0;37;44mcd\u{1B}[0m\n" +
            " \u{1B}[0;31me\u{1B}[0m  ")
    }

    @Test func plainGridHasNoEscapes() {
        var grid = CellGrid(width: 3, height: 2)
        grid.write("hi", x: 0, y: 0)
        #expect(grid.ansiText() == "hi \n   ")
    }

    @Test func brightPaletteRGBAndAttributes() {
        var grid = CellGrid(width: 4, height: 1)
        grid[0, 0] = Cell("a", style: Style(foreground: .ansi(9), background: .ansi(12)))
        grid[1, 0] = Cell("b", style: Style(foreground: .palette(208), background: .palette(0)))
        grid[2, 0] = Cell("c", style: Style(foreground: .rgb(1, 2, 3), background: .rgb(255, 254, 0)))
        grid[3, 0] = Cell("d", style: Style(attributes: [.bold, .dim, .underline, .reverse]))
        #expect(grid.ansiText() ==
            "\u{1B}[0;91;104ma" +
            "\u{1B}[0;38;5;208;48;5;0mb" +
            "\u{1B}[0;38;2;1;2;3;48;2;255;254;0mc" +
            "\u{1B}[0;1;2;4;7md\u{1B}[0m")
    }

    @Test func returningToPlainEmitsAReset() {
        var grid = CellGrid(width: 3, height: 1)
        grid[1, 0] = Cell("x", style: Style(attributes: .bold))
        #expect(grid.ansiText() == " \u{1B}[0;1mx\u{1B}[0m ")
    }

    @Test func allSixteenAnsiColours() {
        var grid = CellGrid(width: 16, height: 1)
        for i in 0..<16 { grid[i, 0] = Cell("x", style: Style(foreground: .ansi(UInt8(i)))) }
        let codes = (30...37).map(String.init) + (90...97).map(String.init)
        #expect(grid.ansiText() == codes.map { "\u{1B}[0;\($0)mx" }.joined() + "\u{1B}[0m")
    }

    @Test func wideCharactersInAnsiText() {
        var grid = CellGrid(width: 3, height: 1)
        grid.write("한", x: 0, y: 0, style: Style(foreground: .ansi(2)))
        grid.write("a", x: 2, y: 0, style: Style(foreground: .ansi(2)))
        #expect(grid.ansiText() == "\u{1B}[0;32m한a\u{1B}[0m")
    }
}
