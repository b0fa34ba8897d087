import Canvas

/// Every continuation cell sits right of a width-2 grapheme, and every width-2 grapheme is
/// followed by a continuation cell (on the same row). Returns the offending positions.
func wideCharacterViolations(_ grid: CellGrid) -> [String] {
    var problems: [String] = []
    for y in 0..<grid.height {
        for x in 0..<grid.width {
            let cell = grid[x, y]
            if cell.isContinuation {
                let left = x > 0 ? grid[x - 1, y] : nil
                if left == nil || left!.isContinuation || left!.grapheme.first!.displayWidth != 2 {
                    problems.append("orphan continuation at (\(x), \(y))")
                }
            } else if cell.grapheme.first?.displayWidth == 2 {
                if x + 1 >= grid.width || !grid[x + 1, y].isContinuation {
                    problems.append("wide grapheme without continuation at (\(x), \(y))")
                }
            }
        }
    }
    return problems
}

/// The braille glyph for a dot mask, spelled out independently of DotCanvas.
func braille(_ mask: UInt32) -> String { String(Unicode.Scalar(0x2800 + mask)!) }
