import Canvas
import Foundation
import SimulationCore

/// View 5: the Jacobian as a local linear map. Left: the map's image of a grid, with the image
/// of a small square at the point p. Right, zoomed on f(p): that image (dots) next to the
/// parallelogram f(p) + J h the Jacobian predicts (lines); as the square shrinks the two agree.
enum BackpropJacobianView {
    static let sideWidth = 36

    static func draw(_ grid: inout CellGrid, _ body: Rect, _ j: BackpropJacobianState, _ context: PaneContext) -> String {
        let map = j.map, charset = context.charset
        let names = map.variableNames
        let heading = "Jacobian: f(" + names.0 + ", " + names.1 + ") = (" + written(map, 0) + ", " + written(map, 1) + ")"
        let wide = body.width >= sideWidth + 30
        let lines = readout(j, map, charset)
        if wide {
            let side = Rect(x: body.maxX - sideWidth, y: body.y, width: sideWidth, height: body.height)
            let zoomHeight = min(max(12, side.height / 2), max(0, side.height - lines.count - 1))
            let plot = Rect(x: body.x, y: body.y, width: body.width - sideWidth - 1, height: body.height)
            drawImage(&grid, plot, j, map, context)
            if zoomHeight >= 5 {
                drawZoom(&grid, Rect(x: side.x, y: side.y, width: side.width, height: zoomHeight), j, map, context)
            }
            let y = side.y + (zoomHeight >= 5 ? zoomHeight + 1 : 0)
            drawReadout(&grid, lines, x: side.x, y: y, width: side.width, height: side.maxY - y, context: context)
        } else {
            let rows = min(3, max(1, body.height / 3))
            drawImage(&grid, Rect(x: body.x, y: body.y, width: body.width, height: body.height - rows), j, map, context)
            let short = [lines[3], lines[4], lines[2]].prefix(rows)
            drawReadout(&grid, Array(short), x: body.x, y: body.maxY - rows, width: body.width, height: rows, context: context)
        }
        return heading
    }

    static func written(_ map: PlaneMap, _ k: Int) -> String {
        var text = ChainRuleTree.written(map.components[k])
        if map.preset == .polar { text = text.replacingOccurrences(of: "x", with: "r").replacingOccurrences(of: "y", with: "θ") }
        if map.preset == .seeds { text = text.replacingOccurrences(of: "x", with: "x1").replacingOccurrences(of: "y", with: "x2") }
        return text
    }

    /// The map's image of the domain's grid lines, the small square's image and the point.
    private static func drawImage(_ grid: inout CellGrid, _ rect: Rect, _ j: BackpropJacobianState, _ map: PlaneMap,
                                  _ context: PaneContext) {
        let theme = context.theme
        let lines = gridLines(map, count: 6, samples: 48)
        let points = lines.joined().filter { $0.x.isFinite && $0.y.isFinite }
        guard let bounds = Self.bounds(points + [j.image]) else { return }
        let fit = AspectFit(area: rect, xRange: bounds.x, yRange: bounds.y)
        fit.axes?.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        guard fit.plot.width >= 2, fit.plot.height >= 2 else { return }
        var painter = Painter(canvas: DotCanvas(width: fit.plot.width, height: fit.plot.height, charset: context.charset),
                              viewport: fit.viewport)
        for line in lines { painter.polyline(line.map { ($0.x, $0.y) }, style: theme.style(.axis)) }
        // The square's image, filled: f at a grid of points inside it.
        let n = 24
        for a in 0...n {
            for b in 0...n {
                let q = map(j.point + Vec2(j.side * Double(a) / Double(n), j.side * Double(b) / Double(n)))
                painter.point((q.x, q.y), style: theme.style(.series2))
            }
        }
        painter.canvas.overlay(onto: &grid, atX: fit.plot.x, y: fit.plot.y)
        let dot = painter.dot((j.image.x, j.image.y))
        let cx = fit.plot.x + Int(dot.x) / painter.canvas.dotsPerCellX, cy = fit.plot.y + Int(dot.y) / painter.canvas.dotsPerCellY
        if fit.plot.contains(x: cx, y: cy) {
            grid.write(context.charset == .unicode ? "●" : "@", x: cx, y: cy, style: theme.style(.highlight), charset: context.charset)
        }
    }

    /// Lines of constant x and of constant y over the domain, through f.
    static func gridLines(_ map: PlaneMap, count: Int, samples: Int) -> [[Vec2]] {
        func at(_ range: ClosedRange<Double>, _ k: Int, _ n: Int) -> Double {
            range.lowerBound + Double(k) / Double(n) * (range.upperBound - range.lowerBound)
        }
        let xs = (0..<count).map { at(map.xRange, $0, count - 1) }, ys = (0..<count).map { at(map.yRange, $0, count - 1) }
        let alongY = xs.map { x in (0...samples).map { map(Vec2(x, at(map.yRange, $0, samples))) } }
        let alongX = ys.map { y in (0...samples).map { map(Vec2(at(map.xRange, $0, samples), y)) } }
        return alongY + alongX
    }

    static func bounds(_ points: [Vec2]) -> (x: ClosedRange<Double>, y: ClosedRange<Double>)? {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite && abs($0.x) < 1e6 && abs($0.y) < 1e6 }
        guard let first = finite.first else { return nil }
        var lx = first.x, hx = first.x, ly = first.y, hy = first.y
        for p in finite { lx = min(lx, p.x); hx = max(hx, p.x); ly = min(ly, p.y); hy = max(hy, p.y) }
        let pad = 0.05 * max(hx - lx, hy - ly, 1e-9)
        return ((lx - pad)...(hx + pad), (ly - pad)...(hy + pad))
    }

    /// Zoomed on f(p), side by side at one scale: f's image of the square, and the
    /// parallelogram f(p) + J h the Jacobian predicts for it.
    private static func drawZoom(_ grid: inout CellGrid, _ rect: Rect, _ j: BackpropJacobianState, _ map: PlaneMap,
                                 _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        let h = j.side
        let curve = PlaneMap.square(at: j.point, side: h, perSide: 32).map { map($0) - j.image }
        let corners = [Vec2(0, 0), Vec2(h, 0), Vec2(h, h), Vec2(0, h)].map { j.jacobian * $0 }
        guard let bounds = bounds(curve + corners) else { return }
        let half = rect.width / 2
        let titles = ["f(□)", "f(p) + J·h"]
        for (k, shape) in [curve + [curve[0]], corners + [corners[0]]].enumerated() {
            let column = Rect(x: rect.x + k * half, y: rect.y, width: half - 1, height: rect.height)
            grid.write(MathText.forCharset(titles[k], charset), x: column.x, y: column.y, style: theme.style(.muted),
                       maxWidth: column.width, charset: charset)
            let fit = AspectFit(area: Rect(x: column.x, y: column.y + 1, width: column.width, height: column.height - 1),
                                xRange: bounds.x, yRange: bounds.y)
            guard fit.plot.width >= 2, fit.plot.height >= 2 else { continue }
            var painter = Painter(canvas: DotCanvas(width: fit.plot.width, height: fit.plot.height, charset: charset),
                                  viewport: fit.viewport)
            painter.polyline(shape.map { ($0.x, $0.y) }, style: theme.style(k == 0 ? .series2 : .series1))
            painter.canvas.overlay(onto: &grid, atX: fit.plot.x, y: fit.plot.y)
        }
    }

    static func readout(_ j: BackpropJacobianState, _ map: PlaneMap, _ charset: Charset) -> [ReadoutLine] {
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset) }
        let m = j.jacobian
        let names = map.variableNames
        var lines = [ReadoutLine("map: " + map.preset.rawValue + "  (m next, e type)", .title),
                     .labelled("p", "(" + f(j.point.x) + ", " + f(j.point.y) + ")  (arrows)"),
                     .labelled("f(p)", "(" + f(j.image.x) + ", " + f(j.image.y) + ")"),
                     .labelled("J", "[" + f(m.a) + ", " + f(m.b) + "; " + f(m.c) + ", " + f(m.d) + "]"),
                     .labelled("det J", f(m.determinant) + " (area scale)", m.determinant == 0 ? .warning : .text)]
        lines.append(ReadoutLine("rows f1, f2; columns " + names.0 + ", " + names.1, .muted))
        lines.append(ReadoutLine("side h    err/h    area/h²  ([ ])", .muted))
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.displayWidth)) }
        for k in 0..<j.errors.count {
            let h = j.side / pow(2, Double(k))
            lines.append(ReadoutLine(pad(BackpropDrawing.short(h, charset, decimals: 4), 10) + pad(f(j.errors[k]), 9) + f(j.areaScales[k])))
        }
        lines.append(ReadoutLine("err/h ∝ h: the rest is O(h²)", .muted))
        if !j.seedsJacobian.isEmpty {
            lines.append(ReadoutLine("the seeds' f: R² → R³ (f3 = 4x1x2):", .muted))
            for (k, row) in j.seedsJacobian.enumerated() {
                lines.append(ReadoutLine((k == 0 ? "J = " : "    ") + "[" + row.map(f).joined(separator: ", ") + "]"))
            }
        }
        return lines
    }
}
