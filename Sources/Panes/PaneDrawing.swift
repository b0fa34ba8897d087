import Canvas

/// Drawing over a shaded picture (a heatmap) without wiping its shading.
extension CellGrid {
    /// Braille dots drawn over a heatmap at `plot`: each non-empty dot cell keeps the
    /// background colour already in the grid.
    mutating func overlayKeepingBackground(_ canvas: DotCanvas, at plot: Rect) {
        var layer = CellGrid(width: plot.width, height: plot.height)
        canvas.overlay(onto: &layer, atX: 0, y: 0)
        for y in 0..<plot.height {
            for x in 0..<plot.width {
                let dot = layer[x, y]
                guard dot.glyph != .space else { continue }
                var style = dot.style
                style.background = self[plot.x + x, plot.y + y].style.background
                put(Cell(glyph: dot.glyph, style: style), at: plot.x + x, plot.y + y)
            }
        }
    }

    /// One glyph at (x, y) in `style`, over the background colour already there.
    mutating func putKeepingBackground(_ glyph: String, _ style: Style, _ x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        var style = style
        style.background = self[x, y].style.background
        put(Cell(glyph, style: style), at: x, y)
    }
}
