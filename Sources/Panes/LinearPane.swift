import Canvas
import Foundation
import Numerics
import SimulationCore

/// The linear-maps lab: the unit circle, square, basis and a probe under a 2x2 matrix A, its
/// SVD and eigen-decomposition played back, the inverse, and unit balls of vector norms.
///
/// Pure: (snapshot, size, theme) -> cells. All analysis (SVD, eigen, norms) is recomputed here
/// from the snapshot's matrix by `SimulationCore`, so the numbers on screen are the library's.
public struct LinearPane: SnapshotPane {
    /// The readouts a scene can point at (`highlight: linear.NAME`).
    public let readouts: [ReadoutSpec] = {
        typealias S = LinearSnapshot
        @Sendable func f(_ v: Double, _ c: Charset) -> String { NumberFormat.fixed(v, 3, charset: c) }
        @Sendable func c3(_ v: Double, _ c: Charset) -> String { NumberFormat.compact(v, 3, charset: c) }
        @Sendable func square(_ s: S) -> Matrix2? { s.mode == .wide ? nil : s.target }
        @Sendable func point(_ p: Vec2, _ c: Charset) -> String { "(" + c3(p.x, c) + ", " + c3(p.y, c) + ")" }
        @Sendable func sensitivity(_ s: S) -> ConditioningSensitivity? {
            s.mode == .sensitivity ? ConditioningSensitivity(matrix: s.target, x: s.probe, epsilon: s.epsilon) : nil
        }
        @Sendable func pca(_ s: S) -> PrincipalComponents? { s.mode == .pca ? PrincipalComponents(s.pcaPoints) : nil }
        @Sendable func compared(_ s: S) -> VectorComparison? { s.mode == .similarity ? VectorComparison(s.u, s.v) : nil }
        return [
            .number("det", label: "det A", of: S.self, { square($0)?.determinant }, text: f),
            .number("trace", label: "tr A", of: S.self, { square($0)?.trace }, text: f),
            .number("condition", label: "κ", of: S.self, { square($0)?.svd.conditionNumber },
                    text: { v, c in NumberFormat.fixed(v, 2, charset: c) }),
            .text("eigenvalues", label: "λ", of: S.self) { s, c in
                s.mode == .wide ? nil : LinearReadout(snapshot: s, charset: c).eigenvalues(3)
            },
            .number("eigenvalue-1", label: "λ", of: S.self, { s in
                square(s).flatMap { $0.eigen.values.first.flatMap { $0.imaginary == 0 ? $0.real : nil } }
            }, text: f),
            .number("eigenvalue-2", label: "λ", of: S.self, { s in
                square(s).flatMap { m in m.eigen.values.count == 2 && m.eigen.values[1].imaginary == 0 ? m.eigen.values[1].real : nil }
            }, text: f),
            .text("singular-values", label: "σ", of: S.self) { s, c in
                square(s).map { f($0.svd.sigma1, c) + ", " + f($0.svd.sigma2, c) }
            },
            .number("sigma-1", label: "σ", of: S.self, { square($0)?.svd.sigma1 }, text: f),
            .number("sigma-2", label: "σ", of: S.self, { square($0)?.svd.sigma2 }, text: f),
            .text("product", label: "Ax", of: S.self) { s, c in
                guard s.mode == .wide else { return nil }
                let product = WideMap(s).product
                return "(" + f(product.x, c) + ", " + f(product.y, c) + ")"
            },
            .number("rank", label: "rank", of: S.self, { s in s.mode == .wide ? Double(Matrix(rows: s.wide).rank()) : nil },
                    text: { v, _ in "\(Int(v))" }),
            .number("null-space", label: "null", of: S.self, { s in
                s.mode == .wide ? Double(WideMap(s).columns.count - Matrix(rows: s.wide).rank()) : nil
            }, text: { v, _ in "\(Int(v))" }),
            .number("relative-perturbation", label: "rel Δb", of: S.self, { sensitivity($0)?.epsilon }, text: f),
            .number("relative-change", label: "rel Δx", of: S.self, { sensitivity($0)?.relativeChange }, text: c3),
            .number("amplification", label: "amp", of: S.self, { sensitivity($0)?.amplification }, text: c3),
            .text("pca-mean", label: "mean", of: S.self) { s, c in pca(s).map { point($0.mean, c) } },
            .text("pca-singular-values", label: "s", of: S.self) { s, c in
                pca(s).map { c3($0.singularValues.0, c) + ", " + c3($0.singularValues.1, c) }
            },
            .text("pca-deviations", label: "sd", of: S.self) { s, c in
                pca(s).map { c3($0.standardDeviations.0, c) + ", " + c3($0.standardDeviations.1, c) }
            },
            .text("pca-axis", label: "v1", of: S.self) { s, c in pca(s).map { point($0.axes.0, c) } },
            .number("explained", label: "expl.", of: S.self, { s in pca(s).map { $0.explainedByFirst * 100 } },
                    text: { v, c in NumberFormat.fixed(v, 1, charset: c) + "%" }),
            .number("inner-product", label: "u·v", of: S.self, { compared($0)?.innerProduct }, text: f),
            .number("cosine", label: "cos", of: S.self, { compared($0)?.cosine }, text: f),
            .number("manhattan", label: "L1", of: S.self, { compared($0)?.manhattan }, text: f),
            .number("euclidean", label: "L2", of: S.self, { compared($0)?.euclidean }, text: f),
            .number("chebyshev", label: "L∞", of: S.self, { compared($0)?.chebyshev }, text: f),
        ]
    }()
    public init() {}

    public var id: PaneID { .linear }
    public var title: String { "Linear maps" }
    public var minimumSize: (width: Int, height: Int) { (30, 8) }

    public var keyHelp: [(keys: String, action: String)] {
        [("m / M", "next / previous mode (transform, SVD, eigen, inverse, norms, wide R^n -> R^2, sensitivity, PCA, similarity)"),
         ("p / P", "next / previous preset matrix"),
         ("Left / Right", "select entry a, b, c, d"),
         ("Up / Down", "nudge the selected entry by +/-0.1"),
         ("e", "type a value for the selected entry"),
         ("e / x (wide)", "type the 2 x n matrix A / the vector x it maps (Rⁿ → R²)"),
         ("[ / ]", "turn the probe x by -/+5 degrees"),
         ("a", "probe spins on / off"),
         ("< or , / >", "p of the Lp ball -/+0.25 (norms); ‖Δb‖/‖b‖ /2 x2 (sensitivity)"),
         ("[ / ] (similarity)", "turn v by -/+5 degrees"),
         ("j", "project the points onto the first principal axis (PCA)"),
         ("g / s", "grid / unit square on / off"),
         ("b", "restart the playback"),
         ("mouse", "drag the tip of Ae1 or Ae2 (the matrix's columns follow) or of x (transform; x also in inverse)")]
    }

    public func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput? {
        let snapshot = snapshot as? LinearSnapshot
        func set(_ parameter: String, _ value: ParameterValue) -> PaneInput {
            .command(.set(pane: .linear, parameter: parameter, value: value))
        }
        switch (key, snapshot?.mode) {
        case (.character("<"), .sensitivity?), (.character(","), .sensitivity?): return set("epsilonStep", .number(0.5))
        case (.character(">"), .sensitivity?): return set("epsilonStep", .number(2))
        case (.character("["), .similarity?): return set("vTurn", .number(-Double.pi / 36))
        case (.character("]"), .similarity?): return set("vTurn", .number(Double.pi / 36))
        case (.character("j"), _): return set("projection", .flag(!(snapshot?.showProjection ?? false)))
        // Rⁿ → R²: the 2 x n matrix and the vector x it maps are what the view shows.
        case (.character("e"), .wide?):
            let rows = snapshot?.wide.map { $0.map { NumberFormat.exact($0) }.joined(separator: ", ") }.joined(separator: "; ") ?? ""
            return .prompt(PanePrompt(pane: .linear, label: "A (2 x n, rows ; entries ,)", parameter: "wide", initial: rows, kind: .matrix))
        case (.character("x"), .wide?):
            let x = snapshot?.wideVector.map { NumberFormat.exact($0) }.joined(separator: ", ") ?? ""
            return .prompt(PanePrompt(pane: .linear, label: "x (one number per column of A)", parameter: "wideVector", initial: x, kind: .numbers))
        default: break
        }
        switch key {
        case .pointer(let pointer): return snapshot.flatMap { pointerInput(pointer, $0) }
        case .character("m"): return set("modeStep", .integer(1))
        case .character("M"): return set("modeStep", .integer(-1))
        case .character("p"): return set("presetStep", .integer(1))
        case .character("P"): return set("presetStep", .integer(-1))
        case .left: return set("selectStep", .integer(-1))
        case .right: return set("selectStep", .integer(1))
        case .up: return set("nudge", .number(0.1))
        case .down: return set("nudge", .number(-0.1))
        case .character("["): return set("probeStep", .number(-Double.pi / 36))
        case .character("]"): return set("probeStep", .number(Double.pi / 36))
        case .character("a"): return set("spin", .flag(!(snapshot?.spin ?? true)))
        case .character("<"), .character(","): return set("pStep", .number(-0.25))
        case .character(">"): return set("pStep", .number(0.25))
        case .character("g"): return set("grid", .flag(!(snapshot?.showGrid ?? false)))
        case .character("s"): return set("square", .flag(!(snapshot?.showSquare ?? true)))
        case .character("b"): return set("playback", .flag(true))
        case .character("e"):
            let index = snapshot?.selectedEntry ?? 0
            let current = snapshot.map { NumberFormat.fixed($0.target[entry: index], 3) } ?? ""
            return .prompt(PanePrompt(pane: .linear, label: "entry " + Self.entryNames[index], parameter: Self.entryNames[index],
                                      initial: current))
        default:
            return nil
        }
    }

    static let entryNames = ["a", "b", "c", "d"]

    // MARK: - The mouse

    /// Where the picture goes in a `width` x `height` pane: beside the readout column when wide,
    /// above the compact readout when narrow. Drawing and the mouse both use it.
    static func plotRect(width: Int, height: Int, snapshot: LinearSnapshot, charset: Charset) -> Rect {
        layout(width: width, height: height, snapshot: snapshot, charset: charset).plot
    }

    /// The picture's rect and the readout column beside it (nil when the readouts go below).
    /// `fullLines`: the readout's full lines when the caller has them already (a frame builds
    /// them once).
    static func layout(width: Int, height: Int, snapshot: LinearSnapshot, charset: Charset,
                       fullLines: [ReadoutLine]? = nil) -> (plot: Rect, side: (width: Int, natural: Int)?) {
        if let side = side(width: width, height: height, snapshot: snapshot, charset: charset, fullLines: fullLines) {
            return (Rect(x: 0, y: 0, width: width - side.width - 1, height: height), side)
        }
        let below = min(LinearReadout(snapshot: snapshot, charset: .unicode).compact.count, max(1, height / 3))
        return (Rect(x: 0, y: 0, width: width, height: height - below), nil)
    }

    /// The readout column beside the plot (nil: too narrow, the readouts go below). It is as
    /// wide as its longest line in the spelling drawn (ASCII's are longer; the mouse is told the
    /// spelling, so it hits the same layout), at most 36, but gives way to the plot: it shrinks, down to
    /// the matrix's rows, before the plot is narrower than its square (`natural` is the width
    /// it would like).
    static func side(width: Int, height: Int, snapshot: LinearSnapshot, charset: Charset,
                     fullLines: [ReadoutLine]? = nil) -> (width: Int, natural: Int)? {
        let full = fullLines ?? LinearReadout(snapshot: snapshot, charset: charset).lines(full: true)
        let widths = full.map { displayWidth($0, charset) }
        let longest = widths.max() ?? 0
        let matrixRows = widths.prefix(2).max() ?? 0
        let natural = min(longest + 1, 36)
        let squarePlot = 2 * max(0, height - 3) + 6
        let side = max(min(matrixRows, 27), min(natural, width - 1 - squarePlot))
        return width >= side + 26 ? (side, natural) : nil
    }

    /// The plot inside its axes and the world it shows, for a picture in `rect` (its last row is
    /// the caption). Drawing and the mouse both use it.
    func plotFit(in rect: Rect, snapshot: LinearSnapshot) -> AspectFit {
        let radius = plotRadius(snapshot)
        let area = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1)
        return AspectFit(area: area, xRange: -radius...radius, yRange: -radius...radius)
    }

    /// The cells <-> world of the picture in a pane of this size (nil where the picture is not a
    /// plane of vectors: the sensitivity view, or no room).
    func plotMapping(width: Int, height: Int, snapshot: LinearSnapshot, charset: Charset) -> PlotMapping? {
        let rect = Self.plotRect(width: width, height: height, snapshot: snapshot, charset: charset)
        guard snapshot.mode != .sensitivity, rect.width >= 4, rect.height >= 2 else { return nil }
        let fit = plotFit(in: rect, snapshot: snapshot)
        return PlotMapping(rect: fit.plot, viewport: fit.viewport)
    }

    /// The tips a press can take hold of: Ae1 and Ae2 (the columns of the matrix shown) and the
    /// probe x in the transform view; the probe in the inverse view.
    static func handles(_ s: LinearSnapshot) -> [(name: String, tip: Vec2, label: String)] {
        switch s.mode {
        case .transform: return [("e1", s.matrix.columns.0, "Ae1"), ("e2", s.matrix.columns.1, "Ae2"), ("x", s.probe, "x")]
        case .inverse: return [("x", s.probe, "x")]
        default: return []
        }
    }

    /// Whether (x, y) is on (or a cell beside) where `drawPlot` may put a tip's label: the
    /// window `LabelPlacer` searches, up to 3 cells beside the tip's cell and 3 rows above or
    /// below it.
    static func onLabel(_ x: Int, _ y: Int, tip: Vec2, label: String, _ mapping: PlotMapping) -> Bool {
        guard let anchor = mapping.cell(x: tip.x, y: tip.y) else { return false }
        let width = label.count
        return (anchor.column - width - 3...anchor.column + width + 4).contains(x) && (anchor.row - 3...anchor.row + 3).contains(y)
    }

    /// How far from a tip a press still takes it, in cells across (a row counts as two).
    static let reach = 3.0

    /// A left press near a tip or on its label takes hold of it (the nearest tip wins; a
    /// spinning probe stops); the drag moves it:
    /// a column of A to the cell's point (on the plot's round step, set at once without the
    /// morph), the probe to the cell's direction (in whole degrees). One command per cell.
    func pointerInput(_ pointer: PanePointer, _ s: LinearSnapshot) -> PaneInput? {
        guard pointer.button == .left,
              let mapping = plotMapping(width: pointer.width, height: pointer.height, snapshot: s, charset: pointer.charset) else { return nil }
        switch pointer.phase {
        case .press:
            var best: (name: String, distance: Double)?
            for handle in Self.handles(s) {
                guard let cell = mapping.cell(x: handle.tip.x, y: handle.tip.y) else { continue }
                let dx = Double(cell.column - pointer.x), dy = 2 * Double(cell.row - pointer.y)
                let distance = (dx * dx + dy * dy).squareRoot()
                let near = distance <= Self.reach || Self.onLabel(pointer.x, pointer.y, tip: handle.tip, label: handle.label, mapping)
                if near && distance < (best?.distance ?? .infinity) { best = (handle.name, distance) }
            }
            guard let name = best?.name else { return nil }
            let stopSpin: Command? = name == "x" && s.spin ? .set(pane: .linear, parameter: "spin", value: .flag(false)) : nil
            return .grab(name, command: stopSpin)
        case .drag:
            guard let name = pointer.grabbed,
                  let world = mapping.clampedWorld(column: pointer.x, row: pointer.y) else { return nil }
            return Self.dragCommand(name, to: Vec2(world.x, world.y), step: mapping.snapStep, s).map { .command($0) }
        case .release:
            return nil
        }
    }

    /// The command that puts the grabbed tip at `world` (nil for the probe at the origin).
    static func dragCommand(_ name: String, to world: Vec2, step: Double, _ s: LinearSnapshot) -> Command? {
        let x = PlotMapping.snap(world.x, step: step), y = PlotMapping.snap(world.y, step: step)
        let a = s.target
        switch name {
        case "e1": return .setFrame(pane: .linear, parameter: "matrix", value: .matrix([[x, a.b], [y, a.d]]))
        case "e2": return .setFrame(pane: .linear, parameter: "matrix", value: .matrix([[a.a, x], [a.c, y]]))
        case "x":
            guard world.x != 0 || world.y != 0 else { return nil }
            let degrees = (atan2(world.y, world.x) * 180 / Double.pi).rounded()
            return .set(pane: .linear, parameter: "probe", value: .number(degrees * Double.pi / 180))
        default: return nil
        }
    }

    public func render(_ snapshot: LinearSnapshot, _ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        let readout = LinearReadout(snapshot: snapshot, charset: context.charset)
        let fullLines = readout.lines(full: true)
        // Wide: plot on the left, readouts in a column on the right. Narrow: readouts below.
        let (plot, side) = Self.layout(width: context.width, height: context.height, snapshot: snapshot, charset: context.charset,
                                       fullLines: fullLines)
        if let side {
            // A squeezed column leaves out the lines it has no room for rather than cut
            // numbers short (the matrix's rows stay).
            let all = context.height >= 16 || context.isZoomed ? fullLines : readout.lines(full: false)
            let lines = side.width >= side.natural ? all : all.enumerated().filter { index, line in
                index < 2 || Self.displayWidth(line, context.charset) <= side.width
            }.map(\.element)
            // The caption runs under the column too when the column ends above it.
            let captionWidth = lines.count < context.height ? context.width : plot.width
            drawPlot(&grid, in: plot, snapshot: snapshot, readout: readout, context: context, captionWidth: captionWidth)
            drawReadout(&grid, lines, x: context.width - side.width, y: 0, width: side.width, height: context.height,
                        context: context)
        } else {
            let below = context.height - plot.height
            drawPlot(&grid, in: plot, snapshot: snapshot, readout: readout, context: context, captionWidth: plot.width)
            drawReadout(&grid, Array(readout.compact.prefix(below)), x: 0, y: context.height - below,
                      width: context.width, height: below, context: context)
        }
        return grid
    }

    // MARK: - The picture

    /// A readout line's width on screen (as `drawReadout` spells and pads it).
    static func displayWidth(_ line: ReadoutLine, _ charset: Charset) -> Int {
        line.spans.reduce(0) { total, span in
            let width = MathText.forCharset(span.text, charset).displayWidth
            return total + (span.padTo.map { max(width + 1, $0) } ?? width)
        }
    }

    private func drawPlot(_ grid: inout CellGrid, in rect: Rect, snapshot: LinearSnapshot, readout: LinearReadout,
                          context: PaneContext, captionWidth: Int) {
        guard rect.width >= 4, rect.height >= 2 else { return }
        if snapshot.mode == .sensitivity { return drawSensitivity(&grid, in: rect, snapshot: snapshot, context: context) }
        let theme = context.theme
        let radius = plotRadius(snapshot)
        // With room, scaled axes around the plot (the scale changes with the matrix); the
        // caption takes the last row either way.
        let fit = plotFit(in: rect, snapshot: snapshot)
        fit.axes?.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        let plotRect = fit.plot, viewport = fit.viewport
        let canvas = DotCanvas(width: plotRect.width, height: plotRect.height, charset: context.charset)
        var painter = Painter(canvas: canvas, viewport: viewport)
        // Axes through the origin.
        painter.line(from: (-radius * 4, 0), to: (radius * 4, 0), style: theme.style(.axis))
        painter.line(from: (0, -radius * 4), to: (0, radius * 4), style: theme.style(.axis))
        let axesOnly = painter.canvas
        var labels: [(Vec2, String, Role)] = []
        let caption: String
        switch snapshot.mode {
        case .transform:
            drawTransform(&painter, snapshot: snapshot, map: snapshot.matrix, theme: theme, labels: &labels)
            caption = snapshot.presetNote ?? "custom matrix"
        case .svd:
            let frame = LinearPlayback.svd(of: snapshot.target, stage: snapshot.stage, progress: snapshot.stageProgress)
            drawPlayback(&painter, snapshot: snapshot, map: frame.map, tracked: Array(zip(frame.tracked, frame.trackedNames)),
                         theme: theme, labels: &labels)
            caption = frame.caption
        case .eigen:
            if let frame = LinearPlayback.eigen(of: snapshot.target, stage: snapshot.stage, progress: snapshot.stageProgress) {
                drawPlayback(&painter, snapshot: snapshot, map: frame.map, tracked: Array(zip(frame.tracked, frame.trackedNames)),
                             theme: theme, labels: &labels)
                caption = frame.caption
            } else {
                caption = drawIterates(&painter, snapshot: snapshot, theme: theme, labels: &labels, charset: context.charset)
            }
        case .inverse:
            caption = drawInverse(&painter, snapshot: snapshot, theme: theme, labels: &labels, charset: context.charset)
        case .norms:
            caption = drawNormBalls(&painter, snapshot: snapshot, theme: theme, labels: &labels, charset: context.charset)
        case .wide:
            caption = drawWide(&painter, snapshot: snapshot, theme: theme, labels: &labels)
        case .sensitivity, .pca, .similarity:  // sensitivity is drawn by `drawSensitivity` alone
            caption = drawTheory(&painter, snapshot: snapshot, theme: theme, labels: &labels, charset: context.charset) ?? ""
        }
        painter.canvas.overlay(onto: &grid, atX: plotRect.x, y: plotRect.y)
        // Labels beside the tips they name, never over another label or a curve.
        var placer = LabelPlacer(drawn: painter.canvas.render(), axes: axesOnly.render())
        for (point, text, role) in labels {
            let dot = painter.dot((point.x, point.y))
            guard dot.x.isFinite, dot.y.isFinite, abs(dot.x) < 1e6, abs(dot.y) < 1e6 else { continue }
            let cellX = Int((dot.x / Double(canvas.dotsPerCellX)).rounded(.down))
            let cellY = Int((dot.y / Double(canvas.dotsPerCellY)).rounded(.down))
            let shown = MathText.forCharset(text, context.charset)
            guard let at = placer.place(length: shown.displayWidth, anchorX: cellX, anchorY: cellY,
                                        right: point.x >= 0, up: point.y >= 0) else { continue }
            grid.write(shown, x: plotRect.x + at.x, y: plotRect.y + at.y, style: theme.style(role),
                       maxWidth: plotRect.width - at.x, charset: context.charset)
        }
        grid.write(MathText.forCharset(caption, context.charset), x: rect.x, y: rect.y + rect.height - 1,
                   style: theme.style(.muted), maxWidth: captionWidth, charset: context.charset)
    }

    /// Half the side of the square world shown: big enough for the image of the unit circle
    /// (σ₁), the basis images and the probe, for both ends of a morph, so nothing jumps.
    private func plotRadius(_ snapshot: LinearSnapshot) -> Double {
        if snapshot.mode == .norms { return 1.35 }  // the unit balls alone
        if let map = playbackMap(snapshot) { return Self.playbackRadius(map, square: snapshot.showSquare) }
        if let radius = theoryPlotRadius(snapshot) { return radius }
        if snapshot.mode == .wide {
            let map = WideMap(snapshot)
            let points = map.columns + map.partialSums
            return min(max(1, points.map(\.norm).max() ?? 1), 1e6) * 1.15
        }
        var extent = 1.0
        for matrix in [snapshot.matrix, snapshot.target] {
            let svd = matrix.svd
            extent = max(extent, svd.sigma1)
            let (c1, c2) = matrix.columns
            extent = max(extent, (c1 + c2).norm)
            if snapshot.mode == .inverse, svd.sigma2 > 0 { extent = max(extent, min(6, 1 / svd.sigma2)) }
        }
        return min(extent, 1e6) * 1.2
    }

    /// The map a playback mode shows at this moment (nil outside SVD and eigen playback, and
    /// for an eigen playback without a real eigenbasis, which draws iterates instead).
    func playbackMap(_ snapshot: LinearSnapshot) -> Matrix2? {
        switch snapshot.mode {
        case .svd: return LinearPlayback.svd(of: snapshot.target, stage: snapshot.stage, progress: snapshot.stageProgress).map
        case .eigen: return LinearPlayback.eigen(of: snapshot.target, stage: snapshot.stage, progress: snapshot.stageProgress)?.map
        default: return nil
        }
    }

    /// A playback's camera: framed to the shape as it is now (the image of the unit circle,
    /// radius σ1 of the partial map; the unit square's image when shown), so each stage is
    /// seen at its own scale and the camera eases with the map (the map is continuous, so
    /// the framing is too). The unit circle stays in view while the shape is at least 2/3
    /// its size; a shape much smaller than 1 is framed alone, so it still fills the plot.
    static func playbackRadius(_ map: Matrix2, square: Bool) -> Double {
        var shape = map.svd.sigma1
        if square {
            let (c1, c2) = map.columns
            shape = max(shape, (c1 + c2).norm)
        }
        guard shape.isFinite else { return 1e6 }
        let extent = max(shape, min(1, 1.5 * shape), 1e-9)
        return min(extent, 1e6) * 1.15
    }

    /// Wx for a wide W, built term by term over the playback cycle: the columns Aeᵢ (where the
    /// basis of Rⁿ lands), then x₁Ae₁, + x₂Ae₂, ... tip to tail, ending at Ax.
    private func drawWide(_ painter: inout Painter, snapshot: LinearSnapshot, theme: Theme,
                          labels: inout [(Vec2, String, Role)]) -> String {
        let map = WideMap(snapshot)
        let n = map.columns.count
        let series: [Role] = [.series1, .series3, .series4, .series5, .series6, .series2]
        for (i, column) in map.columns.enumerated() {
            arrow(&painter, column, style: theme.style(.muted))
            labels.append((column, "Ae\(i + 1)", .muted))
        }
        // How many terms are drawn: one more every 20 steps, then all of them (b restarts).
        let shown = min(n, snapshot.wideSteps / 20)
        let sums = map.partialSums
        for k in 0..<shown {
            painter.line(from: (sums[k].x, sums[k].y), to: (sums[k + 1].x, sums[k + 1].y), style: theme.style(series[k % series.count]))
            painter.point((sums[k + 1].x, sums[k + 1].y), style: theme.style(series[k % series.count]))
        }
        if shown == n {
            arrow(&painter, map.product, style: theme.style(.accent))
            labels.append((map.product, "Ax", .accent))
        }
        let terms = (0..<n).map { "x\($0 + 1)Ae\($0 + 1)" }
        return "Ax = " + terms.prefix(max(1, shown)).joined(separator: " + ") + (shown < n ? " + ..." : "")
            + ": R" + MathText.superscript(n) + " → R²"
    }

    private func drawTransform(_ painter: inout Painter, snapshot: LinearSnapshot, map: Matrix2, theme: Theme,
                               labels: inout [(Vec2, String, Role)]) {
        if snapshot.showGrid { drawGrid(&painter, map: map, theme: theme) }
        drawCircle(&painter, map: .identity, style: theme.style(.muted))
        if snapshot.showSquare { drawSquare(&painter, map: map, theme: theme) }
        // Eigen-directions of the target, lit when the probe lies along one.
        let eigen = snapshot.target.eigen
        let probe = snapshot.probe
        for direction in eigen.realDirections {
            let aligned = abs(probe.x * direction.y - probe.y * direction.x) < sin(3 * Double.pi / 180)
            let far = 1e3 * direction
            painter.line(from: ((-far).x, (-far).y), to: (far.x, far.y), style: theme.style(aligned ? .highlight : .frame))
        }
        drawCircle(&painter, map: map, style: theme.style(.series2))
        let (image1, image2) = map.columns
        arrow(&painter, Vec2(1, 0), style: theme.style(.muted))
        arrow(&painter, Vec2(0, 1), style: theme.style(.muted))
        arrow(&painter, image1, style: theme.style(.series3))
        arrow(&painter, image2, style: theme.style(.series4))
        labels += [(image1, "Ae1", .series3), (image2, "Ae2", .series4)]
        let imageOfProbe = map.apply(probe)
        arrow(&painter, probe, style: theme.style(.text))
        arrow(&painter, imageOfProbe, style: theme.style(.accent))
        labels += [(probe, "x", .text), (imageOfProbe, "Ax", .accent)]
    }

    private func drawPlayback(_ painter: inout Painter, snapshot: LinearSnapshot, map: Matrix2, tracked: [(Vec2, String)],
                              theme: Theme, labels: inout [(Vec2, String, Role)]) {
        if snapshot.showGrid { drawGrid(&painter, map: map, theme: theme) }
        drawCircle(&painter, map: .identity, style: theme.style(.muted))
        if snapshot.showSquare { drawSquare(&painter, map: map, theme: theme) }
        drawCircle(&painter, map: map, style: theme.style(.series2))
        let roles: [Role] = [.series3, .series4]
        for (index, (vector, name)) in tracked.enumerated() {
            let image = map.apply(vector)
            arrow(&painter, image, style: theme.style(roles[index % 2]))
            labels.append((image, name, roles[index % 2]))
        }
        let probeImage = map.apply(snapshot.probe)
        arrow(&painter, probeImage, style: theme.style(.accent))
        labels.append((probeImage, "x", .accent))
    }

    /// Complex pair, defective or scalar matrix: the iterates Aⁿx drawn as a path.
    private func drawIterates(_ painter: inout Painter, snapshot: LinearSnapshot, theme: Theme,
                              labels: inout [(Vec2, String, Role)], charset: Charset) -> String {
        let matrix = snapshot.target
        drawCircle(&painter, map: .identity, style: theme.style(.muted))
        drawCircle(&painter, map: snapshot.matrix, style: theme.style(.series2))
        let eigen = matrix.eigen
        for direction in eigen.realDirections {
            let far = 1e3 * direction
            painter.line(from: ((-far).x, (-far).y), to: (far.x, far.y), style: theme.style(.frame))
        }
        let count = snapshot.iterate % 30 + 1
        var point = snapshot.probe
        var path = [point]
        for _ in 0..<count {
            point = matrix.apply(point)
            guard point.x.isFinite, point.y.isFinite, point.norm < 1e6 else { break }
            path.append(point)
        }
        painter.polyline(path.map { ($0.x, $0.y) }, style: theme.style(.accent))
        for point in path { painter.point((point.x, point.y), style: theme.style(.highlight)) }
        labels.append((path[0], "x", .text))
        if let last = path.last, path.count > 1 { labels.append((last, "A^\(path.count - 1)x", .accent)) }
        switch eigen.kind {
        case .complexPair:
            return "complex pair: each step turns by \(NumberFormat.degrees(eigen.rotationAngle ?? 0, charset: charset))"
                + " and scales by |λ| = \(NumberFormat.fixed(eigen.modulus ?? 0, 3, charset: charset))"
        case .defective:
            return "defective: a single eigen-direction"
        default:
            return "A = λI: every direction is an eigen-direction"
        }
    }

    private func drawInverse(_ painter: inout Painter, snapshot: LinearSnapshot, theme: Theme,
                             labels: inout [(Vec2, String, Role)], charset: Charset) -> String {
        let matrix = snapshot.matrix
        drawCircle(&painter, map: .identity, style: theme.style(.muted))
        drawCircle(&painter, map: matrix, style: theme.style(.series2))
        let probe = snapshot.probe
        let image = matrix.apply(probe)
        if let inverse = snapshot.target.inverse, let shownInverse = matrix.inverse {
            drawCircle(&painter, map: shownInverse, style: theme.style(.series3))
            arrow(&painter, image, style: theme.style(.accent))
            arrow(&painter, probe, style: theme.style(.text))
            let back = shownInverse.apply(probe)
            arrow(&painter, back, style: theme.style(.series3))
            labels += [(image, "Ax", .accent), (probe, "x", .text), (back, "A⁻¹x", .series3)]
            let svd = snapshot.target.svd
            _ = inverse
            return "A⁻¹ stretches by 1/σ2 = \(NumberFormat.fixed(1 / svd.sigma2, 3, charset: charset)) where A squashes"
        }
        arrow(&painter, image, style: theme.style(.accent))
        labels.append((image, "Ax", .accent))
        return "singular (det 0): no inverse, the plane collapses onto a line"
    }

    private func drawNormBalls(_ painter: inout Painter, snapshot: LinearSnapshot, theme: Theme,
                               labels: inout [(Vec2, String, Role)], charset: Charset) -> String {
        // L1 diamond, L∞ square, L2 circle, then the swept Lp.
        painter.polyline([(1, 0), (0, 1), (-1, 0), (0, -1), (1, 0)], style: theme.style(.series1))
        painter.polyline([(1, 1), (-1, 1), (-1, -1), (1, -1), (1, 1)], style: theme.style(.series3))
        painter.circle(center: (0, 0), radius: 1, style: theme.style(.series2))
        let p = snapshot.p
        let points = (0...240).map { step -> (Double, Double) in
            let t = Double(step) / 240 * 2 * Double.pi
            let c = cos(t), s = sin(t)
            return (copysign(pow(abs(c), 2 / p), c), copysign(pow(abs(s), 2 / p), s))
        }
        painter.polyline(points, style: theme.style(.accent))
        labels += [(Vec2(0.5, 0.5), "L1", .series1), (Vec2(1, 1), "L∞", .series3),
                   (Vec2(-0.7071, 0.7071), "L2", .series2)]
        let ascii = charset == .ascii
        let corner = pow(0.5, 1 / p)  // where the Lp ball crosses the diagonal
        labels.append((Vec2(-corner, -corner), "Lp", .accent))
        _ = ascii
        return "unit balls ‖x‖ = 1: L1, L2, L∞ and Lp, p = " + NumberFormat.fixed(p, 2, charset: charset) + " (< >)"
    }

    // MARK: - Primitives

    private func drawCircle(_ painter: inout Painter, map: Matrix2, style: Style) {
        let points = (0...160).map { step -> (Double, Double) in
            let image = map.apply(Vec2.unit(angle: Double(step) / 160 * 2 * Double.pi))
            return (image.x, image.y)
        }
        painter.polyline(points, style: style)
    }

    /// The image of the unit square; its colour says the orientation (det > 0 good, < 0 warning).
    private func drawSquare(_ painter: inout Painter, map: Matrix2, theme: Theme) {
        let (c1, c2) = map.columns
        let corners = [Vec2.zero, c1, c1 + c2, c2, Vec2.zero]
        let role: Role = map.determinant < 0 ? .warning : .good
        painter.polyline(corners.map { ($0.x, $0.y) }, style: theme.style(role))
    }

    private func drawGrid(_ painter: inout Painter, map: Matrix2, theme: Theme) {
        for k in -4...4 where k != 0 {
            let offset = Double(k) / 2
            for (start, end) in [(Vec2(offset, -2), Vec2(offset, 2)), (Vec2(-2, offset), Vec2(2, offset))] {
                let a = map.apply(start), b = map.apply(end)
                painter.line(from: (a.x, a.y), to: (b.x, b.y), style: theme.style(.frame))
            }
        }
    }

    private func arrow(_ painter: inout Painter, _ tip: Vec2, style: Style) {
        guard tip.x.isFinite, tip.y.isFinite else { return }
        painter.arrow(from: (0, 0), to: (tip.x, tip.y), style: style)
    }
}

/// The numbers beside the picture, for the matrix being moved to (`target`).
struct LinearReadout {
    let snapshot: LinearSnapshot
    let charset: Charset

    private var a: Matrix2 { snapshot.target }
    private func f(_ value: Double, _ decimals: Int = 3) -> String { NumberFormat.fixed(value, decimals, charset: charset) }

    /// The eigenvalues: "5.000, -3.000" or "0.900 ± 0.400i".
    func eigenvalues(_ decimals: Int) -> String {
        let values = a.eigen.values
        if values.count == 2, values[0].imaginary != 0 {
            return f(values[0].real, decimals) + " ± " + f(abs(values[0].imaginary), decimals) + "i"
        }
        return values.map { f($0.real, decimals) }.joined(separator: ", ")
    }

    func matrixRows() -> [ReadoutLine] {
        let entries = [a.a, a.b, a.c, a.d].map { NumberFormat.padded($0, 3, width: 7, charset: charset) }
        func row(_ i: Int, _ prefix: String) -> ReadoutLine {
            ReadoutLine([ReadoutSpan(text: prefix + "[ "),
                         ReadoutSpan(text: entries[2 * i], role: .accent, emphasis: snapshot.selectedEntry == 2 * i),
                         ReadoutSpan(text: " "),
                         ReadoutSpan(text: entries[2 * i + 1], role: .accent, emphasis: snapshot.selectedEntry == 2 * i + 1),
                         ReadoutSpan(text: " ]")])
        }
        return [row(0, "A = "), row(1, "    ")]
    }

    func lines(full: Bool) -> [ReadoutLine] {
        if snapshot.mode == .wide { return wideLines() }
        let det = a.determinant
        let svd = a.svd
        var lines = matrixRows()
        lines.append(ReadoutLine((snapshot.presetName ?? "custom matrix"), .title))
        lines.append(ReadoutLine("mode: \(snapshot.mode.title)  (m)", .muted))
        let orientation = det < 0 ? "  flips" : (a.isSingular ? "  singular" : "")
        lines.append(.labelled("det A", f(det), note: orientation, noteRole: det < 0 || a.isSingular ? .warning : .good))
        lines.append(.labelled("tr A", f(a.trace)))
        lines.append(.labelled("λ", eigenvalues(3)))
        lines.append(.labelled("σ", f(svd.sigma1) + ", " + f(svd.sigma2)))
        lines.append(.labelled("κ", f(svd.conditionNumber, 2), note: svd.conditionNumber > 100 && svd.conditionNumber.isFinite ? "  ill-cond." : ""))
        if snapshot.mode == .norms {
            let x = [3.0, -4.0, 1.0]
            lines.append(ReadoutLine("x = (3, -4, 1)", .title))
            lines.append(ReadoutLine("‖x‖1 " + f(VectorNorm.l1(x)) + "  ‖x‖2 " + f(VectorNorm.l2(x))))
            lines.append(ReadoutLine("‖x‖∞ " + f(VectorNorm.lInfinity(x)) + "  ‖x‖p " + f(VectorNorm.p(x, snapshot.p))))
            lines.append(ReadoutLine("‖[[2,1],[6,4]]‖F = " + f(Matrix2(2, 1, 6, 4).frobeniusNorm)))
        }
        lines += theoryLines()
        guard full else { return lines }
        lines.append(ReadoutLine("‖A‖F " + f(a.frobeniusNorm) + "  ‖A‖2 " + f(a.spectralNorm)))
        lines.append(ReadoutLine("‖A‖1 " + f(a.oneNorm) + "  ‖A‖∞ " + f(a.infinityNorm)))
        if let inverse = a.inverse {
            let entries = [inverse.a, inverse.b, inverse.c, inverse.d].map { NumberFormat.padded($0, 3, width: 7, charset: charset) }
            lines.append(ReadoutLine("A⁻¹ [ " + entries[0] + " " + entries[1] + " ]", .muted))
            lines.append(ReadoutLine("    [ " + entries[2] + " " + entries[3] + " ]", .muted))
        } else {
            lines.append(ReadoutLine("A⁻¹ does not exist (det 0)", .warning))
        }
        let x = snapshot.probe, ax = a.apply(x)
        lines.append(ReadoutLine("x  = (" + f(x.x) + ", " + f(x.y) + ")"))
        lines.append(ReadoutLine("Ax = (" + f(ax.x) + ", " + f(ax.y) + ")", .accent))
        lines.append(ReadoutLine("‖Ax‖ " + f(ax.norm) + " in [σ2, σ1]", .muted))
        return lines
    }

    /// The wide map: W row by row, x, Wx = Σ xᵢ Aeᵢ, rank and what is lost.
    func wideLines() -> [ReadoutLine] {
        let map = WideMap(snapshot)
        let n = map.columns.count
        // Whole numbers without decimals, so a 2x4 matrix fits the readout column.
        func entries(_ values: [Double]) -> String {
            values.map { $0 == $0.rounded() && abs($0) < 1e6 ? String(Int($0)) : NumberFormat.fixed($0, 2, charset: charset) }
                .joined(separator: " ")
        }
        let rank = Matrix(rows: snapshot.wide).rank()
        return [
            ReadoutLine("A = [ " + entries(snapshot.wide[0]) + " ]", .accent),
            ReadoutLine("    [ " + entries(snapshot.wide[1]) + " ]  2x\(n)", .accent),
            ReadoutLine("mode: \(snapshot.mode.title)  (m)", .muted),
            .labelled("x", "(" + entries(snapshot.wideVector) + ")"),
            .labelled("Ax", "(" + f(map.product.x) + ", " + f(map.product.y) + ")", .accent),
            .labelled("rank", "\(rank) of 2", note: rank < 2 ? "  image is a line" : "", noteRole: .warning),
            .labelled("null", "dim \(n - rank)", note: n > rank ? " lost in Ax" : "", noteRole: .muted),
            ReadoutLine("R" + MathText.superscript(n) + " → R²: Ax = Σ xᵢ Aeᵢ", .muted),
        ]
    }

    /// Two or three short lines for a small pane.
    var compact: [ReadoutLine] {
        if snapshot.mode == .wide {
            let map = WideMap(snapshot)
            return [ReadoutLine("Ax = (" + f(map.product.x, 2) + ", " + f(map.product.y, 2) + ")"),
                    ReadoutLine("rank \(Matrix(rows: snapshot.wide).rank()) · R" + MathText.superscript(map.columns.count) + " → R²", .muted)]
        }
        let svd = a.svd
        return [
            ReadoutLine("det " + f(a.determinant, 2) + "  tr " + f(a.trace, 2) + "  κ " + f(svd.conditionNumber, 1)),
            theoryCompactLine ?? ReadoutLine("λ " + eigenvalues(2) + "  σ " + f(svd.sigma1, 2) + ", " + f(svd.sigma2, 2)),
            ReadoutLine((snapshot.presetName ?? "custom") + " · " + snapshot.mode.title, .muted),
        ]
    }
}

/// A wide 2 x n map from the snapshot: its columns (where the basis of Rⁿ lands), the partial
/// sums x₁Ae₁ + ... + xₖAeₖ (k = 0...n) and the product Ax.
struct WideMap {
    let columns: [Vec2]
    let partialSums: [Vec2]
    var product: Vec2 { partialSums.last ?? .zero }

    init(_ snapshot: LinearSnapshot) {
        let n = min(snapshot.wide[0].count, snapshot.wide[1].count, snapshot.wideVector.count)
        columns = (0..<n).map { Vec2(snapshot.wide[0][$0], snapshot.wide[1][$0]) }
        var sums = [Vec2.zero]
        for (column, weight) in zip(columns, snapshot.wideVector) { sums.append(sums.last! + weight * column) }
        partialSums = sums
    }
}
