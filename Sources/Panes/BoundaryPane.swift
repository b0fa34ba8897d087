import Canvas
import Foundation
import SimulationCore

/// The decision-boundary lab: a model's output over the plane as a quantised half-block
/// heatmap, the points on top (train filled, test hollow, classes by glyph), the boundary
/// traced in dots, the weight vector of a linear model; or the hidden space, the neurons, the
/// precision-recall curve, the shattering of a few points. Metrics and loss curves beside it.
///
/// Pure: (snapshot, size, theme) -> cells.
public struct BoundaryPane: SnapshotPane {
    /// The readouts a scene can point at (`highlight: boundary.NAME`).
    public let readouts: [ReadoutSpec] = {
        typealias S = BoundarySnapshot
        @Sendable func fixed3(_ v: Double, _ c: Charset) -> String { NumberFormat.fixed(v, 3, charset: c) }
        @Sendable func compact4(_ v: Double, _ c: Charset) -> String { NumberFormat.compact(v, 4, charset: c) }
        @Sendable func percent(_ v: Double, _ c: Charset) -> String { v.isFinite ? NumberFormat.fixed(v * 100, 1, charset: c) + "%" : "-" }
        @Sendable func triple(_ values: [Double], _ c: Charset) -> String {
            values.map { $0.isFinite ? NumberFormat.fixed($0, 3, charset: c) : "-" }.joined(separator: " ")
        }
        @Sendable func fixed3OrDash(_ v: Double, _ c: Charset) -> String { v.isFinite ? NumberFormat.fixed(v, 3, charset: c) : "-" }
        @Sendable func count(_ s: S, _ row: Int, _ column: Int) -> Double? {
            guard s.dataset.problem == .binary, let m = s.confusion, m.counts.count == 2 else { return nil }
            return Double(m.counts[row][column])
        }
        @Sendable func bound(_ s: S) -> BoundNumbers? { s.view == .bound ? BoundNumbers(s) : nil }
        return [
            .number("epoch", label: "epoch", of: S.self, { Double($0.epoch) }, text: { v, _ in "\(Int(v))" }),
            .number("loss", label: "loss", of: S.self, { $0.trainLosses.last ?? .nan }, text: compact4),
            .number("accuracy", label: "acc", of: S.self, { $0.trainAccuracy }, text: percent),
            .number("test-loss", label: "test", of: S.self, { $0.testLosses.last ?? .nan }, text: compact4),
            .number("test-accuracy", label: "test", of: S.self, { $0.testAccuracy }, text: percent),
            .text("f1", label: "P R F1", of: S.self) { s, c in
                guard let m = s.confusion, s.dataset.problem == .binary else { return nil }
                return triple([m.precision(1), m.recall(1), m.f1(1)], c)
            },
            // With several classes, that line holds the macro averages.
            .text("macro", label: "P R F1", of: S.self) { s, c in
                guard let m = s.confusion, s.dataset.problem != .binary else { return nil }
                return triple([m.macro(m.precision), m.macro(m.recall), m.macro(m.f1)], c) + " avg"
            },
            .number("precision", label: "P R F1", of: S.self, { s in s.dataset.problem == .binary ? s.confusion?.precision(1) : nil },
                    text: fixed3OrDash),
            .number("recall", label: "P R F1", of: S.self, { s in s.dataset.problem == .binary ? s.confusion?.recall(1) : nil },
                    text: fixed3OrDash),
            .number("f1-score", label: "P R F1", of: S.self, { s in s.dataset.problem == .binary ? s.confusion?.f1(1) : nil },
                    text: fixed3OrDash),
            // The test confusion matrix's cells (rows true class, columns predicted), class 1 positive.
            .number("tn", label: "true\\pred", of: S.self, { s in count(s, 0, 0) }, text: { v, _ in "\(Int(v))" }),
            .number("fp", label: "true\\pred", of: S.self, { s in count(s, 0, 1) }, text: { v, _ in "\(Int(v))" }),
            .number("fn", label: "true\\pred", of: S.self, { s in count(s, 1, 0) }, text: { v, _ in "\(Int(v))" }),
            .number("tp", label: "true\\pred", of: S.self, { s in count(s, 1, 1) }, text: { v, _ in "\(Int(v))" }),
            .number("ap", label: "AP", of: S.self, { s in s.dataset.problem == .binary ? s.precisionRecall?.averagePrecision : nil },
                    text: fixed3),
            .number("lr", label: "lr", of: S.self, { $0.settings.learningRate }, text: compact4),
            .text("regularization", label: "reg", of: S.self) { s, c in
                s.settings.regularization == .none ? nil
                    : s.settings.regularization.rawValue.uppercased() + " " + NumberFormat.compact(s.settings.regularizationRate, 4, charset: c)
            },
            .text("loss-function", label: "loss fn", of: S.self) { s, _ in
                s.settings.kind == .perceptron ? "perceptron criterion"
                    : s.network.output == .identity ? nil : s.settings.loss == .crossEntropy ? "cross-entropy" : "squared error"
            },
            // A perceptron's points on the wrong side (train, test).
            .number("mistakes", label: "mistakes", of: S.self, { s in s.mistakes.map { Double($0[0]) } }, text: { v, _ in "\(Int(v))" }),
            .number("test-mistakes", label: "mistakes", of: S.self, { s in s.mistakes.map { Double($0[1]) } }, text: { v, _ in "\(Int(v))" }),
            .text("view", label: "view", of: S.self) { s, _ in s.view.rawValue },
            .text("inputs", label: "in", of: S.self) { s, _ in s.settings.features.names.joined(separator: " ") },
            .number("map", label: "mAP", of: S.self, { s in s.classPrecisionRecall.isEmpty ? nil : s.meanAveragePrecision },
                    text: fixed3),
            .number("vc-dimension", label: "h", of: S.self, { s in bound(s).map { Double($0.dimension) } }, text: { v, _ in "\(Int(v))" }),
            .number("train-error", label: "R_emp", of: S.self, { s in bound(s)?.trainError }, text: fixed3),
            .number("test-error", label: "R", of: S.self, { s in bound(s)?.testError }, text: fixed3),
            .number("vc-bound", label: "bound", of: S.self, { s in bound(s).map { $0.trainError + $0.confidence } }, text: fixed3),
            .number("generalisation-gap", label: "gap", of: S.self, { s in bound(s)?.gap }, text: fixed3),
            .number("looseness", label: "loose", of: S.self, { s in bound(s).flatMap { $0.gap > 0 ? $0.confidence / $0.gap : nil } },
                    text: { v, c in NumberFormat.compact(v, 2, charset: c) }),
        ]
    }()
    public init() {}

    public var id: PaneID { .boundary }
    public var title: String { "Decision boundary" }
    public var minimumSize: (width: Int, height: Int) { (30, 8) }

    static let sideWidth = 30
    static func isWide(_ width: Int) -> Bool { width >= sideWidth + 24 }
    /// Train (filled) and test (hollow) glyphs per class. In ASCII lower case for train and
    /// upper case for test, letters no other mark uses (the optimizer's racers are o # ^ * @ &,
    /// its start s, its minimum x, the boundary's own dots ' . : and its level lines ,).
    static let trainGlyphs = ["●", "▲", "■"], testGlyphs = ["○", "△", "□"]
    static let asciiTrain = ["c", "v", "z"], asciiTest = ["C", "V", "Z"]
    /// The glyph of the level lines P(class 1) = 0.25 and 0.75 drawn without colour.
    static func levelGlyph(_ charset: Charset) -> String { charset == .unicode ? "·" : "," }

    /// Which glyph is which class: "●=0 ▲=1 (○△ test)"; empty for regression.
    static func classLegend(_ problem: ProblemKind, classes: Int, charset: Charset) -> String {
        guard problem != .regression else { return "" }
        let unicode = charset == .unicode
        let train = unicode ? trainGlyphs : asciiTrain, test = unicode ? testGlyphs : asciiTest
        let k = min(3, max(2, classes))
        return (0..<k).map { "\(train[$0])=\($0)" }.joined(separator: " ") + " (" + test.prefix(k).joined() + " test)"
    }
    static let classRoles: [Role] = [.series1, .series2, .series3]
    /// Heat levels: few, so a frame changes few cells (and bytes) as the model learns.
    static let levels = 8.0

    /// Feature sets the `f` key cycles through.
    static let featurePresets: [InputFeatures] = [
        [.x1, .x2], [.x1, .x2, .x1Squared, .x2Squared], [.x1, .x2, .x1x2],
        [.x1, .x2, .x1Squared, .x2Squared, .x1x2], [.x1, .x2, .sinX1, .sinX2],
        [.x1, .x2, .x1Squared, .x2Squared, .x1x2, .sinX1, .sinX2],
    ]

    public var keyHelp: [(keys: String, action: String)] {
        [("d / D", "next / previous dataset"),
         ("n / g", "noise +10 % (wraps at 50 %) / new points"),
         ("m", "model: perceptron, logistic, MLP"),
         ("l / L", "one hidden layer less / more"),
         ("u / U", "units per layer -/+"),
         ("e", "type the hidden layers, e.g. 8,8,4"),
         ("a", "activation: tanh, ReLU, sigmoid, linear"),
         ("f / F", "input features: next set / type any, e.g. x1,x2,sin(x1)"),
         ("o", "loss: cross-entropy / squared error"),
         ("[ / ]", "learning rate x0.5 / x2"),
         ("k / j / J", "regularisation none/L1/L2 / rate /10 x10"),
         ("b", "batch size 1, 10, 30, all"),
         ("s", "shuffle the data each epoch on / off"),
         ("v / V", "view: output, hidden space, neurons, PR curve, VC, VC bound"),
         ("h / i", "hidden layer / next unit pair (hidden view)"),
         ("c / p", "next point set / type your own points x1,y1,x2,y2,... (VC view)"),
         ("t / T", "train / test split: 10 % fewer / more points for training (10-90 %)"),
         ("mouse", "click the output view to add a training point: left class 0, right (or Shift/Alt/Ctrl-left) class 1, "
                   + "middle (or modified right) class 2"),
         ("Backspace", "take the added points away"),
         ("x", "restart training")]
    }

    public func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput? {
        guard let s = snapshot as? BoundarySnapshot else { return nil }
        func set(_ parameter: String, _ value: ParameterValue) -> PaneInput {
            .command(.set(pane: .boundary, parameter: parameter, value: value))
        }
        switch key {
        case .character("d"): return set("datasetStep", .integer(1))
        case .character("D"): return set("datasetStep", .integer(-1))
        case .character("n"):
            let next = ((s.noise * 10).rounded() + 1).truncatingRemainder(dividingBy: 6) / 10
            return set("noise", .number(next))
        case .character("g"): return set("regenerate", .flag(true))
        case .character("m"): return set("modelStep", .integer(1))
        case .character("l"):
            return s.settings.kind == .mlp ? set("layerCount", .integer(max(1, s.settings.hidden.count - 1)))
                                           : set("model", .text("mlp"))
        case .character("L"): return set("layerCount", .integer(min(ModelSettings.maximumLayers, s.settings.hidden.count + 1)))
        case .character("u"): return set("units", .integer(max(1, (s.settings.hidden.max() ?? 2) - 1)))
        case .character("U"): return set("units", .integer(min(ModelSettings.maximumUnits, (s.settings.hidden.max() ?? 2) + 1)))
        case .character("e"):
            return .prompt(PanePrompt(pane: .boundary, label: "hidden layers", parameter: "layers",
                                      initial: s.settings.hidden.map(String.init).joined(separator: ","), kind: .text))
        case .character("F"):
            return .prompt(PanePrompt(pane: .boundary, label: "inputs (x1 x2 x1^2 x2^2 x1x2 sin(x1) sin(x2))", parameter: "features",
                                      initial: s.settings.features.names.joined(separator: ","), kind: .text))
        case .character("a"):
            let all = Activation.allCases
            return set("activation", .text(all[((all.firstIndex(of: s.settings.activation) ?? 0) + 1) % all.count].rawValue))
        case .character("f"):
            let index = Self.featurePresets.firstIndex(of: s.settings.features) ?? -1
            return set("features", .text(Self.featurePresets[(index + 1) % Self.featurePresets.count].names.joined(separator: ",")))
        case .character("o"): return set("loss", .text(s.settings.loss == .crossEntropy ? "squared-error" : "cross-entropy"))
        case .character("["): return set("lrFactor", .number(0.5))
        case .character("]"): return set("lrFactor", .number(2))
        case .character("k"):
            let all = Regularization.allCases
            return set("regularization", .text(all[((all.firstIndex(of: s.settings.regularization) ?? 0) + 1) % all.count].rawValue))
        // The rate by decades: from 0 up to 1e-4, and below 1e-8 down to 0.
        case .character("j"):
            let lower = s.settings.regularizationRate / 10
            return set("regRate", .number(lower < 1e-8 ? 0 : lower))
        case .character("J"):
            let rate = s.settings.regularizationRate
            return set("regRate", .number(rate == 0 ? 1e-4 : min(10, rate * 10)))
        case .character("b"):
            let sizes = [1, 10, 30, max(1, s.dataset.train.count)]
            let next = sizes.first { $0 > s.settings.batchSize } ?? 1
            return set("batch", .integer(next))
        case .character("s"): return set("shuffle", .flag(!s.settings.shuffle))
        case .character("v"): return set("viewStep", .integer(1))
        case .character("V"): return set("viewStep", .integer(-1))
        case .character("h"): return set("hiddenLayerStep", .integer(1))
        case .character("i"): return set("hiddenUnitsStep", .integer(1))
        case .character("c"): return set("vcPresetStep", .integer(1))
        case .character("p"):
            let current = s.shattering.points.map { NumberFormat.exact($0.x) + "," + NumberFormat.exact($0.y) }.joined(separator: ",")
            return .prompt(PanePrompt(pane: .boundary, label: "points in [-6,6]", parameter: "vcPoints", initial: current, kind: .text))
        case .character("x"): return set("restart", .flag(true))
        case .character("t"): return set("trainFraction", .number(max(0.1, ((s.trainFraction - 0.1) * 10).rounded() / 10)))
        case .character("T"): return set("trainFraction", .number(min(0.9, ((s.trainFraction + 0.1) * 10).rounded() / 10)))
        case .backspace: return s.addedPointCount > 0 ? set("addedPoints", .vector([])) : nil
        case .pointer(let pointer): return addPoint(pointer, s)
        default: return nil
        }
    }

    // MARK: - The mouse

    /// The output view's plot and world in a `width` x `height` pane: drawing and the mouse
    /// both use it.
    static func outputMapping(width: Int, height: Int) -> PlotMapping {
        let fit = outputFit(mainRect(width: width, height: height))
        return PlotMapping(rect: fit.plot, viewport: fit.viewport)
    }

    /// Where the main picture goes: beside the readout when wide, above it when narrow.
    static func mainRect(width: Int, height: Int) -> Rect {
        isWide(width) ? Rect(x: 0, y: 0, width: width - sideWidth - 1, height: height)
                      : Rect(x: 0, y: 0, width: width, height: max(3, height - 3))
    }

    static func outputFit(_ rect: Rect, range: (ClosedRange<Double>, ClosedRange<Double>) = (Dataset.range, Dataset.range)) -> AspectFit {
        AspectFit(area: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1), xRange: range.0, yRange: range.1)
    }

    /// A press in the output view's plot adds a training point there (on the plot's round
    /// step): the left button class 0, the right one (or a modified left) class 1, the middle
    /// one (or a modified right) class 2, for data with that many classes.
    func addPoint(_ pointer: PanePointer, _ s: BoundarySnapshot) -> PaneInput? {
        guard pointer.phase == .press, s.view == .output, s.dataset.problem != .regression else { return nil }
        let mapping = Self.outputMapping(width: pointer.width, height: pointer.height)
        guard mapping.rect.contains(x: pointer.x, y: pointer.y), let world = mapping.world(column: pointer.x, row: pointer.y)
        else { return nil }
        let label: Int
        switch (pointer.button, pointer.modified) {
        case (.left, false): label = 0
        case (.left, true), (.right, false): label = 1
        case (.middle, _), (.right, true): label = 2
        }
        guard label < s.dataset.classCount else { return nil }
        let step = mapping.snapStep
        func held(_ v: Double) -> Double { min(max(PlotMapping.snap(v, step: step), Dataset.range.lowerBound), Dataset.range.upperBound) }
        return .command(.set(pane: .boundary, parameter: "addPoint", value: .vector([held(world.x), held(world.y), Double(label)])))
    }

    public func render(_ s: BoundarySnapshot, _ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        let wide = Self.isWide(context.width)
        let main = Self.mainRect(width: context.width, height: context.height)
        switch s.view {
        case .output: drawOutput(&grid, main, s, context)
        case .hidden: drawHiddenSpace(&grid, main, s, context)
        case .neurons: drawNeurons(&grid, main, s, context)
        case .pr: drawPrecisionRecall(&grid, main, s, context)
        case .vc: drawShattering(&grid, main, s, context)
        case .bound: drawBound(&grid, main, s, context)
        }
        let lines = readout(s, charset: context.charset)
        if wide {
            let side = Rect(x: context.width - Self.sideWidth, y: 0, width: Self.sideWidth, height: context.height)
            // The loss chart takes the column's spare rows: 8, more on a tall screen.
            let chartHeight = side.height >= lines.count + 5 ? min(8 + max(0, side.height - 40) / 2, side.height - lines.count) : 0
            drawReadout(&grid, lines, x: side.x, y: 0, width: side.width, height: side.height - chartHeight, context: context)
            if chartHeight >= 5 {
                drawLossChart(&grid, Rect(x: side.x, y: side.maxY - chartHeight, width: side.width, height: chartHeight), s, context)
            }
        } else {
            drawReadout(&grid, compactReadout(s, charset: context.charset), x: 0, y: main.maxY, width: context.width,
                        height: context.height - main.maxY, context: context)
        }
        return grid
    }

    // MARK: - Geometry

    /// The plot inside `rect` (axes when there is room) and the world window it shows, [-6, 6]²
    /// fitted to the cell aspect.
    func plotArea(_ rect: Rect, range: (ClosedRange<Double>, ClosedRange<Double>) = (Dataset.range, Dataset.range),
                  into grid: inout CellGrid, context: PaneContext) -> (Rect, Viewport) {
        let fit = Self.outputFit(rect, range: range)
        fit.axes?.draw(into: &grid, style: context.theme.style(.muted), charset: context.charset)
        return (fit.plot, fit.viewport)
    }

    static func world(_ viewport: Viewport, _ u: Double, _ v: Double) -> Vec2 {
        Vec2(viewport.xRange.lowerBound + u * (viewport.xRange.upperBound - viewport.xRange.lowerBound),
             viewport.yRange.upperBound - v * (viewport.yRange.upperBound - viewport.yRange.lowerBound))
    }

    func cell(_ p: Vec2, _ plot: Rect, _ viewport: Viewport) -> (Int, Int)? {
        let u = (p.x - viewport.xRange.lowerBound) / (viewport.xRange.upperBound - viewport.xRange.lowerBound)
        let v = (viewport.yRange.upperBound - p.y) / (viewport.yRange.upperBound - viewport.yRange.lowerBound)
        guard u.isFinite, v.isFinite, u >= 0, u < 1, v >= 0, v < 1 else { return nil }
        return (plot.x + Int(u * Double(plot.width)), plot.y + Int(v * Double(plot.height)))
    }

    // MARK: - Output view

    private func drawOutput(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme
        let (plot, viewport) = plotArea(rect, into: &grid, context: context)
        guard plot.width >= 2, plot.height >= 2 else { return }
        let problem = s.dataset.problem
        // The model on the half-block grid (two dots per cell, stacked), all points in one pass.
        let dotWidth = plot.width, dotHeight = plot.height * 2
        var grid2D: [Vec2] = []
        grid2D.reserveCapacity(dotWidth * dotHeight)
        for y in 0..<dotHeight {
            for x in 0..<dotWidth {
                grid2D.append(Self.world(viewport, (Double(x) + 0.5) / Double(dotWidth), (Double(y) + 0.5) / Double(dotHeight)))
            }
        }
        let z = s.network.previewLogits(grid2D), k = s.network.outputCount
        // Per dot: a value in [0, 1] for the heatmap, and the side of the boundary it is on.
        var values = [Double](repeating: 0, count: grid2D.count)
        var side = [Int](repeating: 0, count: grid2D.count)
        for index in grid2D.indices {
            switch problem {
            case .binary:
                values[index] = Logistic.sigmoid(z[index])
                side[index] = z[index] >= 0 ? 1 : 0
            case .multiclass:
                var best = 0
                for o in 1..<k where z[index * k + o] > z[index * k + best] { best = o }
                values[index] = Double(best)
                side[index] = best
            case .regression:
                values[index] = (min(max(z[index], -1), 1) + 1) / 2
                side[index] = z[index] >= 0 ? 1 : 0
            }
        }
        if theme.tier != .none {
            if problem == .multiclass {
                for cy in 0..<plot.height {
                    for cx in 0..<plot.width {
                        let top = Int(values[(2 * cy) * dotWidth + cx]), bottom = Int(values[(2 * cy + 1) * dotWidth + cx])
                        let topColour = theme.style(Self.classRoles[top % 3]).foreground
                        let bottomColour = theme.style(Self.classRoles[bottom % 3]).foreground
                        grid.put(top == bottom || context.charset == .ascii
                                    ? Cell(scalar: " ", style: Style(background: bottomColour))
                                    : Cell(scalar: "▀", style: Style(foreground: topColour, background: bottomColour)),
                                 at: plot.x + cx, plot.y + cy)
                    }
                }
            } else {
                var canvas = HalfBlockCanvas(width: plot.width, height: plot.height, ramp: .diverging)
                for y in 0..<dotHeight {
                    for x in 0..<dotWidth {
                        // Quantised to `levels` bands (fewer changed cells per frame).
                        let t = values[y * dotWidth + x]
                        canvas.set(x: x, y: y, value: min(Self.levels - 1, (t * Self.levels).rounded(.down)) / (Self.levels - 1))
                    }
                }
                grid.blit(canvas.render(theme: theme, charset: context.charset), atX: plot.x, y: plot.y)
            }
        }
        // Without colour the surface is lost: level lines of P(class 1) (of the prediction, for
        // a regression) at 0.25 and 0.75 stand in for it, the boundary at 0.5 drawn below.
        let perceptron = s.settings.kind == .perceptron
        if theme.tier == .none && problem != .multiclass && !perceptron {
            var bands = [Int?](repeating: nil, count: plot.width * plot.height)
            for cy in 0..<plot.height {
                for cx in 0..<plot.width {
                    let t = (values[(2 * cy) * dotWidth + cx] + values[(2 * cy + 1) * dotWidth + cx]) / 2
                    bands[cy * plot.width + cx] = t < 0.25 ? 0 : (t < 0.75 ? 1 : 2)
                }
            }
            LevelLines.draw(bands: bands, width: plot.width, height: plot.height, glyph: Self.levelGlyph(context.charset),
                            style: theme.style(.muted), into: &grid, atX: plot.x, y: plot.y)
        }
        // The boundary: where the predicted class (or the sign) changes between neighbouring
        // half-block dots; each such dot lights the braille dots it covers on the boundary side.
        var painter = Painter(canvas: DotCanvas(width: plot.width, height: plot.height, charset: context.charset), viewport: viewport)
        let scaleX = painter.canvas.dotWidth / max(1, dotWidth), scaleY = painter.canvas.dotHeight / max(1, dotHeight)
        let boundaryStyle = theme.style(.text)
        for y in 0..<dotHeight {
            for x in 0..<dotWidth {
                let here = side[y * dotWidth + x]
                let right = x + 1 < dotWidth && side[y * dotWidth + x + 1] != here
                let below = y + 1 < dotHeight && side[(y + 1) * dotWidth + x] != here
                if right { painter.canvas.set(x: x * scaleX + scaleX - 1, y: y * scaleY, style: boundaryStyle) }
                if below { painter.canvas.set(x: x * scaleX, y: y * scaleY + scaleY - 1, style: boundaryStyle) }
            }
        }
        // A linear model on (x1, x2): w drawn from the boundary's point nearest the origin.
        if s.settings.kind != .mlp, problem == .binary, s.settings.features == [.x1, .x2] {
            let w = Vec2(s.network.parameters[0], s.network.parameters[1]) * InputFeatures.scale
            let b = s.network.parameters[2]
            let length = w.norm
            if length > 1e-12 {
                let foot = (-b / (length * length)) * w
                let tip = foot + (3 / length) * w
                painter.arrow(from: (foot.x, foot.y), to: (tip.x, tip.y), style: theme.style(.highlight))
            }
        }
        grid.overlayKeepingBackground(painter.canvas, at: plot)
        drawPoints(&grid, s, plot, viewport, context)
        Self.writeCaption(&grid, rect, legend: Self.classLegend(problem, classes: s.dataset.classCount, charset: context.charset),
                          candidates: Self.outputCaptions(problem, coloured: theme.tier != .none, perceptron: perceptron,
                                                          charset: context.charset), context)
    }

    /// The longest of `candidates` (spelled for `charset`) that fits `width`, else the last.
    static func fitting(_ candidates: [String], width: Int, charset: Charset) -> String {
        let spelled = candidates.map { MathText.forCharset($0, charset) }
        return spelled.first { $0.displayWidth <= width } ?? spelled.last!
    }

    /// The class legend, then the longest of `candidates` that fits beside it, on the last row.
    static func writeCaption(_ grid: inout CellGrid, _ rect: Rect, legend: String, candidates: [String], _ context: PaneContext) {
        let theme = context.theme
        var x = rect.x
        if !legend.isEmpty {
            x += grid.write(legend, x: x, y: rect.maxY - 1, style: theme.style(.text), maxWidth: rect.width, charset: context.charset)
            x += 2
        }
        let room = rect.maxX - x
        guard room > 0 else { return }
        let caption = candidates.first { MathText.forCharset($0, context.charset).displayWidth <= room } ?? candidates.last!
        grid.write(MathText.forCharset(caption, context.charset), x: x, y: rect.maxY - 1, style: theme.style(.muted),
                   maxWidth: room, charset: context.charset)
    }

    /// What the output view's colours and lines mean, longest wording first (without colour
    /// there is no heatmap: level lines stand in for it).
    /// A perceptron has no probabilities: its colour is w·x + w0, squashed, and it has no
    /// level lines.
    static func outputCaptions(_ problem: ProblemKind, coloured: Bool, perceptron: Bool = false, charset: Charset) -> [String] {
        let dots = charset == .unicode ? levelGlyph(charset) : "'" + levelGlyph(charset) + "'"
        if perceptron {
            return coloured ? ["colour: w·x+w0, squashed; line: w·x+w0 = 0", "colour w·x+w0, line w·x+w0=0", "line: w·x+w0 = 0"]
                : ["line: the boundary w·x+w0 = 0", "line: w·x+w0 = 0", "line: boundary"]
        }
        switch (problem, coloured) {
        case (.regression, true): return ["colour: prediction in [-1, 1]; line: prediction 0", "colour: prediction; line: 0", "line: prediction 0"]
        case (.binary, true): return ["colour: P(class 1); line: the boundary", "colour P(class 1), line boundary",
                                      "colour P(1), line boundary", "line: boundary"]
        case (.multiclass, true): return ["colour: predicted class; lines: boundaries", "colour: class; lines: boundaries", "lines: boundaries"]
        case (.regression, false): return ["line: prediction 0; \(dots): prediction -0.5 and 0.5", "line 0, \(dots) -0.5/0.5", "line: prediction 0"]
        case (.multiclass, false): return ["lines: the boundaries", "lines: boundaries"]
        case (_, false): return ["line: P(class 1) = 0.5; \(dots): 0.25 and 0.75", "line P=0.5, \(dots) P=0.25/0.75",
                                 "line P=0.5, \(dots) .25/.75", "line: boundary"]
        }
    }

    private func drawPoints(_ grid: inout CellGrid, _ s: BoundarySnapshot, _ plot: Rect, _ viewport: Viewport,
                            _ context: PaneContext, position: (_ point: LabelledPoint, _ index: Int, _ train: Bool) -> Vec2? = { point, _, _ in point.x }) {
        let unicode = context.charset == .unicode
        let style = context.theme.style(.text).with(attributes: .bold)
        let regression = s.dataset.problem == .regression
        for (points, train) in [(s.dataset.test, false), (s.dataset.train, true)] {
            for (index, point) in points.enumerated() {
                guard let p = position(point, index, train), let (x, y) = cell(p, plot, viewport) else { continue }
                let glyph: String
                if regression {
                    // The target's sign; test points circled (in ASCII: the same sign, not bold).
                    if unicode { glyph = point.target >= 0 ? (train ? "+" : "⊕") : (train ? "−" : "⊖") }
                    else { glyph = point.target >= 0 ? "+" : "-" }
                    if !unicode && !train {
                        grid.putKeepingBackground(glyph, context.theme.style(.muted), x, y)
                        continue
                    }
                } else {
                    let c = point.label % 3
                    glyph = unicode ? (train ? Self.trainGlyphs[c] : Self.testGlyphs[c]) : (train ? Self.asciiTrain[c] : Self.asciiTest[c])
                }
                grid.putKeepingBackground(glyph, style, x, y)
            }
        }
    }

    // MARK: - Hidden space

    private func drawHiddenSpace(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        let network = s.network
        guard network.layerCount >= 2, s.hiddenUnits.count == 2, s.hiddenUnits[0] != s.hiddenUnits[1] else {
            grid.write("the hidden view needs an MLP with a layer of 2+ units (m, U)", x: rect.x, y: rect.y,
                       style: theme.style(.muted), maxWidth: rect.width, charset: charset)
            return
        }
        let layer = s.hiddenLayer + 1, (i, j) = (s.hiddenUnits[0], s.hiddenUnits[1])
        let width = network.sizes[layer]
        func hidden(_ points: [Vec2]) -> [Vec2] {
            let values = network.previewLogits(points, layer: layer)
            return points.indices.map { Vec2(values[$0 * width + i], values[$0 * width + j]) }
        }
        // The warped grid: lines x = c and y = c of the input plane, mapped into hidden space.
        let ticks = stride(from: -6.0, through: 6.0, by: 1.5).map { $0 }
        let samples = stride(from: -6.0, through: 6.0, by: 0.25).map { $0 }
        let lines = ticks.map { c in hidden(samples.map { Vec2(c, $0) }) } + ticks.map { c in hidden(samples.map { Vec2($0, c) }) }
        let hiddenTrain = hidden(s.dataset.train.map(\.x)), hiddenTest = hidden(s.dataset.test.map(\.x))
        let range = Self.hiddenRange(network.activation, values: lines.joined() + hiddenTrain + hiddenTest)
        let (plot, viewport) = plotArea(rect, range: range, into: &grid, context: context)
        guard plot.width >= 2, plot.height >= 2 else { return }
        let drawsLine = width == 2 && layer == network.layerCount - 1
        // In colour, what the output makes of each point h of the plane: the same heatmap as the
        // output view's, so the two views read alike (the line is where it changes side).
        if drawsLine && theme.tier != .none {
            let z = Self.outputValue(network, units: (i, j)), k = network.outputCount
            let dotHeight = plot.height * 2
            if s.dataset.problem == .multiclass {
                func best(_ h: (Double, Double)) -> Int { (0..<k).max { z($0, h) < z($1, h) } ?? 0 }
                for cy in 0..<plot.height {
                    for cx in 0..<plot.width {
                        let classes = [2 * cy, 2 * cy + 1].map { y -> Int in
                            let p = Self.world(viewport, (Double(cx) + 0.5) / Double(plot.width), (Double(y) + 0.5) / Double(dotHeight))
                            return best((p.x, p.y))
                        }
                        let top = theme.style(Self.classRoles[classes[0] % 3]).foreground
                        let bottom = theme.style(Self.classRoles[classes[1] % 3]).foreground
                        grid.put(classes[0] == classes[1] || charset == .ascii
                                    ? Cell(scalar: " ", style: Style(background: bottom))
                                    : Cell(scalar: "▀", style: Style(foreground: top, background: bottom)), at: plot.x + cx, plot.y + cy)
                    }
                }
            } else {
                var canvas = HalfBlockCanvas(width: plot.width, height: plot.height, ramp: .diverging)
                for y in 0..<dotHeight {
                    for x in 0..<plot.width {
                        let p = Self.world(viewport, (Double(x) + 0.5) / Double(plot.width), (Double(y) + 0.5) / Double(dotHeight))
                        let value = z(0, (p.x, p.y))
                        let t = network.output == .identity ? (min(max(value, -1), 1) + 1) / 2 : Logistic.sigmoid(value)
                        canvas.set(x: x, y: y, value: min(Self.levels - 1, (t * Self.levels).rounded(.down)) / (Self.levels - 1))
                    }
                }
                grid.blit(canvas.render(theme: theme, charset: charset), atX: plot.x, y: plot.y)
            }
        } else if drawsLine && s.dataset.problem != .multiclass {
            // Without colour, as in the output view: level lines at P(class 1) = 0.25 and 0.75
            // (a regression's prediction -0.5 and 0.5) beside the line at 0.5.
            let z = Self.outputValue(network, units: (i, j))
            var bands = [Int?](repeating: nil, count: plot.width * plot.height)
            for cy in 0..<plot.height {
                for cx in 0..<plot.width {
                    let p = Self.world(viewport, (Double(cx) + 0.5) / Double(plot.width), (Double(cy) + 0.5) / Double(plot.height))
                    let value = z(0, (p.x, p.y))
                    let t = network.output == .identity ? (min(max(value, -1), 1) + 1) / 2 : Logistic.sigmoid(value)
                    bands[cy * plot.width + cx] = t < 0.25 ? 0 : (t < 0.75 ? 1 : 2)
                }
            }
            LevelLines.draw(bands: bands, width: plot.width, height: plot.height, glyph: Self.levelGlyph(charset),
                            style: theme.style(.muted), into: &grid, atX: plot.x, y: plot.y)
        }
        var painter = Painter(canvas: DotCanvas(width: plot.width, height: plot.height, charset: charset), viewport: viewport)
        // The grid dotted (every third dot), so the output's solid line stands out without colour.
        for line in lines { Self.dotted(&painter, line.map { ($0.x, $0.y) }, every: 3, style: theme.style(.muted)) }
        // The output layer's own boundary, when these two units are all it reads.
        let boundaries = drawsLine ? Self.outputBoundaries(network, units: (i, j)) : []
        var labelAt: (upper: (Double, Double), lower: (Double, Double))?
        // In ASCII the dots are too coarse to tell a dotted grid from a line: the output's line
        // is drawn in line glyphs (- | / \) by its slope on screen instead.
        var asciiLine: [(Int, Int, String)] = []
        for boundary in boundaries {
            guard let segment = LineClip.segment(a: boundary.a, b: boundary.b, c: boundary.c,
                                                 xRange: viewport.xRange, yRange: viewport.yRange) else { continue }
            // Sampled at dot spacing: between classes p and q only where those two lead.
            let steps = 4 * (plot.width + plot.height)
            let across = (segment.end.x - segment.start.x) / (viewport.xRange.upperBound - viewport.xRange.lowerBound) * Double(plot.width)
            let rise = (segment.end.y - segment.start.y) / (viewport.yRange.upperBound - viewport.yRange.lowerBound) * Double(plot.height)
            let glyph = abs(rise) < 0.2 * abs(across) ? "-" : abs(rise) > 1.2 * abs(across) ? "|" : (rise > 0) == (across > 0) ? "/" : "\\"
            for k in 0...steps {
                let f = Double(k) / Double(steps)
                let h = (segment.start.x + f * (segment.end.x - segment.start.x), segment.start.y + f * (segment.end.y - segment.start.y))
                guard boundary.leads(h) else { continue }
                if charset == .ascii {
                    if let (x, y) = cell(Vec2(h.0, h.1), plot, viewport) { asciiLine.append((x, y, glyph)) }
                } else {
                    painter.point(h, style: theme.style(.highlight))
                }
            }
            if boundaries.count == 1 {
                labelAt = segment.start.y >= segment.end.y ? (segment.start, segment.end) : (segment.end, segment.start)
            }
        }
        grid.overlayKeepingBackground(painter.canvas, at: plot)
        for (x, y, glyph) in asciiLine { grid.putKeepingBackground(glyph, theme.style(.highlight), x, y) }
        drawPoints(&grid, s, plot, viewport, context) { _, index, train in train ? hiddenTrain[index] : hiddenTest[index] }
        // The line's name at its upper end, clear of the line: on the row above that end, or
        // on its row on the side the line leaves from, when the end is on the top row.
        if let ends = labelAt {
            let label = charset == .unicode ? "w·h+b=0" : "w.h+b=0"
            func cell(_ p: (Double, Double)) -> (Int, Int) {
                let dot = painter.dot(p)
                return (plot.x + min(plot.width - 1, max(0, Int(dot.x) / painter.canvas.dotsPerCellX)),
                        plot.y + min(plot.height - 1, max(0, Int(dot.y) / painter.canvas.dotsPerCellY)))
            }
            let (cx, cy) = cell(ends.upper), (lx, _) = cell(ends.lower)
            let n = label.count
            let x: Int, y: Int
            if cy > plot.y {
                (x, y) = (min(max(plot.x, cx - n / 2), plot.maxX - n), cy - 1)
            } else {
                let left = cx - 1 - n >= plot.x, right = cx + 1 + n <= plot.maxX
                (x, y) = ((lx >= cx && left) || !right ? max(plot.x, cx - 1 - n) : cx + 1, cy)
            }
            grid.write(label, x: x, y: y, style: theme.style(.highlight).with(attributes: .bold), maxWidth: plot.maxX - x, charset: charset)
        }
        // The axes' names, where the axes leave room: h_j over the y axis, h_i at the x axis' end.
        func writeIfBlank(_ text: String, _ x: Int, _ y: Int) {
            guard x >= 0, y >= 0, x + text.count <= grid.width, y < grid.height,
                  (x..<(x + text.count)).allSatisfy({ grid[$0, y].glyph == .space }) else { return }
            grid.write(text, x: x, y: y, style: theme.style(.muted), charset: charset)
        }
        if plot.x > rect.x + 2 {
            writeIfBlank("h\(j + 1)", rect.x, plot.y)
            writeIfBlank("h\(i + 1)", plot.maxX - 2 - "\(i + 1)".count, plot.maxY + 1)
        }
        let hiddenLayers = network.layerCount - 1
        let units = "units \(i + 1), \(j + 1)" + (width > 2 ? " of \(width) (i)" : "")
        let place = "layer \(s.hiddenLayer + 1)" + (hiddenLayers > 1 ? " of \(hiddenLayers) (h)" : "")
        let short = "layer \(s.hiddenLayer + 1)" + (hiddenLayers > 1 ? "/\(hiddenLayers)" : "") + ", units \(i + 1),\(j + 1)"
            + (width > 2 ? " of \(width)" : "")
        let candidates: [String]
        if !boundaries.isEmpty {
            let what = boundaries.count == 1 ? (network.output == .identity ? "the output's 0, " : "the output's boundary ") + "w·h+b=0"
                : "the output's boundaries"
            let colour = theme.tier == .none ? []
                : [place + ": colour: " + (s.dataset.problem == .multiclass ? "class" : network.output == .identity ? "prediction" : "P(class 1)")
                   + " from h; " + (boundaries.count == 1 ? "line: " : "lines: ") + what]
            let dots = charset == .unicode ? Self.levelGlyph(charset) : "'" + Self.levelGlyph(charset) + "'"
            let levels = theme.tier != .none || boundaries.count != 1 ? []
                : [place + ": the input grid, warped; line: " + what + "; " + dots + ": "
                   + (network.output == .identity ? "-0.5 and 0.5" : "P(class 1) = 0.25 and 0.75")]
            candidates = colour + levels + [place + ": the input grid, warped; " + (boundaries.count == 1 ? "line: " : "lines: ") + what,
                          place + ": grid warped; " + (boundaries.count == 1 ? "line: " : "lines: ") + what,
                          (boundaries.count == 1 ? "line: " : "lines: ") + what,
                          boundaries.count == 1 ? "line: output w·h+b=0" : "lines: output's"]
        } else if layer < network.layerCount - 1 {
            candidates = [place + ", " + units + ": the input grid, warped; the output's line lives in layer \(hiddenLayers)",
                          place + ", " + units + ": the input grid, warped", place + ", " + units, short]
        } else {
            candidates = [place + ", " + units + ": the input grid, warped; the output's line lives in \(width)-D, not drawn",
                          place + ", " + units + ": its output line is \(width)-D, not drawn", place + ", " + units, short]
        }
        Self.writeCaption(&grid, rect, legend: Self.classLegend(s.dataset.problem, classes: s.dataset.classCount, charset: charset),
                          candidates: candidates, context)
    }

    /// A polyline drawn as every `every`-th dot along it (by dot distance, across its segments).
    static func dotted(_ painter: inout Painter, _ points: [(Double, Double)], every: Int, style: Style) {
        var travelled = 0
        for (a, b) in zip(points, points.dropFirst()) {
            let da = painter.dot(a), db = painter.dot(b)
            let n = Int(max(abs(db.x - da.x), abs(db.y - da.y)).rounded(.up))
            guard n > 0, n < 100_000 else { continue }
            for k in 0..<n {
                if (travelled + k) % every == 0 {
                    let f = Double(k) / Double(n)
                    painter.point((a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1)), style: style)
                }
            }
            travelled += n
        }
    }

    /// The hidden plot's window: a bounded activation's whole range (tanh [-1, 1], sigmoid
    /// [0, 1]; otherwise the values' range), 7.5 % wider on each side, so points at a
    /// saturated edge sit inside the plot, clear of the axes.
    static func hiddenRange(_ activation: Activation, values: [Vec2]) -> (ClosedRange<Double>, ClosedRange<Double>) {
        func padded(_ low: Double, _ high: Double) -> ClosedRange<Double> {
            let (l, h) = high - low < 1e-9 ? (low - 1, high + 1) : (low, high)
            return (l - 0.075 * (h - l))...(h + 0.075 * (h - l))
        }
        switch activation {
        case .tanh: return (padded(-1, 1), padded(-1, 1))
        case .sigmoid: return (padded(0, 1), padded(0, 1))
        case .relu, .linear:
            let xs = values.map(\.x).filter(\.isFinite), ys = values.map(\.y).filter(\.isFinite)
            return (padded(xs.min() ?? -1, xs.max() ?? 1), padded(ys.min() ?? -1, ys.max() ?? 1))
        }
    }

    /// The output layer's boundary in the plane of units (i, j) of the last hidden layer, when
    /// that layer has just those two units: z = W h + b there, so the line w·h + b = 0 (the
    /// 0.5 level of a sigmoid; a regression's prediction 0), or with softmax the lines
    /// z_p = z_q, each where p and q lead the other classes.
    struct HiddenBoundary {
        var a: Double, b: Double, c: Double
        var leads: ((Double, Double)) -> Bool
    }

    /// Output o's raw value z_o at h = (h_i, h_j), the last hidden layer being (i, j) alone.
    static func outputValue(_ network: Network, units: (Int, Int)) -> (Int, (Double, Double)) -> Double {
        let l = network.layerCount - 1, nIn = network.sizes[l]
        let w = network.parameters, wo = network.weightOffsets[l], bo = network.biasOffsets[l]
        return { o, h in w[bo + o] + w[wo + o * nIn + units.0] * h.0 + w[wo + o * nIn + units.1] * h.1 }
    }

    static func outputBoundaries(_ network: Network, units: (Int, Int)) -> [HiddenBoundary] {
        let l = network.layerCount - 1, nIn = network.sizes[l], k = network.outputCount
        let w = network.parameters, wo = network.weightOffsets[l], bo = network.biasOffsets[l]
        let z = outputValue(network, units: units)
        guard k > 1 else { return [HiddenBoundary(a: w[wo + units.0], b: w[wo + units.1], c: w[bo], leads: { _ in true })] }
        var result: [HiddenBoundary] = []
        for p in 0..<k {
            for q in (p + 1)..<k {
                result.append(HiddenBoundary(a: w[wo + p * nIn + units.0] - w[wo + q * nIn + units.0],
                                             b: w[wo + p * nIn + units.1] - w[wo + q * nIn + units.1], c: w[bo + p] - w[bo + q]) { h in
                    let top = max(z(p, h), z(q, h))
                    return (0..<k).allSatisfy { $0 == p || $0 == q || z($0, h) <= top }
                })
            }
        }
        return result
    }

    // MARK: - Neurons

    private func drawNeurons(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme
        let network = s.network
        guard network.layerCount >= 2 else {
            grid.write("a linear model has no hidden units (m: MLP)", x: rect.x, y: rect.y, style: theme.style(.muted),
                       maxWidth: rect.width, charset: context.charset)
            return
        }
        let layer = s.hiddenLayer + 1, units = network.sizes[layer]
        // As many square-ish tiles as fit: columns x rows >= units.
        let area = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1)
        var best = (columns: 1, rows: units, size: 0)
        for columns in 1...units {
            let rows = (units + columns - 1) / columns
            let tileWidth = area.width / columns - 1, tileHeight = area.height / rows - 1
            let size = min(tileWidth, tileHeight * 2)
            if size > best.size { best = (columns, rows, size) }
        }
        let tileWidth = max(2, area.width / best.columns - 1), tileHeight = max(1, area.height / best.rows - 1)
        guard tileHeight >= 2 else {
            grid.write("too small for \(units) neurons: " + (context.isZoomed ? "a bigger terminal" : "zoom (z)"), x: rect.x, y: rect.y, style: theme.style(.muted),
                       maxWidth: rect.width, charset: context.charset)
            return
        }
        let viewport = Viewport.fitting(xRange: Dataset.range, yRange: Dataset.range, dotWidth: tileWidth * 2, dotHeight: (tileHeight - 1) * 4)
        // Every tile shows the same plane: evaluate the layer once on the tile's dots.
        let dotsWide = tileWidth, dotsHigh = (tileHeight - 1) * 2
        var plane: [Vec2] = []
        for y in 0..<dotsHigh {
            for x in 0..<dotsWide {
                plane.append(Self.world(viewport, (Double(x) + 0.5) / Double(dotsWide), (Double(y) + 0.5) / Double(dotsHigh)))
            }
        }
        let activations = network.previewLogits(plane, layer: layer)
        for unit in 0..<units {
            let tile = Rect(x: area.x + (unit % best.columns) * (tileWidth + 1), y: area.y + (unit / best.columns) * (tileHeight + 1),
                            width: tileWidth, height: tileHeight)
            grid.write("\(unit + 1)", x: tile.x, y: tile.y, style: theme.style(.muted), maxWidth: tile.width, charset: context.charset)
            let body = Rect(x: tile.x, y: tile.y + 1, width: tile.width, height: tile.height - 1)
            var canvas = HalfBlockCanvas(width: body.width, height: body.height, ramp: .diverging)
            for y in 0..<canvas.dotHeight {
                for x in 0..<canvas.dotWidth {
                    let a = activations[(y * canvas.dotWidth + x) * units + unit]
                    // tanh in [-1, 1]; sigmoid/ReLU/linear squashed the same way for colour.
                    let t = s.settings.activation == .tanh ? (a + 1) / 2 : (tanh(a) + 1) / 2
                    canvas.set(x: x, y: y, value: min(Self.levels - 1, (t * Self.levels).rounded(.down)) / (Self.levels - 1))
                }
            }
            grid.blit(canvas.render(theme: theme, charset: context.charset), atX: body.x, y: body.y)
        }
        Self.writeCaption(&grid, rect, legend: "", candidates: ["layer \(s.hiddenLayer + 1) (h): each unit's activation over the plane",
                                                              "layer \(s.hiddenLayer + 1) (h): each unit over the plane",
                                                              "layer \(s.hiddenLayer + 1) (h), unit by unit"], context)
    }

    // MARK: - Precision-recall

    private func drawPrecisionRecall(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme
        if !s.classPrecisionRecall.isEmpty { return drawClassCurves(&grid, rect, s, context) }
        guard let curve = s.precisionRecall else {
            grid.write("the PR curve is for classes (d: another dataset)", x: rect.x, y: rect.y,
                       style: theme.style(.muted), maxWidth: rect.width, charset: context.charset)
            return
        }
        let area = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1)
        guard let axes = PlotAxes(rect: area, xRange: 0...1, yRange: 0...1) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        var painter = Painter(canvas: DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: context.charset),
                              viewport: Viewport(xRange: 0...1, yRange: 0...1))
        let path = Self.steps(curve)
        let positives = Double(s.dataset.test.filter { $0.label == 1 }.count) / Double(max(1, s.dataset.test.count))
        painter.line(from: (0, positives), to: (1, positives), style: theme.style(.muted))
        painter.polyline(path, style: theme.style(.series1))
        painter.canvas.overlay(onto: &grid, atX: axes.plot.x, y: axes.plot.y)
        let ap = NumberFormat.fixed(curve.averagePrecision, 3, charset: context.charset)
        let chance = NumberFormat.fixed(positives, 2, charset: context.charset)
        Self.writeCaption(&grid, rect, legend: "", candidates: ["precision vs recall (test); AP " + ap + ", chance " + chance,
                                                              "PR curve (test): AP " + ap + ", chance " + chance, "AP " + ap], context)
    }

    // MARK: - Shattering

    private func drawShattering(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme
        let shattering = s.shattering
        let unicode = context.charset == .unicode
        grid.write(s.shatteringName + " (c)", x: rect.x, y: rect.y, style: theme.style(.title), maxWidth: rect.width,
                   charset: context.charset)
        let count = shattering.labellingCount
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 3)
        // The largest tiles that fit (each at most 24 cells across, about square), so a big screen
        // shows the labellings bigger; fewest rows among equals.
        var layout = (columns: min(count, max(1, area.width / 9)), size: 0)
        for columns in (1...count).reversed() {
            let rows = (count + columns - 1) / columns
            let size = min(24, area.width / columns - 1, (area.height / rows - 1 - 1) * 2)
            if size > layout.size { layout = (columns, size) }
        }
        let columns = layout.columns
        let rows = (count + columns - 1) / columns
        let tileWidth = max(5, area.width / columns - 1)
        let tileHeight = max(2, min(max(6, layout.size / 2 + 1), area.height / max(1, rows) - 1))
        guard rows * (tileHeight + 1) <= area.height + 1 else {
            grid.write("too small for \(count) labellings: " + (context.isZoomed ? "fewer points (p)" : "zoom (z)"), x: area.x, y: area.y, style: theme.style(.muted),
                       maxWidth: area.width, charset: context.charset)
            return
        }
        let viewport = Viewport.fitting(xRange: -6...6, yRange: -6...6, dotWidth: tileWidth * 2, dotHeight: (tileHeight - 1) * 4)
        for labelling in 0..<count {
            let tile = Rect(x: area.x + (labelling % columns) * (tileWidth + 1), y: area.y + (labelling / columns) * (tileHeight + 1),
                            width: tileWidth, height: tileHeight)
            let ok = shattering.realisable[labelling]
            grid.write(ok ? (unicode ? "✓" : "ok") : (unicode ? "✗" : "no"), x: tile.x, y: tile.y,
                       style: theme.style(ok ? .good : .warning), maxWidth: tile.width, charset: context.charset)
            let body = Rect(x: tile.x, y: tile.y + 1, width: tile.width, height: tile.height - 1)
            for (index, p) in shattering.points.enumerated() {
                guard let (x, y) = cell(p, body, viewport) else { continue }
                let label = Shattering.label(index, in: labelling)
                grid.put(Cell(unicode ? Self.trainGlyphs[label] : Self.asciiTrain[label],
                              style: theme.style(Self.classRoles[label]).with(attributes: .bold)), at: x, y)
            }
        }
        let verdict = "\(shattering.realisableCount) of \(count) labellings by a line: " + (shattering.isShattered ? "shattered" : "not shattered")
        let summary = [verdict + "; VC dim of lines in the plane = 3", verdict + "; lines: VC dim 3", verdict]
            .first { $0.displayWidth <= rect.width } ?? verdict
        grid.write(summary, x: rect.x, y: rect.maxY - 2, style: theme.style(.text), maxWidth: rect.width, charset: context.charset)
        grid.write("empirical Rademacher complexity " + NumberFormat.fixed(shattering.empiricalRademacher, 4, charset: context.charset),
                   x: rect.x, y: rect.maxY - 1, style: theme.style(.muted), maxWidth: rect.width, charset: context.charset)
    }

    // MARK: - Numbers

    func modelDescription(_ s: BoundarySnapshot) -> String {
        switch s.settings.kind {
        case .perceptron: return "perceptron"
        case .logistic: return s.dataset.problem == .regression ? "linear regression"
            : (s.dataset.problem == .multiclass ? "softmax regression" : "logistic regression")
        case .mlp: return s.network.sizes.map(String.init).joined(separator: "-") + " " + s.settings.activation.rawValue
        }
    }

    func percent(_ value: Double, _ charset: Charset) -> String {
        value.isFinite ? NumberFormat.fixed(value * 100, 1, charset: charset) + "%" : "-"
    }

    func readout(_ s: BoundarySnapshot, charset: Charset) -> [ReadoutLine] {
        let settings = s.settings
        var lines: [ReadoutLine] = [
            // The key hint only when it fits beside the name ("gaussian bumps (regression)").
            ReadoutLine(s.dataset.kind.title + (s.dataset.kind.title.displayWidth + 5 <= Self.sideWidth ? "  (d)" : ""), .title),
            .labelled("data", "\(s.dataset.train.count)/\(s.dataset.test.count) "
                      + (s.addedPointCount > 0 ? "+\(s.addedPointCount) added"
                         : s.dataset.kind == .csv ? "from a file" : "noise \(Int((s.noise * 100).rounded()))% (n)")),
            ReadoutLine(modelDescription(s) + "  (m)", .text),
            .labelled("epoch", "\(s.epoch)" + (s.stopped == nil ? "" : " stopped")),
        ]
        let classifies = s.dataset.problem != .regression
        // A perceptron's losses are its criterion mean max(0, -y z), which its rule minimises.
        let lossWord = settings.kind == .perceptron ? "crit " : "loss "
        for (name, loss, accuracy) in [("train", s.trainLosses.last, s.trainAccuracy), ("test", s.testLosses.last, s.testAccuracy)] {
            lines.append(.labelled(name, lossWord + NumberFormat.compact(loss ?? .nan, 4, charset: charset)
                                   + (classifies ? " acc " + percent(accuracy, charset) : "")))
        }
        if let mistakes = s.mistakes, mistakes.count == 2 {
            lines.append(.labelled("mistakes", "\(mistakes[0]) train, \(mistakes[1]) test"))
        }
        // The whole reason, wrapped to the column (its advice comes last).
        if let stopped = s.stopped { lines += wrap(stopped, width: Self.sideWidth).map { ReadoutLine($0, .warning) } }
        if let confusion = s.confusion {
            if s.dataset.problem == .binary {
                // Precision with no positive predictions (0/0) is undefined: "-", as accuracy.
                lines.append(.labelled("P R F1", [confusion.precision(1), confusion.recall(1), confusion.f1(1)]
                                       .map { $0.isFinite ? NumberFormat.fixed($0, 3, charset: charset) : "-" }.joined(separator: " ")))
                if let ap = s.precisionRecall?.averagePrecision {
                    lines.append(.labelled("AP", NumberFormat.fixed(ap, 3, charset: charset) + " (test, class 1)"))
                }
            } else {
                // Macro averages over the classes ("avg"), in the binary line's order.
                lines.append(.labelled("P R F1", [confusion.macro(confusion.precision), confusion.macro(confusion.recall),
                                                  confusion.macro(confusion.f1)]
                                       .map { $0.isFinite ? NumberFormat.fixed($0, 3, charset: charset) : "-" }.joined(separator: " ") + " avg"))
                if !s.classPrecisionRecall.isEmpty {
                    // The mean of the per-class APs, then each (test set, class against the rest).
                    lines.append(.labelled("mAP", NumberFormat.fixed(s.meanAveragePrecision, 3, charset: charset) + " ("
                                           + s.classPrecisionRecall.map { NumberFormat.fixed($0.averagePrecision, 2, charset: charset) }
                                               .joined(separator: " ") + ")"))
                }
            }
            // The confusion matrix: rows true class, columns predicted.
            let k = confusion.counts.count
            lines.append(ReadoutLine("true\\pred " + (0..<k).map { String("\($0)".leftPadded(5)) }.joined(), .muted))
            for row in 0..<k {
                lines.append(ReadoutLine([ReadoutSpan(text: "\(row)".leftPadded(9) + " ", role: .muted),
                                          ReadoutSpan(text: confusion.counts[row].map { "\($0)".leftPadded(5) }.joined(), role: .text)]))
            }
        }
        lines.append(.labelled("lr", NumberFormat.compact(settings.learningRate, 4, charset: charset)))
        lines.append(.labelled("batch", "\(settings.batchSize), " + (settings.shuffle ? "shuffled" : "in order (s)")))
        lines.append(.labelled("in", settings.features.names.joined(separator: " ")))
        if settings.kind == .perceptron {
            lines.append(.labelled("loss fn", "perceptron criterion"))
        } else if s.network.output != .identity {
            lines.append(.labelled("loss fn", settings.loss == .crossEntropy ? "cross-entropy" : "squared error"))
        }
        if settings.regularization != .none {
            lines.append(.labelled("reg", settings.regularization.rawValue.uppercased() + " "
                                   + NumberFormat.compact(settings.regularizationRate, 4, charset: charset)))
        }
        lines.append(.labelled("view", s.view.rawValue + "  (v)"))
        return boundLines(s, charset: charset) + lines
    }

    func compactReadout(_ s: BoundarySnapshot, charset: Charset) -> [ReadoutLine] {
        // The epoch first: a long dataset or model name must not push it off a narrow pane.
        var lines = [ReadoutLine("epoch \(s.epoch) · " + s.dataset.kind.title + " · " + modelDescription(s), .muted)]
        if let stopped = s.stopped {
            lines.append(ReadoutLine(stopped, .warning))
        } else if s.dataset.problem == .regression {
            lines.append(.labelled("loss", NumberFormat.compact(s.testLosses.last ?? .nan, 4, charset: charset) + " test"))
        } else {
            lines.append(.labelled("acc", percent(s.trainAccuracy, charset) + " train " + percent(s.testAccuracy, charset) + " test"))
        }
        return lines
    }

    /// log10 of the train (solid) and test (second colour) loss against epochs.
    private func drawLossChart(_ grid: inout CellGrid, _ rect: Rect, _ s: BoundarySnapshot, _ context: PaneContext) {
        let theme = context.theme
        // The legend in the curves' colours; the test curve is also dotted, for monochrome.
        var x = rect.x
        let quantity = s.settings.kind == .perceptron ? "log10 crit: " : "log10 loss: "
        for (text, role) in [(quantity, Role.muted), ("train", .series1), (", ", .muted),
                             ("test " + (context.charset == .unicode ? "···" : "..."), .series2)] {
            x += grid.write(text, x: x, y: rect.y, style: theme.style(role), maxWidth: rect.maxX - x, charset: context.charset)
        }
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let curves = [s.trainLosses, s.testLosses].map { $0.map { log10(max($0, 1e-12)) }.map { $0.isFinite ? $0 : 3 } }
        let all = curves.joined()
        let high = max(0.5, (all.max() ?? 0).rounded(.up)), low = min(-1, (all.min() ?? -1).rounded(.down))
        let epochs = Double(max(1, s.epoch))
        guard let axes = PlotAxes(rect: area, xRange: 0...epochs, yRange: low...high) else { return }
        axes.draw(into: &grid, style: theme.style(.muted), charset: context.charset)
        var painter = Painter(canvas: DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: context.charset),
                              viewport: Viewport(xRange: 0...epochs, yRange: low...high))
        // Entry i is the loss at epoch i × stride; the last one, off the stride, at `epoch`.
        func epochOf(_ i: Int) -> Double { min(Double(i * max(1, s.lossStride)), epochs) }
        for (index, curve) in curves.enumerated() {
            guard index == 1, curve.count >= 2 else {
                painter.polyline(curve.enumerated().map { (epochOf($0.offset), $0.element) },
                                 style: theme.style(index == 0 ? .series1 : .series2))
                continue
            }
            // Test: the same curve on every other dot column.
            let columns = painter.canvas.dotWidth
            var i = 0
            for column in Swift.stride(from: 0, to: columns, by: 2) {
                let at = Double(column) / Double(max(1, columns - 1)) * epochs
                while i < curve.count - 2 && epochOf(i + 1) < at { i += 1 }
                let span = epochOf(i + 1) - epochOf(i)
                let f = span > 0 ? min(1, max(0, (at - epochOf(i)) / span)) : 0
                painter.point((at, curve[i] * (1 - f) + curve[i + 1] * f), style: theme.style(.series2))
            }
        }
        painter.canvas.overlay(onto: &grid, atX: axes.plot.x, y: axes.plot.y)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
