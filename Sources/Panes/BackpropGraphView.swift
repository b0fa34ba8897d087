import Canvas
import Foundation
import SimulationCore

/// View 1: the network as nodes and links. Each node a box with a and z (forward) and ∂L/∂a and
/// δ = ∂L/∂z (backward), revealed one node at a time; links solid (w > 0, blue) or dashed (w < 0,
/// orange) and thicker as |w| grows; the selected node's rule with its numbers beside or below.
enum BackpropGraphView {
    /// The numbers a node box can show, in the order they are computed.
    enum Quantity: CaseIterable { case a, z, dLda, delta }

    /// Where everything goes for a pane of a given size and network shape.
    struct Layout {
        var area: Rect
        var inspector: Rect
        var boxWidth: Int
        /// Rows per node including its frame; 1 for frameless compact nodes.
        var boxHeight: Int
        var quantities: [Quantity]
        var longLabels: Bool
        var decimals: Int
        /// Top-left cell of each node, by layer then unit; the loss node last.
        var origins: [[(x: Int, y: Int)]]
        var loss: (x: Int, y: Int)

        var compact: Bool { boxHeight == 1 }
        func rect(_ node: GraphNode) -> Rect {
            let o = origins[node.layer][node.unit]
            return Rect(x: o.x, y: o.y, width: boxWidth, height: boxHeight)
        }
    }

    static let lossWidth = 9

    static func layout(width: Int, height: Int, sizes: [Int]) -> Layout {
        let body = Rect(x: 0, y: 1, width: width, height: height - 1)
        // The inspector goes beside the graph when the graph keeps ≥ 22 columns a layer there,
        // else below it (a deep network needs the width more than the rows).
        let wide = width >= 100 && (width - min(56, max(36, width / 3)) - 2 - lossWidth - 1) / max(1, sizes.count) >= 22
        let inspectorWidth = wide ? min(56, max(36, width / 3)) : width
        // Below the graph, the inspector takes up to 8 rows while the boxes keep a and δ.
        let units = max(1, sizes.max() ?? 1)
        let inspectorHeight: Int
        if wide {
            inspectorHeight = body.height
        } else if body.height - 9 >= units * 6 || body.height - 9 >= units * 4 {
            inspectorHeight = 8
        } else if body.height - 4 >= units * 4 {
            inspectorHeight = body.height - 1 - units * 4
        } else {
            inspectorHeight = body.height >= 12 ? 3 : 1
        }
        // The bottom row of the graph area is the legend.
        let area = wide ? Rect(x: 0, y: body.y, width: width - inspectorWidth - 2, height: body.height - 1)
                        : Rect(x: 0, y: body.y, width: width, height: body.height - inspectorHeight - 1)
        let inspector = wide ? Rect(x: width - inspectorWidth, y: body.y, width: inspectorWidth, height: body.height)
                             : Rect(x: 0, y: body.maxY - inspectorHeight, width: width, height: inspectorHeight)
        // Each layer a column; the loss a narrow one at the right. Boxes take ~60 % of a column,
        // the links the rest.
        let spacing = max(1, (area.width - lossWidth - 1) / max(1, sizes.count))
        let rowsPerNode = area.height / max(1, sizes.max() ?? 1)
        var boxWidth = min(18, spacing * 65 / 100)
        var quantities = Quantity.allCases
        var boxHeight = 6
        if rowsPerNode < 6 { quantities = [.a, .delta]; boxHeight = 4 }
        if rowsPerNode < 4 || boxWidth < 9 { boxHeight = 1; boxWidth = max(3, min(15, spacing - 5)) }
        let longLabels = boxHeight > 1 && boxWidth >= 14
        let decimals = boxWidth >= 11 || longLabels ? 3 : 2
        let origins = sizes.enumerated().map { l, count -> [(x: Int, y: Int)] in
            // Units a little apart, the layer centred in the area.
            let slot = min(area.height / max(1, count), boxHeight == 1 ? 2 : 3 * boxHeight + 2)
            let top = area.y + (area.height - slot * count) / 2
            let x = area.x + l * spacing + (spacing - boxWidth) / 2
            return (0..<count).map { i in (x, top + i * slot + max(0, (slot - boxHeight) / 2)) }
        }
        let lossHeight = boxHeight == 1 ? 1 : 4
        let loss = (area.maxX - lossWidth, area.y + max(0, (area.height - lossHeight) / 2))
        return Layout(area: area, inspector: inspector, boxWidth: boxWidth, boxHeight: boxHeight, quantities: quantities,
                      longLabels: longLabels, decimals: decimals, origins: origins, loss: loss)
    }

    /// The node under a click on the pane's content (same layout as drawn), if any.
    static func node(at x: Int, _ y: Int, width: Int, height: Int, _ s: BackpropSnapshot) -> GraphNode? {
        let sizes = s.graph.network.sizes
        let l = layout(width: width, height: height, sizes: sizes)
        for layer in sizes.indices {
            for unit in 0..<sizes[layer] where l.rect(GraphNode(layer: layer, unit: unit)).contains(x: x, y: y) {
                return GraphNode(layer: layer, unit: unit)
            }
        }
        return nil
    }

    /// x1, h1 (or h1.2 with several hidden layers), o (or o1, o2).
    static func name(_ node: GraphNode, _ sizes: [Int]) -> String {
        let last = sizes.count - 1
        if node.layer == 0 { return "x\(node.unit + 1)" }
        if node.layer == last { return sizes[last] == 1 ? "o" : "o\(node.unit + 1)" }
        return sizes.count == 3 ? "h\(node.unit + 1)" : "h\(node.layer).\(node.unit + 1)"
    }

    static func draw(_ grid: inout CellGrid, _ body: Rect, _ s: BackpropSnapshot, _ context: PaneContext) -> String {
        let g = s.graph, network = g.network, sizes = network.sizes
        let l = layout(width: context.width, height: context.height, sizes: sizes)
        drawLinks(&grid, l, g, context)
        for layer in sizes.indices {
            for unit in 0..<sizes[layer] { drawNode(&grid, GraphNode(layer: layer, unit: unit), l, g, context) }
        }
        drawLoss(&grid, l, g, context)
        drawLinkLabels(&grid, l, g, context)
        drawLegend(&grid, l, g, context)
        drawInspector(&grid, l.inspector, g, context)
        let out = network.output == .identity ? "linear" : (network.output == .sigmoid ? "σ" : "softmax")
        return sizes.map(String.init).joined(separator: "-") + " " + network.activation.rawValue + " → " + out + ", "
            + (network.loss == .crossEntropy ? "cross-entropy" : "squared error")
    }

    // MARK: Nodes

    static func isShown(_ quantity: Quantity, _ node: GraphNode, _ g: BackpropGraphState) -> Bool {
        switch quantity {
        case .a, .z: return node.layer == 0 || g.isShown(.forward(node))
        case .dLda, .delta: return g.isShown(.backward(node))
        }
    }

    static func value(_ quantity: Quantity, _ node: GraphNode, _ g: BackpropGraphState) -> Double? {
        switch quantity {
        case .a: return g.forward.a[node.layer][node.unit]
        case .z: return node.layer == 0 ? nil : g.forward.z[node.layer][node.unit]
        case .dLda: return g.backward.dLda[node.layer][node.unit]
        case .delta: return node.layer == 0 ? nil : g.backward.delta[node.layer - 1][node.unit]
        }
    }

    static func label(_ quantity: Quantity, long: Bool) -> String {
        switch quantity {
        case .a: return "a"
        case .z: return "z"
        case .dLda: return long ? "∂L/∂a" : "∂a"
        case .delta: return "δ"
        }
    }

    private static func drawNode(_ grid: inout CellGrid, _ node: GraphNode, _ l: Layout, _ g: BackpropGraphState,
                                 _ context: PaneContext) {
        let theme = context.theme, charset = context.charset, sizes = g.network.sizes
        let rect = l.rect(node)
        let selected = node == g.selected
        let frameStyle = selected ? theme.style(.highlight) : theme.style(.frame)
        if l.compact {
            // "h1 0.72 -0.14": a, then δ once the backward pass reached the node; the name only
            // where it fits beside both.
            var text = isShown(.a, node, g) ? BackpropDrawing.short(g.forward.a[node.layer][node.unit], charset, decimals: 2)
                                            : BackpropDrawing.pending(charset)
            if isShown(.dLda, node, g), let d = value(node.layer == 0 ? .dLda : .delta, node, g) {
                text += " " + BackpropDrawing.short(d, charset, decimals: 2)
            }
            let named = name(node, sizes) + " " + text
            if named.displayWidth <= l.boxWidth {
                text = named
            } else if text.displayWidth > l.boxWidth {
                // Too narrow for both: a alone, with one decimal if need be.
                let a = g.forward.a[node.layer][node.unit]
                text = isShown(.a, node, g) ? BackpropDrawing.short(a, charset, decimals: 2) : BackpropDrawing.pending(charset)
                if text.displayWidth > l.boxWidth, isShown(.a, node, g) { text = BackpropDrawing.short(a, charset, decimals: 1) }
            }
            grid.write(MathText.forCharset(text, charset), x: rect.x, y: rect.y,
                       style: selected ? frameStyle : theme.style(.text), maxWidth: l.boxWidth, charset: charset)
            return
        }
        grid.fill(rect.inset(by: 1), with: Cell(" "))
        grid.drawFrame(rect, title: name(node, sizes), style: frameStyle, glyphs: Glyphs.forCharset(charset))
        let labelWidth = l.quantities.map { MathText.forCharset(label($0, long: l.longLabels), charset).displayWidth }.max() ?? 1
        for (row, quantity) in l.quantities.enumerated() {
            let labelText = MathText.forCharset(label(quantity, long: l.longLabels), charset)
            let inner = rect.width - 2
            grid.write(labelText, x: rect.x + 1, y: rect.y + 1 + row, style: theme.style(.muted), maxWidth: inner, charset: charset)
            guard let v = value(quantity, node, g) else { continue }
            let shown = isShown(quantity, node, g)
            let number = shown ? BackpropDrawing.short(v, charset, decimals: l.decimals) : BackpropDrawing.pending(charset)
            let room = inner - labelWidth - 1
            let x = rect.x + 1 + labelWidth + 1 + max(0, room - number.displayWidth)
            grid.write(number, x: x, y: rect.y + 1 + row, style: shown ? theme.style(.text) : theme.style(.muted),
                       maxWidth: rect.maxX - 1 - x, charset: charset)
        }
    }

    private static func drawLoss(_ grid: inout CellGrid, _ l: Layout, _ g: BackpropGraphState, _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        let shown = g.isShown(.loss)
        let value = shown ? BackpropDrawing.short(g.forward.loss, charset, decimals: l.decimals) : BackpropDrawing.pending(charset)
        if l.compact {
            grid.write("L " + value, x: l.loss.x, y: l.loss.y, style: theme.style(.title), maxWidth: lossWidth, charset: charset)
            return
        }
        let rect = Rect(x: l.loss.x, y: l.loss.y, width: lossWidth, height: 4)
        grid.fill(rect.inset(by: 1), with: Cell(" "))
        grid.drawFrame(rect, title: "L", style: theme.style(.frame), glyphs: Glyphs.forCharset(charset))
        grid.write(value, x: rect.maxX - 1 - value.displayWidth, y: rect.y + 1, style: theme.style(.title), charset: charset)
        let seed = MathText.forCharset("∂L/∂L=1", charset)
        if g.isShown(.backward(GraphNode(layer: g.network.sizes.count - 1, unit: 0))) || g.stage == g.walk.count {
            grid.write(seed, x: rect.x + 1, y: rect.y + 2, style: theme.style(.muted), maxWidth: rect.width - 2, charset: charset)
        }
    }

    // MARK: Links

    /// The dot where a link leaves a node (its right edge, middle row) or enters one (left edge).
    static func port(_ rect: Rect, leaving: Bool, _ canvas: DotCanvas, area: Rect) -> (x: Int, y: Int) {
        let row = rect.y - area.y + rect.height / 2
        let column = (leaving ? rect.maxX : rect.x) - area.x
        return (column * canvas.dotsPerCellX - (leaving ? 0 : 1), row * canvas.dotsPerCellY + canvas.dotsPerCellY / 2)
    }

    private static func drawLinks(_ grid: inout CellGrid, _ l: Layout, _ g: BackpropGraphState, _ context: PaneContext) {
        let theme = context.theme, network = g.network, sizes = network.sizes
        var canvas = DotCanvas(width: l.area.width, height: l.area.height, charset: context.charset)
        for (k, layer) in network.layers.enumerated() {
            for i in 0..<sizes[k + 1] {
                let target = GraphNode(layer: k + 1, unit: i)
                // Bold once the backward pass has given this link its ∂L/∂w.
                let done = g.isShown(.backward(target))
                for j in 0..<sizes[k] {
                    let w = layer.weights[i, j]
                    var style = theme.style(BackpropDrawing.signRole(w))
                    if done || target == g.selected { style = style.with(attributes: .bold) }
                    let from = port(l.rect(GraphNode(layer: k, unit: j)), leaving: true, canvas, area: l.area)
                    let to = port(l.rect(target), leaving: false, canvas, area: l.area)
                    // Thick lines only where the gap is wide enough to tell them apart.
                    let roomy = (to.x - from.x) >= 12 * canvas.dotsPerCellX || sizes.max()! <= 2
                    BackpropDrawing.link(&canvas, from: from, to: to, weight: roomy ? w : min(0.4, max(-0.4, w)), style: style)
                }
            }
        }
        let lossRect = Rect(x: l.loss.x, y: l.loss.y, width: lossWidth, height: l.compact ? 1 : 4)
        for unit in 0..<network.outputCount {
            let from = port(l.rect(GraphNode(layer: sizes.count - 1, unit: unit)), leaving: true, canvas, area: l.area)
            BackpropDrawing.link(&canvas, from: from, to: port(lossRect, leaving: false, canvas, area: l.area), weight: 0.1,
                                 style: theme.style(.muted))
        }
        canvas.overlay(onto: &grid, atX: l.area.x, y: l.area.y)
    }

    /// w (and ∂L/∂w once known) on the links into the selected node, where they fit without
    /// covering a node or each other.
    private static func drawLinkLabels(_ grid: inout CellGrid, _ l: Layout, _ g: BackpropGraphState, _ context: PaneContext) {
        let node = g.selected, sizes = g.network.sizes
        guard !l.compact, node.layer > 0, l.area.width >= 60 else { return }
        let charset = context.charset
        let target = l.rect(node)
        var taken: [Rect] = sizes.indices.flatMap { layer in (0..<sizes[layer]).map { l.rect(GraphNode(layer: layer, unit: $0)) } }
        for j in 0..<sizes[node.layer - 1] {
            let source = l.rect(GraphNode(layer: node.layer - 1, unit: j))
            let w = g.network.layers[node.layer - 1].weights[node.unit, j]
            var text = "w " + BackpropDrawing.short(w, charset, decimals: 2)
            if g.isShown(.backward(node)) {
                text += " ∂ " + BackpropDrawing.short(g.backward.gradients[node.layer - 1].weights[node.unit, j], charset, decimals: 3)
            }
            text = MathText.forCharset(text, charset)
            // 60 % of the way from the source's right edge to the target's left edge.
            let x0 = Double(source.maxX), y0 = Double(source.y + source.height / 2)
            let x1 = Double(target.x), y1 = Double(target.y + target.height / 2)
            let cx = Int(x0 + 0.6 * (x1 - x0)) - text.displayWidth / 2, cy = Int((y0 + 0.6 * (y1 - y0)).rounded())
            let rect = Rect(x: cx, y: cy, width: text.displayWidth, height: 1)
            guard rect.x > source.maxX, rect.maxX < target.x, !taken.contains(where: { !$0.intersection(rect).isEmpty }) else { continue }
            taken.append(rect)
            grid.write(text, x: rect.x, y: rect.y, style: context.theme.style(BackpropDrawing.signRole(w)), charset: charset)
        }
    }

    private static func drawLegend(_ grid: inout CellGrid, _ l: Layout, _ g: BackpropGraphState, _ context: PaneContext) {
        let charset = context.charset
        let walk = g.walk
        let step = g.stage == 0 ? "inputs only" : (g.stage == walk.count ? "all \(walk.count) steps" : "step \(g.stage)/\(walk.count)")
        var legend = charset == .unicode ? "━ w>0  ┅ w<0  thick |w|>0.5" : "solid w>0, dashed w<0"
        if l.compact { legend = "node: a δ  " + legend }
        if !l.longLabels && !l.compact && l.quantities.contains(.dLda) { legend += charset == .unicode ? "  ∂a=∂L/∂a" : "  da=dL/da" }
        let text = MathText.forCharset(step + (g.playing ? " ▶" : "") + " (← →)  " + legend, charset)
        grid.write(text, x: l.area.x, y: l.area.maxY, style: context.theme.style(.muted), maxWidth: l.area.width, charset: charset)
    }

    // MARK: Inspector

    /// The selected node's rule with its numbers, then the loss, the update and the check: one
    /// column when the inspector is tall, else the rule on the left and the rest on the right.
    static func drawInspector(_ grid: inout CellGrid, _ rect: Rect, _ g: BackpropGraphState, _ context: PaneContext) {
        let charset = context.charset
        let summary = summaryLines(g, charset)
        if rect.height >= summary.count + 8 || rect.width < 60 {
            let room = max(0, rect.height - summary.count - 1)
            let node = room > 0 ? Array(nodeLines(g, width: rect.width, charset).prefix(room)) : []
            let lines = node + (node.isEmpty ? [] : [ReadoutLine("")]) + summary
            BackpropDrawing.lines(&grid, Array(lines.prefix(rect.height)), in: rect, context: context)
            return
        }
        let sideWidth = 30
        let left = Rect(x: rect.x, y: rect.y, width: rect.width - sideWidth - 1, height: rect.height)
        let right = Rect(x: rect.maxX - sideWidth, y: rect.y, width: sideWidth, height: rect.height)
        BackpropDrawing.lines(&grid, nodeLines(g, width: left.width, charset), in: left, context: context)
        BackpropDrawing.lines(&grid, summary, in: right, context: context)
    }

    static func summaryLines(_ g: BackpropGraphState, _ charset: Charset) -> [ReadoutLine] {
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset, decimals: 4) }
        let target: String
        switch g.example.target {
        case .classIndex(let k): target = "class \(k)"
        case .values(let values): target = values.map { BackpropDrawing.short($0, charset, decimals: 2) }.joined(separator: ",")
        }
        var lines = [ReadoutLine.labelled("L", (g.isShown(.loss) ? f(g.forward.loss) : BackpropDrawing.pending(charset)) + ", y = " + target)]
        let history = g.lossHistory
        if g.updates > 0 {
            lines.append(.labelled("update", "#\(g.updates) L " + f(history.first ?? .nan) + " → " + f(history.last ?? .nan)))
        }
        // ASCII spells η∂L/∂w "etadL/dw"; said as an update it fits the column: w -= eta*dL/dw.
        lines.append(.labelled("η", BackpropDrawing.short(g.learningRate, charset) + (charset == .ascii ? "  u: w-=eta*dL/dw" : "  u: w ← w−η∂L/∂w")))
        lines.append(.labelled("check", String(format: "%.1e", g.check) + " (central diff.)", g.check < 1e-6 ? .good : .warning))
        if g.examples.count > 1 {
            lines.append(.labelled("batch", "\(g.examples.count), mean L " + f(g.batchLoss)))
        }
        return lines
    }

    /// The selected node: what it computes forward and what it receives backward.
    static func nodeLines(_ g: BackpropGraphState, width: Int, _ charset: Charset) -> [ReadoutLine] {
        let node = g.selected, network = g.network, sizes = network.sizes
        let last = sizes.count - 1
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset) }
        func p(_ v: Double) -> String { BackpropDrawing.factor(v, charset) }
        let kind = node.layer == 0 ? "input" : (node.layer == last ? "output, " + outputName(network.output)
                                                                   : "layer \(node.layer), " + network.activation.rawValue)
        var lines = [ReadoutLine(name(node, sizes) + " (" + kind + ")", .title)]
        if node.layer > 0 {
            if isShown(.a, node, g) {
                let layer = network.layers[node.layer - 1]
                let terms = (0..<sizes[node.layer - 1]).map { j in p(layer.weights[node.unit, j]) + "·" + p(g.forward.a[node.layer - 1][j]) }
                lines += wrapped("z = Σ w·a + b = ", terms + [p(layer.biases[node.unit])], " + ",
                                 end: " = " + f(g.forward.z[node.layer][node.unit]), width: width)
                lines.append(ReadoutLine(activationText(node, network) + " = " + f(g.forward.a[node.layer][node.unit])))
            } else {
                lines.append(ReadoutLine("forward: not yet (→)", .muted))
            }
        } else {
            lines.append(ReadoutLine("a = x = " + f(g.forward.a[0][node.unit]) + " (given)"))
        }
        guard isShown(.dLda, node, g) else {
            lines.append(ReadoutLine("backward: not yet", .muted))
            return lines
        }
        if node.layer == last {
            lines += outputRule(node, g, charset)
        } else {
            let below = network.layers[node.layer], deltas = g.backward.delta[node.layer]
            let terms = (0..<sizes[node.layer + 1]).map { k in p(below.weights[k, node.unit]) + "·" + p(deltas[k]) }
            lines += wrapped("∂L/∂a = Σₖ wₖ·δₖ = ", terms, " + ", end: " = " + f(g.backward.dLda[node.layer][node.unit]), width: width,
                             labelled: "∂L/∂a")
            if node.layer > 0 {
                let slope = LayeredNetwork.activationSlope(network.activation, g.forward.z[node.layer][node.unit])
                lines.append(.labelled("δ", "= φ'(z)·∂L/∂a = " + p(slope) + "·" + p(g.backward.dLda[node.layer][node.unit])
                                       + " = " + f(g.backward.delta[node.layer - 1][node.unit])))
            }
        }
        if node.layer > 0 {
            let grads = g.backward.gradients[node.layer - 1]
            let entries = (0..<sizes[node.layer - 1]).map { j in name(GraphNode(layer: node.layer - 1, unit: j), sizes) + " " + f(grads.weights[node.unit, j]) }
            lines += wrapped("∂L/∂w = δ·a: ", entries, ", ", end: "", width: width)
            lines.append(ReadoutLine("∂L/∂b = δ = " + f(grads.biases[node.unit])))
        }
        return lines
    }

    static func outputName(_ output: OutputKind) -> String {
        output == .identity ? "linear" : output.rawValue
    }

    static func activationText(_ node: GraphNode, _ network: LayeredNetwork) -> String {
        if node.layer == network.sizes.count - 1 {
            switch network.output {
            case .sigmoid: return "a = σ(z)"
            case .softmax: return "a = softmax(z)ᵢ"
            case .identity: return "a = z"
            }
        }
        return "a = " + network.activation.rawValue + "(z)"
    }

    /// ∂L/∂a and δ at an output unit, by output and loss.
    static func outputRule(_ node: GraphNode, _ g: BackpropGraphState, _ charset: Charset) -> [ReadoutLine] {
        let network = g.network
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset) }
        let a = g.forward.a[network.sizes.count - 1][node.unit]
        let y = g.example.target.vector(count: network.outputCount)[node.unit]
        let delta = g.backward.delta[network.layers.count - 1][node.unit]
        let dLda = g.backward.dLda[network.sizes.count - 1][node.unit]
        let rule: String
        switch (network.output, network.loss) {
        case (.sigmoid, .crossEntropy), (.softmax, .crossEntropy), (.identity, _):
            rule = "= a − y = " + f(a) + " − " + f(y) + " = " + f(delta)
        case (.sigmoid, .squaredError):
            rule = "= (a − y)·a(1 − a) = " + f(delta)
        case (.softmax, .squaredError):
            rule = "= aᵢ(rᵢ − Σₖ rₖaₖ), r = a − y: " + f(delta)
        }
        return [.labelled("∂L/∂a", f(dLda)), .labelled("δ", rule)]
    }

    /// "head term + term + ... end" over as many lines as the width needs.
    static func wrapped(_ head: String, _ terms: [String], _ separator: String, end: String, width: Int,
                        labelled: String? = nil) -> [ReadoutLine] {
        var lines: [String] = []
        var current = head
        // A list's comma ends its line; an operator starts the next one ("  + b").
        let trailing = separator.hasPrefix(",")
        let width = labelled == nil ? width : width - 2
        for (index, term) in terms.enumerated() {
            let piece = trailing ? term + (index + 1 < terms.count ? separator : "") : (index == 0 ? "" : separator) + term
            if current.displayWidth + piece.displayWidth > width, current.displayWidth > 4 {
                lines.append(current)
                current = "  " + piece.trimmingCharacters(in: .whitespaces)
            } else {
                current += piece
            }
        }
        if current.displayWidth + end.displayWidth > width { lines.append(current); current = " " + end } else { current += end }
        lines.append(current)
        return lines.enumerated().map { index, text in
            if index == 0, let labelled, text.hasPrefix(labelled) {
                return ReadoutLine.labelled(labelled, String(text.dropFirst(labelled.count + 1)))
            }
            return ReadoutLine(text)
        }
    }
}
