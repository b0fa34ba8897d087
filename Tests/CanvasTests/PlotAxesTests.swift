import Canvas
import Testing

struct PlotAxesTests {
    func ticks(_ range: ClosedRange<Double>, _ count: Int = 5) -> [String] {
        let (values, step) = NiceTicks.ticks(range, maxCount: count)
        return values.map { NiceTicks.label($0, step: step) }
    }

    @Test func niceTickValues() {
        #expect(ticks(0...1, 6) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(ticks(-2...2) == ["-2", "-1", "0", "1", "2"])
        #expect(ticks(0...7.3) == ["0", "2", "4", "6"])
        #expect(ticks(-0.3...0.3, 7) == ["-0.3", "-0.2", "-0.1", "0", "0.1", "0.2", "0.3"])
        #expect(ticks(-7...(-3)) == ["-7", "-6", "-5", "-4", "-3"])
        #expect(ticks(0...0.0004) == ["0", "0.0001", "0.0002", "0.0003", "0.0004"])
        #expect(ticks(0...250_000) == ["0", "50000", "100000", "150000", "200000", "250000"].map {
            NiceTicks.label(Double($0)!, step: 50_000)
        })
        #expect(ticks(3...3) == ["2.8", "3", "3.2"] || ticks(3...3).contains("3"))
        #expect(ticks(0...Double.infinity).isEmpty)
    }

    @Test func labelsUseTheDecimalsTheStepNeeds() {
        #expect(NiceTicks.label(0.25, step: 0.25) == "0.25")
        #expect(NiceTicks.label(5, step: 5) == "5")
        #expect(NiceTicks.label(-1.5, step: 0.5) == "-1.5")
        #expect(NiceTicks.label(-0.0, step: 1) == "0")
        #expect(NiceTicks.label(1e6, step: 1e5) == "1e+06")
        #expect(NiceTicks.label(2.5e-5, step: 5e-6) == "2.5e-05")
    }

    @Test func axesPictureInUnicode() throws {
        var grid = CellGrid(width: 30, height: 8)
        let axes = try #require(PlotAxes(rect: Rect(width: 30, height: 8), xRange: 0...4, yRange: -1...1))
        axes.draw(into: &grid, style: .plain, charset: .unicode)
        #expect(axes.plot == Rect(x: 3, y: 0, width: 27, height: 6))
        #expect(grid.plainLines() == [
            " 1┤                           ",
            "  │                           ",
            "  │                           ",
            " 0┤                           ",
            "  │                           ",
            "-1┤                           ",
            "  └┬─────┬──────┬──────┬─────┬",
            "   0     1      2      3     4",
        ])
    }

    @Test func axesPictureInASCII() throws {
        var grid = CellGrid(width: 24, height: 6)
        let axes = try #require(PlotAxes(rect: Rect(width: 24, height: 6), xRange: -10...10, yRange: 0...0.5))
        axes.draw(into: &grid, style: .plain, charset: .ascii)
        #expect(grid.plainLines().allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(grid.plainLines().last?.contains("-10") == true)
        #expect(grid.plainLines()[4].hasPrefix("   +"))
    }

    /// A plot two rows high with ticks -10, -5, 0: -10 and -5 share the lower row, which keeps
    /// one label (before, "0" was written over "-5" and read "-0").
    @Test func ticksSharingARowKeepOneLabel() throws {
        var grid = CellGrid(width: 20, height: 4)
        let axes = try #require(PlotAxes(rect: Rect(width: 20, height: 4), xRange: 0...30, yRange: -10...0))
        axes.draw(into: &grid, style: .plain, charset: .unicode)
        #expect(axes.plot.height == 2)
        #expect(Array(grid.plainLines().prefix(2)) == ["  0┤                ", "-10┤                "])
    }

    @Test func tooSmallForAxes() {
        #expect(PlotAxes(rect: Rect(width: 3, height: 2), xRange: 0...1, yRange: 0...1) == nil)
        #expect(PlotAxes(rect: Rect(width: 0, height: 0), xRange: 0...1, yRange: 0...1) == nil)
    }
}
