import Synchronization

/// A colour as a terminal can be asked to show it. Semantic roles (`Theme`) resolve to one of
/// these per colour tier; a `Cell` only ever holds resolved colours.
public enum TerminalColor: Hashable, Sendable, Codable {
    /// The terminal's own default foreground or background.
    case `default`
    /// One of the 16 ANSI colours (0-7 normal, 8-15 bright).
    case ansi(UInt8)
    /// One of the 256 xterm palette entries.
    case palette(UInt8)
    /// 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes a terminal can show; monochrome screens read through these alone.
public struct CellAttributes: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let reverse = CellAttributes(rawValue: 1 << 2)
    public static let underline = CellAttributes(rawValue: 1 << 3)
}

extension TerminalColor {
    /// The colour in 32 bits: the kind in the top byte (0 default, 1 ANSI, 2 palette, 3 RGB) and
    /// its number or red-green-blue below. `init(packed:)` undoes it; equal colours pack equal.
    public var packed: UInt32 {
        switch self {
        case .default: return 0
        case .ansi(let n): return 0x0100_0000 | UInt32(n)
        case .palette(let n): return 0x0200_0000 | UInt32(n)
        case .rgb(let r, let g, let b): return 0x0300_0000 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
        }
    }

    public init(packed: UInt32) {
        let low = UInt8(truncatingIfNeeded: packed)
        switch packed >> 24 {
        case 1: self = .ansi(low)
        case 2: self = .palette(low)
        case 3: self = .rgb(UInt8(truncatingIfNeeded: packed >> 16), UInt8(truncatingIfNeeded: packed >> 8), low)
        default: self = .default
        }
    }
}

/// Foreground, background and attributes: everything about a cell except its text.
///
/// The colours are kept packed (`TerminalColor.packed`), so comparing two styles is comparing
/// three integers: grids are compared cell by cell every frame.
public struct Style: Hashable, Sendable, Codable {
    /// `foreground.packed`, `background.packed`.
    public private(set) var packedForeground: UInt32
    public private(set) var packedBackground: UInt32
    public var attributes: CellAttributes

    public var foreground: TerminalColor {
        get { TerminalColor(packed: packedForeground) }
        set { packedForeground = newValue.packed }
    }
    public var background: TerminalColor {
        get { TerminalColor(packed: packedBackground) }
        set { packedBackground = newValue.packed }
    }

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default,
                attributes: CellAttributes = []) {
        self.packedForeground = foreground.packed
        self.packedBackground = background.packed
        self.attributes = attributes
    }

    public static let plain = Style()

    private enum CodingKeys: String, CodingKey { case foreground, background, attributes }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(foreground: try values.decode(TerminalColor.self, forKey: .foreground),
                  background: try values.decode(TerminalColor.self, forKey: .background),
                  attributes: try values.decode(CellAttributes.self, forKey: .attributes))
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(foreground, forKey: .foreground)
        try values.encode(background, forKey: .background)
        try values.encode(attributes, forKey: .attributes)
    }
}

/// A grapheme as a cell holds it: one small integer, so a cell is a plain 16-byte value with no
/// reference counting that compares as integers (grids of 12,000 cells are copied, compared and
/// diffed every frame) and a terminal backend can key its caches by it.
///
/// A single Unicode scalar is its own value (U+0000 is the continuation cell's); a cluster of
/// two to four scalars (a base and its combining marks) is interned once per process and gets a
/// number from 0x110000 up. Longer clusters keep their first four scalars; once 65,536
/// different clusters have been interned (untrusted text could make any number), a new one is
/// reduced to its first scalar.
public struct GlyphID: Hashable, Sendable {
    public let rawValue: UInt32

    /// The right half of a double-width grapheme.
    public static let continuation = GlyphID(rawValue: 0)
    public static let space = GlyphID(rawValue: 0x20)
    /// The first number given to an interned cluster (one past the last Unicode scalar).
    static let firstCluster: UInt32 = 0x11_0000

    init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ scalar: Unicode.Scalar) { rawValue = scalar.value }

    /// The glyph for `text`, one grapheme (its first four scalars; "" is the continuation glyph).
    public init(_ text: String) {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { self = .continuation; return }
        guard let second = scalars.next() else { rawValue = first.value; return }
        var packed = SIMD4<UInt32>(first.value, second.value, 0, 0)
        if let third = scalars.next() {
            packed[2] = third.value
            if let fourth = scalars.next() { packed[3] = fourth.value }
        }
        rawValue = GlyphClusters.table.withLock { $0.id(for: packed) }
    }

    /// Whether the glyph is one scalar (or the continuation).
    public var isSingleScalar: Bool { rawValue < Self.firstCluster }

    /// The grapheme's scalars (none for the continuation).
    public var unicodeScalars: [Unicode.Scalar] {
        if rawValue == 0 { return [] }
        if isSingleScalar { return Unicode.Scalar(rawValue).map { [$0] } ?? [] }
        let packed = GlyphClusters.table.withLock { $0.cluster(rawValue) }
        return (0..<4).compactMap { packed[$0] == 0 ? nil : Unicode.Scalar(packed[$0]) }
    }

    /// The grapheme as text ("" for the continuation).
    public var grapheme: String {
        if isSingleScalar, let scalar = Unicode.Scalar(rawValue), rawValue != 0 { return String(Character(scalar)) }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: unicodeScalars)
        return String(text)
    }

    /// Cells the grapheme takes (Canvas's East Asian Width rules): 0 for the continuation,
    /// otherwise 1 or 2 (a grapheme of no width on its own, such as a lone combining mark, counts 1).
    var displayWidth: UInt8 {
        if rawValue == 0 { return 0 }
        if isSingleScalar { return UInt8(max(1, Unicode.Scalar(rawValue)?.cellWidth ?? 1)) }
        for scalar in unicodeScalars {
            let width = scalar.cellWidth
            if width > 0 { return UInt8(width) }
        }
        return 1
    }
}

/// The interned clusters of two to four scalars (see `GlyphID`).
struct GlyphClusters: Sendable {
    static let table = Mutex(GlyphClusters())
    static let capacity = 1 << 16

    private var ids: [SIMD4<UInt32>: UInt32] = [:]
    private var clusters: [SIMD4<UInt32>] = []

    mutating func id(for packed: SIMD4<UInt32>) -> UInt32 {
        if let id = ids[packed] { return id }
        guard clusters.count < Self.capacity else { return packed[0] }
        let id = GlyphID.firstCluster + UInt32(clusters.count)
        clusters.append(packed)
        ids[packed] = id
        return id
    }

    func cluster(_ id: UInt32) -> SIMD4<UInt32> {
        let index = Int(id - GlyphID.firstCluster)
        return index < clusters.count ? clusters[index] : SIMD4(0x3F, 0, 0, 0)  // "?": never made here
    }
}

/// One terminal cell.
///
/// Invariants: `glyph` is a single printable grapheme cluster of display width 1 or 2, or
/// `.continuation` for the right half of a double-width character (a *continuation* cell);
/// `width` is its display width (0 for a continuation). The layout is 16 bytes with no padding
/// (glyph, colours, attributes, width, a zero pad), so rows of cells compare as raw memory
/// (`CellGrid.firstDifference`); a test checks it.
public struct Cell: Hashable, Sendable {
    public private(set) var glyph: GlyphID
    public var style: Style
    private var storedWidth: UInt8
    private let padding: UInt16 = 0

    public init(_ grapheme: String = " ", style: Style = .plain) {
        self.init(glyph: GlyphID(grapheme), style: style)
    }

    public init(scalar: Unicode.Scalar, style: Style = .plain) {
        self.glyph = GlyphID(scalar)
        self.style = style
        self.storedWidth = scalar.value == 0 ? 0 : UInt8(max(1, scalar.cellWidth))
    }

    public init(glyph: GlyphID, style: Style = .plain) {
        self.glyph = glyph
        self.style = style
        self.storedWidth = glyph.displayWidth
    }

    /// The grapheme as text ("" for a continuation cell).
    public var grapheme: String {
        get { glyph.grapheme }
        set {
            glyph = GlyphID(newValue)
            storedWidth = glyph.displayWidth
        }
    }

    /// Cells the grapheme takes: 1 or 2 (0 for a continuation cell).
    public var width: Int { Int(storedWidth) }

    /// The first scalar of the grapheme (nil for a continuation cell).
    public var baseScalar: Unicode.Scalar? { glyph.unicodeScalars.first }

    public static let blank = Cell()
    /// The right half of a double-width grapheme: drawn by the cell to its left.
    public static func continuation(style: Style) -> Cell { Cell(glyph: .continuation, style: style) }
    public var isContinuation: Bool { glyph.rawValue == 0 }
}

/// A rectangle of cells; origin at the top left, x to the right, y down.
public struct Rect: Hashable, Sendable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(width: Int, height: Int) { self.init(x: 0, y: 0, width: width, height: height) }

    public var isEmpty: Bool { width == 0 || height == 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The rectangle shrunk by `by` cells on every side (never negative).
    public func inset(by: Int) -> Rect {
        Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by)
    }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }
}
