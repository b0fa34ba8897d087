import Canvas
import Foundation
import SimulationCore

/// View 4: the chain rule on a formula. The formula's tree, one node a row: its value, the local
/// derivative on the edge to its parent, and ∂z/∂node, the product of the local derivatives on
/// the way up. Each variable leaf ends a path; dz/dx is the sum over the paths to an x.
enum BackpropChainView {
    static func draw(_ grid: inout CellGrid, _ body: Rect, _ c: BackpropChainState, _ context: PaneContext) -> String {
        let charset = context.charset, theme = context.theme, tree = c.tree
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset) }
        let heading = "chain rule: z = " + (tree.nodes.first?.formula ?? c.formula) + " at x = " + f(c.x)
            + (tree.paths.contains { tree.nodes[$0].variable == "y" } ? ", y = " + f(c.y) : "")
        let paths = tree.paths
        let selectedLeaf = paths.isEmpty ? nil : paths[min(c.selectedPath, paths.count - 1)]
        let onPath = Set(selectedLeaf.map { tree.path(to: $0) } ?? [])
        let footer = footerLines(c, selectedLeaf, charset)
        let tableRows = max(1, body.height - footer.count - 1)
        // Columns: the tree, value, local derivative, path product, then the rule where room is.
        let treeWidth = min(body.width / 2, max(6, tree.nodes.map { 3 * $0.depth + $0.operation.displayWidth }.max() ?? 6) + 2)
        let columns = [treeWidth, 10, 10, 11]
        let x = columns.reduce(into: [0]) { $0.append($0.last! + $1) }
        let headers = ["node", "value", "∂up/∂node", "∂z/∂node", "local rule"]
        for (k, header) in headers.enumerated() where x[k] < body.width {
            grid.write(MathText.forCharset(header, charset), x: x[k], y: body.y, style: theme.style(.muted),
                       maxWidth: body.width - x[k], charset: charset)
        }
        // Scroll so the selected leaf stays in view.
        let visible = tableRows - 1
        let leafRow = selectedLeaf ?? 0
        let first = max(0, min(tree.nodes.count - visible, leafRow - visible + 2))
        for (row, index) in (first..<min(tree.nodes.count, first + visible)).enumerated() {
            let node = tree.nodes[index], y = body.y + 1 + row
            let marked = onPath.contains(index)
            let style = marked ? theme.style(.highlight) : theme.style(node.variable != nil ? .accent : .text)
            grid.write(prefix(index, tree, charset), x: 0, y: y, style: theme.style(.muted), charset: charset)
            grid.write(MathText.forCharset(node.operation, charset), x: 3 * node.depth, y: y, style: style,
                       maxWidth: treeWidth - 3 * node.depth, charset: charset)
            let cells = [f(node.value), node.local.map(f) ?? "—", f(node.pathProduct)]
            for (k, text) in cells.enumerated() where x[k + 1] < body.width {
                grid.write(MathText.forCharset(text, charset), x: x[k + 1], y: y, style: k == 2 && node.variable != nil ? style : theme.style(.text),
                           maxWidth: columns[k + 1] - 1, charset: charset)
            }
            if x[4] < body.width, let rule = node.rule {
                let tag = node.variable != nil ? "path \((paths.firstIndex(of: index) ?? 0) + 1)  " : ""
                grid.write(MathText.forCharset(tag + rule, charset), x: x[4], y: y, style: theme.style(node.variable != nil ? .accent : .muted),
                           maxWidth: body.width - x[4], charset: charset)
            }
        }
        drawReadout(&grid, footer, x: 0, y: body.maxY - footer.count, width: body.width, height: footer.count, context: context)
        // Room left under the table: the same tree as a picture.
        let tableEnd = body.y + 1 + min(tree.nodes.count, visible)
        let picture = Rect(x: 0, y: tableEnd + 1, width: body.width, height: body.maxY - footer.count - tableEnd - 2)
        drawTreePicture(&grid, picture, tree, onPath: onPath, context)
        return heading
    }

    /// The tree drawn top-down: each node its operation and value, each edge its local
    /// derivative; the picked path in the highlight style. Drawn only where it fits whole.
    static func drawTreePicture(_ grid: inout CellGrid, _ rect: Rect, _ tree: ChainRuleTree, onPath: Set<Int>,
                                _ context: PaneContext) {
        let charset = context.charset, theme = context.theme
        let depth = (tree.nodes.map(\.depth).max() ?? 0) + 1
        let leaves = tree.nodes.indices.filter { tree.nodes[$0].children.isEmpty }
        let level = 4
        guard depth * level - (level - 1) <= rect.height, !leaves.isEmpty else { return }
        let slot = rect.width / leaves.count
        guard slot >= 10 else { return }
        // x: leaves evenly spaced, a parent over the middle of its children (post-order).
        var x = [Double](repeating: 0, count: tree.nodes.count)
        for (k, leaf) in leaves.enumerated() { x[leaf] = Double(rect.x) + (Double(k) + 0.5) * Double(slot) }
        for index in tree.nodes.indices.reversed() where !tree.nodes[index].children.isEmpty {
            let children = tree.nodes[index].children
            x[index] = (x[children.first!] + x[children.last!]) / 2
        }
        let top = rect.y + (rect.height - (depth * level - (level - 1))) / 2
        func row(_ index: Int) -> Int { top + tree.nodes[index].depth * level }
        var canvas = DotCanvas(width: rect.width, height: rect.height, charset: charset)
        func dot(_ cx: Double, _ cy: Int) -> (x: Int, y: Int) {
            (Int((cx - Double(rect.x)) * Double(canvas.dotsPerCellX)), (cy - rect.y) * canvas.dotsPerCellY + canvas.dotsPerCellY / 2)
        }
        for index in tree.nodes.indices {
            guard let parent = tree.nodes[index].parent else { continue }
            let style = onPath.contains(index) ? theme.style(.highlight) : theme.style(.axis)
            BackpropDrawing.link(&canvas, from: dot(x[parent], row(parent) + 1), to: dot(x[index], row(index) - 1), weight: 0.1,
                                 style: style)
        }
        canvas.overlay(onto: &grid, atX: rect.x, y: rect.y)
        for index in tree.nodes.indices {
            let node = tree.nodes[index]
            let label = MathText.forCharset(node.operation + " " + BackpropDrawing.short(node.value, charset), charset)
            let cx = Int(x[index].rounded()) - label.displayWidth / 2
            grid.write(label, x: max(rect.x, cx), y: row(index),
                       style: onPath.contains(index) ? theme.style(.highlight) : theme.style(node.variable != nil ? .accent : .text),
                       maxWidth: slot * 2, charset: charset)
            if let parent = node.parent, let local = node.local {
                let text = "×" + BackpropDrawing.short(local, charset)
                let mx = Int(((x[index] + x[parent]) / 2).rounded()) + 1, my = row(parent) + level / 2
                grid.write(MathText.forCharset(text, charset), x: mx, y: my, style: theme.style(.muted), maxWidth: slot, charset: charset)
            }
        }
    }

    /// The tree's branch lines in front of a node: │ where an ancestor has siblings to come.
    static func prefix(_ index: Int, _ tree: ChainRuleTree, _ charset: Charset) -> String {
        let node = tree.nodes[index]
        guard let parent = node.parent else { return "" }
        func isLast(_ i: Int) -> Bool {
            guard let p = tree.nodes[i].parent else { return true }
            return tree.nodes[p].children.last == i
        }
        var ancestors: [Int] = []
        var walk = parent
        while tree.nodes[walk].parent != nil { ancestors.insert(walk, at: 0); walk = tree.nodes[walk].parent! }
        let unicode = charset == .unicode
        var text = ancestors.map { isLast($0) ? "   " : (unicode ? "│  " : "|  ") }.joined()
        text += isLast(index) ? (unicode ? "└─ " : "`- ") : (unicode ? "├─ " : "|- ")
        // The operation is written at 3·depth; the prefix fills the columns before it.
        return String(text.prefix(3 * node.depth))
    }

    static func footerLines(_ c: BackpropChainState, _ selectedLeaf: Int?, _ charset: Charset) -> [ReadoutLine] {
        let tree = c.tree
        func f(_ v: Double) -> String { BackpropDrawing.short(v, charset) }
        var lines: [ReadoutLine] = []
        if let leaf = selectedLeaf {
            let chain = tree.path(to: leaf).dropFirst().map { tree.nodes[$0].local ?? 1 }
            let product = chain.map { BackpropDrawing.factor($0, charset) }.joined(separator: " · ")
            let index = (tree.paths.firstIndex(of: leaf) ?? 0) + 1
            lines.append(ReadoutLine("path \(index) of \(tree.paths.count) (p): " + product + " = " + f(tree.nodes[leaf].pathProduct), .accent))
        } else {
            lines.append(ReadoutLine("no variable: the derivative is 0", .muted))
        }
        for (variable, k) in [("x", 0), ("y", 1)] {
            let leaves = tree.paths.filter { tree.nodes[$0].variable == variable }
            guard !leaves.isEmpty else { continue }
            let sum = leaves.map { f(tree.nodes[$0].pathProduct) }.joined(separator: " + ")
            let total = tree.derivative(variable)
            let value = (leaves.count > 1 ? sum + " = " : "") + f(total) + "  (sum over \(leaves.count) path" + (leaves.count == 1 ? ")" : "s)")
            lines.append(.labelled("dz/d" + variable, value, .title))
            lines.append(.labelled("exact", f(c.exact[k]) + " (automatic differentiation), central difference "
                                   + String(format: "%.10f", c.numeric[k])))
        }
        lines.append(ReadoutLine("← → x  ↑ ↓ y  e formula  p path", .muted))
        return lines
    }
}
