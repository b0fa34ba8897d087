import Canvas
@testable import Panes
import SimulationCore
import Testing

/// The linear lab's pictures framed to what they show, measured from the drawn cells: the
/// plot's extent read off its axes (the `└` corner and the `─` run), the shape from the cells
/// drawn in its colour.
struct LinearFramingTests {
    static let theme = Theme.builtIn(tier: .palette256)

    func grid(_ changes: [(String, ParameterValue)], steps: Int, width: Int, height: Int,
              charset: Charset = .unicode) throws -> CellGrid {
        var lab = LinearSimulation(seed: 1)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        let context = PaneContext(width: width, height: height, theme: Self.theme, charset: charset, snapshot: lab.snapshot())
        return LinearPane().render(context)
    }

    /// The plot inside the axes: the columns right of the `└` corner along its `─` run and the
    /// rows above it.
    func plotSize(_ grid: CellGrid) -> (width: Int, height: Int)? {
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y].grapheme == "└" {
                var end = x + 1
                while end < grid.width, ["─", "┬"].contains(grid[end, y].grapheme) { end += 1 }
                return (end - x - 1, y)
            }
        }
        return nil
    }

    /// The largest distance between two cells drawn in `role`, in cell widths (a cell is
    /// twice as tall as wide).
    func span(_ grid: CellGrid, _ role: Role) -> Double {
        let style = Self.theme.style(role)
        var cells: [(Int, Int)] = []
        for y in 0..<grid.height { for x in 0..<grid.width where grid[x, y].style == style { cells.append((x, y)) } }
        var best = 0.0
        for (i, a) in cells.enumerated() {
            for b in cells[(i + 1)...] {
                let dx = Double(a.0 - b.0), dy = 2 * Double(a.1 - b.1)
                best = max(best, (dx * dx + dy * dy).squareRoot())
            }
        }
        return best
    }

    /// `render --scene scenes/svd.yaml` at 100x30 zooms the pane to 98x22 (28 rows without a
    /// caption bar): through every stage of the SVD (Vᵀ, Σ Vᵀ, U Σ Vᵀ) and of the eigen
    /// playback, at each stage's start, middle and end, the transformed circle spans at least
    /// half of the plot's shorter side.
    @Test(arguments: ["svd", "eigen"])
    func eachStageFillsThePlot(mode: String) throws {
        for matrix in [[[3.0, 0], [4, 5]], [[1, 2], [8, 1]], [[0.2, 0.05], [0, 0.1]], [[2, 1], [1, 2]]] {
            for stage in 0..<3 {
                for into in [1, 12, 25, 44, 60] {
                    let steps = stage * (LinearSimulation.stageSteps + LinearSimulation.holdSteps) + into
                    for height in [22, 28] {
                        let drawn = try grid([("matrix", .matrix(matrix)), ("mode", .text(mode)), ("spin", .flag(false)),
                                              ("square", .flag(false))], steps: steps, width: 98, height: height)
                        let plot = try #require(plotSize(drawn))
                        let shorter = Double(min(plot.width, 2 * plot.height))
                        let shape = span(drawn, .series2)
                        let picture = drawn.plainLines().joined(separator: "\n")
                        #expect(shape >= shorter / 2, "\(mode) \(matrix) stage \(stage + 1) step \(into): \(shape) of \(shorter)\n\(picture)")
                    }
                }
            }
        }
    }

    /// With more room the picture grows: the ellipse at 200x60 is larger than at 120x40, and
    /// that larger than at 80x24, in every mode that draws it.
    @Test(arguments: ["transform", "svd", "eigen", "inverse"])
    func picturesGrowWithTheTerminal(mode: String) throws {
        let sizes = [(78, 22), (118, 38), (198, 58)]
        let spans = try sizes.map { size in
            span(try grid([("mode", .text(mode)), ("spin", .flag(false))], steps: 150, width: size.0, height: size.1), .series2)
        }
        #expect(spans[0] < spans[1] && spans[1] < spans[2], "\(mode): \(spans)")
    }
}

/// The label placement pass on a literal plot: `#` is a curve, `-` an axis line.
struct LabelPlacerTests {
    func placer(_ rows: [String]) -> LabelPlacerProbe {
        LabelPlacerProbe(rows)
    }

    @Test func labelsGoBesideTheirTipNeverOnACurveOrEachOther() {
        var probe = LabelPlacerProbe([
            "          ",
            "    ##    ",
            "----##----",
            "    ##    ",
            "          ",
        ])
        // Right of the tip at (5, 1), on its row.
        #expect(probe.place("Ae1", x: 5, y: 1, right: true, up: true) == "          |    ##Ae1 |----##----|    ##    |          ")
        // A second label for the same tip does not touch the first: it goes on another row.
        #expect(probe.place("Ae2", x: 5, y: 1, right: true, up: true) == "      Ae2 |    ##Ae1 |----##----|    ##    |          ")
        // Left of a tip on the left; over the axis line only when nothing clear is near.
        #expect(probe.place("x", x: 4, y: 3, right: false, up: false) == "      Ae2 |    ##Ae1 |----##----|   x##    |          ")
    }

    @Test func aLabelWithNoRoomIsLeftOut() {
        var probe = LabelPlacerProbe(["####", "####"])
        #expect(probe.place("v1", x: 1, y: 0, right: true, up: true) == nil)
    }
}

/// A literal plot for `LabelPlacer`: each placed label is written into the rows, which come
/// back joined by `|` (nil when the label was left out).
struct LabelPlacerProbe {
    var rows: [[Character]]
    var placer: LabelPlacer

    init(_ rows: [String]) {
        self.rows = rows.map(Array.init)
        let width = rows.first?.count ?? 0
        var drawn = CellGrid(width: width, height: rows.count), axes = CellGrid(width: width, height: rows.count)
        for (y, row) in rows.enumerated() {
            for (x, c) in row.enumerated() {
                if c == "#" { drawn.put(Cell("⣿"), at: x, y) }
                if c == "-" { drawn.put(Cell("⠤"), at: x, y); axes.put(Cell("⠤"), at: x, y) }
            }
        }
        placer = LabelPlacer(drawn: drawn, axes: axes)
    }

    mutating func place(_ text: String, x: Int, y: Int, right: Bool, up: Bool) -> String? {
        guard let at = placer.place(length: text.count, anchorX: x, anchorY: y, right: right, up: up) else { return nil }
        for (i, c) in text.enumerated() { rows[at.y][at.x + i] = c }
        return rows.map { String($0) }.joined(separator: "|")
    }
}
