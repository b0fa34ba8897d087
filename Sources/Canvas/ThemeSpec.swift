/// A colour ramp: maps t in [0, 1] to a colour. Few levels on purpose: heatmaps stay cheap
/// over SSH (a cell whose level did not change sends nothing).
public enum Ramp: String, Sendable, Codable, CaseIterable {
    /// Low to high (dark blue to yellow).
    case sequential
    /// Negative to positive around t = 0.5 (orange, white, blue: TensorFlow Playground's scale).
    case diverging
}

/// A 24-bit colour.
public struct RGB: Hashable, Sendable, Codable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses "#rrggbb".
    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", hex.dropFirst().allSatisfy(\.isHexDigit),
              let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }

    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String(digits[Int($0 >> 4)]) + String(digits[Int($0 & 15)]) }.joined()
    }

    /// Linear interpolation, t in [0, 1].
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(lerp(r, other.r), lerp(g, other.g), lerp(b, other.b))
    }
}

/// The xterm palettes, for mapping 24-bit colours down a tier.
public enum Palette {
    /// The 16 ANSI colours as xterm shows them.
    public static let ansi16: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205),
        RGB(0, 205, 205), RGB(229, 229, 229), RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0),
        RGB(255, 255, 0), RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The colour of xterm-256 entry `index`.
    public static func rgb(ofPalette index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return ansi16[i] }
        if i >= 232 {
            let level = UInt8(8 + 10 * (i - 232))
            return RGB(level, level, level)
        }
        let cube = i - 16
        let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
        return RGB(steps[cube / 36], steps[cube / 6 % 6], steps[cube % 6])
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        // Weighted towards green, as the eye is.
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The nearest of entries 16-255 (the cube and greys are the same on every terminal).
    public static func nearest256(_ c: RGB) -> UInt8 {
        var best: UInt8 = 16
        var bestDistance = Int.max
        for index in 16...255 {
            let d = distance(c, rgb(ofPalette: UInt8(index)))
            if d < bestDistance {
                bestDistance = d
                best = UInt8(index)
            }
        }
        return best
    }

    /// The nearest of the 16 ANSI colours.
    public static func nearest16(_ c: RGB) -> UInt8 {
        UInt8(ansi16.indices.min { distance(c, ansi16[$0]) < distance(c, ansi16[$1]) }!)
    }
}

/// How one role looks when colour is available: a colour (or the terminal default), an optional
/// explicit 16-colour choice, and attributes.
public struct RoleSpec: Sendable, Codable, Equatable {
    /// "#rrggbb", or nil for the terminal's default.
    public var fg: String?
    public var bg: String?
    /// Explicit ANSI colours for the 16-colour tier (else the nearest is used).
    public var fg16: Int?
    public var bg16: Int?
    public var attributes: [String]?

    public init(fg: String? = nil, bg: String? = nil, fg16: Int? = nil, bg16: Int? = nil, attributes: [String]? = nil) {
        self.fg = fg
        self.bg = bg
        self.fg16 = fg16
        self.bg16 = bg16
        self.attributes = attributes
    }
}

/// A theme as written in `assets/themes/NAME.json`: tier-independent.
public struct ThemeSpec: Sendable, Codable, Equatable {
    public var name: String
    public var roles: [String: RoleSpec]
    /// Colour stops per ramp ("#rrggbb"), evenly spaced.
    public var ramps: [String: [String]]
    /// The ramp's levels at the 16-colour tier, as ANSI indices.
    public var ramps16: [String: [Int]]

    /// The built-in default, identical to the shipped `assets/themes/default.json`.
    public static let builtIn = ThemeSpec(
        name: "default",
        roles: [
            "text": RoleSpec(),
            "muted": RoleSpec(fg: "#8a8a8a", fg16: 8),
            "title": RoleSpec(fg: "#5fafff", fg16: 12, attributes: ["bold"]),
            "frame": RoleSpec(fg: "#6c6c6c", fg16: 8),
            "focusedFrame": RoleSpec(fg: "#ffd75f", fg16: 11, attributes: ["bold"]),
            "accent": RoleSpec(fg: "#5fd7ff", fg16: 14),
            "highlight": RoleSpec(fg: "#000000", bg: "#ffd75f", fg16: 0, bg16: 11, attributes: ["bold"]),
            "good": RoleSpec(fg: "#87d787", fg16: 10),
            "warning": RoleSpec(fg: "#ffaf5f", fg16: 11, attributes: ["bold"]),
            "error": RoleSpec(fg: "#ff5f5f", fg16: 9, attributes: ["bold"]),
            "statusBar": RoleSpec(fg: "#d0d0d0", bg: "#303030", fg16: 15, bg16: 4),
            "statusKey": RoleSpec(fg: "#ffd75f", bg: "#303030", fg16: 11, bg16: 4, attributes: ["bold"]),
            "series1": RoleSpec(fg: "#5fafff", fg16: 12),
            "series2": RoleSpec(fg: "#ff875f", fg16: 9),
            "series3": RoleSpec(fg: "#87d75f", fg16: 10),
            "series4": RoleSpec(fg: "#d787ff", fg16: 13),
            "series5": RoleSpec(fg: "#ffd75f", fg16: 11),
            "series6": RoleSpec(fg: "#5fd7d7", fg16: 14),
            "axis": RoleSpec(fg: "#6c6c6c", fg16: 8),
        ],
        ramps: [
            "sequential": ["#2c1e5a", "#2a5f9e", "#20a486", "#8fd744", "#fde725"],
            "diverging": ["#f59322", "#fbd9b0", "#f5f5f5", "#a9cce6", "#0877bd"],
        ],
        ramps16: [
            "sequential": [4, 6, 2, 10, 11],
            "diverging": [3, 11, 7, 14, 4],
        ])
}
