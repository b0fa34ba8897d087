#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rectangle of cells: what a pane draws into and what the terminal backend diffs.
///
/// Invariants: `cells.count == width * height`; a continuation cell (empty grapheme) only ever
/// stands immediately right of a double-width grapheme. Writes outside the grid are dropped.
public struct CellGrid: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(width: width, height: height) }

    /// The cell at (x, y); reading outside the grid gives a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Fills `rect` (clipped to the grid) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = cell }
        }
    }

    /// Copies `other` into this grid with its top-left corner at (x, y), clipped.
    public mutating func blit(_ other: CellGrid, atX x: Int, y: Int) {
        let firstX = max(0, -x), lastX = min(other.width, width - x)  // source columns kept
        guard firstX < lastX else { return }
        for oy in 0..<other.height {
            let ty = y + oy
            guard ty >= 0, ty < height else { continue }
            let source = oy * other.width
            let target = ty * width + x
            cells.replaceSubrange((target + firstX)..<(target + lastX),
                                  with: other.cells[(source + firstX)..<(source + lastX)])
        }
    }

    /// One row's cells.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        guard y >= 0, y < height else { return [] }
        return cells[(y * width)..<((y + 1) * width)]
    }
}

/// Comparing grids as memory: a cell is 16 bytes with no padding (see `Cell`), so two cells are
/// equal exactly when their bytes are; an unchanged row is one memcmp, a changed one a few
/// instructions a cell.
extension CellGrid {
    /// The first and last columns of `columns` in row `y` where this grid differs from `other`,
    /// or nil when that part of the row is the same. Grids of different sizes differ everywhere.
    public func changedSpan(row y: Int, columns: Range<Int>, from other: CellGrid) -> ClosedRange<Int>? {
        let columns = columns.clamped(to: 0..<width)
        guard y >= 0, y < height, !columns.isEmpty else { return nil }
        let runs = changedRuns(in: Rect(x: columns.lowerBound, y: y, width: columns.count, height: 1), from: other)
        guard let first = runs.first, let last = runs.last else { return nil }
        return first.columns.lowerBound...(last.columns.upperBound - 1)
    }

    /// How many cells of `rect` (clipped) differ from `other`'s (all of them for another size).
    public func changedCellCount(in rect: Rect, from other: CellGrid) -> Int {
        changedRuns(in: rect, from: other).reduce(0) { $0 + $1.columns.count }
    }
}

/// One row's run of changed cells: what a terminal draw writes.
public struct CellRun: Hashable, Sendable, CustomStringConvertible {
    public var y: Int
    public var columns: Range<Int>

    public init(y: Int, columns: Range<Int>) {
        self.y = y
        self.columns = columns
    }

    public var description: String { "row \(y) \(columns.lowerBound)..<\(columns.upperBound)" }
}

/// The draw's plan: which cells of a new frame a terminal backend must write, as a pure function
/// of two grids (tests count the draw's work with it, no terminal needed).
extension CellGrid {
    /// The maximal runs of cells in the top-left `columns x rows` (clipped to the grid) that
    /// differ from `previous`'s, row by row, left to right; every cell when `previous` is nil or
    /// another size. An unchanged cell costs a comparison and nothing else: a paused screen plans
    /// no run at all.
    ///
    /// Wide glyphs need nothing more: a changed double-width grapheme is in a run and covers its
    /// continuation; a continuation that changed alone (its style) is in a run, and the backend
    /// skips it when the grapheme to its left covers it.
    public func changedRuns(from previous: CellGrid?, columns: Int? = nil, rows: Int? = nil) -> [CellRun] {
        changedRuns(in: Rect(x: 0, y: 0, width: Swift.max(0, columns ?? width), height: Swift.max(0, rows ?? height)), from: previous)
    }

    /// The maximal runs of changed cells inside `rect` (clipped to the grid), as above.
    public func changedRuns(in rect: Rect, from previous: CellGrid?) -> [CellRun] {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return [] }
        guard let previous, previous.width == width, previous.height == height else {
            return (r.y..<r.maxY).map { CellRun(y: $0, columns: r.x..<r.maxX) }
        }
        var runs: [CellRun] = []
        let rowWidth = width
        cells.withUnsafeBytes { mine in
            previous.cells.withUnsafeBytes { theirs in
                let stride = MemoryLayout<Cell>.stride
                for y in r.y..<r.maxY {
                    let base = y * rowWidth
                    // An unchanged row (most of them) is one memcmp.
                    if Self.sameBytes(mine, theirs, offset: (base + r.x) * stride, count: r.width * stride) { continue }
                    @inline(__always) func same(_ x: Int) -> Bool {
                        let offset = (base + x) * stride
                        return mine.loadUnaligned(fromByteOffset: offset, as: SIMD2<UInt64>.self)
                            == theirs.loadUnaligned(fromByteOffset: offset, as: SIMD2<UInt64>.self)
                    }
                    var x = r.x
                    while x < r.maxX {
                        while x < r.maxX && same(x) { x += 1 }
                        guard x < r.maxX else { break }
                        let start = x
                        while x < r.maxX && !same(x) { x += 1 }
                        runs.append(CellRun(y: y, columns: start..<x))
                    }
                }
            }
        }
        return runs
    }

    /// Whether `count` bytes from `offset` are the same in both buffers.
    @inline(__always)
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, offset: Int, count: Int) -> Bool {
        guard let a = a.baseAddress, let b = b.baseAddress else { return count == 0 }
        return memcmp(a + offset, b + offset, count) == 0
    }
}
