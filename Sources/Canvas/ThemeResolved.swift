/// A theme resolved for one colour tier: every role's style and every ramp's levels computed
/// once, so drawing only looks them up.
///
/// At tier `.none` colours are dropped and roles stay distinguishable through attributes
/// (titles bold, the focused frame bold, muted text dim, warnings bold, the status bar reversed);
/// ramps are then drawn as shade glyphs (`rampGlyph`).
public struct Theme: Sendable {
    public let name: String
    public let tier: ColorTier
    /// Indexed by `Role.allCases` order (arrays, not dictionaries: looked up per cell).
    private let styles: [Style]
    /// Indexed by `Ramp.allCases` order.
    private let rampLevels: [[TerminalColor]]

    /// The colour for NaN or missing values on a ramp.
    public static let invalidColor = TerminalColor.ansi(5)

    public init(spec: ThemeSpec, tier: ColorTier) {
        name = spec.name
        self.tier = tier
        styles = Role.allCases.map { role in
            Self.resolve(spec.roles[role.rawValue] ?? RoleSpec(), role: role, tier: tier)
        }
        var levels: [[TerminalColor]] = []
        for ramp in Ramp.allCases {
            let stops = (spec.ramps[ramp.rawValue] ?? []).compactMap(RGB.init(hex:))
            let fallback = ThemeSpec.builtIn.ramps[ramp.rawValue]!.compactMap(RGB.init(hex:))
            levels.append(Self.levels(stops.count >= 2 ? stops : fallback,
                                       ansi: spec.ramps16[ramp.rawValue] ?? ThemeSpec.builtIn.ramps16[ramp.rawValue]!,
                                       tier: tier))
        }
        rampLevels = levels
    }

    /// The built-in default theme at `tier`.
    public static func builtIn(tier: ColorTier) -> Theme { Theme(spec: .builtIn, tier: tier) }

    /// The style of a semantic role at this tier.
    public func style(_ role: Role) -> Style { styles[Role.allCases.firstIndex(of: role)!] }

    /// How many distinct colours a ramp has at this tier (1 at tier none: glyphs carry it).
    public func levelCount(_ ramp: Ramp) -> Int { max(1, levels(of: ramp).count) }

    /// The resolved colour levels of a ramp at this tier, darkest/lowest first.
    public func levels(of ramp: Ramp) -> [TerminalColor] { rampLevels[Ramp.allCases.firstIndex(of: ramp)!] }

    /// The ramp's colour at t in [0, 1] (clamped), quantised to the tier's levels; NaN gives
    /// `invalidColor`. At tier none the terminal default (draw `rampGlyph` instead).
    public func color(_ ramp: Ramp, at t: Double) -> TerminalColor {
        guard !t.isNaN else { return tier == .none ? .default : Self.invalidColor }
        let levels = levels(of: ramp)
        guard !levels.isEmpty else { return .default }
        return levels[Self.level(t, count: levels.count)]
    }

    /// A shade glyph for t in [0, 1]: density carries the value without colour.
    public func rampGlyph(at t: Double, charset: Charset) -> String {
        let shades = charset == .unicode ? Self.unicodeShades : Self.asciiShades
        guard !t.isNaN else { return "?" }
        return shades[Self.level(t, count: shades.count)]
    }

    static let unicodeShades = [" ", "░", "▒", "▓", "█"]
    static let asciiShades = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// The level index of t among `count` evenly spaced levels.
    static func level(_ t: Double, count: Int) -> Int {
        let clamped = min(1, max(0, t))
        return min(count - 1, Int((clamped * Double(count - 1)).rounded()))
    }

    static func resolve(_ spec: RoleSpec, role: Role, tier: ColorTier) -> Style {
        var attributes = CellAttributes()
        for name in spec.attributes ?? [] {
            switch name {
            case "bold": attributes.insert(.bold)
            case "dim": attributes.insert(.dim)
            case "underline": attributes.insert(.underline)
            case "reverse": attributes.insert(.reverse)
            default: break
            }
        }
        func color(_ hex: String?, ansi: Int?) -> TerminalColor {
            guard let hex, let rgb = RGB(hex: hex) else { return .default }
            switch tier {
            case .none: return .default
            case .ansi16: return .ansi(UInt8(clamping: ansi ?? Int(Palette.nearest16(rgb))) % 16)
            case .palette256: return .palette(Palette.nearest256(rgb))
            case .direct: return .rgb(rgb.r, rgb.g, rgb.b)
            }
        }
        if tier == .none { return Style(attributes: monochromeAttributes[role] ?? attributes) }
        return Style(foreground: color(spec.fg, ansi: spec.fg16), background: color(spec.bg, ansi: spec.bg16),
                     attributes: attributes)
    }

    /// How roles stay apart without colour.
    static let monochromeAttributes: [Role: CellAttributes] = [
        .title: .bold, .focusedFrame: .bold, .muted: .dim, .frame: .dim, .axis: .dim,
        .highlight: .reverse, .warning: .bold, .error: [.bold, .reverse], .good: [],
        .statusBar: .reverse, .statusKey: [.reverse, .bold], .accent: .underline,
        .series1: [], .series2: .bold, .series3: [], .series4: .bold, .series5: [], .series6: .bold,
    ]

    /// The colours of a ramp at a tier: evenly spaced levels interpolated between the stops.
    static func levels(_ stops: [RGB], ansi: [Int], tier: ColorTier) -> [TerminalColor] {
        let count: Int
        switch tier {
        case .none: return []
        case .ansi16: return ansi.map { .ansi(UInt8(clamping: $0) % 16) }
        case .palette256: count = 12
        case .direct: count = 16
        }
        return (0..<count).map { index in
            let position = Double(index) / Double(count - 1) * Double(stops.count - 1)
            let lower = min(stops.count - 2, Int(position))
            let rgb = stops[lower].mixed(with: stops[lower + 1], position - Double(lower))
            return tier == .direct ? .rgb(rgb.r, rgb.g, rgb.b) : .palette(Palette.nearest256(rgb))
        }
    }
}

/// Where a theme came from, for `gradscope doctor`.
public enum ThemeOrigin: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case builtIn(reason: String)

    public var description: String {
        switch self {
        case .file(let path): return "from \(path)"
        case .builtIn(let reason): return "built-in (\(reason))"
        }
    }
}
