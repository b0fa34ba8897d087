import Canvas
import Testing

/// Contour lines from band maps, as pictures.
struct LevelLinesTests {
    /// Rings of a bowl: distance from the centre in bands of 2 cells; each ring boundary is one
    /// cell thick, on its inner side; the undefined corner (0, 0) stays blank and does not mark
    /// its neighbours (row 1 starts blank where row 5 does not).
    @Test func ringsOfABowl() {
        let width = 11, height = 7
        var bands: [Int?] = []
        for y in 0..<height {
            for x in 0..<width {
                let dx = Double(x - 5) / 2, dy = Double(y - 3)
                bands.append(x == 0 && y == 0 ? nil : Int((dx * dx + dy * dy).squareRoot() / 1.2))
            }
        }
        var grid = CellGrid(width: width, height: height)
        LevelLines.draw(bands: bands, width: width, height: height, glyph: "·", style: .plain, into: &grid, atX: 0, y: 0)
        #expect(grid.plainLines() == [
            "  ·     ·  ",
            " · ····· ··",
            " ·· ··· ·· ",
            " · ·   · · ",
            " ·· ··· ·· ",
            "·· ····· ··",
            "  ·     ·  ",
        ], "\(grid.plainLines().joined(separator: "\n"))")
    }

    @Test func aFlatMapHasNoLines() {
        #expect(LevelLines.edges(bands: [Int?](repeating: 3, count: 12), width: 4, height: 3) == [Bool](repeating: false, count: 12))
        #expect(LevelLines.edges(bands: [1, 2], width: 1, height: 1) == [], "a map of the wrong size draws nothing")
        #expect(LevelLines.edges(bands: [0, 1, nil, 1], width: 2, height: 2) == [true, false, false, false])
    }
}
