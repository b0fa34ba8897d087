import Canvas
import Foundation
import SimulationCore

/// The backpropagation lab: a network drawn as nodes and links with its forward values and
/// backward gradients revealed one node at a time; each layer as matrices with ∂L/∂W = δ aᵀ as an
/// outer product; a deep network's per-layer gradient norms while it trains; the chain rule on a
/// formula tree; the Jacobian as a local linear map; derivatives by a matrix beside central
/// differences. `v` cycles the views; each has its own keys.
///
/// Pure: (snapshot, size, theme) -> cells.
public struct BackpropPane: SnapshotPane {
    public init() {}

    /// The readouts a scene can point at (`highlight: backprop.NAME`).
    public let readouts: [ReadoutSpec] = {
        typealias S = BackpropSnapshot
        @Sendable func graph(_ s: S, _ c: Charset) -> [ReadoutLine]? {
            s.view == .graph
                ? BackpropGraphView.nodeLines(s.graph, width: 200, c) + BackpropGraphView.summaryLines(s.graph, c) : nil
        }
        @Sendable func chain(_ s: S, _ c: Charset) -> [ReadoutLine]? {
            guard s.view == .chain else { return nil }
            let paths = s.chain.tree.paths
            return BackpropChainView.footerLines(s.chain, paths.isEmpty ? nil : paths[min(s.chain.selectedPath, paths.count - 1)], c)
        }
        @Sendable func jacobian(_ s: S, _ c: Charset) -> [ReadoutLine]? {
            s.view == .jacobian ? BackpropJacobianView.readout(s.jacobian, s.jacobian.map, c) : nil
        }
        @Sendable func shows(_ label: String, _ lines: [ReadoutLine]?) -> Bool {
            lines?.contains { $0.spans.first?.padTo != nil && $0.spans.first?.text == label } ?? false
        }
        return [
            .number("loss", label: "L", of: S.self, { s in
                s.view == .graph && s.graph.isShown(.loss) ? s.graph.forward.loss : nil
            }, text: { v, c in BackpropDrawing.short(v, c, decimals: 4) }),
            // The selected node's δ and ∂L/∂a, once the walk back has reached them (their line is drawn).
            .number("delta", label: "δ", of: S.self, { s in
                guard shows("δ", graph(s, .unicode)), s.graph.selected.layer > 0 else { return nil }
                return s.graph.backward.delta[s.graph.selected.layer - 1][s.graph.selected.unit]
            }, text: { v, c in BackpropDrawing.short(v, c) }),
            .number("gradient-a", label: "∂L/∂a", of: S.self, { s in
                guard shows("∂L/∂a", graph(s, .unicode)) else { return nil }
                return s.graph.backward.dLda[s.graph.selected.layer][s.graph.selected.unit]
            }, text: { v, c in BackpropDrawing.short(v, c) }),
            .number("lr", label: "η", of: S.self, { s in s.view == .graph ? s.graph.learningRate : nil },
                    text: { v, c in BackpropDrawing.short(v, c) }),
            .number("check", label: "check", of: S.self, { s in s.view == .graph ? s.graph.check : nil },
                    text: { v, _ in String(format: "%.1e", v) }),
            .drawn("batch", label: "batch", of: S.self, graph),
            .drawn("dzdx", label: "dz/dx", of: S.self, chain),
            .drawn("dzdy", label: "dz/dy", of: S.self, chain),
            .drawn("exact", label: "exact", of: S.self, chain),
            .drawn("jacobian", label: "J", of: S.self, jacobian),
            .number("det", label: "det J", of: S.self, { s in s.view == .jacobian ? s.jacobian.jacobian.determinant : nil },
                    text: { v, c in BackpropDrawing.short(v, c) }),
            .drawn("point", label: "p", of: S.self, jacobian),
            .number("ratio", label: "first/last", of: S.self, { s in
                guard s.view == .flow, let latest = s.flow.norms.last, s.flow.sizes.count >= 2,
                      latest.count >= s.flow.sizes.count - 1 else { return nil }
                return latest[0] / latest[s.flow.sizes.count - 2]
            }, text: { v, _ in String(format: "%.1e", v) }),
            .number("flow-loss", label: "first/last", of: S.self, { s in s.view == .flow ? s.flow.losses.last ?? .nan : nil },
                    text: { v, c in BackpropDrawing.short(v, c, decimals: 4) }),
            .drawn("function", label: "f", of: S.self) { s, c in
                s.view == .matrix ? [ReadoutLine.labelled(s.matrix.example.function == .linearLayer ? "L" : "f",
                                                           BackpropDrawing.short(s.matrix.example.value, c))] : nil
            },
            .number("max-error", label: "max err", of: S.self, { s in s.view == .matrix ? s.matrix.maximumRelativeError : nil },
                    text: { v, _ in String(format: "%.1e", v) }),
        ]
    }()

    public var id: PaneID { .backprop }
    public var title: String { "Backpropagation" }
    public var minimumSize: (width: Int, height: Int) { (30, 8) }

    public var keyHelp: [(keys: String, action: String)] {
        [("v / V", "view: graph, matrices, gradient flow, chain rule, Jacobian, d/dX"),
         ("graph  ← / →", "one step of the walk back / on (forward, the loss, backward)"),
         ("graph  ↑ / ↓ / click", "select the previous / next node (its rule is shown)"),
         ("graph  a / o / c", "all steps shown / output sigmoid, softmax, linear / loss"),
         ("graph  p / u", "play the walk (an update after each) / one update w ← w − η∂L/∂w"),
         ("graph  l / L / k / K", "hidden layers fewer / more, units -/+"),
         ("graph  h / [ / ]", "hidden activation / η x0.5 x2"),
         ("graph  i / t / e", "type the input / the target / the selected node's weights and bias"),
         ("graph  n / b", "new random weights / minibatch 1, 4, 8 (matrices view: the sum)"),
         ("flow  h / l / L / k / K", "activation / depth -/+ / width -/+"),
         ("flow  g / d / x", "initialisation uniform, Xavier, He / dataset / restart"),
         ("chain  ← → ↑ ↓ / e / p", "move x, y by 0.1 / type a formula / next path"),
         ("Jacobian  arrows / m / e", "move the point / next map / type f1, f2"),
         ("Jacobian  [ / ]", "the square's side /2, x2"),
         ("d/dX  f / n / arrows", "next function / new numbers / select an entry")]
    }

    static func set(_ parameter: String, _ value: ParameterValue) -> PaneInput {
        .command(.set(pane: .backprop, parameter: parameter, value: value))
    }

    static func next<T: Equatable>(_ value: T, in all: [T], by step: Int = 1) -> T {
        let index = all.firstIndex(of: value) ?? 0
        return all[((index + step) % all.count + all.count) % all.count]
    }

    public func input(for key: PaneKey, snapshot: (any SimulationSnapshot)?) -> PaneInput? {
        guard let s = snapshot as? BackpropSnapshot else { return nil }
        switch key {
        case .character("v"): return Self.set("view", .text(Self.next(s.view, in: BackpropView.allCases).rawValue))
        case .character("V"): return Self.set("view", .text(Self.next(s.view, in: BackpropView.allCases, by: -1).rawValue))
        default: break
        }
        switch s.view {
        case .graph, .matrices: return graphInput(key, s)
        case .flow: return flowInput(key, s.flow)
        case .chain: return chainInput(key, s.chain)
        case .jacobian: return jacobianInput(key, s.jacobian)
        case .matrix: return matrixInput(key, s.matrix)
        }
    }

    private func graphInput(_ key: PaneKey, _ s: BackpropSnapshot) -> PaneInput? {
        let g = s.graph, network = g.network, sizes = network.sizes
        let hidden = Array(sizes.dropFirst().dropLast())
        func layers(_ newHidden: [Int]) -> PaneInput {
            Self.set("layers", .text(([sizes[0]] + newHidden + [sizes.last!]).map(String.init).joined(separator: ",")))
        }
        let nodes = sizes.indices.flatMap { l in (0..<sizes[l]).map { GraphNode(layer: l, unit: $0) } }
        func select(_ node: GraphNode) -> PaneInput { Self.set("select", .vector([Double(node.layer), Double(node.unit)])) }
        switch key {
        case .right: return Self.set("stage", .integer(min(g.walk.count, g.stage + 1)))
        case .left: return Self.set("stage", .integer(max(0, g.stage - 1)))
        case .character("a"): return Self.set("stage", .integer(g.walk.count))
        case .down: return select(Self.next(g.selected, in: nodes))
        case .up: return select(Self.next(g.selected, in: nodes, by: -1))
        case .character("p"): return Self.set("play", .flag(!g.playing))
        case .character("u"): return Self.set("update", .flag(true))
        case .character("o"):
            let outputs: [OutputKind] = [.sigmoid, .softmax, .identity]
            let next = Self.next(network.output, in: outputs)
            return Self.set("output", .text(next == .identity ? "linear" : next.rawValue))
        case .character("c"):
            return Self.set("loss", .text(network.loss == .crossEntropy ? "squared-error" : "cross-entropy"))
        case .character("h"): return Self.set("activation", .text(Self.next(network.activation, in: Activation.allCases).rawValue))
        case .character("l"): return hidden.isEmpty ? nil : layers(Array(hidden.dropLast()))
        case .character("L"):
            return sizes.count > LayeredNetwork.maximumLayers ? nil : layers(hidden + [hidden.last ?? 2])
        case .character("k"): return hidden.isEmpty ? nil : layers(hidden.map { max(1, $0 - 1) })
        case .character("K"): return hidden.isEmpty ? nil : layers(hidden.map { min(LayeredNetwork.maximumUnits, $0 + 1) })
        case .character("["): return Self.set("lr", .number(max(1e-4, g.learningRate / 2)))
        case .character("]"): return Self.set("lr", .number(min(100, g.learningRate * 2)))
        case .character("n"): return Self.set("reinit", .flag(true))
        case .character("b"): return Self.set("batch", .integer(g.examples.count >= 8 ? 1 : (g.examples.count >= 4 ? 8 : 4)))
        case .character("i"):
            return .prompt(PanePrompt(pane: .backprop, label: "input x (\(sizes[0]) numbers)", parameter: "input",
                                      initial: g.example.input.map(NumberFormat.exact).joined(separator: ","), kind: .text))
        case .character("t"):
            let initial: String
            switch g.example.target {
            case .classIndex(let k): initial = String(k)
            case .values(let values): initial = values.map(NumberFormat.exact).joined(separator: ",")
            }
            let label = network.output == .softmax ? "target class 0-\(network.outputCount - 1)" : "target y"
            return .prompt(PanePrompt(pane: .backprop, label: label, parameter: "target", initial: initial, kind: .text))
        case .character("e"):
            let node = g.selected
            guard node.layer > 0 else { return nil }
            let layer = network.layers[node.layer - 1]
            let values = layer.weights.row(node.unit) + [layer.biases[node.unit]]
            return .prompt(PanePrompt(pane: .backprop, label: "weights into \(BackpropGraphView.name(node, sizes)), then bias",
                                      parameter: "incoming", initial: values.map(NumberFormat.exact).joined(separator: ","), kind: .text))
        case .pointer(let pointer):
            // A left click on a node selects it (its forward and backward numbers show).
            guard pointer.phase == .press, pointer.button == .left, s.view == .graph,
                  let node = BackpropGraphView.node(at: pointer.x, pointer.y, width: pointer.width, height: pointer.height, s)
            else { return nil }
            return select(node)
        default: return nil
        }
    }

    private func flowInput(_ key: PaneKey, _ f: BackpropFlowState) -> PaneInput? {
        switch key {
        case .character("h"): return Self.set("flowActivation", .text(Self.next(f.activation, in: Activation.allCases).rawValue))
        case .character("g"): return Self.set("flowInit", .text(Self.next(f.initialization, in: WeightInitialization.allCases).rawValue))
        case .character("l"): return Self.set("depth", .integer(max(1, f.depth - 1)))
        case .character("L"): return Self.set("depth", .integer(min(ModelSettings.maximumLayers, f.depth + 1)))
        case .character("k"): return Self.set("width", .integer(max(1, f.width - 1)))
        case .character("K"): return Self.set("width", .integer(min(ModelSettings.maximumUnits, f.width + 1)))
        case .character("d"):
            let kinds = DatasetKind.generated.filter { $0.problem == .binary }
            return Self.set("dataset", .text(Self.next(f.dataset, in: kinds).rawValue))
        case .character("["): return Self.set("flowLr", .number(max(1e-4, f.learningRate / 2)))
        case .character("]"): return Self.set("flowLr", .number(min(10, f.learningRate * 2)))
        case .character("x"): return Self.set("flowRestart", .flag(true))
        default: return nil
        }
    }

    private func chainInput(_ key: PaneKey, _ c: BackpropChainState) -> PaneInput? {
        func moved(_ v: Double, _ by: Double) -> Double { ((v + by) * 10).rounded() / 10 }
        switch key {
        case .left: return Self.set("x", .number(moved(c.x, -0.1)))
        case .right: return Self.set("x", .number(moved(c.x, 0.1)))
        case .down: return Self.set("y", .number(moved(c.y, -0.1)))
        case .up: return Self.set("y", .number(moved(c.y, 0.1)))
        case .character("p"):
            let count = c.tree.paths.count
            return count == 0 ? nil : Self.set("path", .integer((c.selectedPath + 1) % count))
        case .character("e"):
            return .prompt(PanePrompt(pane: .backprop, label: "z(x, y)", parameter: "formula", initial: c.formula, kind: .text))
        default: return nil
        }
    }

    private func jacobianInput(_ key: PaneKey, _ j: BackpropJacobianState) -> PaneInput? {
        let map = j.map
        let step = (map.xRange.upperBound - map.xRange.lowerBound) / 20
        func moved(_ dx: Double, _ dy: Double) -> PaneInput {
            func round(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
            return Self.set("point", .vector([round(j.point.x + dx * step), round(j.point.y + dy * step)]))
        }
        switch key {
        case .left: return moved(-1, 0)
        case .right: return moved(1, 0)
        case .up: return moved(0, 1)
        case .down: return moved(0, -1)
        case .character("m"):
            let presets: [PlaneMap.Preset] = [.polar, .shear, .seeds]
            return Self.set("map", .text(Self.next(j.preset == .custom ? .seeds : j.preset, in: presets).rawValue))
        case .character("e"):
            return .prompt(PanePrompt(pane: .backprop, label: "f1(x, y), f2(x, y)", parameter: "map", initial: j.formulas, kind: .text))
        case .character("["): return Self.set("side", .number(max(1e-4, j.side / 2)))
        case .character("]"): return Self.set("side", .number(min(2, j.side * 2)))
        default: return nil
        }
    }

    private func matrixInput(_ key: PaneKey, _ m: BackpropMatrixState) -> PaneInput? {
        let rows = m.example.x.rows, columns = m.example.x.columns
        func entry(_ i: Int, _ j: Int) -> PaneInput {
            Self.set("entry", .vector([Double((i + rows) % rows), Double((j + columns) % columns)]))
        }
        switch key {
        case .character("f"): return Self.set("function", .text(Self.next(m.example.function, in: MatrixFunction.allCases).rawValue))
        case .character("n"): return Self.set("draw", .integer(m.draw + 1))
        case .left: return entry(m.selected[0], m.selected[1] - 1)
        case .right: return entry(m.selected[0], m.selected[1] + 1)
        case .up: return entry(m.selected[0] - 1, m.selected[1])
        case .down: return entry(m.selected[0] + 1, m.selected[1])
        default: return nil
        }
    }


    public func render(_ s: BackpropSnapshot, _ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        let body = Rect(x: 0, y: 1, width: context.width, height: context.height - 1)
        let heading: String
        switch s.view {
        case .graph: heading = BackpropGraphView.draw(&grid, body, s, context)
        case .matrices: heading = BackpropMatricesView.draw(&grid, body, s, context)
        case .flow: heading = BackpropFlowView.draw(&grid, body, s.flow, context)
        case .chain: heading = BackpropChainView.draw(&grid, body, s.chain, context)
        case .jacobian: heading = BackpropJacobianView.draw(&grid, body, s.jacobian, context)
        case .matrix: heading = BackpropMatrixView.draw(&grid, body, s.matrix, context)
        }
        drawHeading(&grid, heading, s.view, context)
        return grid
    }

    /// Row 0: what this view shows, and which view of six it is.
    private func drawHeading(_ grid: inout CellGrid, _ heading: String, _ view: BackpropView, _ context: PaneContext) {
        let number = (BackpropView.allCases.firstIndex(of: view) ?? 0) + 1
        let tag = MathText.forCharset("\(number)/6 \(view.title) (v)", context.charset)
        let title = MathText.forCharset(heading, context.charset)
        let room = context.width - tag.displayWidth - 1
        if room >= 12 {
            grid.write(title, x: 0, y: 0, style: context.theme.style(.title), maxWidth: room - 1, charset: context.charset)
        }
        grid.write(tag, x: max(0, context.width - tag.displayWidth), y: 0, style: context.theme.style(.muted),
                   maxWidth: context.width, charset: context.charset)
    }
}
