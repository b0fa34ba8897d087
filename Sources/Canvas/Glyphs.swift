/// The glyphs a charset draws frames, arrows and marks with.
public struct Glyphs: Sendable, Equatable {
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    public var arrowRight: String
    public var arrowLeft: String
    public var arrowUp: String
    public var arrowDown: String
    public var ellipsis: String
    public var bullet: String
    public var cross: String
    /// The same set with heavy lines: the focused frame.
    public var heavy: Glyphs { Self.heavyVariant(of: self) }

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                       bottomLeft: "└", bottomRight: "┘", arrowRight: "→", arrowLeft: "←",
                                       arrowUp: "↑", arrowDown: "↓", ellipsis: "…", bullet: "•", cross: "×")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                     bottomLeft: "+", bottomRight: "+", arrowRight: ">", arrowLeft: "<",
                                     arrowUp: "^", arrowDown: "v", ellipsis: "~", bullet: "*", cross: "x")

    public static func forCharset(_ charset: Charset) -> Glyphs { charset == .unicode ? .unicode : .ascii }

    static func heavyVariant(of glyphs: Glyphs) -> Glyphs {
        var heavy = glyphs
        if glyphs.horizontal == "─" {
            heavy.horizontal = "━"
            heavy.vertical = "┃"
            heavy.topLeft = "┏"
            heavy.topRight = "┓"
            heavy.bottomLeft = "┗"
            heavy.bottomRight = "┛"
        } else if glyphs.horizontal == "-" {
            heavy.horizontal = "="
            heavy.topLeft = "#"
            heavy.topRight = "#"
            heavy.bottomLeft = "#"
            heavy.bottomRight = "#"
        }
        return heavy
    }
}

extension CellGrid {
    /// A box around `rect` (clipped to the grid) with an optional title in the top edge,
    /// truncated to fit: `┌─ Title ─────┐`.
    public mutating func drawFrame(_ rect: Rect, title: String?, style: Style, glyphs: Glyphs) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        // Each glyph made into a cell once (not a cell from a String at every position).
        let horizontal = Cell(glyphs.horizontal, style: style), vertical = Cell(glyphs.vertical, style: style)
        for x in (rect.x + 1)..<right {
            put(horizontal, at: x, rect.y)
            put(horizontal, at: x, bottom)
        }
        for y in (rect.y + 1)..<bottom {
            put(vertical, at: rect.x, y)
            put(vertical, at: right, y)
        }
        put(Cell(glyphs.topLeft, style: style), at: rect.x, rect.y)
        put(Cell(glyphs.topRight, style: style), at: right, rect.y)
        put(Cell(glyphs.bottomLeft, style: style), at: rect.x, bottom)
        put(Cell(glyphs.bottomRight, style: style), at: right, bottom)
        if let title, !title.isEmpty, rect.width >= 6 {
            let charset: Charset = glyphs.horizontal == "-" || glyphs.horizontal == "=" ? .ascii : .unicode
            write(" " + title + " ", x: rect.x + 2, y: rect.y, style: style, maxWidth: rect.width - 4, charset: charset)
        }
    }
}

/// Splitting rectangles: exact tilings, no gaps, no overlaps.
public enum Layout {
    public enum Axis: Sendable { case horizontal, vertical }

    /// Splits `rect` along `axis` in proportion to `fractions` (normalised). The sizes always
    /// add up to the whole: rounding remainders go to the earliest parts.
    public static func split(_ rect: Rect, axis: Axis, fractions: [Double]) -> [Rect] {
        guard !fractions.isEmpty else { return [] }
        let total = axis == .horizontal ? rect.width : rect.height
        let weights = fractions.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let sum = weights.reduce(0, +)
        // Divide first: `total * weight` overflows to infinity for huge finite weights.
        var sizes = weights.map { sum > 0 ? Int(($0 / sum * Double(total)).rounded(.down)) : 0 }
        var remainder = total - sizes.reduce(0, +)
        var index = 0
        while remainder > 0 {
            if weights[index % weights.count] > 0 || sum == 0 {
                sizes[index % sizes.count] += 1
                remainder -= 1
            }
            index += 1
        }
        var offset = axis == .horizontal ? rect.x : rect.y
        return sizes.map { size in
            defer { offset += size }
            return axis == .horizontal ? Rect(x: offset, y: rect.y, width: size, height: rect.height)
                                       : Rect(x: rect.x, y: offset, width: rect.width, height: size)
        }
    }

    /// The dashboard arrangement for 1-4 panes: 1 fills; 2 side by side when the area is wide
    /// (more than 2.2 columns per row: cells are tall), else stacked; 3 = one large left and two
    /// stacked right; 4 = 2x2; more: rows of two, an odd last one across its row.
    public static func dashboard(_ rect: Rect, paneCount: Int) -> [Rect] {
        let wide = Double(rect.width) > 2.2 * Double(rect.height)
        switch paneCount {
        case ..<1: return []
        case 1: return [rect]
        case 2: return split(rect, axis: wide ? .horizontal : .vertical, fractions: [1, 1])
        case 3:
            let halves = split(rect, axis: .horizontal, fractions: [1, 1])
            return [halves[0]] + split(halves[1], axis: .vertical, fractions: [1, 1])
        default:
            let rows = split(rect, axis: .vertical, fractions: [1, 1])
            let cells = rows.flatMap { split($0, axis: .horizontal, fractions: [1, 1]) }
            if paneCount == 4 { return cells }
            // More than four: ceil(n/2) rows of two; an odd last pane takes its row's full width.
            let rowCount = (paneCount + 1) / 2
            let rowRects = split(rect, axis: .vertical, fractions: Array(repeating: 1, count: rowCount))
            return rowRects.enumerated().flatMap { index, row in
                index == rowCount - 1 && paneCount % 2 == 1 ? [row] : split(row, axis: .horizontal, fractions: [1, 1])
            }
        }
    }
}
