import Canvas
import Foundation
import SimulationCore

/// The optimizer lab: a loss surface as shaded contours, optimizers racing across it with
/// fading trails, their loss curves on a log scale, and the local analysis (gradient, Hessian
/// eigenvalues, what kind of point, the quadratic model's best step).
///
/// Pure: (snapshot, size, theme) -> cells.
public struct OptimizerPane: SnapshotPane {
    /// The readouts a scene can point at (`highlight: optimizer.NAME`).
    public let readouts: [ReadoutSpec] = {
        typealias S = OptimizerSnapshot
        @Sendable func short(_ v: Double, _ c: Charset) -> String {
            v.isNaN ? "undefined" : NumberFormat.compact(v, abs(v) >= 100 ? 1 : 3, scientificBelow: 1e-3, charset: c)
        }
        @Sendable func lines(_ s: S, _ c: Charset) -> [ReadoutLine]? { OptimizerPane().readout(s, s.surface, charset: c) }
        @Sendable func advice(_ s: S) -> QuadraticAdvice? {
            guard s.racers.indices.contains(s.focus), !s.racers[s.focus].diverged else { return nil }
            return QuadraticAdvice(hessian: s.surface.hessian(s.racers[s.focus].position))
        }
        /// The lab's loss for a racer of `kind`, as its row shows it (f - f*, or the gap to X).
        @Sendable func loss(_ kind: OptimizerKind) -> @Sendable (S) -> Double? {
            { s in
                guard let racer = s.racers.first(where: { $0.kind == kind }) else { return nil }
                return racer.diverged ? .nan : racer.recentLosses.last ?? (s.surface.value(racer.position) - s.surface.minimumValue)
            }
        }
        return [
            .number("condition", label: "κ(H)", of: S.self, { advice($0)?.conditionNumber }, text: short),
            .drawn("eigenvalues", label: "λ(H)", of: S.self, lines),
            .drawn("critical-point", label: "H is", of: S.self, lines),
            .drawn("gradient", label: "∇f", of: S.self, lines),
            .number("best-lr", label: "best lr", of: S.self, { advice($0)?.bestStep }, text: short),
            .number("best-momentum", label: "mom*", of: S.self, { advice($0)?.momentumCoefficient }, text: short),
            .drawn("rate", label: "err/step", of: S.self, lines),
            .drawn("scale", label: "scale", of: S.self, lines),
            .drawn("multiplier", label: "μ*", of: S.self, lines),
            .drawn("kkt-point", label: "X", of: S.self, lines),
            .drawn("stationarity", label: "∇L", of: S.self, lines),
            .drawn("feasibility", label: "feas.", of: S.self, lines),
            .drawn("dual-feasibility", label: "μ≥0", of: S.self, lines),
            .drawn("complementary-slackness", label: "μ·g=0", of: S.self, lines),
            .drawn("primal-dual", label: "p*", of: S.self, lines),
            .drawn("duality-gap", label: "gap", of: S.self, lines),
            .drawn("kkt-second-order", label: "2nd", of: S.self, lines),
            .drawn("stationary-point", label: "crit.", of: S.self, lines),
            .drawn("first-order", label: "FONC", of: S.self, lines),
            .drawn("second-order-necessary", label: "SONC", of: S.self, lines),
            .drawn("second-order-sufficient", label: "SOSC", of: S.self, lines),
            .drawn("verdict", label: "verdict", of: S.self, lines),
            .number("step", label: "#", of: S.self, { s in s.racers.indices.contains(s.focus) ? Double(s.racers[s.focus].step) : nil },
                    text: { v, _ in "\(Int(v))" }),
        ] + OptimizerKind.allCases.map { kind in
            .number("loss-" + kind.rawValue, label: kind.title, of: S.self, loss(kind),
                    text: { v, c in v.isNaN ? "diverged" : NumberFormat.compact(v, 4, charset: c) })
        }
    }()

    public init() {}

    /// The static layer per (surface, constraint, size, theme): see `Background`.
    private let backgrounds = LayerCache<String, Background>()

    public var id: PaneID { .optimizer }
    public var title: String { "Optimizers" }
    public var minimumSize: (width: Int, height: Int) { (30, 8) }

    /// Marker glyphs per racer: distinct without colour too.
    static let unicodeMarks = ["●", "■", "▲", "◆", "★", "✚"]
    static let asciiMarks = ["o", "#", "^", "*", "@", "&"]
    /// The other marks on the surface, none a racer's: the start, a known minimum, the solved
    /// constrained minimum, momentum's best (α, β) in the phase view.
    static func startMark(_ c: Charset) -> String { c == .unicode ? "◦" : "s" }
    static func minimumMark(_ c: Charset) -> String { c == .unicode ? "×" : "x" }
    static func optimumMark(_ c: Charset) -> String { c == .unicode ? "◎" : "+" }
    static let roles: [Role] = [.series1, .series2, .series3, .series4, .series5, .series6]

    public var keyHelp: [(keys: String, action: String)] {
        [("s / S", "next / previous surface"),
         ("arrows", "move the start point (every racer restarts there)"),
         ("[ / ]", "learning rates x0.5 / x2"),
         ("u / U", "momentum -/+0.05"),
         ("a / A", "Adam's beta1 -/+0.05"),
         ("y / Y", "Adam's beta2: 0.9 / 0.99 / 0.999 / 0.9999"),
         ("n", "gradient noise on / off (SGD)"),
         ("k / K", "condition number /2 x2 (quadratic)"),
         ("g / v / c", "gradient arrow / step arrow / adaptive scale"),
         ("f", "focus the next racer (its analysis is shown)"),
         ("o / x", "add the next optimizer / remove the focused racer"),
         ("t", "type the racers, e.g. sgd,momentum,adam (" + OptimizerKind.allCases.map(\.rawValue).joined(separator: " ") + ")"),
         ("e", "type your own surface f(x, y), e.g. x^2 + 3*sin(y)"),
         ("C", "type up to 3 constraints separated by ';': g <= 0, a >= b, a = b (empty removes them)"),
         ("d", "dual view on / off: the dual function q(μ) beside the primal problem"),
         ("m", "phase view on / off: momentum's rate over step size α and momentum β (Distill)"),
         ("click", "move the start point there"),
         ("b", "restart the race")]
    }

    public func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput? {
        guard let s = snapshot as? OptimizerSnapshot else { return nil }
        func set(_ parameter: String, _ value: ParameterValue) -> PaneInput {
            .command(.set(pane: .optimizer, parameter: parameter, value: value))
        }
        switch key {
        case .character("s"): return set("surfaceStep", .integer(1))
        case .character("S"): return set("surfaceStep", .integer(-1))
        case .left: return set("startStep", .vector([-1, 0]))
        case .right: return set("startStep", .vector([1, 0]))
        case .up: return set("startStep", .vector([0, 1]))
        case .down: return set("startStep", .vector([0, -1]))
        case .character("["): return set("lrFactor", .number(0.5))
        case .character("]"): return set("lrFactor", .number(2))
        case .character("u"): return set("momentum", .number(max(0, s.momentum - 0.05)))
        case .character("U"): return set("momentum", .number(min(0.99, s.momentum + 0.05)))
        case .character("a"): return set("beta1", .number(max(0, ((s.beta1 - 0.05) * 100).rounded() / 100)))
        case .character("A"): return set("beta1", .number(min(0.99, ((s.beta1 + 0.05) * 100).rounded() / 100)))
        case .character("y"), .character("Y"):
            let choices = [0.9, 0.99, 0.999, 0.9999]
            let index = choices.firstIndex { $0 >= s.beta2 - 1e-12 } ?? choices.count - 1
            let next = key == .character("y") ? max(0, index - 1) : min(choices.count - 1, index + 1)
            return set("beta2", .number(choices[next]))
        case .pointer(let pointer):
            return startInput(pointer, s)
        case .character("n"): return set("noise", .number(s.noise > 0 ? 0 : 2))
        case .character("k"): return set("condition", .number(max(1, s.condition / 2)))
        case .character("K"): return set("condition", .number(min(10_000, s.condition * 2)))
        case .character("g"): return set("gradient", .flag(!s.showGradient))
        case .character("v"): return set("velocity", .flag(!s.showVelocity))
        case .character("c"): return set("scale", .flag(!s.showScale))
        case .character("f"): return set("focusStep", .integer(1))
        case .character("b"): return set("restart", .flag(true))
        case .character("o"):
            guard s.racers.count < 6, let next = OptimizerKind.allCases.first(where: { kind in !s.racers.contains { $0.kind == kind } })
            else { return nil }
            return set("racer", .text(next.rawValue))
        case .character("x"):
            guard s.racers.count > 1, s.racers.indices.contains(s.focus) else { return nil }
            return set("racer", .text(s.racers[s.focus].kind.rawValue))
        case .character("t"):
            return .prompt(PanePrompt(pane: .optimizer, label: "racers (1-6 of " + OptimizerKind.allCases.map(\.rawValue).joined(separator: " ") + ")",
                                      parameter: "optimizers", initial: s.racers.map(\.kind.rawValue).joined(separator: ","), kind: .text))
        case .character("d"): return set("view", .text(s.view == .dual ? OptimizerView.race.rawValue : OptimizerView.dual.rawValue))
        case .character("m"): return set("view", .text(s.view == .phase ? OptimizerView.race.rawValue : OptimizerView.phase.rawValue))
        case .character("e"):
            return .prompt(PanePrompt(pane: .optimizer, label: "f(x, y)", parameter: "surface",
                                      initial: s.customFormula ?? "", kind: .text))
        case .character("C"):
            return .prompt(PanePrompt(pane: .optimizer, label: "constraint", parameter: "constraint",
                                      initial: s.constraint ?? "", kind: .text))
        default: return nil
        }
    }

    public func render(_ s: OptimizerSnapshot, _ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        let surface = s.surface
        let sideWidth = Self.sideWidth
        let wide = Self.isWide(context.width)
        let layout = Self.surfaceLayout(width: context.width, height: context.height, surface: surface, view: s.view)
        let plot = Self.surfaceLayout(width: context.width, height: context.height, surface: surface).rect
        drawSurface(&grid, layout, s, surface, context)
        if let split = Self.dualSplit(plot, view: s.view) {
            if s.view == .phase { drawPhase(&grid, split.dual, s, context) } else { drawDual(&grid, split.dual, s, context) }
        }
        let lines = readout(s, surface, charset: context.charset, monochrome: context.theme.tier == .none)
        if wide {
            let side = Rect(x: context.width - sideWidth, y: 0, width: sideWidth, height: context.height)
            let chartHeight = side.height >= 22 ? 7 : 0
            drawReadout(&grid, lines, x: side.x, y: 0, width: side.width, height: side.height - chartHeight, context: context)
            if chartHeight > 0 {
                drawLossChart(&grid, Rect(x: side.x, y: side.maxY - chartHeight, width: side.width, height: chartHeight), s, context)
            }
        } else {
            let racers = ReadoutLine(s.racers.enumerated().map { index, racer in
                ReadoutSpan(text: mark(index, context.charset) + (racer.diverged ? "∞ " : NumberFormat.compact(racer.recentLosses.last ?? .nan, 2, scientificBelow: 0, charset: context.charset) + " "),
                            role: Self.roles[index % Self.roles.count])
            })
            var last = Array(lines.suffix(1))
            if !surface.value(s.start).isFinite {
                last = [ReadoutLine("f is undefined at the start", .warning)]
            } else if s.racers.indices.contains(s.focus), s.racers[s.focus].diverged {
                let racer = s.racers[s.focus]
                last = [ReadoutLine(mark(s.focus, context.charset) + " " + racer.kind.title + " diverged at step \(racer.step): lower lr",
                                    .warning)]
            } else if !s.constraintFunctions.isEmpty, s.racers.indices.contains(s.focus) {
                last = [narrowKKTLine(s, s.racers[s.focus], context.charset)]
            } else if let critical = s.criticalPoint {
                last = [narrowSecondOrderLine(critical, context.charset)]
            }
            drawReadout(&grid, [ReadoutLine(surface.name + " · " + lossLabel(s, surface) + " per racer:", .muted), racers] + last,
                        x: 0, y: plot.maxY, width: context.width, height: context.height - plot.maxY, context: context)
        }
        return grid
    }

    func mark(_ index: Int, _ charset: Charset) -> String {
        (charset == .unicode ? Self.unicodeMarks : Self.asciiMarks)[index % Self.unicodeMarks.count]
    }

    // MARK: - Geometry

    static let sideWidth = 30
    /// Wide panes put the readout beside the surface; narrow ones put a summary below it.
    static func isWide(_ width: Int) -> Bool { width >= sideWidth + 26 }

    /// Where the surface goes in a pane of this size: its whole rect (the formula on its last
    /// row), the plot inside the axes, and the world window the plot shows.
    struct SurfaceLayout {
        var rect: Rect
        var plot: Rect
        var viewport: Viewport
        var axes: PlotAxes?
    }

    static func surfaceLayout(width: Int, height: Int, surface: Surface) -> SurfaceLayout {
        let rect = isWide(width) ? Rect(x: 0, y: 0, width: width - sideWidth - 1, height: height)
                                 : Rect(x: 0, y: 0, width: width, height: max(3, height - 3))
        return surfaceLayout(in: rect, surface: surface)
    }

    /// The layout with the dual view: the primal picture keeps the left part of the surface's
    /// rect (when the pane is wide enough) and the dual plot takes the rest (`dualRect`).
    static func surfaceLayout(width: Int, height: Int, surface: Surface, view: OptimizerView) -> SurfaceLayout {
        let full = surfaceLayout(width: width, height: height, surface: surface)
        guard let split = dualSplit(full.rect, view: view) else { return full }
        return surfaceLayout(in: split.primal, surface: surface)
    }

    static func surfaceLayout(in rect: Rect, surface: Surface) -> SurfaceLayout {
        let fit = AspectFit(area: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1),
                            xRange: surface.xRange, yRange: surface.yRange)
        return SurfaceLayout(rect: rect, plot: fit.plot, viewport: fit.viewport, axes: fit.axes)
    }

    /// The mouse on the surface: a left press moves the start point there and takes hold of
    /// it; dragging moves it along (held inside the plot), each cell one `start` command, on a
    /// round step no larger than a cell, so the racers restart from every point the drag
    /// crosses and a replay crosses the same ones.
    func startInput(_ pointer: PanePointer, _ s: OptimizerSnapshot) -> PaneInput? {
        guard pointer.button == .left else { return nil }
        let layout = Self.surfaceLayout(width: pointer.width, height: pointer.height, surface: s.surface, view: s.view)
        let mapping = PlotMapping(rect: layout.plot, viewport: layout.viewport)
        func start(_ world: (x: Double, y: Double)) -> Command {
            let step = mapping.snapStep
            return .set(pane: .optimizer, parameter: "start",
                        value: .vector([PlotMapping.snap(world.x, step: step), PlotMapping.snap(world.y, step: step)]))
        }
        switch pointer.phase {
        case .press:
            guard layout.plot.contains(x: pointer.x, y: pointer.y),
                  let world = mapping.world(column: pointer.x, row: pointer.y) else { return nil }
            return .grab("start", command: start(world))
        case .drag:
            guard pointer.grabbed == "start", let world = mapping.clampedWorld(column: pointer.x, row: pointer.y) else { return nil }
            return .command(start(world))
        case .release:
            return nil
        }
    }

    // MARK: - The surface, the racers

    /// What changes only with the surface, the constraint, the size and the theme: the axes,
    /// the shaded contours, the hatched infeasible region (in `grid`) and the constraint
    /// boundary's dots (in `boundary`, which the trails are drawn over).
    struct Background: Sendable {
        var grid: CellGrid
        var boundary: DotCanvas
    }

    private func background(_ layout: SurfaceLayout, _ s: OptimizerSnapshot, _ surface: Surface,
                            _ context: PaneContext) -> Background {
        let key = [s.surfaceName, s.customFormula ?? "", "\(s.condition)", s.constraint ?? "", s.view.rawValue,
                   "\(context.width)x\(context.height)", "\(context.charset)", context.theme.name, "\(context.theme.tier)"]
            .joined(separator: "|")
        return backgrounds.value(for: key) { makeBackground(layout, s, surface, context) }
    }

    private func makeBackground(_ layout: SurfaceLayout, _ s: OptimizerSnapshot, _ surface: Surface,
                                _ context: PaneContext) -> Background {
        let theme = context.theme
        let plot = layout.plot, viewport = layout.viewport
        var grid = CellGrid(width: context.width, height: context.height)
        layout.axes?.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        var painter = Painter(canvas: DotCanvas(width: max(0, plot.width), height: max(0, plot.height), charset: context.charset),
                              viewport: viewport)
        guard plot.width >= 2, plot.height >= 1 else { return Background(grid: grid, boundary: painter.canvas) }
        // Contours: log(1 + f - f*) in 10 bands over the visible range, as a half-block heatmap.
        var heat = HalfBlockCanvas(width: plot.width, height: plot.height, ramp: .sequential)
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        let ySpan = viewport.yRange.upperBound - viewport.yRange.lowerBound
        let floor = surface.minima.isEmpty ? nil : surface.minimumValue
        var values = [Double](repeating: .nan, count: heat.dotWidth * heat.dotHeight)
        for y in 0..<heat.dotHeight {
            for x in 0..<heat.dotWidth {
                let wx = viewport.xRange.lowerBound + (Double(x) + 0.5) / Double(heat.dotWidth) * xSpan
                let wy = viewport.yRange.upperBound - (Double(y) + 0.5) / Double(heat.dotHeight) * ySpan
                values[y * heat.dotWidth + x] = surface.value(Vec2(wx, wy))
            }
        }
        let finite = values.filter(\.isFinite)
        let low = floor ?? (finite.min() ?? 0), high = finite.max() ?? 1
        func level(_ v: Double) -> Double {
            guard v.isFinite else { return .nan }
            let t = log1p(max(0, v - low)) / max(1e-12, log1p(max(0, high - low)))
            return (t * 10).rounded(.down) / 10  // bands, so edges read as contour lines
        }
        for y in 0..<heat.dotHeight {
            for x in 0..<heat.dotWidth { heat.set(x: x, y: y, value: level(values[y * heat.dotWidth + x])) }
        }
        if theme.tier != .none {
            grid.blit(heat.render(theme: theme, charset: context.charset), atX: plot.x, y: plot.y)
        } else {
            // Without colour, shade glyphs would bury the racers: the bands' edges as contour
            // lines instead, one cell thick, sampled at cell centres ("·"; in ASCII the band's
            // digit, 0 lowest, so the dots of a trail are not mistaken for a contour).
            var bands: [Int?] = []
            bands.reserveCapacity(plot.width * plot.height)
            for cy in 0..<plot.height {
                for cx in 0..<plot.width {
                    let v = level(surface.value(Vec2(viewport.xRange.lowerBound + (Double(cx) + 0.5) / Double(plot.width) * xSpan,
                                                     viewport.yRange.upperBound - (Double(cy) + 0.5) / Double(plot.height) * ySpan)))
                    bands.append(v.isFinite ? Int(v * 5) : nil)  // every other band: lines that stay apart
                }
            }
            let edges = LevelLines.edges(bands: bands, width: plot.width, height: plot.height)
            for (index, isEdge) in edges.enumerated() where isEdge {
                let glyph = context.charset == .unicode ? "·" : String(min(9, bands[index] ?? 0))
                grid.put(Cell(glyph, style: theme.style(.muted)), at: plot.x + index % plot.width, plot.y + index / plot.width)
            }
        }
        let constraints = s.constraintFunctions
        if !constraints.isEmpty {
            drawConstraints(constraints, into: &grid, painter: &painter, plot: plot, viewport: viewport, context: context)
        }
        return Background(grid: grid, boundary: painter.canvas)
    }

    private func drawSurface(_ grid: inout CellGrid, _ layout: SurfaceLayout, _ s: OptimizerSnapshot, _ surface: Surface,
                             _ context: PaneContext) {
        let theme = context.theme
        let rect = layout.rect, plot = layout.plot, viewport = layout.viewport
        let background = background(layout, s, surface, context)
        grid = background.grid
        guard plot.width >= 2, plot.height >= 1 else { return }
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        // Trails in braille over the heatmap (and the constraint's boundary), keeping the
        // heatmap's background colour.
        let canvas = background.boundary
        var painter = Painter(canvas: canvas, viewport: viewport)
        for (index, racer) in s.racers.enumerated() {
            painter.polyline(racer.trail.map { ($0.x, $0.y) }, style: theme.style(Self.roles[index % Self.roles.count]))
        }
        if s.racers.indices.contains(s.focus) {
            let racer = s.racers[s.focus]
            let scale = xSpan / 8
            if s.showGradient, !racer.diverged {
                let g = racer.gradient
                let length = g.norm
                if length > 0 {
                    let tip = racer.position - (scale / length) * g  // downhill: -∇f
                    painter.arrow(from: (racer.position.x, racer.position.y), to: (tip.x, tip.y), style: theme.style(.highlight))
                }
            }
            if s.showVelocity, !racer.diverged, racer.velocity.norm > 0 {
                let tip = racer.position + (scale / racer.velocity.norm) * racer.velocity
                painter.arrow(from: (racer.position.x, racer.position.y), to: (tip.x, tip.y), style: theme.style(.accent))
            }
        }
        grid.overlayKeepingBackground(painter.canvas, at: plot)
        // Minima and the racers' marks as text cells.
        func cell(_ p: Vec2) -> (Int, Int)? {
            let dot = painter.dot((p.x, p.y))
            guard dot.x.isFinite, dot.y.isFinite, dot.x >= 0, dot.y >= 0 else { return nil }
            let cx = Int(dot.x / Double(canvas.dotsPerCellX)), cy = Int(dot.y / Double(canvas.dotsPerCellY))
            return cx < plot.width && cy < plot.height ? (plot.x + cx, plot.y + cy) : nil
        }
        for minimum in surface.minima {
            if let (x, y) = cell(minimum) { grid.putKeepingBackground(Self.minimumMark(context.charset), theme.style(.text), x, y) }
        }
        if let solution = s.solution, let (x, y) = cell(solution.point) {
            grid.putKeepingBackground("X", theme.style(.highlight).with(attributes: .bold), x, y)
        }
        if let (x, y) = cell(s.start) { grid.putKeepingBackground(Self.startMark(context.charset), theme.style(.muted), x, y) }
        for (index, racer) in s.racers.enumerated().reversed() where !racer.diverged {
            if let (x, y) = cell(racer.position) {
                grid.putKeepingBackground(mark(index, context.charset), theme.style(Self.roles[index % Self.roles.count])
                    .with(attributes: index == s.focus ? .bold : []), x, y)
            }
        }
        // The formula is what matters (the name heads the readout): it drops the name to fit.
        let named = MathText.forCharset(surface.name + ": " + surface.formula, context.charset)
        var caption = named.displayWidth <= rect.width ? named : MathText.forCharset(surface.formula, context.charset)
        var role = Role.muted
        // The dual or phase view asked for where there is no room beside the surface: say so.
        let full = Self.surfaceLayout(width: context.width, height: context.height, surface: surface).rect
        if s.view != .race, Self.dualSplit(full, view: s.view) == nil {
            caption = (s.view == .phase ? "phase" : "dual") + " view: z for room"
            role = .warning
        }
        grid.write(caption, x: rect.x, y: rect.maxY - 1, style: theme.style(role), maxWidth: rect.width, charset: context.charset)
    }

    /// The infeasible region (some g > 0) hatched (cells whose centre is infeasible lose their
    /// shading), each inequality's boundary g = 0 traced in dots where it changes sign between
    /// neighbouring dots, and each equality's curve h = 0 the same way in its own colour.
    private func drawConstraints(_ constraints: [Constraint], into grid: inout CellGrid, painter: inout Painter,
                                 plot: Rect, viewport: Viewport, context: PaneContext) {
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        let ySpan = viewport.yRange.upperBound - viewport.yRange.lowerBound
        let hatch = context.charset == .unicode ? "╱" : "/"
        let hatchStyle = context.theme.style(.muted)
        let inequalities = constraints.filter { !$0.isEquality }
        for cy in 0..<plot.height {
            for cx in 0..<plot.width {
                let p = Vec2(viewport.xRange.lowerBound + (Double(cx) + 0.5) / Double(plot.width) * xSpan,
                             viewport.yRange.upperBound - (Double(cy) + 0.5) / Double(plot.height) * ySpan)
                guard inequalities.contains(where: { !($0.value(p) <= 0) }) else { continue }
                grid.put(Cell((cx + cy) % 2 == 0 ? hatch : " ", style: hatchStyle), at: plot.x + cx, plot.y + cy)
            }
        }
        let width = painter.canvas.dotWidth, height = painter.canvas.dotHeight
        for constraint in constraints {
            var side = [Bool](repeating: false, count: width * height)
            for dy in 0..<height {
                for dx in 0..<width {
                    let p = Vec2(viewport.xRange.lowerBound + (Double(dx) + 0.5) / Double(width) * xSpan,
                                 viewport.yRange.upperBound - (Double(dy) + 0.5) / Double(height) * ySpan)
                    side[dy * width + dx] = constraint.value(p) <= 0
                }
            }
            let style = context.theme.style(constraint.isEquality ? .accent : .warning)
            for dy in 0..<height {
                for dx in 0..<width where side[dy * width + dx] {
                    let edge = (dx + 1 < width && !side[dy * width + dx + 1]) || (dx > 0 && !side[dy * width + dx - 1])
                        || (dy + 1 < height && !side[(dy + 1) * width + dx]) || (dy > 0 && !side[(dy - 1) * width + dx])
                    if edge { painter.canvas.set(x: dx, y: dy, style: style) }
                }
            }
        }
    }

    // MARK: - Numbers

    func readout(_ s: OptimizerSnapshot, _ surface: Surface, charset: Charset, monochrome: Bool = false) -> [ReadoutLine] {
        var lines: [ReadoutLine] = [ReadoutLine("\(surface.name)  (s)", .title)]
        // One row per racer: its own learning rate and its loss (f - f*, or the gap to X).
        lines.append(ReadoutLine("  racer    lr     " + lossLabel(s, surface), .muted))
        for (index, racer) in s.racers.enumerated() {
            let role = Self.roles[index % Self.roles.count]
            let gap = racer.recentLosses.last ?? (surface.value(racer.position) - surface.minimumValue)
            let loss = racer.diverged ? "diverged" : NumberFormat.compact(gap, 4, charset: charset)
            lines.append(ReadoutLine([
                ReadoutSpan(text: mark(index, charset) + " ", role: role, emphasis: index == s.focus),
                ReadoutSpan(text: Self.padded(racer.kind.title, to: 9), role: role),
                ReadoutSpan(text: Self.rate(racer.learningRate, charset) + " ", role: .text),
                ReadoutSpan(text: loss, role: racer.diverged ? .warning : .text),
            ]))
        }
        lines += hyperparameterLines(s, charset: charset)
        lines.append(legendLine(s, surface, charset: charset, monochrome: monochrome))
        if !surface.value(s.start).isFinite {
            lines.append(ReadoutLine("f is undefined at the start", .warning))
            lines.append(ReadoutLine("(" + short(s.start.x, charset) + ", " + short(s.start.y, charset) + "): move it (click)", .warning))
        }
        guard s.racers.indices.contains(s.focus) else { return lines }
        let racer = s.racers[s.focus]
        if racer.diverged {
            // Past a non-finite step its numbers mean nothing: say what happened instead.
            lines.append(ReadoutLine(mark(s.focus, charset) + " " + racer.kind.title + " diverged at step \(racer.step):", .warning))
            lines.append(ReadoutLine("the step or f left the finite", .warning))
            lines.append(ReadoutLine("range; lower the lr ([)", .warning))
            return lines
        }
        let p = racer.position
        let hessian = surface.hessian(p)
        let eigenvalues = hessian.eigen.values.map(\.real)
        func coordinate(_ v: Double) -> String { abs(v) < 1e4 ? NumberFormat.fixed(v, 3, charset: charset) : short(v, charset) }
        lines.append(ReadoutLine(mark(s.focus, charset) + " (" + coordinate(p.x) + ", " + coordinate(p.y) + ") #\(racer.step)"
                                 , racer.diverged ? .warning : .title))
        lines.append(.labelled("∇f", "(" + short(racer.gradient.x, charset) + ", " + short(racer.gradient.y, charset) + ")"))
        let constraints = s.constraintFunctions
        if !constraints.isEmpty {
            lines += kktLines(s, racer, ConstrainedProblem(surface: surface, constraints: constraints), charset: charset)
        }
        lines.append(.labelled("λ(H)", eigenvalues.map { short($0, charset) }.joined(separator: ", ")))
        let kind = CriticalPointKind.classify(hessian)
        lines.append(.labelled("H is", kind == .minimum ? "positive definite" : kind == .maximum ? "negative definite"
                               : kind == .saddle ? "indefinite: saddle" : "singular", kind == .saddle ? .warning : .text))
        if let advice = QuadraticAdvice(hessian: hessian) {
            lines.append(.labelled("κ(H)", short(advice.conditionNumber, charset)))
            // 2/(λ1+λ2), which on a 2x2 Hessian is 2/tr(H): "lam1+lam2" does not fit in ASCII.
            lines.append(.labelled("best lr", short(advice.bestStep, charset) + (charset == .ascii ? " = 2/tr(H)" : " = 2/(λ1+λ2)")))
            // Polyak's heavy ball on the quadratic model: momentum ((√κ-1)/(√κ+1))², lr (2/(√λ1+√λ2))².
            lines.append(.labelled("mom*", short(advice.momentumCoefficient, charset) + " at lr "
                                   + short(advice.momentumStep, charset)))
        }
        // Rates per step: what the quadratic model predicts at this lr, and what the run shows.
        let predicted = ConvergenceRate.predicted(racer.kind, learningRate: racer.learningRate, momentum: s.momentum,
                                                  eigenvalues: eigenvalues)
        // Observed from f - f* (or the gap to X); plain f has no rate to observe.
        let observed = lossLabel(s, surface) == "f" ? nil : ConvergenceRate.observed(losses: racer.recentLosses)
        // The error's factor per step: what this run shows, and what the quadratic model predicts.
        lines.append(.labelled("err/step", (observed.map { short($0, charset) } ?? "-") + " (model "
                               + (predicted.map { short($0, charset) } ?? "-") + ")"))
        if s.showScale {
            lines.append(.labelled("scale", "(" + short(racer.adaptiveScale.x, charset) + ", " + short(racer.adaptiveScale.y, charset) + ")"))
        }
        if constraints.isEmpty, let critical = s.criticalPoint { lines += secondOrderLines(critical, charset: charset) }
        return lines
    }

    /// A learning rate in six columns, three significant digits: 0.015, 0.0080, 4.0e-4, 12.0.
    static func rate(_ lr: Double, _ charset: Charset) -> String {
        let text: String
        if !(lr > 0) || !lr.isFinite {
            text = NumberFormat.compact(lr, 1, charset: charset)
        } else if lr < 0.001 {
            let exponent = Int(Foundation.floor(Foundation.log10(lr)))
            let mantissa = lr / Foundation.pow(10, Double(exponent))
            text = NumberFormat.fixed(mantissa, 1, charset: charset) + "e\(exponent)"
        } else {
            text = NumberFormat.fixed(lr, lr < 0.01 ? 4 : lr < 10 ? 3 : 1, charset: charset)
        }
        return padded(text, to: max(6, text.count))
    }

    /// `text` cut to `width` characters or padded with spaces to it.
    static func padded(_ text: String, to width: Int) -> String {
        let count = text.count
        return count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - count)
    }

    /// The shared settings, each with the marks of the racers that use it: the rate scale (and
    /// the noise), μ for momentum and Nesterov, β1 and β2 for Adam and AdamW.
    func hyperparameterLines(_ s: OptimizerSnapshot, charset: Charset) -> [ReadoutLine] {
        func marks(_ kinds: Set<OptimizerKind>) -> String {
            s.racers.indices.filter { kinds.contains(s.racers[$0].kind) }.map { mark($0, charset) }.joined()
        }
        var lines = [ReadoutLine("lr = demo x" + NumberFormat.fixed(s.learningRateScale, 3, charset: charset) + " ([ ])"
                                 + (s.noise > 0 ? ", noise " + NumberFormat.fixed(s.noise, 1, charset: charset) : ""), .muted)]
        let heavy = marks([.momentum, .nesterov]), adam = marks([.adam, .adamw])
        if !heavy.isEmpty {
            lines.append(.labelled("μ", NumberFormat.fixed(s.momentum, 2, charset: charset) + " " + heavy + " (u U)"))
        }
        if !adam.isEmpty {
            lines.append(.labelled("β1 β2", NumberFormat.fixed(s.beta1, 2, charset: charset) + " "
                                   + NumberFormat.fixed(s.beta2, s.beta2 >= 0.9995 ? 4 : 3, charset: charset) + " " + adam))
        }
        return lines
    }

    /// What the plot's other glyphs mean: the start, the minima, the solved point X and, without
    /// colour, the contour lines (the bands of log(1 + f - f*), "0" lowest in ASCII).
    func legendLine(_ s: OptimizerSnapshot, _ surface: Surface, charset: Charset, monochrome: Bool) -> ReadoutLine {
        var parts = [Self.startMark(charset) + " start"]
        if !surface.minima.isEmpty { parts.append(Self.minimumMark(charset) + " min") }
        if s.solution != nil { parts.append("X KKT") }
        if monochrome { parts.append(charset == .unicode ? "· contour" : "0-4 levels") }
        let spaced = parts.joined(separator: "  ")
        return ReadoutLine(MathText.forCharset(spaced, charset).displayWidth < Self.sideWidth ? spaced : parts.joined(separator: " "), .muted)
    }

    /// How close to zero a KKT residual must be to be ticked (relative to |∇f| or μ when > 1).
    static let kktTolerance = 1e-3

    /// A readout number: "undefined" for NaN, scientific outside [1e-3, 1e5), one decimal from 100.
    func short(_ value: Double, _ charset: Charset) -> String {
        value.isNaN ? "undefined"
            : NumberFormat.compact(value, abs(value) >= 100 ? 1 : 3, scientificBelow: 1e-3, charset: charset)
    }

    /// What the racers' loss column means: f - f* (f* the known minimum), the gap to the
    /// constrained solution X, or plain f on a surface without a minimum (the saddle, most
    /// typed formulas), where f - f* would be meaningless.
    func lossLabel(_ s: OptimizerSnapshot, _ surface: Surface) -> String {
        s.constraint != nil ? "gap to X" : (surface.minima.isEmpty ? "f" : "f - f*")
    }

    /// log10(f - f*) against steps, one line per racer (plain f, linear, without a minimum).
    private func drawLossChart(_ grid: inout CellGrid, _ rect: Rect, _ s: OptimizerSnapshot, _ context: PaneContext) {
        let theme = context.theme
        let logarithmic = s.constraint != nil || !s.surface.minima.isEmpty
        grid.write(logarithmic ? "log10(" + lossLabel(s, s.surface) + ") vs step" : "f vs step", x: rect.x, y: rect.y, style: theme.style(.muted), maxWidth: rect.width,
                   charset: context.charset)
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let curves = s.racers.map { racer in
            racer.losses.map { logarithmic ? log10(max($0, 1e-16)) : min(max($0, -1e12), 1e12) }
        }
        let all = curves.joined()
        let highest = max(1, all.max() ?? 1), lowest = min(-1, all.min() ?? -1)
        // Entry i of a racer's history is step i x its stride (evenly spaced), so the x axis is
        // in steps.
        let longest = Double(max(1, s.racers.map(\.step).max() ?? 1))
        guard let axes = PlotAxes(rect: area, xRange: 0...longest, yRange: lowest...highest) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        let canvas = DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: context.charset)
        var painter = Painter(canvas: canvas, viewport: Viewport(xRange: 0...longest, yRange: lowest...highest))
        for (index, curve) in curves.enumerated() {
            let stepsPerPoint = Double(s.racers[index].lossStride)
            painter.polyline(curve.enumerated().map { (Double($0.offset) * stepsPerPoint, $0.element) },
                             style: theme.style(Self.roles[index % Self.roles.count]))
        }
        painter.canvas.overlay(onto: &grid, atX: axes.plot.x, y: axes.plot.y)
    }
}
