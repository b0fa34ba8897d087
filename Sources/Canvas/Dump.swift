/// Text dumps of a grid: what tests compare against and what `gradscope render` prints.
extension CellGrid {
    /// One string per row; continuation cells add nothing, so every line is `width` cells wide.
    public func plainLines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) where !cell.isContinuation { line += cell.grapheme }
            return line
        }
    }

    /// The rows joined by newlines (no trailing newline).
    public func plainText() -> String { plainLines().joined(separator: "\n") }

    /// The rows with SGR escapes: an escape only where the style changes, a reset at each line
    /// end. Deterministic byte for byte.
    public func ansiText() -> String {
        var out = ""
        for y in 0..<height {
            var current = Style.plain
            for cell in row(y) where !cell.isContinuation {
                if cell.style != current {
                    out += Self.sgr(cell.style)
                    current = cell.style
                }
                out += cell.grapheme
            }
            if current != .plain { out += "\u{1B}[0m" }
            if y < height - 1 { out += "\n" }
        }
        return out
    }

    /// The full SGR for a style, starting from a reset.
    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        if let fg = colorCode(style.foreground, background: false) { codes.append(fg) }
        if let bg = colorCode(style.background, background: true) { codes.append(bg) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func colorCode(_ color: TerminalColor, background: Bool) -> String? {
        switch color {
        case .default: return nil
        case .ansi(let n):
            let index = Int(n % 16)
            if index < 8 { return String((background ? 40 : 30) + index) }
            return String((background ? 100 : 90) + index - 8)
        case .palette(let n): return (background ? "48;5;" : "38;5;") + String(n)
        case .rgb(let r, let g, let b): return (background ? "48;2;" : "38;2;") + "\(r);\(g);\(b)"
        }
    }
}

extension CellGrid {
    /// The escapes that turn a terminal showing `previous` into one showing this grid: a cursor
    /// move and the cells of each run of changed cells (a full repaint when the sizes differ).
    /// Empty when nothing changed. Deterministic byte for byte.
    public func ansiUpdate(from previous: CellGrid?) -> String {
        var out = ""
        let full = previous.map { $0.width != width || $0.height != height } ?? true
        if full { out += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
        for y in 0..<height {
            var x = 0
            while x < width {
                let changed = full || previous![x, y] != self[x, y]
                guard changed else { x += 1; continue }
                // A run of changed cells, starting on a whole character.
                var start = x
                while start > 0 && self[start, y].isContinuation { start -= 1 }
                var end = x
                while end < width && (full || previous![end, y] != self[end, y] || self[end, y].isContinuation) { end += 1 }
                out += "\u{1B}[\(y + 1);\(start + 1)H"
                var current: Style?
                for column in start..<end where !self[column, y].isContinuation {
                    let cell = self[column, y]
                    if cell.style != current {
                        out += Self.sgr(cell.style)
                        current = cell.style
                    }
                    out += cell.grapheme
                }
                out += "\u{1B}[0m"
                x = end
            }
        }
        return out
    }
}
