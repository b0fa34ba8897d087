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

/// Foreground, background and attributes: everything about a cell except its text.
public struct Style: Hashable, Sendable, Codable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: CellAttributes

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default,
                attributes: CellAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()
}

/// One terminal cell.
///
/// Invariant: `grapheme` is a single printable grapheme cluster of display width 1 or 2, or
/// the empty string for the right half of a double-width character (a *continuation* cell).
///
/// The grapheme is stored inline as up to four Unicode scalars (a base and its combining
/// marks), so a cell is a plain value with no reference counting: grids of 12,000 cells are
/// copied, compared and diffed every frame. Longer clusters (rare: some emoji sequences) keep
/// their first four scalars.
public struct Cell: Hashable, Sendable {
    /// The grapheme's scalars, zero-padded; all zero for a continuation cell.
    public private(set) var scalars: SIMD4<UInt32>
    public var style: Style

    public init(_ grapheme: String = " ", style: Style = .plain) {
        self.scalars = Cell.pack(grapheme)
        self.style = style
    }

    public init(scalar: Unicode.Scalar, style: Style = .plain) {
        self.scalars = SIMD4(scalar.value, 0, 0, 0)
        self.style = style
    }

    /// The grapheme as text ("" for a continuation cell).
    public var grapheme: String {
        get {
            var text = String.UnicodeScalarView()
            for index in 0..<4 {
                guard scalars[index] != 0, let scalar = Unicode.Scalar(scalars[index]) else { break }
                text.append(scalar)
            }
            return String(text)
        }
        set { scalars = Cell.pack(newValue) }
    }

    /// The first scalar of the grapheme (nil for a continuation cell).
    public var baseScalar: Unicode.Scalar? { scalars.x == 0 ? nil : Unicode.Scalar(scalars.x) }

    static func pack(_ grapheme: String) -> SIMD4<UInt32> {
        var packed = SIMD4<UInt32>(repeating: 0)
        var index = 0
        for scalar in grapheme.unicodeScalars {
            guard index < 4 else { break }
            packed[index] = scalar.value
            index += 1
        }
        return packed
    }

    public static let blank = Cell()
    /// The right half of a double-width grapheme: drawn by the cell to its left.
    public static func continuation(style: Style) -> Cell { Cell("", style: style) }
    public var isContinuation: Bool { scalars.x == 0 }
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
