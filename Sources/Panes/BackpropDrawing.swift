import Canvas
import Foundation
import SimulationCore

/// Pieces every backprop view draws with: numbers, signs as colour and glyph, matrices as small
/// heatmaps with their numbers, links between units.
enum BackpropDrawing {
    /// A number as the views show it: 3 decimals, scientific below 5e-4 or from 1e5, "∞",
    /// "undefined" for NaN.
    static func short(_ v: Double, _ charset: Charset, decimals: Int = 3) -> String {
        v.isNaN ? "undefined" : NumberFormat.compact(v, decimals, charset: charset)
    }

    /// What a value not computed yet shows (the walk has not reached it).
    static func pending(_ charset: Charset) -> String { charset == .unicode ? "·" : "." }

    /// A factor in a written-out product: negative numbers in parentheses.
    static func factor(_ v: Double, _ charset: Charset, decimals: Int = 3) -> String {
        let text = short(v, charset, decimals: decimals)
        return v < 0 ? "(" + text + ")" : text
    }

    /// Positive values in the first series colour (blue), negative in the second (orange), as
    /// TensorFlow Playground colours weights.
    static func signRole(_ v: Double) -> Role { v < 0 ? .series2 : .series1 }

    /// A shade for |v| / scale in [0, 1]: the glyph carries the size where colour cannot.
    static func shade(_ t: Double, _ charset: Charset) -> String {
        let shades = charset == .unicode ? ["·", "░", "▒", "▓", "█"] : [".", ":", "+", "*", "#"]
        guard t.isFinite else { return charset == .unicode ? "█" : "#" }
        return shades[min(shades.count - 1, max(0, Int((min(1, abs(t)) * Double(shades.count - 1)).rounded())))]
    }

    /// How wide one entry of a matrix is: a shade glyph and the widest number.
    static func entryWidth(_ rows: [[Double]], _ charset: Charset, decimals: Int, numbers: Bool) -> Int {
        guard numbers else { return 2 }
        return 1 + (rows.joined().map { short($0, charset, decimals: decimals).displayWidth }.max() ?? 1)
    }

    /// The size `drawMatrix` takes: brackets around rows of entries one column apart, each entry
    /// `tall` rows high.
    static func matrixSize(_ rows: [[Double]], _ charset: Charset, decimals: Int, numbers: Bool,
                           entry fixed: Int? = nil, tall: Int = 1) -> (width: Int, height: Int) {
        let columns = rows.first?.count ?? 0
        let entry = fixed ?? entryWidth(rows, charset, decimals: decimals, numbers: numbers)
        return (2 + columns * entry + max(0, columns - 1), rows.count * tall)
    }

    /// A matrix at (x, y) as a heatmap with numbers: each entry a shade of |v| / scale in its
    /// sign's colour, then the number (without `numbers`, the shade alone, two cells wide).
    /// `tall` > 1 makes each entry a block that many rows high, the number on its middle row.
    /// `emphasis` marks one entry (row, column) in reverse video. Returns the size drawn.
    @discardableResult
    static func drawMatrix(_ grid: inout CellGrid, _ rows: [[Double]], x: Int, y: Int, decimals: Int = 3,
                           scale: Double? = nil, numbers: Bool = true, emphasis: (Int, Int)? = nil, entry fixed: Int? = nil,
                           tall: Int = 1, context: PaneContext) -> (width: Int, height: Int) {
        let charset = context.charset, theme = context.theme
        let size = matrixSize(rows, charset, decimals: decimals, numbers: numbers, entry: fixed, tall: tall)
        let entry = fixed ?? entryWidth(rows, charset, decimals: decimals, numbers: numbers)
        let largest = scale ?? max(1e-300, rows.joined().map(abs).filter(\.isFinite).max() ?? 1)
        for (r, row) in rows.enumerated() {
            for sub in 0..<tall {
                let line = r * tall + sub, cy = y + line
                let (open, close) = brackets(row: line, of: size.height, charset)
                grid.write(open, x: x, y: cy, style: theme.style(.muted), charset: charset)
                for (c, v) in row.enumerated() {
                    let cx = x + 1 + c * (entry + 1)
                    let style = theme.style(signRole(v)).with(attributes: emphasis.map { $0 == (r, c) } == true ? .reverse : [])
                    let glyph = shade(v / largest, charset)
                    let text: String
                    if numbers && sub == tall / 2 {
                        let number = short(v, charset, decimals: decimals)
                        text = glyph + String(repeating: " ", count: max(0, entry - 1 - number.displayWidth)) + number
                    } else {
                        text = String(repeating: glyph, count: numbers ? entry : 2)
                    }
                    grid.write(text, x: cx, y: cy, style: style, maxWidth: numbers ? entry : 2, charset: charset)
                }
                grid.write(close, x: x + size.width - 1, y: cy, style: theme.style(.muted), charset: charset)
            }
        }
        return size
    }

    /// Tall brackets in Unicode (⎡ ⎢ ⎣), square ones in ASCII.
    static func brackets(row: Int, of count: Int, _ charset: Charset) -> (String, String) {
        guard charset == .unicode, count > 1 else { return ("[", "]") }
        if row == 0 { return ("⎡", "⎤") }
        if row == count - 1 { return ("⎣", "⎦") }
        return ("⎢", "⎥")
    }

    /// A link between two units as dots from `a` to `b` (dot coordinates): solid for a positive
    /// weight, dashed for a negative one, one to three dots thick as |w| grows.
    static func link(_ canvas: inout DotCanvas, from a: (x: Int, y: Int), to b: (x: Int, y: Int), weight: Double,
                     style: Style) {
        let thickness = abs(weight) >= 1.5 ? 3 : (abs(weight) >= 0.5 ? 2 : 1)
        let offsets = thickness == 1 ? [0] : (thickness == 2 ? [0, 1] : [-1, 0, 1])
        let steps = max(abs(b.x - a.x), abs(b.y - a.y), 1)
        for k in 0...steps {
            if weight < 0 && (k / 2) % 2 == 1 { continue }
            let t = Double(k) / Double(steps)
            let x = Int((Double(a.x) + t * Double(b.x - a.x)).rounded())
            let y = Int((Double(a.y) + t * Double(b.y - a.y)).rounded())
            for offset in offsets { canvas.set(x: x, y: y + offset, style: style) }
        }
    }

    /// Readout lines in a column of `rect`; returns the rows used.
    @discardableResult
    static func lines(_ grid: inout CellGrid, _ lines: [ReadoutLine], in rect: Rect, context: PaneContext) -> Int {
        drawReadout(&grid, lines, x: rect.x, y: rect.y, width: rect.width, height: rect.height, context: context)
        return min(lines.count, rect.height)
    }
}
