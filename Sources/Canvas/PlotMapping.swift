import Foundation

/// A plot's cells and its world, both ways: the mapping `Painter` draws with (a plot of `rect`
/// cells showing `viewport`), at the resolution of a mouse, one cell. Panes map a click or a
/// drag through the same layout they draw with, so the pointer lands where the picture is.
public struct PlotMapping: Sendable, Equatable {
    public var rect: Rect
    public var viewport: Viewport

    public init(rect: Rect, viewport: Viewport) {
        self.rect = rect
        self.viewport = viewport
    }

    /// The world size of one cell, across and up.
    public var cellSize: (x: Double, y: Double) {
        guard rect.width > 0, rect.height > 0 else { return (.nan, .nan) }
        return ((viewport.xRange.upperBound - viewport.xRange.lowerBound) / Double(rect.width),
                (viewport.yRange.upperBound - viewport.yRange.lowerBound) / Double(rect.height))
    }

    /// The world point at the centre of cell (column, row) of the pane (not of the plot). A
    /// cell outside the plot maps past its edges (a drag may leave it); nil for an empty plot.
    public func world(column: Int, row: Int) -> (x: Double, y: Double)? {
        guard rect.width > 0, rect.height > 0 else { return nil }
        let u = (Double(column - rect.x) + 0.5) / Double(rect.width)
        let v = (Double(row - rect.y) + 0.5) / Double(rect.height)
        return (viewport.xRange.lowerBound + u * (viewport.xRange.upperBound - viewport.xRange.lowerBound),
                viewport.yRange.upperBound - v * (viewport.yRange.upperBound - viewport.yRange.lowerBound))
    }

    /// `world(column:row:)` held inside the plot: a drag past an edge stops at the edge's cell.
    public func clampedWorld(column: Int, row: Int) -> (x: Double, y: Double)? {
        guard !rect.isEmpty else { return nil }
        return world(column: min(max(column, rect.x), rect.maxX - 1), row: min(max(row, rect.y), rect.maxY - 1))
    }

    /// The cell of the pane a world point falls in (possibly outside the plot); nil when the
    /// point is not finite or the plot is empty.
    public func cell(x: Double, y: Double) -> (column: Int, row: Int)? {
        guard rect.width > 0, rect.height > 0, x.isFinite, y.isFinite else { return nil }
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        let ySpan = viewport.yRange.upperBound - viewport.yRange.lowerBound
        let u = (x - viewport.xRange.lowerBound) / xSpan * Double(rect.width)
        let v = (viewport.yRange.upperBound - y) / ySpan * Double(rect.height)
        guard abs(u) < 1e9, abs(v) < 1e9 else { return nil }
        return (rect.x + Int(u.rounded(.down)), rect.y + Int(v.rounded(.down)))
    }

    /// A round step (1, 2 or 5 times a power of ten) no larger than a cell, across or up:
    /// dragged values snap to it, so every cell still gives its own value and readouts read
    /// 1.3 rather than 1.2734.
    public var snapStep: Double {
        let size = cellSize
        return Self.roundStep(atMost: min(size.x, size.y))
    }

    /// The largest of 1, 2, 5 x 10^k not above `limit` (1e-6 at least; 1 for a bad limit).
    public static func roundStep(atMost limit: Double) -> Double {
        guard limit.isFinite, limit > 0 else { return 1 }
        let exponent = Int(log10(limit).rounded(.down))
        var best = 1e-6
        for power in (exponent - 1)...exponent where power >= -6 {
            for mantissa in [1.0, 2, 5] {
                let step = Self.decimal(mantissa, power)
                if step <= limit * (1 + 1e-12) { best = max(best, step) }
            }
        }
        return best
    }

    /// `value` to the nearest multiple of `step` (a round step), as the nearest double to that
    /// decimal (1.1, not 1.1000000000000001), so a dragged value prints and replays cleanly.
    public static func snap(_ value: Double, step: Double) -> Double {
        guard value.isFinite, step.isFinite, step > 0 else { return value }
        let power = Int(log10(step).rounded(.down))
        let mantissa = (step / Self.decimal(1, power)).rounded()
        let units = (value / step).rounded()
        guard abs(units) < 1e15 else { return value }
        let result = power < 0 ? units * mantissa / Self.decimal(1, -power) : units * mantissa * Self.decimal(1, power)
        return result == 0 ? 0 : result  // no -0
    }

    private static func decimal(_ mantissa: Double, _ power: Int) -> Double {
        power >= 0 ? mantissa * pow(10, Double(power)) : mantissa / pow(10, Double(-power))
    }
}
