import Canvas
import Foundation
import SimulationCore

/// Momentum's phase diagram (Distill, "Why Momentum Really Works"): the heavy ball's rate per
/// step over step size α (across) and momentum β (up) on the quadratic model at the focused
/// racer, with Polyak's optimum and every Momentum racer's (α, β) marked.
extension OptimizerPane {
    /// The rate's contour levels: a line where the rate passes each; 1 is where it diverges.
    static let phaseLevels = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 1]

    /// The Hessian's eigenvalues where the phase diagram is taken: at the focused racer (the
    /// quadratic's are the same everywhere), nil unless positive definite.
    static func phaseEigenvalues(_ s: OptimizerSnapshot) -> [Double]? {
        let here = s.racers.indices.contains(s.focus) && !s.racers[s.focus].diverged ? s.racers[s.focus].position : s.start
        let hessian = s.surface.hessian(here)
        guard QuadraticAdvice(hessian: hessian) != nil else { return nil }
        return hessian.eigen.values.map(\.real)
    }

    func drawPhase(_ grid: inout CellGrid, _ rect: Rect, _ s: OptimizerSnapshot, _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        func write(_ text: String, _ row: Int, _ role: Role) {
            grid.write(MathText.forCharset(text, charset), x: rect.x, y: row, style: theme.style(role), maxWidth: rect.width, charset: charset)
        }
        guard let eigenvalues = Self.phaseEigenvalues(s), let advice = QuadraticAdvice(hessian: Matrix2(eigenvalues[0], 0, 0, eigenvalues[1])) else {
            for (row, text) in wrap("momentum's phase diagram needs a positive definite Hessian (a quadratic model with a minimum) at the focused racer",
                                    width: rect.width).prefix(rect.height).enumerated() {
                write(text, rect.y + row, .muted)
            }
            return
        }
        let racers = s.racers.indices.filter { s.racers[$0].kind == .momentum }
        let quadratic = s.surfaceName == "quadratic" && s.constraint == nil
        let at = quadratic ? "" : " at " + mark(s.focus, charset)
        let title = "momentum: rate over (α, β)" + at
        write(MathText.forCharset(title, charset).displayWidth <= rect.width ? title : "rate(α, β)" + at, rect.y, .title)
        // α from 0 to past the largest step that converges (4/λmax), or to the racers' α.
        let limit = HeavyBall.alphaLimit(eigenvalues: eigenvalues)
        let alphaMax = max(limit * 1.05, (racers.map { s.racers[$0].learningRate }.max() ?? 0) * 1.1)
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 4)
        guard let axes = PlotAxes(rect: area, xRange: 0...alphaMax, yRange: 0...1) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: charset)
        let plot = axes.plot
        // The map at cell centres (for the lines and the hatching) and at half-cells (colour).
        let cells = HeavyBall.phaseMap(eigenvalues: eigenvalues, alphaMax: alphaMax, columns: plot.width, rows: plot.height)
        let hatch = charset == .unicode ? "╱" : "/"
        if theme.tier != .none {
            var heat = HalfBlockCanvas(width: plot.width, height: plot.height, ramp: .sequential)
            let fine = HeavyBall.phaseMap(eigenvalues: eigenvalues, alphaMax: alphaMax, columns: heat.dotWidth, rows: heat.dotHeight)
            for (index, rate) in fine.enumerated() where rate < 1 {
                // Bands, fast (low rate) dark to slow (near 1) bright.
                let band = Self.phaseLevels.firstIndex { rate < $0 } ?? Self.phaseLevels.count
                heat.set(x: index % heat.dotWidth, y: index / heat.dotWidth, value: Double(band) / Double(Self.phaseLevels.count))
            }
            grid.blit(heat.render(theme: theme, charset: charset), atX: plot.x, y: plot.y)
        }
        let bands: [Int?] = cells.map { rate in rate.isFinite ? Self.phaseLevels.firstIndex { rate < $0 } ?? Self.phaseLevels.count : nil }
        let edges = LevelLines.edges(bands: bands, width: plot.width, height: plot.height)
        for (index, rate) in cells.enumerated() {
            let x = plot.x + index % plot.width, y = plot.y + index / plot.width
            if rate >= 1 {
                // Diverges: hatched, in any colour tier.
                grid.put(Cell((x + y) % 2 == 0 ? hatch : " ", style: theme.style(.muted)), at: x, y)
            } else if edges[index], theme.tier == .none {
                grid.put(Cell(charset == .unicode ? "·" : ":", style: theme.style(.muted)), at: x, y)
            }
        }
        // Marks: the optimum, then the racers over it.
        func put(_ alpha: Double, _ beta: Double, _ glyph: String, _ style: Style) {
            let column = Int((alpha / alphaMax * Double(plot.width)).rounded(.down))
            let row = Int(((1 - beta) * Double(plot.height)).rounded(.down))
            guard alpha.isFinite, beta.isFinite else { return }
            grid.put(Cell(glyph, style: style), at: plot.x + min(max(column, 0), plot.width - 1), plot.y + min(max(row, 0), plot.height - 1))
        }
        put(advice.momentumStep, advice.momentumCoefficient, Self.optimumMark(charset), theme.style(.highlight).with(attributes: .bold))
        for index in racers.reversed() {
            let racer = s.racers[index]
            put(racer.learningRate, racer.momentum, mark(index, charset),
                theme.style(Self.roles[index % Self.roles.count]).with(attributes: index == s.focus ? .bold : []))
        }
        // Three lines under the plot: what the lines mean, the optimum, the focused (or first)
        // Momentum racer; each in full where it fits, else in short.
        func fitted(_ full: String, _ compact: String) -> String {
            MathText.forCharset(full, charset).displayWidth <= rect.width ? full : compact
        }
        let contour = charset == .unicode ? "·" : ":"
        let levels = Self.phaseLevels.dropLast().map { "\($0)" }.joined(separator: " ")
        write(theme.tier == .none ? fitted(contour + " rate " + levels + "  " + hatch + " diverges", contour + " " + levels + " " + hatch + " >1")
              : fitted("dark fast, bright slow  " + hatch + " diverges", hatch + " diverges"), rect.maxY - 3, .muted)
        let alpha = short(advice.momentumStep, charset), beta = NumberFormat.fixed(advice.momentumCoefficient, 3, charset: charset)
        let best = short(advice.momentumRate, charset), optimum = Self.optimumMark(charset)
        write(fitted(optimum + " α* " + alpha + " β* " + beta + " rate " + best + " (Polyak)",
                     optimum + " " + alpha + ", " + beta + ": " + best), rect.maxY - 2, .muted)
        if let index = racers.contains(s.focus) ? s.focus : racers.first {
            let racer = s.racers[index]
            let rate = HeavyBall.rate(alpha: racer.learningRate, beta: racer.momentum, eigenvalues: eigenvalues)
            let lr = Self.rate(racer.learningRate, charset).trimmingCharacters(in: .whitespaces)
            let momentum = NumberFormat.fixed(racer.momentum, 2, charset: charset)
            let value = short(rate, charset) + (rate < 1 ? "" : " diverges")
            write(fitted(mark(index, charset) + " α " + lr + " β " + momentum + " rate " + value,
                         mark(index, charset) + " " + lr + ", " + momentum + ": " + value), rect.maxY - 1, .text)
        } else {
            write(fitted("no Momentum racer: o adds one", "no Momentum racer"), rect.maxY - 1, .muted)
        }
    }
}
