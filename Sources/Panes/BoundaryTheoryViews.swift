import Canvas
import Foundation
import SimulationCore

/// The boundary lab's issue-19 views: the VC bound against the measured generalisation gap,
/// and per-class precision-recall with mAP for three classes.
extension BoundaryPane {
    /// The model's VC dimension h, N, train and test error, the bound and the measured gap.
    struct BoundNumbers {
        var dimension: Int
        var exact: Bool
        var samples: Int
        var trainError: Double
        var testError: Double
        var delta: Double
        var confidence: Double
        var gap: Double { testError - trainError }

        init?(_ s: BoundarySnapshot) {
            guard s.dataset.problem != .regression, s.trainAccuracy.isFinite, s.testAccuracy.isFinite else { return nil }
            (dimension, exact) = VCBound.dimension(of: s.network, kind: s.settings.kind)
            samples = s.dataset.train.count
            trainError = 1 - s.trainAccuracy
            testError = 1 - s.testAccuracy
            delta = s.boundDelta
            confidence = VCBound.confidence(dimension: Double(dimension), samples: Double(samples), delta: delta)
        }
    }

    /// √((h(ln(2N/h) + 1) - ln(δ/4))/N) over N on a log axis (from N = h), the current N's
    /// bound marked B and its measured test - train gap marked ●.
    func drawBound(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        guard let b = BoundNumbers(s) else {
            grid.write("the VC bound is for classifiers (d: another dataset)", x: rect.x, y: rect.y,
                       style: theme.style(.muted), maxWidth: rect.width, charset: charset)
            return
        }
        let h = Double(b.dimension)
        let low = log10(max(1, h)), high = max(low + 1, 6.0)
        let curve = (0...120).map { k -> (Double, Double) in
            let e = low + Double(k) / 120 * (high - low)
            return (e, VCBound.confidence(dimension: h, samples: pow(10, e), delta: b.delta))
        }
        let top = max(1, min(3, (curve.map(\.1).max() ?? 1))), bottom = min(0, b.gap)
        grid.write(Self.fitting(["gap bound √((h(ln(2N/h)+1) - ln(δ/4))/N), h = \(b.dimension)", "VC gap bound over N, h = \(b.dimension)",
                                 "bound, h = \(b.dimension)"], width: rect.width, charset: charset),
                   x: rect.x, y: rect.y, style: theme.style(.title), maxWidth: rect.width, charset: charset)
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 2)
        guard let axes = PlotAxes(rect: area, xRange: low...high, yRange: bottom...top) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: charset)
        var painter = Painter(canvas: DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: charset),
                              viewport: Viewport(xRange: low...high, yRange: bottom...top))
        painter.polyline(curve.map { ($0.0, min($0.1, top)) }, style: theme.style(.series1))
        let here = log10(Double(b.samples))
        painter.line(from: (here, bottom), to: (here, top), style: theme.style(.muted))
        painter.canvas.overlay(onto: &grid, atX: axes.plot.x, y: axes.plot.y)
        func mark(_ value: Double, _ glyph: String, _ role: Role) {
            let dot = painter.dot((here, min(value, top)))
            let x = axes.plot.x + Int(dot.x / Double(painter.canvas.dotsPerCellX))
            let y = axes.plot.y + Int(dot.y / Double(painter.canvas.dotsPerCellY))
            guard x >= axes.plot.x, x < axes.plot.maxX, y >= axes.plot.y, y < axes.plot.maxY else { return }
            grid.put(Cell(glyph, style: theme.style(role).with(attributes: .bold)), at: x, y)
        }
        mark(b.confidence, "B", .warning)
        let measured = charset == .unicode ? "●" : "o"
        mark(b.gap, measured, .series2)
        let bound = NumberFormat.fixed(b.confidence, 3, charset: charset), gap = NumberFormat.fixed(b.gap, 3, charset: charset)
        grid.write(Self.fitting(["log10 N; at N = \(b.samples): B bound " + bound + ", \(measured) measured " + gap,
                                 "log10 N; N = \(b.samples): B bound \(bound), \(measured) gap \(gap)",
                                 "B bound \(bound), \(measured) gap \(gap)"], width: rect.width, charset: charset),
                   x: rect.x, y: rect.maxY - 1, style: theme.style(.muted), maxWidth: rect.width, charset: charset)
    }

    /// The bound's numbers for the readout (bound view only).
    func boundLines(_ s: BoundarySnapshot, charset: Charset) -> [ReadoutLine] {
        guard s.view == .bound, let b = BoundNumbers(s) else { return [] }
        func f(_ value: Double) -> String { NumberFormat.fixed(value, 3, charset: charset) }
        let loose = b.gap > 0 ? NumberFormat.compact(b.confidence / b.gap, 2, charset: charset) + "x the gap" : "gap ≤ 0 here"
        return [
            ReadoutLine("VC bound, δ = " + NumberFormat.compact(b.delta, 2, charset: charset), .title),
            .labelled("h", "\(b.dimension)" + (b.exact ? " = d + 1" : " ≈ W (rough)")),
            .labelled("R_emp", f(b.trainError) + " train error"),
            .labelled("R", f(b.testError) + " test error"),
            .labelled("bound", f(b.trainError + b.confidence) + " ≥ R", .accent),
            .labelled("gap", f(b.gap) + " vs " + f(b.confidence)),
            .labelled("loose", loose, .warning),
        ]
    }

    /// Three classes: one precision-recall curve per class (one against the rest).
    func drawClassCurves(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme
        let area = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1)
        guard !s.classPrecisionRecall.isEmpty, let axes = PlotAxes(rect: area, xRange: 0...1, yRange: 0...1) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        var painter = Painter(canvas: DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: context.charset),
                              viewport: Viewport(xRange: 0...1, yRange: 0...1))
        for (c, curve) in s.classPrecisionRecall.enumerated() {
            painter.polyline(Self.steps(curve), style: theme.style(Self.classRoles[c % Self.classRoles.count]))
        }
        painter.canvas.overlay(onto: &grid, atX: axes.plot.x, y: axes.plot.y)
        // Each curve carries its class's glyph (at staggered recalls), so monochrome tells them apart.
        for (c, curve) in s.classPrecisionRecall.enumerated() {
            guard let point = curve.points.first(where: { $0.recall >= 0.4 + 0.2 * Double(c) }) else { continue }
            let dot = painter.dot((point.recall, point.precision))
            let x = axes.plot.x + min(axes.plot.width - 1, Int(dot.x / Double(painter.canvas.dotsPerCellX)))
            let y = axes.plot.y + min(axes.plot.height - 1, Int(dot.y / Double(painter.canvas.dotsPerCellY)))
            let glyphs = context.charset == .unicode ? Self.trainGlyphs : Self.asciiTrain
            grid.put(Cell(glyphs[c % glyphs.count], style: theme.style(Self.classRoles[c % Self.classRoles.count]).with(attributes: .bold)),
                     at: x, y)
        }
        let aps = s.classPrecisionRecall.map { NumberFormat.fixed($0.averagePrecision, 2, charset: context.charset) }
        let map = NumberFormat.fixed(s.meanAveragePrecision, 3, charset: context.charset)
        Self.writeCaption(&grid, rect, legend: "", candidates: ["precision vs recall per class (test): AP " + aps.joined(separator: " ") + ", mAP " + map,
                                                              "PR per class (test): AP " + aps.joined(separator: " ") + ", mAP " + map,
                                                              "per class AP " + aps.joined(separator: " ") + ", mAP " + map,
                                                              "mAP " + map], context)
    }

    /// A PR curve as AP sums it: precision held until recall moves on.
    static func steps(_ curve: PrecisionRecallCurve) -> [(Double, Double)] {
        var path: [(Double, Double)] = [(0, curve.points.first?.precision ?? 1)]
        for point in curve.points where point.recall.isFinite {
            path.append((point.recall, path.last!.1))
            path.append((point.recall, point.precision))
        }
        return path
    }
}
