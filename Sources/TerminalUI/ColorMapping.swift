import Canvas

/// Pure mapping of `TerminalColor` to colour numbers as ncurses takes them at a given tier.
public enum ColorMapping {
    /// xterm's default RGB values of the 16 ANSI colours.
    public static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of xterm palette entry `index` (0-15 ANSI, 16-231 cube, 232-255 greys).
    public static func rgb(ofPalette index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        if i < 16 { return ansiRGB[i] }
        if i < 232 {
            let c = i - 16
            return (UInt8(cubeLevels[c / 36]), UInt8(cubeLevels[(c / 6) % 6]), UInt8(cubeLevels[c % 6]))
        }
        let g = UInt8(8 + (i - 232) * 10)
        return (g, g, g)
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        // Weighted so that green differences count most, blue least (cheap perceptual hint).
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    /// Nearest xterm-256 entry among 16-255 (entries 0-15 vary between terminals).
    /// Ties go to the lower index.
    public static func nearestPalette256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 16, bestD = Int.max
        for i in 16...255 {
            let d = distance((r, g, b), rgb(ofPalette: UInt8(i)))
            if d < bestD {
                bestD = d
                best = i
            }
        }
        return UInt8(best)
    }

    /// Nearest of the 16 ANSI colours (by xterm's default values). Ties go to the lower index.
    public static func nearestANSI16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0, bestD = Int.max
        for i in 0..<16 {
            let d = distance((r, g, b), ansiRGB[i])
            if d < bestD {
                bestD = d
                best = i
            }
        }
        return UInt8(best)
    }

    /// The ncurses colour number for `color` at `tier` on a terminal with `colors` colours:
    /// -1 for `.default` (use_default_colors) and at tier `.none`. At 16 colours on an
    /// 8-colour terminal bright colours fold onto 0-7, except grey (8), which becomes the default. At `.direct` the value is 0xRRGGBB,
    /// except that 0-7 mean ANSI colours in direct terminfo entries, so RGB values below 8
    /// are nudged to 8 (indistinguishable near-black).
    public static func colorNumber(_ color: TerminalColor, tier: ColorTier, colors: Int) -> Int32 {
        if case .default = color { return -1 }
        switch tier {
        case .none:
            return -1
        case .ansi16:
            let n: UInt8
            switch color {
            case .default: return -1
            case .ansi(let a): n = a & 15
            case .palette(let p): n = p < 16 ? p : nearestANSI16Palette(p)
            case .rgb(let r, let g, let b): n = nearestANSI16(r, g, b)
            }
            // Bright black (grey) would fold onto black, unreadable on the usual dark
            // background: it becomes the terminal's default colour instead.
            if colors < 16 && n == 8 { return -1 }
            return Int32(colors >= 16 ? n : n & 7)
        case .palette256:
            switch color {
            case .default: return -1
            case .ansi(let a): return Int32(a & 15)
            case .palette(let p): return Int32(p)
            case .rgb(let r, let g, let b): return Int32(nearestPalette256(r, g, b))
            }
        case .direct:
            switch color {
            case .default: return -1
            case .ansi(let a) where a < 8: return Int32(a)
            case .ansi(let a): return direct(ansiRGB[Int(a & 15)])
            case .palette(let p) where p < 8: return Int32(p)
            case .palette(let p): return direct(rgb(ofPalette: p))
            case .rgb(let r, let g, let b): return direct((r, g, b))
            }
        }
    }

    static func nearestANSI16Palette(_ p: UInt8) -> UInt8 {
        let (r, g, b) = rgb(ofPalette: p)
        return nearestANSI16(r, g, b)
    }

    static func direct(_ c: (UInt8, UInt8, UInt8)) -> Int32 {
        let v = Int32(c.0) << 16 | Int32(c.1) << 8 | Int32(c.2)
        return max(v, 8)
    }
}
