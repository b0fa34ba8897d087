import Canvas
import Foundation
import SimulationCore

/// The information lab: the binary-entropy curve, P and Q with entropies and KL, softmax with
/// temperature and its Jacobian, a gradient check, and importance sampling.
///
/// Pure: (snapshot, size, theme) -> cells; every number comes from `SimulationCore`.
public struct EntropyPane: SnapshotPane {
    /// The readouts a scene can point at (`highlight: entropy.NAME`).
    public let readouts: [ReadoutSpec] = {
        typealias S = EntropySnapshot
        @Sendable func f4(_ v: Double, _ c: Charset) -> String { NumberFormat.fixed(v, 4, charset: c) }
        @Sendable func f3(_ v: Double, _ c: Charset) -> String { NumberFormat.fixed(v, 3, charset: c) }
        @Sendable func f8(_ v: Double, _ c: Charset) -> String { NumberFormat.fixed(v, 8, charset: c) }
        @Sendable func e1(_ v: Double, _ c: Charset) -> String { String(format: "%.1e", v) }
        @Sendable func integer(_ v: Double, _ c: Charset) -> String { "\(Int(v))" }
        @Sendable func coin(_ s: S) -> Double? { s.mode == .binary ? s.coin : nil }
        @Sendable func pq(_ s: S) -> ([Double], [Double])? { s.mode == .distributions ? (s.targetP, s.targetQ) : nil }
        @Sendable func softmax(_ s: S) -> [Double]? { s.mode == .softmax ? Logistic.softmax(s.logits, temperature: s.temperature) : nil }
        /// The gradient check's exact, forward and central slopes at the point.
        @Sendable func check(_ s: S) -> (exact: Double, forward: Double, central: Double)? {
            guard s.mode == .gradcheck else { return nil }
            let (function, derivative) = s.checkedPair
            return (derivative(s.point), FiniteDifference.forward(function, at: s.point, step: 1e-8),
                    FiniteDifference.central(function, at: s.point, step: 1e-5))
        }
        @Sendable func estimate(_ name: String, label: String,
                                _ part: @escaping @Sendable (RareEventEstimate) -> RunningStatistics) -> ReadoutSpec {
            ReadoutSpec(name, label: label, kind: .number) { snapshot, _ in
                guard let s = snapshot as? S, s.mode == .sampling else { return nil }
                let m = part(s.estimate)
                return ReadoutReading(number: m.mean, text: String(format: "%.6f ± %.6f", m.mean, m.count > 1 ? m.standardError : 0))
            }
        }
        @Sendable func inverse(_ s: S) -> InverseTransformSampler? { s.mode == .inverse ? s.inverse : nil }
        return [
            .number("entropy", label: "H(P)", of: S.self, { pq($0).map { InfoTheory.entropy($0.0) } }, text: f4),
            .number("entropy-q", label: "H(Q)", of: S.self, { pq($0).map { InfoTheory.entropy($0.1) } }, text: f4),
            .number("cross-entropy", label: "H(P,Q)", of: S.self, { pq($0).map { InfoTheory.crossEntropy($0.0, $0.1) } }, text: f4),
            .number("kl", label: "KL(P‖Q)", of: S.self, { pq($0).map { InfoTheory.klDivergence($0.0, $0.1) } }, text: f4),
            .number("kl-reverse", label: "KL(Q‖P)", of: S.self, { pq($0).map { InfoTheory.klDivergence($0.1, $0.0) } }, text: f4),
            .number("p", label: "p", of: S.self, { coin($0) }, text: { v, c in NumberFormat.fixed(v, 2, charset: c) }),
            .number("binary-entropy", label: "H(p)", of: S.self, { coin($0).map { InfoTheory.binaryEntropy($0) } }, text: f4),
            .number("binary-entropy-slope", label: "H'(p)", of: S.self, { coin($0).map { InfoTheory.binaryEntropyDerivative($0) } }, text: f4),
            .number("information-heads", label: "I(heads)", of: S.self, { coin($0).map { InfoTheory.selfInformation($0) } }, text: f4),
            .number("information-tails", label: "I(tails)", of: S.self, { coin($0).map { InfoTheory.selfInformation(1 - $0) } }, text: f4),
            .number("temperature", label: "T", of: S.self, { $0.mode == .softmax ? $0.temperature : nil }, text: f3),
            .number("softmax-entropy", label: "H(s)", of: S.self, { softmax($0).map { InfoTheory.entropy($0) } }, text: f4),
            .number("max-entropy", label: "max H", of: S.self, { $0.mode == .softmax ? log2(Double($0.logits.count)) : nil }, text: f4),
            .number("x", label: "x", of: S.self, { $0.mode == .gradcheck ? $0.point : nil },
                    text: { v, c in NumberFormat.fixed(v, 2, charset: c) }),
            .number("exact", label: "exact", of: S.self, { check($0)?.exact }, text: f8),
            .number("exact-probability", label: "exact", of: S.self, { $0.mode == .sampling ? $0.estimate.exact : nil },
                    text: { v, _ in String(format: "%.6f", v) }),
            .number("forward", label: "fwd", of: S.self, { check($0)?.forward }, text: f8),
            .number("central", label: "central", of: S.self, { check($0)?.central }, text: f8),
            .number("relative-error", label: "rel err", of: S.self, { check($0).map { FiniteDifference.relativeError($0.exact, $0.forward) } },
                    text: e1),
            .number("relative-error-central", label: "rel err", of: S.self, {
                check($0).map { FiniteDifference.relativeError($0.exact, $0.central) }
            }, text: e1),
            .number("samples", label: "n", of: S.self, { s in
                s.mode == .sampling ? Double(s.estimate.plain.count) : inverse(s).map { Double($0.count) }
            }, text: integer),
            // The estimate as drawn, "mean ± standard error"; its number is the mean.
            estimate("plain", label: "plain", { $0.plain }),
            estimate("importance", label: "IS", { $0.importance }),
            .number("variance-ratio", label: "variance ratio", of: S.self, { s in
                s.mode == .sampling && s.estimate.importance.variance > 0 ? s.estimate.plain.variance / s.estimate.importance.variance : nil
            }, text: { v, _ in String(format: "%.0f", v) }),
            .text("q-gradient", label: "∇q", of: S.self) { s, c in
                guard s.mode == .gradcheck, s.function.isOverQ else { return nil }
                let gradient = InfoTheory.klGradientWithRespectToQ(s.targetP, s.targetQ)
                return gradient.prefix(3).map { NumberFormat.fixed($0, 2, charset: c) }.joined(separator: " ") + (gradient.count > 3 ? " …" : "")
            },
            .number("inverse-mean", label: "mean", of: S.self, { s in inverse(s).flatMap { $0.count > 0 ? $0.moments.mean : nil } }, text: f3),
            .number("inverse-variance", label: "var", of: S.self, { s in inverse(s).flatMap { $0.count > 1 ? $0.moments.variance : nil } },
                    text: f3),
            .number("inverse-distance", label: "TV", of: S.self, { s in inverse(s).flatMap { $0.count > 0 ? $0.histogramDistance : nil } },
                    text: f4),
            .text("inverse-last", label: "last", of: S.self) { s, c in
                inverse(s)?.recent.last.map { "u " + f3($0.x, c) + " → y " + f3($0.y, c) }
            },
        ]
    }()
    public init() {}

    public var id: PaneID { .entropy }
    public var title: String { "Information" }
    public var minimumSize: (width: Int, height: Int) { (30, 8) }

    public var keyHelp: [(keys: String, action: String)] {
        [("m / M", "next / previous view (binary, P and Q, softmax, gradient check, sampling, inverse transform)"),
         ("Left / Right", "move p (binary), select outcome / logit, move x (gradient check)"),
         ("Up / Down", "raise / lower the selected probability (renormalised) or logit"),
         ("p / P", "next / previous preset for P (coin, die, yut, one-hot, uniform)"),
         ("Q", "edit Q instead of P, and back"),
         ("k / K", "fewer / more outcomes (2-10)"),
         ("t / T", "temperature x0.8 / x1.25 (softmax); next / previous target (inverse transform)"),
         ("a", "sweep p or the temperature on / off"),
         ("f", "next function to check (kl-q, cross-entropy-q: by the selected q_j)"),
         ("b", "restart the sampling"),
         ("mouse", "drag a bar of P or Q (the rest renormalises; the top row raises the scale), p along H(p), "
                   + "the softmax bars left / right for a colder / hotter T")]
    }

    public func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput? {
        guard let s = snapshot as? EntropySnapshot else { return nil }
        func set(_ parameter: String, _ value: ParameterValue) -> PaneInput {
            .command(.set(pane: .entropy, parameter: parameter, value: value))
        }
        switch (key, s.mode) {
        case (.pointer(let pointer), _): return pointerInput(pointer, s)
        case (.character("m"), _): return set("modeStep", .integer(1))
        case (.character("M"), _): return set("modeStep", .integer(-1))
        case (.left, .binary): return set("coinStep", .number(-0.01))
        case (.right, .binary): return set("coinStep", .number(0.01))
        case (.left, .gradcheck): return set("xStep", .number(-0.05))
        case (.right, .gradcheck): return set("xStep", .number(0.05))
        case (.left, _): return set("selectStep", .integer(-1))
        case (.right, _): return set("selectStep", .integer(1))
        case (.up, _): return set("nudge", .number(0.01))
        case (.down, _): return set("nudge", .number(-0.01))
        case (.character("p"), _): return set("presetStep", .integer(1))
        case (.character("P"), _): return set("presetStep", .integer(-1))
        case (.character("Q"), _): return set("editQ", .flag(!s.editingQ))
        case (.character("k"), _): return set("outcomes", .integer(max(2, s.targetP.count - 1)))
        case (.character("K"), _): return set("outcomes", .integer(min(10, s.targetP.count + 1)))
        case (.character("t"), .inverse): return set("inverseTargetStep", .integer(1))
        case (.character("T"), .inverse): return set("inverseTargetStep", .integer(-1))
        case (.character("b"), .inverse): return set("restartInverse", .flag(true))
        case (.character("t"), _): return set("temperatureScale", .number(0.8))
        case (.character("T"), _): return set("temperatureScale", .number(1.25))
        case (.character("a"), .softmax): return set("temperatureSweep", .flag(!s.temperatureSweep))
        case (.character("a"), _): return set("sweep", .flag(!s.sweep))
        case (.character("f"), _): return set("functionStep", .integer(1))
        case (.character("b"), _): return set("restartSampling", .flag(true))
        default: return nil
        }
    }

    public func render(_ s: EntropySnapshot, _ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        let lines = readout(s, charset: context.charset)
        let sideWidth = Self.sideWidth
        let plot = Self.plotRect(width: context.width, height: context.height)
        let compact = context.width < sideWidth + 26
        if !compact {
            drawReadout(&grid, lines, x: context.width - sideWidth, y: 0, width: sideWidth, height: context.height,
                        context: context)
        } else {
            let below = context.height - plot.height
            // The view's name moves into the caption; the readout keeps the numbers.
            drawReadout(&grid, Array(lines.dropFirst().prefix(below)), x: 0, y: context.height - below,
                        width: context.width, height: below, context: context)
        }
        guard plot.width >= 8, plot.height >= 3 else { return grid }
        let caption: String
        switch s.mode {
        case .binary: caption = drawBinary(&grid, plot, s, context)
        case .distributions: caption = drawBars(&grid, plot, s, context)
        case .softmax: caption = drawSoftmax(&grid, plot, s, context)
        case .gradcheck: caption = drawGradientCheck(&grid, plot, s, context)
        case .sampling: caption = drawSampling(&grid, plot, s, context)
        case .inverse: caption = drawInverseTransform(&grid, plot, s, context)
        }
        // A caption may offer shorter wordings after a newline, longest first: the longest that
        // fits is drawn, so a narrow pane says a whole sentence rather than the start of one.
        let wordings = caption.split(separator: "\n").map { MathText.forCharset((compact ? s.mode.title + " (m): " : "") + $0, context.charset) }
        let fullCaption = wordings.first { $0.displayWidth <= plot.width } ?? wordings.last ?? ""
        grid.write(fullCaption, x: plot.x, y: plot.maxY - 1,
                   style: context.theme.style(.muted), maxWidth: plot.width, charset: context.charset)
        return grid
    }

    static let sideWidth = 28

    /// Where the picture goes in a `width` x `height` pane (the readout beside it when wide,
    /// below it when narrow); drawing and the mouse both use it.
    static func plotRect(width: Int, height: Int) -> Rect {
        if width >= sideWidth + 26 { return Rect(x: 0, y: 0, width: width - sideWidth - 1, height: height) }
        return Rect(x: 0, y: 0, width: width, height: height - min(3, max(1, height / 3)))
    }

    // MARK: - The mouse

    /// Press and drag: a bar of P or Q to a height (the other outcomes share the rest in their
    /// proportions, so it stays a distribution), p along the binary-entropy curve, and in the
    /// softmax view the temperature (right hotter, left colder, x2 every 8 cells). Each cell a
    /// command: P and Q set at once, without their easing.
    func pointerInput(_ pointer: PanePointer, _ s: EntropySnapshot) -> PaneInput? {
        guard pointer.button == .left else { return nil }
        let rect = Self.plotRect(width: pointer.width, height: pointer.height)
        guard rect.width >= 8, rect.height >= 3 else { return nil }
        switch (s.mode, pointer.phase) {
        case (_, .release):
            return nil
        case (.distributions, .press):
            guard let bars = BarLayout(rect, s), let (outcome, isQ) = bars.bar(at: pointer.x, pointer.y) else { return nil }
            let target = (isQ ? "Q" : "P") + "\(outcome + 1)"
            return .grab(target, command: barCommand(target, row: pointer.y, bars, s))
        case (.distributions, .drag):
            guard let target = pointer.grabbed, let bars = BarLayout(rect, s) else { return nil }
            return barCommand(target, row: pointer.y, bars, s).map { .command($0) }
        case (.binary, .press), (.binary, .drag):
            let area = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1)
            guard let axes = PlotAxes(rect: area, xRange: 0...1, yRange: 0...1.05) else { return nil }
            let mapping = PlotMapping(rect: axes.plot, viewport: Viewport(xRange: 0...1, yRange: 0...1.05))
            if pointer.phase == .press && !axes.plot.contains(x: pointer.x, y: pointer.y) { return nil }
            if pointer.phase == .drag && pointer.grabbed != "coin" { return nil }
            guard let world = mapping.clampedWorld(column: pointer.x, row: pointer.y) else { return nil }
            let coin = Command.set(pane: .entropy, parameter: "coin", value: .number(min(max(PlotMapping.snap(world.x, step: 0.01), 0), 1)))
            return pointer.phase == .press ? .grab("coin", command: coin) : .command(coin)
        case (.softmax, .press):
            guard rect.contains(x: pointer.x, y: pointer.y) else { return nil }
            // What the temperature was and where the press was: the drag is relative to them.
            return .grab("T \(s.temperature) \(pointer.x)", command: nil)
        case (.softmax, .drag):
            let parts = pointer.grabbed?.split(separator: " ") ?? []
            guard parts.count == 3, parts[0] == "T", let start = Double(parts[1]), let x0 = Int(parts[2]) else { return nil }
            let t = start * pow(2, Double(pointer.x - x0) / 8)
            let rounded = Double(String(format: "%.3g", min(max(t, 0.05), 20))) ?? start
            return .command(.set(pane: .entropy, parameter: "temperature", value: .number(rounded)))
        default:
            return nil
        }
    }

    /// The command that puts bar `target` ("P2", "Q5") at the height of `row`: the row's top,
    /// on a round step; the top row (or above) goes one step past the scale, so a bar can
    /// outgrow it.
    func barCommand(_ target: String, row: Int, _ bars: BarLayout, _ s: EntropySnapshot) -> Command? {
        guard let series = target.first, series == "P" || series == "Q", let number = Int(target.dropFirst()),
              (1...s.targetP.count).contains(number) else { return nil }
        let i = number - 1
        let bottom = bars.rect.y + bars.height - 1
        let levels = bottom - min(max(row, bars.rect.y), bottom + 1) + 1  // 0 below the bars ... height at the top
        var value = Double(levels) / Double(bars.height) * bars.top
        if levels >= bars.height { value = BarLayout.scales.first { $0 > bars.top + 1e-12 } ?? 1 }
        value = min(max(PlotMapping.snap(value, step: PlotMapping.roundStep(atMost: bars.top / Double(bars.height))), 0), 1)
        let weights = series == "P" ? s.targetP : s.targetQ
        let rest = weights.enumerated().filter { $0.offset != i }.reduce(0) { $0 + $1.element }
        let others = Double(weights.count - 1)
        let new = weights.enumerated().map { j, w in j == i ? value : (rest > 0 ? w * (1 - value) / rest : (1 - value) / others) }
        return .setFrame(pane: .entropy, parameter: series == "P" ? "p" : "q", value: .vector(new))
    }

    /// Where `drawBars` puts each bar: the same numbers for drawing and for the mouse.
    struct BarLayout {
        /// The bars' area (after the axis labels); the bars stand on row `rect.y + height - 1`.
        var rect: Rect
        var height: Int
        /// The probability of a full-height bar.
        var top: Double
        var groupWidth: Int
        var barWidth: Int
        var count: Int
        static let axisWidth = 5
        /// The bars' full heights: a nice number just above the largest probability shown.
        static let scales = [0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.8, 1]

        init?(_ rect: Rect, _ s: EntropySnapshot) {
            height = rect.height - 3  // bars, then the outcome numbers and the caption
            guard height >= 2 else { return nil }
            let largest = max(s.p.max() ?? 0, s.q.max() ?? 0, 0.05)
            top = Self.scales.first { $0 >= largest - 1e-12 } ?? 1
            self.rect = Rect(x: rect.x + Self.axisWidth, y: rect.y, width: rect.width - Self.axisWidth, height: rect.height)
            count = s.p.count
            groupWidth = max(3, min(8, (self.rect.width - 1) / max(1, count)))
            barWidth = max(1, (groupWidth - 1) / 2)
        }

        /// The left column of outcome i's bar of P (series 0) or Q (series 1).
        func x(_ i: Int, series: Int) -> Int { rect.x + i * groupWidth + series * barWidth }

        /// The bar a press at (x, y) takes: in a bar's columns, from the top row to the outcome
        /// numbers under it.
        func bar(at x: Int, _ y: Int) -> (outcome: Int, isQ: Bool)? {
            guard y >= rect.y, y <= rect.y + height else { return nil }
            for i in 0..<count where self.x(i, series: 0) + 2 * barWidth <= rect.maxX {
                for series in 0..<2 where (self.x(i, series: series)..<(self.x(i, series: series) + barWidth)).contains(x) {
                    return (i, series == 1)
                }
            }
            return nil
        }
    }

    // MARK: - Readouts

    func f(_ value: Double, _ decimals: Int = 4, _ charset: Charset) -> String {
        NumberFormat.fixed(value, decimals, charset: charset)
    }

    func readout(_ s: EntropySnapshot, charset: Charset) -> [ReadoutLine] {
        var lines = [ReadoutLine("view: \(s.mode.title)  (m)", .muted)]
        switch s.mode {
        case .binary:
            let p = s.coin
            lines += [
                .labelled("p", f(p, 2, charset)),
                .labelled("H(p)", f(InfoTheory.binaryEntropy(p), 4, charset) + " bits", .accent),
                .labelled("H'(p)", f(InfoTheory.binaryEntropyDerivative(p), 4, charset)),
                // Self-information of each side, I(x) = -log2 P(x): "I(H)" read as an entropy beside H(p).
                .labelled("I(heads)", f(InfoTheory.selfInformation(p), 4, charset) + " bits"),
                .labelled("I(tails)", f(InfoTheory.selfInformation(1 - p), 4, charset) + " bits"),
                ReadoutLine("max 1 bit at p = 1/2", .muted),
                ReadoutLine("logit(p) " + f(Logistic.logit(p), 3, charset), .muted),
            ]
        case .distributions:
            let p = s.targetP, q = s.targetQ
            let hP = InfoTheory.entropy(p), hQ = InfoTheory.entropy(q)
            let cross = InfoTheory.crossEntropy(p, q), klPQ = InfoTheory.klDivergence(p, q)
            let klQP = InfoTheory.klDivergence(q, p)
            let i = min(s.selected, p.count - 1)
            lines += [
                ReadoutLine((s.presetName.map { "P: " + $0 } ?? "P: custom") + (s.editingQ ? "  editing Q (Q)" : "  editing P (Q)"), .title),
                .labelled("H(P)", f(hP, 4, charset) + " bits", .series1),
                .labelled("H(Q)", f(hQ, 4, charset) + " bits", .series2),
                // Every quantity in bits (log base 2), like H(P) and H(Q) above.
                .labelled("H(P,Q)", f(cross, 4, charset) + " bits", .accent),
                .labelled("KL(P‖Q)", f(klPQ, 4, charset) + " bits"),
                .labelled("KL(Q‖P)", f(klQP, 4, charset) + " bits"),
                ReadoutLine("H(P)+KL(P‖Q) = " + f(hP + klPQ, 4, charset) + " bits", .muted),
                ReadoutLine("outcome \(i + 1): p=" + f(p[i], 3, charset) + " q=" + f(q[i], 3, charset)),
                ReadoutLine("  I(\(i + 1)): P " + f(InfoTheory.selfInformation(p[i]), 3, charset)
                            + " Q " + f(InfoTheory.selfInformation(q[i]), 3, charset) + " bits"),
            ]
        case .softmax:
            let probabilities = Logistic.softmax(s.logits, temperature: s.temperature)
            lines += [
                .labelled("T", f(s.temperature, 3, charset) + (s.temperatureSweep ? "  sweeping" : "")),
                .labelled("H(s)", f(InfoTheory.entropy(probabilities), 4, charset) + " bits", .accent),
                .labelled("max H", f(log2(Double(s.logits.count)), 4, charset) + " bits, uniform", .muted),
            ]
            for (index, (z, probability)) in zip(s.logits, probabilities).enumerated().prefix(6) {
                lines.append(ReadoutLine([ReadoutSpan(text: "z\(index + 1) " + NumberFormat.padded(z, 2, width: 6, charset: charset),
                                                      role: .text, emphasis: index == s.selected),
                                          ReadoutSpan(text: "  s = " + f(probability, 4, charset))]))
            }
            if s.logits.count >= 2 {
                lines.append(ReadoutLine("σ((z1-z2)/T) " + f(Logistic.sigmoid((s.logits[0] - s.logits[1]) / s.temperature), 4, charset)
                                         + " (K=2)", .muted))
            }
        case .gradcheck:
            let (function, derivative) = s.checkedPair
            let x = s.point
            let exact = derivative(x)
            let forward = FiniteDifference.forward(function, at: x, step: 1e-8)
            let central = FiniteDifference.central(function, at: x, step: 1e-5)
            lines += [
                ReadoutLine(s.function.title + "  (f)", .title),
                .labelled("x", f(x, 2, charset)),
                .labelled("exact", NumberFormat.fixed(exact, 8, charset: charset), .accent),
                .labelled("fwd", NumberFormat.fixed(forward, 8, charset: charset) + " h=1e-8"),
                .labelled("central", NumberFormat.fixed(central, 8, charset: charset) + " h=1e-5"),
                .labelled("rel err", String(format: "%.1e", FiniteDifference.relativeError(exact, forward)) + " / "
                          + String(format: "%.1e", FiniteDifference.relativeError(exact, central))),
            ] + qGradientLines(s, charset: charset)
        case .sampling:
            let e = s.estimate
            lines += [
                ReadoutLine("P(X > 3), X ~ N(0, 1)", .title),
                .labelled("exact", String(format: "%.6f", e.exact), .accent),
                .labelled("n", "\(e.plain.count) each"),
                .labelled("plain", String(format: "%.6f ± %.6f", e.plain.mean, e.plain.count > 1 ? e.plain.standardError : 0), .series1),
                .labelled("IS", String(format: "%.6f ± %.6f", e.importance.mean, e.importance.count > 1 ? e.importance.standardError : 0), .series2),
                ReadoutLine("proposal N(\(NumberFormat.fixed(e.proposalMean, 1, charset: charset)), 1), w = p/q", .muted),
                ReadoutLine("variance ratio " + (e.importance.variance > 0
                    ? String(format: "%.0f", e.plain.variance / e.importance.variance) : "--"), .muted),
            ]
        case .inverse:
            lines += inverseTransformLines(s, charset: charset)
        }
        return lines
    }

    // MARK: - Pictures

    /// A braille plot with axes in `rect` (caption row excluded); nil when too small.
    func plotArea(_ grid: inout CellGrid, _ rect: Rect, x: ClosedRange<Double>, y: ClosedRange<Double>,
                  _ context: PaneContext) -> (Painter, Rect)? {
        let area = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1)
        guard let axes = PlotAxes(rect: area, xRange: x, yRange: y) else { return nil }
        axes.draw(into: &grid, style: context.theme.style(.muted), charset: context.charset)
        let canvas = DotCanvas(width: axes.plot.width, height: axes.plot.height, charset: context.charset)
        return (Painter(canvas: canvas, viewport: Viewport(xRange: x, yRange: y)), axes.plot)
    }

    func drawBinary(_ grid: inout CellGrid, _ rect: Rect, _ s: EntropySnapshot, _ context: PaneContext) -> String {
        guard let (initialPainter, plot) = plotArea(&grid, rect, x: 0...1, y: 0...1.05, context) else { return "" }
        var painter = initialPainter
        let theme = context.theme
        painter.plot(style: theme.style(.series2)) { InfoTheory.binaryEntropy($0) }
        let h = InfoTheory.binaryEntropy(s.coin)
        painter.line(from: (s.coin, 0), to: (s.coin, h), style: theme.style(.accent))
        painter.line(from: (0, h), to: (s.coin, h), style: theme.style(.frame))
        // The tangent at p: slope H'(p), drawn over a short span.
        let slope = InfoTheory.binaryEntropyDerivative(s.coin)
        if slope.isFinite {
            let span = 0.12
            painter.line(from: (s.coin - span, h - slope * span), to: (s.coin + span, h + slope * span),
                         style: theme.style(.series4))
        }
        painter.canvas.overlay(onto: &grid, atX: plot.x, y: plot.y)
        return "H(p) and its tangent, slope H'(p)" + (s.sweep ? "; sweeping (a)" : "")
    }

    /// P and Q as side-by-side vertical bars per outcome, in eighth-block steps.
    func drawBars(_ grid: inout CellGrid, _ rect: Rect, _ s: EntropySnapshot, _ context: PaneContext) -> String {
        let theme = context.theme
        let count = s.p.count
        guard let bars = BarLayout(rect, s) else { return "" }
        let height = bars.height, top = bars.top
        let axisWidth = BarLayout.axisWidth
        grid.write(NumberFormat.fixed(top, 2, charset: context.charset), x: rect.x, y: rect.y, style: theme.style(.muted),
                   maxWidth: axisWidth, charset: context.charset)
        grid.write("0", x: rect.x + 3, y: rect.y + height - 1, style: theme.style(.muted), maxWidth: 1, charset: context.charset)
        let rect = bars.rect
        let groupWidth = bars.groupWidth, barWidth = bars.barWidth
        let unicode = context.charset == .unicode
        let eighths = ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇"]
        for i in 0..<count {
            let x0 = rect.x + i * groupWidth
            guard x0 + 2 * barWidth <= rect.maxX else { break }
            for (series, (value, role)) in [(s.p[i], Role.series1), (s.q[i], Role.series2)].enumerated() {
                let units = min(height * 8, Int((value / top * Double(height * 8)).rounded()))
                let full = units / 8, rest = units % 8
                let style = theme.style(role)
                for column in 0..<barWidth {
                    let x = x0 + series * barWidth + column
                    // P solid, Q shaded: the two stay apart without colour too.
                    let block = unicode ? (series == 0 ? "█" : "▓") : (series == 0 ? "#" : "=")
                    for level in 0..<full { grid.put(Cell(block, style: style), at: x, rect.y + height - 1 - level) }
                    if rest > 0, full < height {
                        grid.put(Cell(unicode ? eighths[rest] : (rest >= 4 ? (series == 0 ? "#" : "=") : "_"), style: style),
                                 at: x, rect.y + height - 1 - full)
                    }
                }
            }
            let label = "\(i + 1)"
            let selected = i == s.selected
            grid.write(label, x: x0, y: rect.y + height, style: theme.style(selected ? .highlight : .muted)
                       .with(attributes: selected ? .reverse : []), maxWidth: groupWidth, charset: context.charset)
            // Each outcome's self-information under P, -log2 p (when bars are wide enough).
            if groupWidth >= 5, s.mode == .distributions {
                let information = InfoTheory.selfInformation(s.p[i])
                grid.write(information.isInfinite ? (unicode ? "∞" : "inf") : NumberFormat.fixed(information, 1, charset: context.charset),
                           x: x0, y: rect.y + height + 1, style: theme.style(.muted), maxWidth: groupWidth - 1,
                           charset: context.charset)
            }
        }
        return (unicode ? "█ P  ▓ Q" : "# P  = Q") + (s.mode == .distributions && groupWidth >= 5 ? "  under: -log2 p" : "")
    }

    func drawSoftmax(_ grid: inout CellGrid, _ rect: Rect, _ s: EntropySnapshot, _ context: PaneContext) -> String {
        let theme = context.theme
        let probabilities = Logistic.softmax(s.logits, temperature: s.temperature)
        let k = probabilities.count
        // Left: probability bars; right (when there is room): the Jacobian as a signed heatmap.
        let jacobianWidth = rect.width >= 40 ? min(2 * k + 2, rect.width / 3) : 0
        let barsRect = Rect(x: rect.x, y: rect.y, width: rect.width - jacobianWidth, height: rect.height)
        var asDistribution = s
        asDistribution.p = probabilities
        asDistribution.q = Array(repeating: 1 / Double(k), count: k)
        _ = drawBars(&grid, barsRect, asDistribution, context)
        if jacobianWidth > 0 {
            let jacobian = Logistic.softmaxJacobian(s.logits, temperature: s.temperature)
            let scale = jacobian.joined().map(abs).max() ?? 1
            var heat = HalfBlockCanvas(width: 2 * k, height: k, ramp: .diverging)
            for i in 0..<k {
                for j in 0..<k {
                    let t = scale > 0 ? 0.5 + 0.5 * jacobian[i][j] / scale : 0.5
                    for dx in 0..<2 {
                        heat.set(x: 2 * j + dx, y: 2 * i, value: t)
                        heat.set(x: 2 * j + dx, y: 2 * i + 1, value: t)
                    }
                }
            }
            let x = rect.maxX - jacobianWidth + 1
            grid.write("∂s/∂z", x: x, y: rect.y, style: theme.style(.title), maxWidth: jacobianWidth, charset: context.charset)
            grid.blit(heat.render(theme: theme, charset: context.charset), atX: x, y: rect.y + 1)
        }
        return "bars: softmax(z/T) vs uniform; T→0 one-hot, T→∞ uniform\nsoftmax(z/T): T→0 one-hot, T→∞ uniform\nT→0 one-hot, T→∞ uniform"
    }

    func drawGradientCheck(_ grid: inout CellGrid, _ rect: Rect, _ s: EntropySnapshot, _ context: PaneContext) -> String {
        let (function, derivative) = s.checkedPair
        let rows = FiniteDifference.errorVersusStep(function, derivative: derivative(s.point), at: s.point)
        // log10 error against log10 h; exact zeros are drawn at the floor.
        func logError(_ e: Double) -> Double { e > 0 ? max(-17, log10(e)) : -17 }
        guard let (initialPainter, plot) = plotArea(&grid, rect, x: -15...(-1), y: -17...1, context) else { return "" }
        var painter = initialPainter
        let theme = context.theme
        painter.polyline(rows.map { (log10($0.step), logError($0.forward)) }, style: theme.style(.series1))
        painter.polyline(rows.map { (log10($0.step), logError($0.central)) }, style: theme.style(.series2))
        for row in rows {
            painter.point((log10(row.step), logError(row.forward)), style: theme.style(.series1))
            painter.point((log10(row.step), logError(row.central)), style: theme.style(.series2))
        }
        painter.canvas.overlay(onto: &grid, atX: plot.x, y: plot.y)
        return "log10 |error| vs log10 h: forward, central"
    }

    func drawSampling(_ grid: inout CellGrid, _ rect: Rect, _ s: EntropySnapshot, _ context: PaneContext) -> String {
        let exact = s.estimate.exact
        let last = Double(max(s.history.last?.samples ?? 1, 1))
        guard let (initialPainter, plot) = plotArea(&grid, rect, x: 0...last, y: 0...(exact * 3), context) else { return "" }
        var painter = initialPainter
        let theme = context.theme
        painter.line(from: (0, exact), to: (last, exact), style: theme.style(.accent))
        painter.polyline(s.history.map { (Double($0.samples), min($0.plain, exact * 3)) }, style: theme.style(.series1))
        painter.polyline(s.history.map { (Double($0.samples), min($0.importance, exact * 3)) }, style: theme.style(.series2))
        painter.canvas.overlay(onto: &grid, atX: plot.x, y: plot.y)
        return "estimate vs n: plain MC, importance sampling"
    }
}
