import Canvas
import Foundation
import SimulationCore

/// The linear lab's issue-19 modes: conditioning as sensitivity, PCA as the SVD of data, and
/// two vectors as similarity and distance. Pictures here, numbers in `LinearReadout.theoryLines`.
extension LinearPane {
    /// Half the side of the world shown in the theory modes (nil for the other modes).
    func theoryPlotRadius(_ snapshot: LinearSnapshot) -> Double? {
        switch snapshot.mode {
        case .pca:
            let largest = snapshot.pcaPoints.map { max(abs($0.x), abs($0.y)) }.max() ?? 1
            return min(max(1, largest), 1e6) * 1.1
        case .similarity:
            return min(max(1, snapshot.u.norm, snapshot.v.norm), 1e6) * 1.2
        default:
            return nil
        }
    }

    /// Draws the mode's picture; the caption, or nil for the other modes.
    func drawTheory(_ painter: inout Painter, snapshot: LinearSnapshot, theme: Theme, labels: inout [(Vec2, String, Role)],
                    charset: Charset) -> String? {
        switch snapshot.mode {
        case .pca: return drawPrincipalComponents(&painter, snapshot, theme, &labels, charset)
        case .similarity: return drawSimilarity(&painter, snapshot, theme, &labels, charset)
        default: return nil
        }
    }

    /// Sensitivity takes the whole plot: b-space on the left (b and b + Δb on a circle of
    /// radius ε‖b‖), x-space on the right (x and x + Δx = A⁻¹(b + Δb), an ellipse stretched
    /// along v₂), each zoomed onto its tip by the same relative scale (±c‖b‖ and ±c‖x‖), so
    /// the ellipse is as much larger than the circle as the relative error grows; the worst Δb
    /// and its Δx in the warning colour.
    func drawSensitivity(_ grid: inout CellGrid, in rect: Rect, snapshot: LinearSnapshot, context: PaneContext) {
        let theme = context.theme, charset = context.charset
        let caption: String
        if let s = ConditioningSensitivity(matrix: snapshot.matrix, x: snapshot.probe, epsilon: snapshot.epsilon), rect.width >= 20 {
            let half = rect.width / 2
            let worstB = s.b + s.worstDeltaB, worstX = s.x + s.worstDeltaX
            let relative = 1.3 * max(s.epsilon, s.relativeChange)
            let scale = " (±" + NumberFormat.compact(relative, 2, charset: charset)
            drawPanel(&grid, Rect(x: rect.x, y: rect.y, width: half - 1, height: rect.height - 1), title: "b + Δb" + scale + "‖b‖)",
                      centre: s.b, reach: relative * s.b.norm, loop: s.perturbedB, worst: worstB, role: .series2, context: context)
            drawPanel(&grid, Rect(x: rect.x + half, y: rect.y, width: rect.width - half, height: rect.height - 1),
                      title: "x + Δx" + scale + "‖x‖)", centre: s.x, reach: relative * s.x.norm, loop: s.perturbedX, worst: worstX,
                      role: .series3, context: context)
            caption = "worst: ‖Δx‖/‖x‖ = " + NumberFormat.compact(s.relativeChange, 3, charset: charset) + " = "
                + NumberFormat.compact(s.amplification, 3, charset: charset) + " x ‖Δb‖/‖b‖, κ = "
                + NumberFormat.compact(s.conditionNumber, 3, charset: charset)
        } else {
            caption = snapshot.matrix.inverse == nil ? "singular (det 0): A x = b has no unique x, κ = ∞" : "too narrow for the two panels"
        }
        grid.write(MathText.forCharset(caption, charset), x: rect.x, y: rect.maxY - 1, style: theme.style(.muted),
                   maxWidth: rect.width, charset: charset)
    }

    /// One zoomed panel: the tip at `centre`, its perturbed loop and the worst point.
    private func drawPanel(_ grid: inout CellGrid, _ rect: Rect, title: String, centre: Vec2, reach: Double, loop: [Vec2],
                           worst: Vec2, role: Role, context: PaneContext) {
        let theme = context.theme
        grid.write(MathText.forCharset(title, context.charset), x: rect.x, y: rect.y, style: theme.style(.title),
                   maxWidth: rect.width, charset: context.charset)
        let r = max(reach, 1e-12)
        let fit = AspectFit(area: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1),
                            xRange: centre.x - r...centre.x + r, yRange: centre.y - r...centre.y + r)
        fit.axes?.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        var painter = Painter(canvas: DotCanvas(width: fit.plot.width, height: fit.plot.height, charset: context.charset),
                              viewport: fit.viewport)
        painter.polyline((loop + loop.prefix(1)).map { ($0.x, $0.y) }, style: theme.style(role))
        painter.line(from: (centre.x, centre.y), to: (worst.x, worst.y), style: theme.style(.warning))
        painter.point((centre.x, centre.y), style: theme.style(.text))
        painter.canvas.overlay(onto: &grid, atX: fit.plot.x, y: fit.plot.y)
    }

    /// The cloud, its mean, the principal axes (two standard deviations each way), and on
    /// request every point projected onto the first axis.
    private func drawPrincipalComponents(_ painter: inout Painter, _ snapshot: LinearSnapshot, _ theme: Theme,
                                         _ labels: inout [(Vec2, String, Role)], _ charset: Charset) -> String {
        let points = snapshot.pcaPoints
        for p in points { painter.point((p.x, p.y), style: theme.style(.series1)) }
        guard let pca = PrincipalComponents(points) else { return "PCA needs at least 2 points" }
        if snapshot.showProjection {
            for p in points {
                let q = pca.projectOntoFirst(p)
                painter.point((q.x, q.y), style: theme.style(.series3))
            }
        }
        let (sd1, sd2) = pca.standardDeviations
        for (axis, sd, name, role) in [(pca.axes.0, sd1, "v1", Role.accent), (pca.axes.1, sd2, "v2", Role.series4)] {
            let tip = pca.mean + 2 * sd * axis, tail = pca.mean - 2 * sd * axis
            painter.line(from: (tail.x, tail.y), to: (pca.mean.x, pca.mean.y), style: theme.style(role))
            painter.arrow(from: (pca.mean.x, pca.mean.y), to: (tip.x, tip.y), style: theme.style(role))
            labels.append((tip, name, role))
        }
        let (s1, s2) = pca.singularValues
        return "centred data X = U S Vᵀ: s = " + NumberFormat.compact(s1, 3, charset: charset) + ", "
            + NumberFormat.compact(s2, 3, charset: charset) + "; v1 carries "
            + NumberFormat.fixed(pca.explainedByFirst * 100, 1, charset: charset) + "% (j: project)"
    }

    /// u and v from the origin, the straight (Euclidean) and the taxicab (Manhattan) way from
    /// one tip to the other, and the angle between them.
    private func drawSimilarity(_ painter: inout Painter, _ snapshot: LinearSnapshot, _ theme: Theme,
                                _ labels: inout [(Vec2, String, Role)], _ charset: Charset) -> String {
        let u = snapshot.u, v = snapshot.v
        let compared = VectorComparison(u, v)
        painter.polyline([(u.x, u.y), (v.x, u.y), (v.x, v.y)], style: theme.style(.series2))
        painter.line(from: (u.x, u.y), to: (v.x, v.y), style: theme.style(.accent))
        painter.arrow(from: (0, 0), to: (u.x, u.y), style: theme.style(.series3))
        painter.arrow(from: (0, 0), to: (v.x, v.y), style: theme.style(.series4))
        if compared.cosine.isFinite {
            // The angle as an arc at a third of the shorter length.
            let radius = min(u.norm, v.norm) / 3
            let from = atan2(u.y, u.x), turn = atan2(u.x * v.y - u.y * v.x, u.dot(v))
            painter.polyline((0...24).map { k -> (Double, Double) in
                let t = from + turn * Double(k) / 24
                return (radius * cos(t), radius * sin(t))
            }, style: theme.style(.muted))
        }
        labels += [(u, "u", .series3), (v, "v", .series4)]
        func f(_ value: Double) -> String { NumberFormat.fixed(value, 3, charset: charset) }
        return "u·v " + f(compared.innerProduct) + ", cos " + (compared.cosine.isFinite ? f(compared.cosine) : "undefined")
            + "; L1 " + f(compared.manhattan) + " (taxicab), L2 " + f(compared.euclidean)
    }
}

extension LinearReadout {
    /// The theory modes' numbers, after κ.
    func theoryLines() -> [ReadoutLine] {
        func f(_ value: Double, _ decimals: Int = 3) -> String { NumberFormat.fixed(value, decimals, charset: charset) }
        func c(_ value: Double, _ decimals: Int = 3) -> String { NumberFormat.compact(value, decimals, charset: charset) }
        func point(_ p: Vec2) -> String { "(" + c(p.x) + ", " + c(p.y) + ")" }
        switch snapshot.mode {
        case .sensitivity:
            guard let s = ConditioningSensitivity(matrix: snapshot.target, x: snapshot.probe, epsilon: snapshot.epsilon) else {
                return [ReadoutLine("A x = b: no unique x (det 0)", .warning)]
            }
            return [
                ReadoutLine("A x = b, b + Δb (< >: Δb)", .title),
                .labelled("rel Δb", f(s.epsilon) + " = ‖Δb‖/‖b‖"),
                .labelled("rel Δx", c(s.relativeChange) + " at worst Δb", .warning),
                .labelled("amp", c(s.amplification) + " (≤ κ)", .accent),
                ReadoutLine("rel Δx ≤ κ · rel Δb", .muted),
            ]
        case .pca:
            let points = snapshot.pcaPoints
            guard let pca = PrincipalComponents(points) else { return [ReadoutLine("PCA needs 2+ points", .warning)] }
            let (s1, s2) = pca.singularValues, (sd1, sd2) = pca.standardDeviations
            return [
                ReadoutLine("PCA of \(points.count) points" + (snapshot.cloudIsGenerated ? " (A z)" : ""), .title),
                .labelled("mean", point(pca.mean)),
                .labelled("s", c(s1) + ", " + c(s2), .accent),
                .labelled("sd", c(sd1) + ", " + c(sd2), .muted),
                .labelled("v1", point(pca.axes.0)),
                .labelled("expl.", f(pca.explainedByFirst * 100, 1) + "% on v1"),
                ReadoutLine("v1 only loses s2² = " + c(s2 * s2), .muted),
            ]
        case .similarity:
            let v = VectorComparison(snapshot.u, snapshot.v)
            return [
                .labelled("u", point(snapshot.u), .series3),
                .labelled("v", point(snapshot.v) + " ([ ])", .series4),
                .labelled("u·v", f(v.innerProduct), .accent),
                .labelled("cos", v.cosine.isFinite ? f(v.cosine) + " θ " + NumberFormat.degrees(v.angle, charset: charset) : "undefined (0)"),
                .labelled("L1", f(v.manhattan) + " Manhattan"),
                .labelled("L2", f(v.euclidean) + " Euclidean"),
                .labelled("L∞", f(v.chebyshev)),
            ]
        default:
            return []
        }
    }

    /// The narrow layout's line for a theory mode (nil for the others).
    var theoryCompactLine: ReadoutLine? {
        func c(_ value: Double) -> String { NumberFormat.compact(value, 2, charset: charset) }
        switch snapshot.mode {
        case .sensitivity:
            guard let s = ConditioningSensitivity(matrix: snapshot.target, x: snapshot.probe, epsilon: snapshot.epsilon) else {
                return ReadoutLine("A x = b: no unique x", .warning)
            }
            return ReadoutLine("amp " + c(s.amplification) + " ≤ κ " + c(s.conditionNumber) + "  rel Δx " + c(s.relativeChange))
        case .pca:
            guard let pca = PrincipalComponents(snapshot.pcaPoints) else { return ReadoutLine("PCA needs 2+ points", .warning) }
            return ReadoutLine("s " + c(pca.singularValues.0) + ", " + c(pca.singularValues.1) + "  v1 "
                               + c(pca.explainedByFirst * 100) + "%")
        case .similarity:
            let v = VectorComparison(snapshot.u, snapshot.v)
            return ReadoutLine("u·v " + c(v.innerProduct) + " cos " + c(v.cosine) + " L1 " + c(v.manhattan) + " L2 " + c(v.euclidean))
        default:
            return nil
        }
    }
}
