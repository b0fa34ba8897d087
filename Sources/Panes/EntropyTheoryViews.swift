import Canvas
import Foundation
import SimulationCore

/// The information lab's issue-19 parts: KL's and cross-entropy's gradient with respect to q
/// in the gradient check, and inverse-transform sampling.
extension EntropyPane {
    /// For kl-q / cross-entropy-q: which q_j is varied, the whole gradient ∇_q, and why the two
    /// slopes agree.
    func qGradientLines(_ s: EntropySnapshot, charset: Charset) -> [ReadoutLine] {
        guard s.function.isOverQ else { return [] }
        let j = min(s.selected, s.targetP.count - 1)
        let gradient = InfoTheory.klGradientWithRespectToQ(s.targetP, s.targetQ)
        return [
            ReadoutLine("x = q\(j + 1) (←→), p\(j + 1) = " + f(s.targetP[j], 3, charset), .muted),
            .labelled("∇q", gradient.prefix(3).map { NumberFormat.fixed($0, 2, charset: charset) }.joined(separator: " ")
                      + (gradient.count > 3 ? " …" : "")),
            ReadoutLine("KL and H(P,Q) share it", .muted),
        ]
    }

    func inverseTransformLines(_ s: EntropySnapshot, charset: Charset) -> [ReadoutLine] {
        let sampler = s.inverse, target = sampler.target
        var lines = [
            ReadoutLine(target.rawValue + " target  (t)", .title),
            ReadoutLine(target.inverseFormula),
            .labelled("n", "\(sampler.count)"),
            .labelled("mean", sampler.count > 0 ? f(sampler.moments.mean, 3, charset) + " exact " + f(target.mean, 3, charset) : "-"),
            .labelled("var", sampler.count > 1 ? f(sampler.moments.variance, 3, charset) + " exact " + f(target.variance, 3, charset) : "-"),
            .labelled("TV", sampler.count > 0 ? f(sampler.histogramDistance, 4, charset) + " hist vs pdf" : "-", .accent),
        ]
        if let last = sampler.recent.last {
            lines.append(.labelled("last", "u " + f(last.x, 3, charset) + " → y " + f(last.y, 3, charset)))
        }
        lines.append(ReadoutLine("U ~ U(0,1), Y = F⁻¹(U) ~ F", .muted))
        return lines
    }

    /// Top: the CDF F with the latest samples' u → y mappings; below: the histogram of the
    /// samples as a density (solid steps) against the target density (dotted).
    func drawInverseTransform(_ grid: inout CellGrid, _ rect: Rect, _ s: EntropySnapshot, _ context: PaneContext) -> String {
        let sampler = s.inverse, target = sampler.target, range = target.range
        let theme = context.theme
        let top = Rect(x: rect.x, y: rect.y, width: rect.width, height: max(4, rect.height * 2 / 5))
        let bottom = Rect(x: rect.x, y: top.maxY, width: rect.width, height: rect.height - top.height)
        if let (initial, plot) = plotArea(&grid, top, x: range, y: 0...1, context) {
            var painter = initial
            painter.polyline((0...120).map { k -> (Double, Double) in
                let y = range.lowerBound + Double(k) / 120 * (range.upperBound - range.lowerBound)
                return (y, target.cdf(y))
            }, style: theme.style(.series1))
            for pair in sampler.recent {
                let y = min(max(pair.y, range.lowerBound), range.upperBound)
                painter.line(from: (range.lowerBound, pair.x), to: (y, pair.x), style: theme.style(.muted))
                painter.line(from: (y, pair.x), to: (y, 0), style: theme.style(.accent))
            }
            painter.canvas.overlay(onto: &grid, atX: plot.x, y: plot.y)
        }
        let densities = sampler.densities
        let peak = max(densities.max() ?? 0, (0...60).map { target.density(range.lowerBound + Double($0) / 60 * (range.upperBound - range.lowerBound)) }.max() ?? 1)
        guard bottom.height >= 4, let (initial, plot) = plotArea(&grid, bottom, x: range, y: 0...(peak * 1.1), context) else {
            return "u → F⁻¹(u): histogram vs density"
        }
        var painter = initial
        var steps: [(Double, Double)] = [(range.lowerBound, 0)]
        for (k, d) in densities.enumerated() {
            let a = range.lowerBound + Double(k) * sampler.binWidth
            steps += [(a, d), (a + sampler.binWidth, d)]
        }
        steps.append((range.upperBound, 0))
        painter.polyline(steps, style: theme.style(.series2))
        let columns = painter.canvas.dotWidth
        for column in stride(from: 0, to: columns, by: 2) {
            let y = range.lowerBound + Double(column) / Double(max(1, columns - 1)) * (range.upperBound - range.lowerBound)
            painter.point((y, target.density(y)), style: theme.style(.accent))
        }
        painter.canvas.overlay(onto: &grid, atX: plot.x, y: plot.y)
        return "F (top): u on the left → y = F⁻¹(u) below; histogram vs pdf ···\ntop: u → F⁻¹(u); below: histogram vs pdf ···\nu → F⁻¹(u); histogram vs pdf ···"
    }
}
