import Canvas
import Foundation
import SimulationCore

/// View 6: the derivative of a scalar by a matrix, df/dX, the matrix of ∂f/∂X_ij (X's shape):
/// the closed form next to its central-difference estimate entry by entry, and one entry's
/// difference written out.
enum BackpropMatrixView {
    static func draw(_ grid: inout CellGrid, _ body: Rect, _ m: BackpropMatrixState, _ context: PaneContext) -> String {
        let c = m.example, charset = context.charset, theme = context.theme
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset) }
        let heading = "derivative by a matrix: " + c.function.formula + ", " + c.function.derivativeFormula
        let xName = c.function == .linearLayer ? "W" : "X"
        typealias Term = BackpropMatricesView.Term
        var inputs = [Term(name: xName + " (\(c.x.rows)×\(c.x.columns))", rows: c.x.rowArrays, after: "")]
        switch c.function {
        case .bilinear:
            inputs += [Term(name: "a", rows: BackpropMatricesView.column(c.left), after: ""), Term(name: "b", rows: [c.right], after: "")]
        case .trace:
            inputs.append(Term(name: "A (\(c.a.rows)×\(c.a.columns))", rows: c.a.rowArrays, after: ""))
        case .frobenius:
            break
        case .linearLayer:
            inputs += [Term(name: "x", rows: BackpropMatricesView.column(c.input), after: ""),
                       Term(name: "b", rows: BackpropMatricesView.column(c.bias), after: ""),
                       Term(name: "y", rows: BackpropMatricesView.column(c.target), after: ""),
                       Term(name: "δ = Wx+b−y", rows: BackpropMatricesView.column(c.residual(c.x)), after: "")]
        }
        var y = body.y
        let numbers = BackpropMatricesView.rowWidth(inputs, charset, numbers: true, decimals: 1) <= body.width
        // A large pane: entries blocks three or five rows high (inputs and results: 2 matrices
        // of X's rows and the tallest input, and the text), a heatmap one can see across the room.
        let blockRows = 2 * c.x.rows + max(c.x.rows, c.input.count)
        let tall = [5, 3].first { body.height >= $0 * blockRows + 14 } ?? 1
        y += BackpropMatricesView.drawRow(&grid, inputs, x: body.x, y: y, numbers: numbers, decimals: 1, tall: tall, context: context) + 1
        var lines = [ReadoutLine.labelled(c.function == .linearLayer ? "L" : "f", f(m.example.value) + "  (f next, n new numbers)")]
        drawReadout(&grid, lines, x: body.x, y: y, width: body.width, height: 1, context: context)
        y += 2
        let selected = (m.selected[0], m.selected[1])
        let results = [Term(name: c.function.derivativeFormula.components(separatedBy: " = ").last ?? "closed form",
                            rows: m.analytic.rowArrays, after: ""),
                       Term(name: "central differences", rows: m.numeric.rowArrays, after: "")]
        let resultNumbers = BackpropMatricesView.rowWidth(results, charset, numbers: true, decimals: 4) <= body.width
        if y + 1 + c.x.rows * tall <= body.maxY {
            var cx = body.x
            for term in results {
                grid.write(MathText.forCharset(term.name, charset), x: cx, y: y, style: theme.style(.muted), maxWidth: body.maxX - cx,
                           charset: charset)
                let size = BackpropDrawing.drawMatrix(&grid, term.rows, x: cx, y: y + 1, decimals: 4, numbers: resultNumbers,
                                                      emphasis: selected, tall: tall, context: context)
                cx += max(size.width, MathText.forCharset(term.name, charset).displayWidth) + 3
            }
            y += 2 + c.x.rows * tall
        }
        lines = entryLines(m, xName, charset)
        drawReadout(&grid, lines, x: body.x, y: y, width: body.width, height: body.maxY - y, context: context)
        return heading
    }

    /// The selected entry's central difference written out, and the worst agreement.
    static func entryLines(_ m: BackpropMatrixState, _ xName: String, _ charset: Charset) -> [ReadoutLine] {
        let c = m.example, (i, j) = (m.selected[0], m.selected[1])
        let h = 1e-5
        var plus = c.x, minus = c.x
        plus[i, j] += h
        minus[i, j] -= h
        let index = "\(i + 1)\(j + 1)"
        let difference = "∂f/∂" + xName + index + " ≈ (" + String(format: "%.9f", c.value(plus)) + " − "
            + String(format: "%.9f", c.value(minus)) + ")/2e-5"
        return [ReadoutLine("entry (\(i + 1),\(j + 1)) (arrows):", .title),
                ReadoutLine(difference),
                ReadoutLine("  = " + String(format: "%.10f", m.numeric[i, j]) + "   closed form " + String(format: "%.10f", m.analytic[i, j])),
                .labelled("max err", String(format: "%.1e", m.maximumRelativeError) + " relative, over every entry",
                          m.maximumRelativeError < 1e-6 ? .good : .warning)]
    }
}
