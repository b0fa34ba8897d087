import Foundation

/// Tick marks at "nice" numbers: 1, 2 or 5 times a power of ten (Heckbert, Graphics Gems 1990).
public enum NiceTicks {
    /// Ticks covering `range`: at most `maxCount` (at least 2 where the range allows), every one a
    /// whole multiple of `step`, computed as `k · step` (no accumulated rounding: 0.3, not
    /// 0.30000000000000004). A degenerate range is widened by one unit each way; a non-finite
    /// one gives no ticks.
    public static func ticks(_ range: ClosedRange<Double>, maxCount: Int = 5) -> (values: [Double], step: Double) {
        var low = range.lowerBound, high = range.upperBound
        guard low.isFinite, high.isFinite, maxCount >= 2 else { return ([], 0) }
        if high - low <= abs(high) * 1e-12 || high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceNumber((high - low) / Double(maxCount - 1), round: true)
        guard step > 0, step.isFinite else { return ([], 0) }
        // A hair of slack so that -0.3 / 0.1 = -2.9999999999999996 still counts as -3.
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 1000 else { return ([], step) }
        let values = stride(from: first, through: last, by: 1).map { k -> Double in
            let value = k * step
            return value == 0 ? 0 : value  // never -0
        }
        return (values, step)
    }

    /// The nice number near `x` (rounded) or not below it: 1, 2, 5 (or 1, 2, 5, 10) times 10^k.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 0 }
        let exponent = floor(log10(x))
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// A tick label with the fewest decimals that show the value at the step's resolution
    /// ("0.25", "1", "-1.5"); magnitudes of 1e5 and above, or below 1e-3, in exponent form
    /// ("1e+06", "2.5e-05"). Never "-0".
    public static func label(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let resolution = step > 0 && step.isFinite ? step : magnitude
        if magnitude >= 1e5 || magnitude < 1e-3 {
            let significant = max(1, min(15, Int(floor(log10(magnitude)) - floor(log10(resolution))) + 1))
            return String(format: "%.\(significant)g", value)
        }
        // The fewest decimals d with value within a thousandth of the step of its d-decimal form.
        for decimals in 0...10 {
            let text = String(format: "%.\(decimals)f", value)
            if let shown = Double(text), abs(shown - value) <= resolution * 1e-3 {
                return shown == 0 ? "0" : text
            }
        }
        return String(format: "%.10f", value)
    }
}

/// Axes with nice ticks around a plot: y labels right-aligned on the left, x labels below.
///
/// `plot` is where a `DotCanvas` with `Viewport(xRange:yRange:)` must be drawn for world
/// coordinates to line up with the ticks; a tick at value v sits in the cell the value's dot
/// falls in.
public struct PlotAxes: Sendable, Equatable {
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public let xTicks: [Double]
    public let yTicks: [Double]
    public let xStep: Double
    public let yStep: Double
    /// The plotting area inside `rect`.
    public let plot: Rect
    public let rect: Rect

    /// Lays out axes in `rect`; nil when `rect` is too small for axes and a 4x2 plot.
    public init?(rect: Rect, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        let (yTicks, yStep) = NiceTicks.ticks(yRange, maxCount: max(3, min(6, rect.height / 3)))
        let labelWidth = yTicks.map { NiceTicks.label($0, step: yStep).count }.max() ?? 1
        let plot = Rect(x: rect.x + labelWidth + 1, y: rect.y, width: rect.width - labelWidth - 1, height: rect.height - 2)
        guard plot.width >= 4, plot.height >= 2 else { return nil }
        let (xTicks, xStep) = NiceTicks.ticks(xRange, maxCount: max(2, min(8, plot.width / 6)))
        self.xRange = xRange
        self.yRange = yRange
        // Ticks inside the range, allowing rounding (k · step may land a hair outside).
        self.xTicks = xTicks.filter { $0 >= xRange.lowerBound - xStep * 1e-9 && $0 <= xRange.upperBound + xStep * 1e-9 }
        self.yTicks = yTicks.filter { $0 >= yRange.lowerBound - yStep * 1e-9 && $0 <= yRange.upperBound + yStep * 1e-9 }
        self.xStep = xStep
        self.yStep = yStep
        self.plot = plot
        self.rect = rect
    }

    /// The plot column of world x (clamped to the plot).
    public func column(of x: Double) -> Int {
        let t = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        return plot.x + min(plot.width - 1, max(0, Int((t * Double(plot.width)).rounded(.down))))
    }

    /// The plot row of world y (clamped; y grows upwards).
    public func row(of y: Double) -> Int {
        let t = (yRange.upperBound - y) / (yRange.upperBound - yRange.lowerBound)
        return plot.y + min(plot.height - 1, max(0, Int((t * Double(plot.height)).rounded(.down))))
    }

    /// Draws the axis lines, tick marks and labels into `grid`.
    public func draw(into grid: inout CellGrid, style: Style, charset: Charset) {
        let unicode = charset == .unicode
        let axisX = plot.x - 1, axisY = plot.maxY
        for y in plot.y..<plot.maxY { grid.put(Cell(unicode ? "│" : "|", style: style), at: axisX, y) }
        for x in plot.x..<plot.maxX { grid.put(Cell(unicode ? "─" : "-", style: style), at: x, axisY) }
        grid.put(Cell(unicode ? "└" : "+", style: style), at: axisX, axisY)
        var labelledRows = Set<Int>()  // on a short axis two ticks can share a row: the first one's label stays
        for value in yTicks {
            let y = row(of: value)
            grid.put(Cell(unicode ? "┤" : "+", style: style), at: axisX, y)
            guard labelledRows.insert(y).inserted else { continue }
            let label = NiceTicks.label(value, step: yStep)
            grid.write(label, x: axisX - label.count, y: y, style: style, maxWidth: label.count, charset: charset)
        }
        var freeFrom = rect.x  // x labels never overlap: each starts after the previous one ends
        for value in xTicks {
            let x = column(of: value)
            grid.put(Cell(unicode ? "┬" : "+", style: style), at: x, axisY)
            let label = NiceTicks.label(value, step: xStep)
            let start = min(max(x - label.count / 2, freeFrom), rect.maxX - label.count)
            guard start >= freeFrom, start + label.count <= rect.maxX else { continue }
            grid.write(label, x: start, y: axisY + 1, style: style, maxWidth: label.count, charset: charset)
            freeFrom = start + label.count + 1
        }
    }
}

/// A world window drawn true to its aspect (a unit as long across as up, with 2x4 dots per
/// cell): inside axes when the area has room for them (36x10 cells or more), else the whole
/// area. The window grows past the asked ranges to fill the plot, never shrinks.
public struct AspectFit: Sendable {
    public var plot: Rect
    public var viewport: Viewport
    /// The axes around `plot`, to draw; nil when the area is too small for them.
    public var axes: PlotAxes?

    public init(area: Rect, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        plot = area
        viewport = Viewport.fitting(xRange: xRange, yRange: yRange, dotWidth: area.width * 2, dotHeight: area.height * 4)
        // The axes take room, so fit twice: once to find the plot inside them, once to fill it.
        if area.width >= 36, area.height >= 10, let first = PlotAxes(rect: area, xRange: xRange, yRange: yRange) {
            let fitted = Viewport.fitting(xRange: xRange, yRange: yRange,
                                          dotWidth: first.plot.width * 2, dotHeight: first.plot.height * 4)
            if let axes = PlotAxes(rect: area, xRange: fitted.xRange, yRange: fitted.yRange) {
                plot = axes.plot
                viewport = Viewport(xRange: axes.xRange, yRange: axes.yRange)
                self.axes = axes
            }
        }
    }
}
