import Canvas

/// Places short labels beside anchor cells of a plot so that no label covers another label or
/// a drawn curve: candidate positions around the anchor (beside it on its row, then on the rows
/// above and below, the outward side first) are tried nearest first; a position over an axis
/// line is taken only when no clear one is near. A label with no free place nearby is left out
/// rather than drawn over the picture.
///
/// Pure: built from the plot's cells (what is drawn) and the cells of its axis lines alone.
struct LabelPlacer {
    let width: Int
    let height: Int
    /// Cells a label must never cover: curves, arrows, points, and labels placed already.
    private var blocked: [Bool]
    /// Cells a label covers only for want of better: the axis lines through the origin.
    private var soft: [Bool]

    /// `drawn`: the plot's cells with everything on them; `axes`: the same plot with only its
    /// axis lines (a cell that differs between the two carries a curve).
    init(drawn: CellGrid, axes: CellGrid) {
        width = drawn.width
        height = drawn.height
        blocked = Array(repeating: false, count: width * height)
        soft = Array(repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let cell = drawn[x, y], axis = axes[x, y]
                if cell.glyph == Cell.blank.glyph { continue }
                if cell.glyph == axis.glyph { soft[y * width + x] = true } else { blocked[y * width + x] = true }
            }
        }
    }

    /// Where a label `length` cells long goes for an anchor at cell (x, y) (which may lie a
    /// little outside the plot); `right` / `up` say which side is outward. Nil when no place
    /// within three cells of the anchor is free. The place found is marked taken (with a
    /// cell of space either side, so two labels never run together).
    mutating func place(length: Int, anchorX ax: Int, anchorY ay: Int, right: Bool, up: Bool) -> (x: Int, y: Int)? {
        guard length > 0, length <= width, height > 0 else { return nil }
        let ax = min(max(ax, -1), width), ay = min(max(ay, -1), height)
        var best: (x: Int, y: Int, cost: Double)?
        for dy in -3...3 {
            let y = ay + dy
            guard y >= 0, y < height else { continue }
            for x in (ax - length - 3)...(ax + 4) {
                guard x >= 0, x + length <= width else { continue }
                // Never over the anchor itself (the tip of what is labelled).
                if dy == 0, x <= ax, ax < x + length { continue }
                var hard = false, softCount = 0
                for i in x..<(x + length) {
                    if blocked[y * width + i] { hard = true; break }
                    if soft[y * width + i] { softCount += 1 }
                }
                if hard { continue }
                let gap = x > ax ? x - ax - 1 : (x + length <= ax ? ax - (x + length) : 0)
                // Nearest first; then the outward side (right of a tip on the right, left of
                // one on the left; straddling the tip's column in between), then outward rows.
                let side: Double = x > ax ? (right ? 0 : 0.8) : (x + length <= ax ? (right ? 0.8 : 0) : 0.4)
                var cost = Double(gap) + 1.6 * Double(abs(dy)) + side
                if dy != 0, (dy < 0) != up { cost += 0.4 }
                cost += 3 * Double(softCount)
                if best == nil || cost < best!.cost { best = (x, y, cost) }
            }
        }
        guard let found = best else { return nil }
        for i in max(0, found.x - 1)..<min(width, found.x + length + 1) { blocked[found.y * width + i] = true }
        return (found.x, found.y)
    }
}
