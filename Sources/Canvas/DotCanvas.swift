/// A plotting surface finer than a cell: braille (2x4 dots per cell) for Unicode terminals,
/// or ASCII (1x2 dots per cell: `'` upper, `.` lower, `:` both) elsewhere. Dots are square on a
/// terminal whose cells are twice as tall as wide.
///
/// Invariant: dot (x, y) has x in 0..<dotWidth, y in 0..<dotHeight, y growing downwards; writes
/// outside are dropped. Each cell keeps the style of the last dot set in it.
public struct DotCanvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let charset: Charset
    public let dotsPerCellX: Int
    public let dotsPerCellY: Int
    private var masks: [UInt8]
    private var styles: [Style]

    public init(width: Int, height: Int, charset: Charset) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.charset = charset
        dotsPerCellX = charset == .unicode ? 2 : 1
        dotsPerCellY = charset == .unicode ? 4 : 2
        masks = Array(repeating: 0, count: self.width * self.height)
        styles = Array(repeating: .plain, count: self.width * self.height)
    }

    public var dotWidth: Int { width * dotsPerCellX }
    public var dotHeight: Int { height * dotsPerCellY }

    /// Braille bit of the dot at (dx, dy) within a cell (Unicode dot numbering 1-8).
    static let brailleBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// The 256 braille glyphs, U+2800 + mask, made once.
    static let brailleGlyphs: [String] = (0..<256).map { String(Unicode.Scalar(0x2800 + $0)!) }
    static let asciiGlyphs = [" ", "'", ".", ":"]
    static let asciiScalars: [Unicode.Scalar] = [" ", "'", ".", ":"]

    public mutating func set(x: Int, y: Int, style: Style = .plain) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / dotsPerCellY) * width + x / dotsPerCellX
        let bit: UInt8 = charset == .unicode
            ? Self.brailleBits[x % 2][y % 4]
            : (y % 2 == 0 ? 1 : 2)
        masks[cell] |= bit
        styles[cell] = style
    }

    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        let cell = (y / dotsPerCellY) * width + x / dotsPerCellX
        let bit: UInt8 = charset == .unicode ? Self.brailleBits[x % 2][y % 4] : (y % 2 == 0 ? 1 : 2)
        return masks[cell] & bit != 0
    }

    /// Clears every dot.
    public mutating func clear() {
        for i in masks.indices { masks[i] = 0 }
    }

    /// The canvas as cells; cells without dots are blank.
    public func render() -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        overlay(onto: &grid, atX: 0, y: 0)
        return grid
    }

    /// Writes only the cells that have dots into `grid` at (x, y), so layers stack.
    public func overlay(onto grid: inout CellGrid, atX x: Int, y: Int) {
        for cy in 0..<height {
            for cx in 0..<width {
                let mask = masks[cy * width + cx]
                guard mask != 0 else { continue }
                let glyph = charset == .unicode ? Unicode.Scalar(0x2800 + UInt32(mask))! : Self.asciiScalars[Int(mask)]
                grid.put(Cell(scalar: glyph, style: styles[cy * width + cx]), at: x + cx, y + cy)
            }
        }
    }
}

/// A heatmap surface of 1x2 values per cell: with Unicode each cell is `▀` with the upper value's
/// colour in front and the lower's behind; without colour (tier none) or in ASCII each cell
/// shows the mean of its two values as a shade glyph.
///
/// Values are positions on the theme's ramp in [0, 1]; NaN marks "no value" (drawn distinctly).
public struct HalfBlockCanvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let ramp: Ramp
    private var values: [Double]

    public init(width: Int, height: Int, ramp: Ramp = .diverging) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.ramp = ramp
        values = Array(repeating: .nan, count: self.width * self.height * 2)
    }

    public var dotWidth: Int { width }
    public var dotHeight: Int { height * 2 }

    public mutating func set(x: Int, y: Int, value: Double) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        values[y * width + x] = value
    }

    public func value(x: Int, y: Int) -> Double {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return .nan }
        return values[y * width + x]
    }

    public func render(theme: Theme, charset: Charset) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let levels = theme.levels(of: ramp)
        // The colour of t, as `theme.color(ramp, at:)` but with the ramp looked up once.
        func color(_ t: Double) -> TerminalColor {
            guard !t.isNaN else { return Theme.invalidColor }
            return levels.isEmpty ? .default : levels[Theme.level(t, count: levels.count)]
        }
        for cy in 0..<height {
            for cx in 0..<width {
                let upper = values[(2 * cy) * width + cx], lower = values[(2 * cy + 1) * width + cx]
                if upper.isNaN && lower.isNaN { continue }
                if theme.tier == .none {
                    let mean = upper.isNaN ? lower : lower.isNaN ? upper : (upper + lower) / 2
                    grid[cx, cy] = Cell(theme.rampGlyph(at: mean, charset: charset))
                } else if charset == .ascii {
                    let mean = upper.isNaN ? lower : lower.isNaN ? upper : (upper + lower) / 2
                    grid[cx, cy] = Cell(scalar: " ", style: Style(background: color(mean)))
                } else {
                    let top = color(upper), bottom = color(lower)
                    grid[cx, cy] = top == bottom
                        ? Cell(scalar: " ", style: Style(background: top))
                        : Cell(scalar: "▀", style: Style(foreground: top, background: bottom))
                }
            }
        }
        return grid
    }
}
