import Canvas
import Testing

@Suite struct PlotMappingTests {
    /// A 10 x 5 plot at (2, 1) of a pane, showing x in [-5, 5] and y in [-5, 5] (each cell 1 by 2).
    let mapping = PlotMapping(rect: Rect(x: 2, y: 1, width: 10, height: 5),
                              viewport: Viewport(xRange: -5...5, yRange: -5...5))

    @Test func cellCentresInTheWorld() {
        #expect(mapping.cellSize == (1, 2))
        #expect(mapping.world(column: 2, row: 1)! == (-4.5, 4))   // top left cell of the plot
        #expect(mapping.world(column: 11, row: 5)! == (4.5, -4))  // bottom right
        #expect(mapping.world(column: 0, row: 1)! == (-6.5, 4))   // left of the plot: past its edge
        #expect(mapping.clampedWorld(column: 0, row: 9)! == (-4.5, -4))
        #expect(PlotMapping(rect: Rect(x: 0, y: 0, width: 0, height: 3), viewport: mapping.viewport).world(column: 0, row: 0) == nil)
    }

    @Test func worldPointsInCells() {
        #expect(mapping.cell(x: -4.5, y: 4)! == (2, 1))
        #expect(mapping.cell(x: 0.01, y: -0.01)! == (7, 3))
        #expect(mapping.cell(x: .nan, y: 0) == nil)
        #expect(mapping.cell(x: 1e300, y: 0) == nil)
        for column in 2..<12 {
            for row in 1..<6 {
                let world = mapping.world(column: column, row: row)!
                #expect(mapping.cell(x: world.x, y: world.y)! == (column, row))
            }
        }
    }

    /// The mapping is the one the painter draws with: a dot painted at a cell's world centre
    /// shows in that cell.
    @Test func thePainterDrawsWhereTheMappingPoints() {
        let plot = Rect(x: 0, y: 0, width: 8, height: 3)
        let viewport = Viewport(xRange: 0...8, yRange: 0...3)
        let mapping = PlotMapping(rect: plot, viewport: viewport)
        var painter = Painter(canvas: DotCanvas(width: 8, height: 3, charset: .unicode), viewport: viewport)
        let world = mapping.world(column: 5, row: 1)!
        painter.point((world.x, world.y))
        var grid = CellGrid(width: 8, height: 3)
        painter.canvas.overlay(onto: &grid, atX: 0, y: 0)
        #expect(grid.plainText() == [
            "        ",
            "     ⠠  ",
            "        ",
        ].joined(separator: "\n"))
    }

    @Test func roundStepsAndSnapping() {
        #expect(PlotMapping.roundStep(atMost: 0.17) == 0.1)
        #expect(PlotMapping.roundStep(atMost: 0.25) == 0.2)
        #expect(PlotMapping.roundStep(atMost: 0.5) == 0.5)
        #expect(PlotMapping.roundStep(atMost: 3) == 2)
        #expect(PlotMapping.roundStep(atMost: 12) == 10)
        #expect(PlotMapping.roundStep(atMost: .nan) == 1)
        #expect(PlotMapping.snap(1.2734, step: 0.1) == 1.3)
        #expect(PlotMapping.snap(1.15, step: 0.05) == 1.15)
        #expect(PlotMapping.snap(-0.04, step: 0.1) == 0)
        #expect(PlotMapping.snap(0.75, step: 0.2) == 0.8)
        #expect(PlotMapping.snap(37, step: 20) == 40)
        #expect("\(PlotMapping.snap(1.1000004, step: 0.1))" == "1.1")
        #expect(mapping.snapStep == 1)
    }
}
