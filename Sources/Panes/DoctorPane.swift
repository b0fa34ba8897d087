import Canvas
import SimulationCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `gradscope doctor` knows about the terminal: plain facts gathered by the terminal
/// module (or from the environment when there is no tty), shown by `DoctorPane` and printed
/// by `doctor --json`.
public struct DoctorReport: Sendable, Codable, Equatable {
    public var width: Int
    public var height: Int
    public var term: String
    public var locale: String
    public var isUTF8: Bool
    public var charset: Charset
    public var charsetReason: String
    public var colorTier: ColorTier
    public var colorTierReason: String
    public var colors: Int
    public var colorPairs: Int
    public var hasAlternateScreen: Bool
    public var canMoveCursor: Bool
    /// Estimated bytes per second the dashboard sends at this size and tier, all panes animating.
    public var estimatedBytesPerSecond: Double
    /// How the estimate was made (what was measured, at which frame rate).
    public var estimateBasis: String
    public var framesPerSecond: Int
    /// The bandwidth budget (`--max-bandwidth`), bytes per second.
    public var bandwidthBudget: Double
    public var assets: String
    /// Where the bundled scenes come from (or where they were looked for).
    public var scenes: String
    public var theme: String
    /// Everything Gradscope will do differently here than on a full terminal, and why.
    public var fallbacks: [String]

    public init(width: Int, height: Int, term: String, locale: String, isUTF8: Bool, charset: Charset,
                charsetReason: String, colorTier: ColorTier, colorTierReason: String, colors: Int,
                colorPairs: Int, hasAlternateScreen: Bool, canMoveCursor: Bool,
                estimatedBytesPerSecond: Double, estimateBasis: String, framesPerSecond: Int,
                bandwidthBudget: Double, assets: String, scenes: String = "", theme: String, fallbacks: [String]) {
        self.width = width
        self.height = height
        self.term = term
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
        self.estimatedBytesPerSecond = estimatedBytesPerSecond
        self.estimateBasis = estimateBasis
        self.framesPerSecond = framesPerSecond
        self.bandwidthBudget = bandwidthBudget
        self.assets = assets
        self.scenes = scenes
        self.theme = theme
        self.fallbacks = fallbacks
    }
}

/// The doctor screen: terminal facts, a glyph test, colour ramps and the bandwidth estimate.
public struct DoctorPane: Pane {
    public var report: DoctorReport
    public init(report: DoctorReport) { self.report = report }

    public var id: PaneID { .doctor }
    public var title: String { "Doctor" }
    public var minimumSize: (width: Int, height: Int) { (38, 10) }

    static let labelWidth = 11

    public func render(_ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        let theme = context.theme
        let label = theme.style(.title)
        let text = theme.style(.text)
        let muted = theme.style(.muted)
        // One column of padding inside the frame.
        let left = 1
        let valueX = left + Self.labelWidth
        let valueWidth = max(0, context.width - valueX - 1)
        var y = 0

        // A labelled fact; a long value wraps onto the following rows rather than being cut.
        func row(_ name: String, _ value: String, style: Style? = nil) {
            guard y < context.height else { return }
            grid.write(name, x: left, y: y, style: label, maxWidth: Self.labelWidth - 1, charset: context.charset)
            let lines = valueWidth > 0 ? wrap(value, width: valueWidth) : []
            for (index, line) in lines.enumerated() where y < context.height {
                grid.write(index == 0 ? line : "  " + line, x: valueX, y: y, style: style ?? text,
                           maxWidth: valueWidth, charset: context.charset)
                y += 1
            }
            if lines.isEmpty { y += 1 }
        }

        let r = report
        row("Terminal", "\(r.width)x\(r.height), TERM=\(r.term)")
        row("Locale", "\(r.locale) (\(r.isUTF8 ? "UTF-8" : "not UTF-8")) -> \(r.charset == .unicode ? "Unicode" : "ASCII") glyphs: \(r.charsetReason)")
        row("Colour", "\(r.colors) colours, \(r.colorPairs) pairs -> tier \(r.colorTier.rawValue): \(r.colorTierReason)")
        row("Screen", "alternate screen \(r.hasAlternateScreen ? "yes" : "no"), cursor addressing \(r.canMoveCursor ? "yes" : "no")")
        // Glyph test: what each canvas draws with. Unicode samples only where they can show.
        if r.charset == .unicode {
            row("Braille", "⠁⠃⠇⡇⡏⡟⡿⣿ ⣀⣤⣶⣿ ⢸⡇ should look like dots filling a cell")
            row("Blocks", "▀▄█▌▐ ░▒▓ ┌─┬─┐│┏━┓ should join without gaps")
        } else {
            row("Braille", "not used: \(r.charsetReason); ASCII canvas instead", style: muted)
        }
        row("ASCII", ". : ' - = + * # % @ | / \\ < > ^ v")
        if y < context.height {
            grid.write("Ramps", x: left, y: y, style: label, maxWidth: Self.labelWidth - 1, charset: context.charset)
            drawRamp(&grid, x: valueX, y: y, width: min(valueWidth / 2 - 1, 24), ramp: .sequential, context: context)
            drawRamp(&grid, x: valueX + min(valueWidth / 2 - 1, 24) + 2, y: y, width: min(valueWidth / 2 - 1, 24),
                     ramp: .diverging, context: context)
            y += 1
        }
        if y < context.height {
            grid.write("Series", x: left, y: y, style: label, maxWidth: Self.labelWidth - 1, charset: context.charset)
            let roles: [Role] = [.series1, .series2, .series3, .series4, .series5, .series6]
            var x = valueX
            for (index, role) in roles.enumerated() where x + 4 <= context.width - 1 {
                x += grid.write("\(context.charset == .unicode ? "●" : "*")\(index + 1) ", x: x, y: y,
                                style: theme.style(role), maxWidth: context.width - x, charset: context.charset)
            }
            y += 1
        }
        if r.estimatedBytesPerSecond.isNaN {
            row("Bandwidth", "estimating... budget \(Self.bytes(r.bandwidthBudget))/s at \(r.framesPerSecond) fps", style: muted)
        } else {
            let within = r.estimatedBytesPerSecond <= r.bandwidthBudget
            row("Bandwidth", "~\(Self.bytes(r.estimatedBytesPerSecond))/s at \(r.framesPerSecond) fps, budget \(Self.bytes(r.bandwidthBudget))/s"
                + (within ? "" : ": heavy panes will drop frames"), style: within ? theme.style(.good) : theme.style(.warning))
        }
        row("", r.estimateBasis, style: muted)
        row("Assets", r.assets, style: muted)
        if !r.scenes.isEmpty { row("Scenes", r.scenes, style: muted) }
        row("Theme", r.theme, style: muted)
        if r.fallbacks.isEmpty {
            row("Fallbacks", "none: full glyphs and colour", style: theme.style(.good))
        } else {
            for (index, fallback) in r.fallbacks.enumerated() {
                row(index == 0 ? "Fallbacks" : "", "- " + fallback, style: theme.style(.warning))
            }
        }
        drawPreview(&grid, top: y + 1, left: left, context: context)
        return grid
    }

    /// With rows to spare, a still picture made with the same canvases the labs use: a braille
    /// circle, ellipse and arrow, and a half-block heatmap. If these look wrong, so will the labs.
    private func drawPreview(_ grid: inout CellGrid, top: Int, left: Int, context: PaneContext) {
        let rows = context.height - top
        let width = context.width - 2 * left
        guard rows >= 6, width >= 30 else { return }
        let title = context.theme.style(.title)
        let half = (width - 2) / 2
        grid.write(context.charset == .unicode ? "Preview: braille curves" : "Preview: ASCII curves", x: left, y: top, style: title, maxWidth: half, charset: context.charset)
        grid.write("Preview: heatmap", x: left + half + 2, y: top, style: title, maxWidth: half, charset: context.charset)
        let height = rows - 1
        let canvas = DotCanvas(width: half, height: height, charset: context.charset)
        var painter = Painter(canvas: canvas, viewport: .fitting(xRange: -2...2, yRange: -1.5...1.5, canvas: canvas))
        let theme = context.theme
        painter.line(from: (-2, 0), to: (2, 0), style: theme.style(.axis))
        painter.line(from: (0, -1.5), to: (0, 1.5), style: theme.style(.axis))
        painter.circle(center: (0, 0), radius: 1, style: theme.style(.series1))
        painter.ellipse(center: (0, 0), semiAxes: (1.8, 0.6), rotation: 0.5, style: theme.style(.series2))
        painter.arrow(from: (0, 0), to: (1.8 * 0.8776, 1.8 * 0.4794), style: theme.style(.series3))
        painter.canvas.overlay(onto: &grid, atX: left, y: top + 1)
        var heat = HalfBlockCanvas(width: half, height: height, ramp: .diverging)
        // sigmoid(4u + 3v^2 - 1) = 1 / (1 + e^(-4u) e^(1 - 3v^2)): one exp per row and column.
        let columnFactor = (0..<heat.dotWidth).map { x in
            exp(-4 * (Double(x) / Double(max(1, heat.dotWidth - 1)) * 2 - 1))
        }
        for y in 0..<heat.dotHeight {
            let v = 1 - Double(y) / Double(max(1, heat.dotHeight - 1)) * 2
            let rowFactor = exp(1 - 3 * v * v)
            for x in 0..<heat.dotWidth {
                heat.set(x: x, y: y, value: 1 / (1 + columnFactor[x] * rowFactor))
            }
        }
        grid.blit(heat.render(theme: theme, charset: context.charset), atX: left + half + 2, y: top + 1)
    }

    /// A strip of ramp colours (background) or, without colour, ramp glyphs.
    private func drawRamp(_ grid: inout CellGrid, x: Int, y: Int, width: Int, ramp: Ramp, context: PaneContext) {
        guard width > 1 else { return }
        for i in 0..<width {
            let t = Double(i) / Double(width - 1)
            let cell: Cell
            if context.theme.tier == .none {
                cell = Cell(context.theme.rampGlyph(at: t, charset: context.charset), style: .plain)
            } else {
                cell = Cell(" ", style: Style(background: context.theme.color(ramp, at: t)))
            }
            grid[x + i, y] = cell
        }
    }

    /// Decimal byte units without Foundation.
    static func bytes(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "--" }
        if value < 1000 { return "\(Int(value.rounded())) B" }
        let kilo = (value / 100).rounded() / 10
        if kilo < 1000 { return "\(kilo) KB" }
        return "\((value / 100_000).rounded() / 10) MB"
    }
}


extension PaneID {
    /// The doctor screen (`gradscope doctor`, or a dashboard with no lab to show): a pane of the
    /// app's, fed by no simulation.
    public static let doctor = PaneID("doctor")
}
