/// Contour lines at cell resolution, for pictures that must read without colour: given each
/// cell's band (0 lowest; nil where the function is undefined), the cells that lie on the low
/// side of a change of band towards a 4-neighbour. Each boundary is one cell thick, and a
/// cell is marked once however many bands meet there.
public enum LevelLines {
    /// `bands` is row-major, `width` x `height`; the result has the same layout.
    public static func edges(bands: [Int?], width: Int, height: Int) -> [Bool] {
        guard width > 0, height > 0, bands.count == width * height else { return [] }
        var edge = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                guard let band = bands[y * width + x] else { continue }
                func higher(_ nx: Int, _ ny: Int) -> Bool {
                    guard nx >= 0, ny >= 0, nx < width, ny < height, let other = bands[ny * width + nx] else { return false }
                    return other > band
                }
                edge[y * width + x] = higher(x + 1, y) || higher(x - 1, y) || higher(x, y + 1) || higher(x, y - 1)
            }
        }
        return edge
    }

    /// Puts `glyph` in `style` into every edge cell of a `width` x `height` band map placed at
    /// (x, y) in `grid`, leaving the other cells as they are.
    public static func draw(bands: [Int?], width: Int, height: Int, glyph: String, style: Style,
                            into grid: inout CellGrid, atX x: Int, y: Int) {
        let edge = edges(bands: bands, width: width, height: height)
        for row in 0..<height where !edge.isEmpty {
            for column in 0..<width where edge[row * width + column] {
                grid.put(Cell(glyph, style: style), at: x + column, y + row)
            }
        }
    }
}
