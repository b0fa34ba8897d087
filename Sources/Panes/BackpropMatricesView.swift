import Canvas
import Foundation
import SimulationCore

/// View 2: each layer as matrices. Forward: z⁽ˡ⁺¹⁾ = W⁽ˡ⁾ a⁽ˡ⁾ + b⁽ˡ⁾ and a⁽ˡ⁺¹⁾ = φ(z⁽ˡ⁺¹⁾);
/// backward: ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁺¹⁾ a⁽ˡ⁾ᵀ drawn as the outer product it is, aᵀ above the grid and δ to
/// its left, entry (i, j) = δᵢ aⱼ. Over a minibatch the sum of outer products is the product
/// (1/B) Δ Aᵀ of the examples' δs (columns of Δ) and inputs (rows of Aᵀ).
enum BackpropMatricesView {
    /// One matrix in a row of them, with its name above and an operator after it.
    struct Term {
        var name: String
        var rows: [[Double]]
        var after: String
    }

    static func column(_ v: [Double]) -> [[Double]] { v.map { [$0] } }

    /// Superscript layer numbers: W⁽⁰⁾, a⁽¹⁾.
    static func layer(_ l: Int) -> String {
        let digits = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return "⁽" + String(l).map { digits[Int(String($0))!] }.joined() + "⁾"
    }

    static func rowWidth(_ terms: [Term], _ charset: Charset, numbers: Bool, decimals: Int) -> Int {
        // (Entries are as wide whatever their height.)
        terms.reduce(0) { total, term in
            let size = BackpropDrawing.matrixSize(term.rows, charset, decimals: decimals, numbers: numbers)
            let after = term.after.isEmpty ? 1 : MathText.forCharset(term.after, charset).displayWidth + 3
            return total + max(size.width, MathText.forCharset(term.name, charset).displayWidth) + after
        }
    }

    /// Draws matrices left to right from (x, y): names on row y, matrices from y + 1, each
    /// operator between two spaces on the middle row. Returns the height used.
    @discardableResult
    static func drawRow(_ grid: inout CellGrid, _ terms: [Term], x: Int, y: Int, numbers: Bool, decimals: Int,
                        tall: Int = 1, context: PaneContext) -> Int {
        let charset = context.charset
        var cx = x
        var height = 0
        // The operators all on the middle row of the tallest matrix.
        let middle = y + 1 + ((terms.map(\.rows.count).max() ?? 1) * tall - 1) / 2
        for term in terms {
            let name = MathText.forCharset(term.name, charset)
            grid.write(name, x: cx, y: y, style: context.theme.style(.muted), charset: charset)
            let size = BackpropDrawing.drawMatrix(&grid, term.rows, x: cx, y: y + 1, decimals: decimals, numbers: numbers,
                                                  tall: tall, context: context)
            let width = max(size.width, name.displayWidth)
            let after = MathText.forCharset(term.after, charset)
            if !after.isEmpty {
                grid.write(after, x: cx + width + 1, y: middle, style: context.theme.style(.text), charset: charset)
            }
            cx += width + (after.isEmpty ? 1 : after.displayWidth + 3)
            height = max(height, 1 + term.rows.count * tall)
        }
        return height
    }

    static func draw(_ grid: inout CellGrid, _ body: Rect, _ s: BackpropSnapshot, _ context: PaneContext) -> String {
        let g = s.graph, network = g.network
        let passes = g.examples.map { example -> (ForwardPass, BackwardPass) in
            let pass = network.forward(example)
            return (pass, network.backward(pass, target: example.target))
        }
        // Every layer when they fit (a rough count of rows), else from the selected node's layer on.
        let needed = network.layers.indices.reduce(0) { $0 + 4 + network.layers[$1].unitCount + g.examples.count }
        let first = needed <= body.height - 1 ? 0 : min(max(0, g.selected.layer - 1), network.layers.count - 1)
        // A large pane: each entry a block three or five rows high, a heatmap one can see across
        // the room.
        let tall = [5, 3].first { $0 * needed <= body.height - 1 } ?? 1
        var y = body.y
        for k in first..<network.layers.count {
            let used = drawLayer(&grid, k, passes, g, Rect(x: body.x, y: y, width: body.width, height: body.maxY - y - 1), tall: tall,
                                 context)
            if used == 0 { break }
            y += used + 1
            if y >= body.maxY - 2 { break }
        }
        let batch = g.examples.count
        let footer = batch == 1 ? "entry (i, j) of δ aᵀ is δᵢ·aⱼ: the outer product (↑ ↓ layer, b batch)"
            : "Σₙ δₙ aₙᵀ over the \(batch) examples = Δ Aᵀ, then /\(batch): the mean (↑ ↓ layer, b batch)"
        grid.write(MathText.forCharset(footer, context.charset), x: body.x, y: body.maxY - 1, style: context.theme.style(.muted),
                   maxWidth: body.width, charset: context.charset)
        return "layers as matrices: " + network.sizes.map(String.init).joined(separator: "-") + " " + network.activation.rawValue
            + (batch > 1 ? ", minibatch of \(batch)" : "")
    }

    /// Layer k (W⁽ᵏ⁾ joining layer k to k + 1): the forward row, then the backward outer
    /// product beside it or below. Returns the rows used (0 when nothing fits).
    static func drawLayer(_ grid: inout CellGrid, _ k: Int, _ passes: [(ForwardPass, BackwardPass)], _ g: BackpropGraphState,
                          _ rect: Rect, tall: Int, _ context: PaneContext) -> Int {
        let network = g.network, charset = context.charset
        let w = network.layers[k], pass = passes[0].0, back = passes[0].1
        let up = layer(k), next = layer(k + 1)
        let phi = k == network.layers.count - 1 ? (network.output == .identity ? "id" : network.output == .sigmoid ? "σ" : "softmax")
                                                : network.activation.rawValue
        let forward = [Term(name: "W" + up, rows: w.weights.rowArrays, after: "·"),
                       Term(name: "a" + up, rows: column(pass.a[k]), after: "+"),
                       Term(name: "b" + up, rows: column(w.biases), after: "="),
                       Term(name: "z" + next, rows: column(pass.z[k + 1]), after: phi + "→"),
                       Term(name: "a" + next, rows: column(pass.a[k + 1]), after: ""),
                       Term(name: "δ" + next, rows: column(back.delta[k]), after: "")]
        let batch = passes.count
        let deltas = (0..<w.unitCount).map { i in passes.map { $0.1.delta[k][i] } }
        let inputs = passes.map { $0.0.a[k] }
        let gradient = g.batchGradients[k].weights.rowArrays
        // Δ (δs as columns) times Aᵀ (inputs as rows), over B: the minibatch's ∂L/∂W.
        let backward = [Term(name: batch == 1 ? "δ" + next : "Δ" + next, rows: deltas, after: batch == 1 ? "" : "/\(batch)")]
        let productName = MathText.forCharset("∂L/∂W" + up + (batch == 1 ? " = δ" + next + " a" + up + "ᵀ" : " = Δ" + next + " A" + up + "ᵀ/\(batch)"), charset)
        var decimals = 3, numbers = true
        let forwardWidth = { rowWidth(forward, charset, numbers: numbers, decimals: decimals) }
        if forwardWidth() > rect.width { decimals = 2 }
        if forwardWidth() > rect.width { numbers = false }
        let title = MathText.forCharset("layer \(k + 1): z" + next + " = W" + up + "a" + up + " + b" + up
                                        + ", a" + next + " = " + phi + "(z" + next + ")" + (batch > 1 ? " (example 1 of \(batch))" : ""), charset)
        grid.write(title, x: rect.x, y: rect.y, style: context.theme.style(.title), maxWidth: rect.width, charset: charset)
        let forwardHeight = drawRow(&grid, forward, x: rect.x, y: rect.y + 1, numbers: numbers, decimals: decimals, tall: tall,
                                    context: context)
        // The outer product: Aᵀ above the grid, Δ to its left, the grid's columns under Aᵀ's.
        let entry = max(BackpropDrawing.entryWidth(inputs, charset, decimals: decimals, numbers: numbers),
                        BackpropDrawing.entryWidth(gradient, charset, decimals: decimals, numbers: numbers))
        let deltaName = MathText.forCharset((batch == 1 ? "δ" : "Δ") + next, charset)
        let deltaSize = BackpropDrawing.matrixSize(deltas, charset, decimals: decimals, numbers: numbers)
        let productSize = BackpropDrawing.matrixSize(gradient, charset, decimals: decimals, numbers: numbers, entry: entry, tall: tall)
        let leftWidth = max(deltaSize.width, deltaName.displayWidth) + (batch == 1 ? 1 : 4)
        let productWidth = leftWidth + 1 + productSize.width
        let besideX = rect.x + forwardWidth() + 3
        let beside = besideX + max(productWidth, productName.displayWidth) <= rect.maxX
        let px = beside ? besideX : rect.x
        let py = beside ? rect.y : rect.y + 1 + forwardHeight
        let productHeight = 1 + batch * tall + 1 + w.unitCount * tall
        guard py + productHeight <= rect.maxY || beside else { return 1 + forwardHeight }
        let gridX = px + leftWidth + 1
        grid.write(MathText.forCharset(productName, charset), x: px, y: py, style: context.theme.style(.title),
                   maxWidth: rect.maxX - px, charset: charset)
        let inputName = MathText.forCharset((batch == 1 ? "a" : "A") + up + "ᵀ", charset)
        grid.write(inputName, x: max(px, gridX - inputName.displayWidth - 1), y: py + 1, style: context.theme.style(.muted),
                   charset: charset)
        BackpropDrawing.drawMatrix(&grid, inputs, x: gridX, y: py + 1, decimals: decimals, numbers: numbers, entry: entry,
                                   tall: tall, context: context)
        drawRow(&grid, backward, x: px, y: py + batch * tall + 1, numbers: numbers, decimals: decimals, tall: tall, context: context)
        BackpropDrawing.drawMatrix(&grid, gradient, x: gridX, y: py + batch * tall + 2, decimals: decimals, numbers: numbers,
                                   entry: entry, tall: tall, context: context)
        return beside ? max(1 + forwardHeight, productHeight) : 1 + forwardHeight + productHeight
    }
}
