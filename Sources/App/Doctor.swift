import Canvas
import Foundation
import Panes
import SimulationCore
import TerminalUI
import Labs

/// The terminal facts the doctor reports, from a live session, a probe, or the command line.
struct TerminalFacts: Sendable {
    var term: String
    var width: Int
    var height: Int
    var locale: String
    var isUTF8: Bool
    var charset: Charset
    var charsetReason: String
    var colorTier: ColorTier
    var colorTierReason: String
    var colors: Int
    var colorPairs: Int
    var hasAlternateScreen: Bool
    var canMoveCursor: Bool

    init(term: String, width: Int, height: Int, locale: String, isUTF8: Bool, charset: Charset,
         charsetReason: String, colorTier: ColorTier, colorTierReason: String, colors: Int, colorPairs: Int,
         hasAlternateScreen: Bool, canMoveCursor: Bool) {
        self.term = term
        self.width = width
        self.height = height
        self.locale = locale
        self.isUTF8 = isUTF8
        self.charset = charset
        self.charsetReason = charsetReason
        self.colorTier = colorTier
        self.colorTierReason = colorTierReason
        self.colors = colors
        self.colorPairs = colorPairs
        self.hasAlternateScreen = hasAlternateScreen
        self.canMoveCursor = canMoveCursor
    }

    init(_ c: TerminalCapabilities, size: (width: Int, height: Int)? = nil) {
        self.init(term: c.term, width: size?.width ?? c.width, height: size?.height ?? c.height,
                  locale: c.codeset, isUTF8: c.isUTF8, charset: c.charset, charsetReason: c.charsetReason,
                  colorTier: c.colorTier, colorTierReason: c.colorTierReason, colors: c.colors,
                  colorPairs: c.colorPairs, hasAlternateScreen: c.hasAlternateScreen, canMoveCursor: c.canMoveCursor)
    }
}

/// Builds the doctor's report from what the terminal module found.
enum Doctor {
    /// The report for a live or probed terminal. Without `estimatingBandwidth` the bandwidth
    /// is left unknown (NaN, shown as "estimating"): the live screen draws at once and fills it
    /// in when the estimate, made off the input thread, arrives.
    static func report(_ facts: TerminalFacts, configuration: AppConfiguration, assets: AssetLocator,
                       estimatingBandwidth: Bool = true) -> DoctorReport {
        let (_, themeOrigin) = assets.theme(named: configuration.themeName, tier: facts.colorTier)
        let estimate = estimatingBandwidth
            ? BandwidthEstimate.estimate(width: facts.width, height: facts.height, tier: facts.colorTier,
                                         charset: facts.charset, framesPerSecond: configuration.framesPerSecond,
                                         budget: configuration.maximumBandwidth)
            : (bytesPerSecond: Double.nan, basis: "estimating: a synthetic 4-pane animation is being priced")
        return DoctorReport(
            // TERM and the locale come from the environment: shown with any controls as escapes.
            width: facts.width, height: facts.height, term: sanitize(facts.term, removed: .shown),
            locale: sanitize(facts.locale, removed: .shown), isUTF8: facts.isUTF8,
            charset: facts.charset, charsetReason: sanitize(facts.charsetReason, removed: .shown),
            colorTier: facts.colorTier, colorTierReason: facts.colorTierReason,
            colors: facts.colors, colorPairs: facts.colorPairs,
            hasAlternateScreen: facts.hasAlternateScreen, canMoveCursor: facts.canMoveCursor,
            estimatedBytesPerSecond: estimate.bytesPerSecond, estimateBasis: estimate.basis,
            framesPerSecond: Int(configuration.framesPerSecond.rounded()),
            bandwidthBudget: configuration.maximumBandwidth,
            assets: assets.origin, scenes: assets.scenesOrigin, theme: "\(configuration.themeName): \(themeOrigin)",
            fallbacks: fallbacks(facts))
    }

    /// The report `render --pane doctor` draws: TERM and locale from the environment, size and
    /// tier from the command line, so the frame does not depend on the terminal running it.
    static func headlessReport(width: Int, height: Int, tier: ColorTier, charset: Charset,
                               environment: [String: String], configuration: AppConfiguration,
                               assets: AssetLocator) -> DoctorReport {
        let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 } ?? "unset"
        let codeset = TerminalPolicy.codeset(environment: environment)
        let colors = [ColorTier.none: 0, .ansi16: 16, .palette256: 256, .direct: 16_777_216][tier] ?? 0
        let facts = TerminalFacts(
            term: term, width: width, height: height, locale: codeset,
            isUTF8: TerminalPolicy.isUTF8(codeset: codeset), charset: charset,
            charsetReason: charset == .unicode ? "headless render" : "--ascii",
            colorTier: tier, colorTierReason: "headless render (--color)",
            colors: colors, colorPairs: colors == 0 ? 0 : min(colors * colors, 65_536),
            hasAlternateScreen: true, canMoveCursor: true)
        return report(facts, configuration: configuration, assets: assets)
    }

    /// What will look different here than on a full UTF-8, 256-colour terminal, and why.
    static func fallbacks(_ c: TerminalFacts) -> [String] {
        var notes: [String] = []
        if c.charset == .ascii { notes.append("ASCII canvas instead of braille and blocks (\(c.charsetReason))") }
        switch c.colorTier {
        case .none: notes.append("monochrome: meaning carried by glyphs and bold/reverse (\(c.colorTierReason))")
        case .ansi16: notes.append("16 colours: heatmaps use 5 shades (\(c.colorTierReason))")
        case .palette256, .direct: break
        }
        if !c.hasAlternateScreen { notes.append("no alternate screen: the screen is cleared on exit") }
        return notes
    }
}

/// An estimate of the dashboard's bytes per second at a size and colour tier: a synthetic
/// four-pane animation (rotating braille curves and a drifting heatmap) is composed frame by
/// frame and each frame's changes are priced by `WireCost` (cursor moves, colour changes,
/// glyph bytes), the way ncurses sends them. `AppTests` checks the price against real ncurses
/// output.
enum BandwidthEstimate {
    static func estimate(width: Int, height: Int, tier: ColorTier, charset: Charset, framesPerSecond: Double,
                         budget: Double = 50_000) -> (bytesPerSecond: Double, basis: String) {
        let frames = 60
        let placements = SyntheticLoad.placements(width: width, height: height)
        var governor = BandwidthGovernor(budget: budget, framesPerSecond: framesPerSecond)
        var previous = SyntheticLoad.frame(0, width: width, height: height, tier: tier, charset: charset)
        var raw = 0.0
        for index in 1...frames {
            let next = SyntheticLoad.frame(index, width: width, height: height, tier: tier, charset: charset)
            let bytes = Double(WireCost.bytes(from: previous, to: next, tier: tier))
            raw += bytes
            governor.record(bytesByPane: DashboardRunner.attribute(bytes: bytes, previous: previous, current: next,
                                                                   placements: placements))
            previous = next
        }
        let rawPerSecond = raw / Double(frames) * framesPerSecond
        let throttled = governor.intervals.filter { $0.value > 1 }.sorted { $0.key.rawValue < $1.key.rawValue }
        let basis: String
        if throttled.isEmpty {
            basis = "estimate: synthetic 4-pane animation, \(Int((raw / Double(frames)).rounded())) B/frame"
        } else {
            let heaviest = throttled.map { "pane \((LabRegistry.ids.firstIndex(of: $0.key) ?? 0) + 1) at 1/\($0.value)" }
            basis = "estimate: synthetic 4-pane animation, \(StatusFormat.bytes(rawPerSecond))/s unthrottled; "
                + heaviest.joined(separator: ", ") + " frame rate"
        }
        return (min(rawPerSecond, governor.expectedRate), basis)
    }
}

/// The bytes a terminal library sends to turn one screen into another: for each run of changed
/// cells a cursor move, for each style change an SGR sequence, and each glyph's UTF-8 bytes.
///
/// Invariant: identical grids cost 0; a model, checked against ncurses within a factor of two.
public enum WireCost {
    public static func bytes(from previous: CellGrid, to next: CellGrid, tier: ColorTier) -> Int {
        guard previous.width == next.width, previous.height == next.height else {
            return fullRepaint(next, tier: tier)
        }
        var total = 0
        var lastStyle: Style?
        for y in 0..<next.height {
            var cursorAt = -1
            for x in 0..<next.width {
                let cell = next[x, y]
                guard cell != previous[x, y], !cell.isContinuation else { continue }
                if cursorAt != x { total += x - cursorAt <= 4 && cursorAt >= 0 ? x - cursorAt : 8 }
                if cell.style != lastStyle { total += sgrBytes(cell.style, tier: tier) }
                lastStyle = cell.style
                total += cell.grapheme.utf8.count
                cursorAt = x + 1
            }
        }
        return total
    }

    static func fullRepaint(_ grid: CellGrid, tier: ColorTier) -> Int {
        bytes(from: CellGrid(width: grid.width, height: grid.height, fill: Cell("\u{0}")), to: grid, tier: tier)
    }

    /// An SGR for a style: attributes plus foreground and background at this tier.
    static func sgrBytes(_ style: Style, tier: ColorTier) -> Int {
        let colourBytes: Int
        switch tier {
        case .none: colourBytes = 0
        case .ansi16: colourBytes = 6
        case .palette256: colourBytes = 18
        case .direct: colourBytes = 30
        }
        return 4 + colourBytes + 2 * style.attributes.rawValue.nonzeroBitCount
    }
}

/// The synthetic animation the bandwidth estimate draws: one frame of it.
public enum SyntheticLoad {
    /// The four synthetic panes' places, named as the four labs.
    static func placements(width: Int, height: Int) -> [PanePlacement] {
        let rects = Layout.dashboard(Rect(width: width, height: max(0, height - 1)), paneCount: 4)
        return zip(LabRegistry.ids, rects).enumerated().map { number, pair in
            PanePlacement(pane: pair.0, number: number + 1, frame: pair.1, inner: pair.1.inset(by: 1))
        }
    }

    public static func frame(_ index: Int, width: Int, height: Int, tier: ColorTier, charset: Charset) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let theme = Theme.builtIn(tier: tier)
        let rects = Layout.dashboard(Rect(width: width, height: max(0, height - 1)), paneCount: 4)
        for (number, rect) in rects.enumerated() {
            grid.drawFrame(rect, title: "pane \(number + 1)", style: theme.style(.frame), glyphs: Glyphs.forCharset(charset))
            let inner = rect.inset(by: 1)
            guard inner.width > 2, inner.height > 2 else { continue }
            if number == 2 {
                // A heatmap whose boundary drifts: a few shades change per frame, as training does.
                var canvas = HalfBlockCanvas(width: inner.width, height: inner.height, ramp: .diverging)
                let shift = Double(index) * 0.05
                for y in 0..<canvas.dotHeight {
                    for x in 0..<canvas.dotWidth {
                        let u = Double(x) / Double(canvas.dotWidth) - 0.5
                        let v = Double(y) / Double(canvas.dotHeight) - 0.5
                        let value = 1 / (1 + exp(-8 * (u * cos(shift) + v * sin(shift))))
                        canvas.set(x: x, y: y, value: value)
                    }
                }
                grid.blit(canvas.render(theme: theme, charset: charset), atX: inner.x, y: inner.y)
            } else {
                let canvas = DotCanvas(width: inner.width, height: inner.height, charset: charset)
                var painter = Painter(canvas: canvas, viewport: .fitting(xRange: -2...2, yRange: -2...2, canvas: canvas))
                let angle = Double(index) * 0.1 + Double(number)
                painter.ellipse(center: (0, 0), semiAxes: (1.6, 0.7), rotation: angle, style: theme.style(.series1))
                painter.circle(center: (0, 0), radius: 1, style: theme.style(.series2))
                painter.arrow(from: (0, 0), to: (1.5 * cos(angle), 1.5 * sin(angle)), style: theme.style(.series3))
                grid.blit(painter.canvas.render(), atX: inner.x, y: inner.y)
            }
        }
        return grid
    }
}
