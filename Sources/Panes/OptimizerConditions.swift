import Canvas
import Foundation
import SimulationCore

/// The optimizer pane's theory readouts: the four KKT conditions at the focused racer with
/// their residuals, the solved KKT point with every multiplier, the dual optimum and gap, and
/// without constraints the named first- and second-order conditions at the critical point.
extension OptimizerPane {
    func tick(_ ok: Bool, _ charset: Charset) -> String { ok ? (charset == .unicode ? "✓" : "ok") : (charset == .unicode ? "✗" : "no") }

    /// "λ1" for an equality's multiplier, "μ2" for an inequality's (1-based, in typed order).
    static func multiplierName(_ kind: Constraint.Kind, _ index: Int) -> String {
        (kind == .equality ? "λ" : "μ") + "\(index + 1)"
    }

    /// The KKT block: the constraints, the racer's four residuals (each ticked), the solved
    /// point x* with its multipliers, p*, d* and the gap, and the second-order conditions at x*.
    func kktLines(_ s: OptimizerSnapshot, _ racer: RacerSnapshot, _ problem: ConstrainedProblem,
                  charset: Charset) -> [ReadoutLine] {
        let check = problem.check(racer.position, multipliers: racer.multipliers)
        let constraints = problem.constraints
        let scale = max(1, problem.surface.gradient(racer.position).norm, racer.multipliers.map(abs).max() ?? 0)
        let tolerance = Self.kktTolerance * scale
        func condition(_ label: String, _ value: String, _ ok: Bool, _ what: String) -> ReadoutLine {
            ReadoutLine([ReadoutSpan(text: label, role: .muted, padTo: 7), ReadoutSpan(text: value + " ", role: .text),
                         ReadoutSpan(text: tick(ok, charset) + " " + what, role: ok ? .good : .warning)])
        }
        var lines = [ReadoutLine("KKT: " + constraints.map { MathText.comparison($0.comparison) }.joined(separator: "; "), .title)]
        let hasInequality = constraints.contains { !$0.isEquality }
        lines.append(condition("∇L", short(check.stationarity, charset), check.isStationary(tolerance: tolerance), "stationary"))
        lines.append(condition("feas.", short(check.primal, charset), check.isFeasible(tolerance: Self.kktTolerance), "primal"))
        if hasInequality {
            let least = problem.inequalityIndices.map { racer.multipliers[$0] }.min() ?? 0
            lines.append(condition("μ≥0", short(least, charset), check.dual == 0, "dual"))
            lines.append(condition("μ·g=0", short(check.complementarity, charset), check.isComplementary(tolerance: tolerance), "slack"))
        }
        guard let solution = s.solution else {
            lines.append(.labelled("X", s.solutionFailureShort ?? "no KKT minimum", .warning))
            return lines
        }
        lines.append(.labelled("X", "(" + NumberFormat.fixed(solution.point.x, 3, charset: charset) + ", "
                               + NumberFormat.fixed(solution.point.y, 3, charset: charset) + ") solved"))
        lines.append(multiplierLine(solution, charset: charset))
        if let dual = s.dual {
            lines.append(.labelled("p*", short(dual.primalValue, charset) + "  d* " + (dual.value.isFinite ? short(dual.value, charset) : "-∞")))
            let closed = abs(dual.gap) <= 1e-6 * (1 + abs(dual.primalValue))
            lines.append(.labelled("gap", (dual.gap.isFinite ? short(max(0, dual.gap), charset) : "∞")
                                   + (closed ? " closed" : " open"), closed ? .good : .warning))
        }
        let second = solution.secondOrder
        lines.append(.labelled("2nd", "nec " + tick(second.necessary, charset) + " suff " + tick(second.sufficient, charset)))
        return lines
    }

    /// μ* with a single inequality ("27.000 (active)"); with several, every multiplier by name.
    func multiplierLine(_ solution: KKTSolution, charset: Charset) -> ReadoutLine {
        let kinds = solution.check.kinds
        if kinds == [.inequality] {
            return .labelled("μ*", short(solution.multipliers[0], charset) + (solution.active[0] ? " (active)" : " (inactive)"))
        }
        let decimals = kinds.count > 2 ? 2 : 3
        let values = solution.multipliers.enumerated().map { index, m in
            Self.multiplierName(kinds[index], index) + " " + NumberFormat.compact(m, decimals, charset: charset)
        }
        return .labelled("μ*", values.joined(separator: " "))
    }

    /// The named conditions at the critical point Newton reaches from the start.
    func secondOrderLines(_ c: CriticalPointTest, charset: Charset) -> [ReadoutLine] {
        // FONC, SONC, SOSC: the first-order necessary, second-order necessary and second-order
        // sufficient conditions.
        func line(_ label: String, _ what: String, _ ok: Bool, _ name: String) -> ReadoutLine {
            ReadoutLine([ReadoutSpan(text: label, role: .muted, padTo: 7), ReadoutSpan(text: what + " ", role: .text),
                         ReadoutSpan(text: tick(ok, charset), role: ok ? .good : .warning),
                         ReadoutSpan(text: " " + name, role: .muted)])
        }
        return [
            .labelled("crit.", "(" + NumberFormat.fixed(c.point.x, 3, charset: charset) + ", "
                      + NumberFormat.fixed(c.point.y, 3, charset: charset) + ") Newton", .title),
            line("FONC", "∇f = 0", c.firstOrder, "1st nec."),
            line("SONC", "H ⪰ 0", c.necessary, "2nd nec."),
            line("SOSC", "H ≻ 0", c.sufficient, "2nd suff."),
            .labelled("verdict", Self.verdictText(c), c.verdict == .minimum || c.verdict == .flatMinimum ? .good : .warning),
        ]
    }

    static func verdictText(_ c: CriticalPointTest) -> String {
        switch c.verdict {
        case .minimum: return "strict minimum"
        case .flatMinimum: return "minimum; H can't tell"
        case .notMinimum: return "no min: f↓ at \(Int(c.probeAngle))°"
        case .saddle: return "saddle point"
        case .maximum: return "maximum"
        case .notMinimumByCurvature: return "not a minimum"
        }
    }

    /// The narrow layout's last line with constraints: the racer's KKT residuals in one line.
    func narrowKKTLine(_ s: OptimizerSnapshot, _ racer: RacerSnapshot, _ charset: Charset) -> ReadoutLine {
        let check = s.problem.check(racer.position, multipliers: racer.multipliers)
        let scale = max(1, s.surface.gradient(racer.position).norm, racer.multipliers.map(abs).max() ?? 0)
        let holds = check.holds(tolerance: Self.kktTolerance * scale)
        let gap = s.dual.map { " gap " + ($0.gap.isFinite ? short(max(0, $0.gap), charset) : "∞") } ?? ""
        return ReadoutLine([
            ReadoutSpan(text: "KKT " + tick(holds, charset), role: holds ? .good : .warning),
            ReadoutSpan(text: " |∇L| " + short(check.stationarity, charset) + " viol " + short(check.primal, charset) + gap, role: .text),
        ])
    }

    /// The narrow layout's last line without constraints: the conditions at the critical point.
    func narrowSecondOrderLine(_ c: CriticalPointTest, _ charset: Charset) -> ReadoutLine {
        ReadoutLine([
            ReadoutSpan(text: "FONC " + tick(c.firstOrder, charset) + " SONC " + tick(c.necessary, charset)
                        + " SOSC " + tick(c.sufficient, charset) + ": ", role: .muted),
            ReadoutSpan(text: Self.verdictText(c), role: c.verdict == .minimum || c.verdict == .flatMinimum ? .good : .warning),
        ])
    }

    // MARK: - The dual view

    /// In the dual and phase views a wide enough surface rect is split: the primal picture on
    /// the left, the dual function or the phase diagram on the right.
    static func dualSplit(_ rect: Rect, view: OptimizerView) -> (primal: Rect, dual: Rect)? {
        guard view != .race, rect.width >= 40, rect.height >= 8 else { return nil }
        let primalWidth = rect.width / 2
        return (Rect(x: rect.x, y: rect.y, width: primalWidth, height: rect.height),
                Rect(x: rect.x + primalWidth + 1, y: rect.y, width: rect.width - primalWidth - 1, height: rect.height))
    }

    /// q along one multiplier (the others at the dual optimum), with p* as a line, d* marked,
    /// and the KKT multiplier's value; -∞ stretches are left out and said.
    func drawDual(_ grid: inout CellGrid, _ rect: Rect, _ s: OptimizerSnapshot, _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        guard let dual = s.dual, !dual.curve.isEmpty, let solution = s.solution else {
            let why = s.constraint == nil ? "the dual needs constraints (C)" : (s.solutionFailure ?? "no KKT point, no dual")
            for (row, text) in wrap(why, width: rect.width).prefix(rect.height).enumerated() {
                grid.write(MathText.forCharset(text, charset), x: rect.x, y: rect.y + row, style: theme.style(.muted),
                           maxWidth: rect.width, charset: charset)
            }
            return
        }
        let name = Self.multiplierName(solution.check.kinds[dual.axis], dual.axis)
        grid.write(MathText.forCharset("dual q(" + name + ") = min over x of L", charset), x: rect.x, y: rect.y,
                   style: theme.style(.title), maxWidth: rect.width, charset: charset)
        let finite = dual.curve.compactMap(\.value)
        let values = finite + [dual.primalValue] + (dual.value.isFinite ? [dual.value] : [])
        var low = values.min() ?? 0, high = values.max() ?? 1
        let pad = max(1e-9, 0.08 * (high - low), 1e-3 * max(1, abs(high)))
        (low, high) = (low - pad, high + pad)
        let xLow = dual.curve.first!.multiplier, xHigh = max(dual.curve.last!.multiplier, xLow + 1e-9)
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 2)
        guard let axes = PlotAxes(rect: area, xRange: xLow...xHigh, yRange: low...high) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: charset)
        let viewport = Viewport(xRange: xLow...xHigh, yRange: low...high)
        var painter = Painter(canvas: DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: charset), viewport: viewport)
        // p* dotted (every other dot column), q solid.
        let columns = painter.canvas.dotWidth
        for column in stride(from: 0, to: columns, by: 2) {
            let m = xLow + Double(column) / Double(max(1, columns - 1)) * (xHigh - xLow)
            painter.point((m, dual.primalValue), style: theme.style(.accent))
        }
        var run: [(Double, Double)] = []
        for sample in dual.curve {
            if let value = sample.value { run.append((sample.multiplier, value)) } else {
                painter.polyline(run, style: theme.style(.series1))
                run = []
            }
        }
        painter.polyline(run, style: theme.style(.series1))
        painter.canvas.overlay(onto: &grid, atX: axes.plot.x, y: axes.plot.y)
        // d* and the KKT multiplier as text marks on the plot.
        func mark(_ m: Double, _ value: Double, _ glyph: String, _ role: Role) {
            let dot = painter.dot((m, value))
            guard dot.x.isFinite, dot.y.isFinite else { return }
            let x = axes.plot.x + Int(dot.x / Double(painter.canvas.dotsPerCellX))
            let y = axes.plot.y + Int(dot.y / Double(painter.canvas.dotsPerCellY))
            guard x >= axes.plot.x, x < axes.plot.maxX, y >= axes.plot.y, y < axes.plot.maxY else { return }
            grid.put(Cell(glyph, style: theme.style(role).with(attributes: .bold)), at: x, y)
        }
        // Letters, not a racer's glyph: K the KKT multiplier, D the dual optimum.
        if dual.atKKT.isFinite { mark(solution.multipliers[dual.axis], dual.atKKT, "K", .series3) }
        if dual.value.isFinite { mark(dual.multipliers[dual.axis], dual.value, "D", .highlight) }
        let gap = dual.gap.isFinite ? short(max(0, dual.gap), charset) : "∞"
        let caption = "··· p* " + short(dual.primalValue, charset) + ", D d* " + (dual.value.isFinite ? short(dual.value, charset) : "-∞")
            + ", gap " + gap + ", K " + name + "*"
        grid.write(MathText.forCharset(caption, charset), x: rect.x, y: rect.maxY - 1, style: theme.style(.muted),
                   maxWidth: rect.width, charset: charset)
    }
}
