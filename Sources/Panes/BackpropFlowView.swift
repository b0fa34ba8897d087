import Canvas
import Foundation
import SimulationCore

/// View 3: gradient flow while a deep network trains. Bars: each layer's ‖∂L/∂W⁽ˡ⁾‖_F now, on a
/// log scale, the first layer at the top; below, the same norms over the epochs, one curve per
/// layer, labelled at its end.
enum BackpropFlowView {
    static func draw(_ grid: inout CellGrid, _ body: Rect, _ f: BackpropFlowState, _ context: PaneContext) -> String {
        let charset = context.charset, theme = context.theme
        let layers = f.sizes.count - 1
        let heading = "gradient flow: \(f.depth)×\(f.width) \(f.activation.rawValue), \(f.initialization.title), \(f.dataset.rawValue)"
        guard let latest = f.norms.last, !latest.isEmpty else {
            grid.write("no epoch recorded", x: 0, y: body.y, style: theme.style(.muted), charset: charset)
            return heading
        }
        let finite = f.norms.joined().filter { $0 > 0 && $0.isFinite }
        let low = floor(log10(finite.min() ?? 1e-8)), high = ceil(log10(finite.max() ?? 1))
        let range = max(1, high - low)
        // Bars: one row per layer, as long as log10 of its norm above the smallest decade.
        let labelWidth = 9
        let valueWidth = 10
        let barWidth = max(4, body.width - labelWidth - valueWidth - 1)
        let barRows = min(layers, max(1, body.height - 4))
        var y = body.y
        let scaleText = "‖∂L/∂W⁽ˡ⁾‖ after epoch \(f.epoch), bars on log10 from " + NiceTicks.label(low, step: 1) + " to "
            + NiceTicks.label(high, step: 1)
        grid.write(MathText.forCharset(scaleText, charset), x: 0, y: y, style: theme.style(.muted), maxWidth: body.width, charset: charset)
        y += 1
        for l in 0..<barRows {
            let norm = latest[l]
            let name = "W" + BackpropMatricesView.layer(l) + (l == 0 ? " in" : (l == layers - 1 ? " out" : ""))
            grid.write(MathText.forCharset(name, charset), x: 0, y: y, style: theme.style(.muted), maxWidth: labelWidth, charset: charset)
            let t = norm > 0 && norm.isFinite ? (log10(norm) - low) / range : 0
            let cells = max(norm > 0 ? 1 : 0, Int((t * Double(barWidth)).rounded()))
            let bar = String(repeating: charset == .unicode ? "█" : "#", count: min(barWidth, cells))
            grid.write(bar, x: labelWidth, y: y, style: theme.style(l % 2 == 0 ? .series1 : .series3), charset: charset)
            grid.write(String(format: "%.2e", norm), x: labelWidth + barWidth + 1, y: y, style: theme.style(.text), charset: charset)
            y += 1
        }
        let ratio = latest[0] / latest[layers - 1]
        let verdict = ratio < 1e-2 ? "fading" : (ratio > 1e2 ? "exploding" : "flowing")
        let summary = ReadoutLine([ReadoutSpan(text: "first/last", role: .muted, padTo: 11),
                                   ReadoutSpan(text: String(format: "%.1e", ratio) + "  " + verdict, role: ratio < 1e-2 ? .warning : .good),
                                   ReadoutSpan(text: "  train loss " + BackpropDrawing.short(f.losses.last ?? .nan, charset, decimals: 4)
                                               + (f.stopped.map { "  " + $0 } ?? ""), role: .text)])
        drawReadout(&grid, [summary], x: 0, y: y, width: body.width, height: 1, context: context)
        y += 1
        let chart = Rect(x: 0, y: y, width: body.width, height: body.maxY - y - 1)
        if chart.height >= 4 { drawHistory(&grid, chart, f, low: low, high: high, context) }
        let keys = "h activation  g init  l/L depth  k/K width  d data  [/] lr \(BackpropDrawing.short(f.learningRate, charset))  x restart"
        grid.write(MathText.forCharset(keys, charset), x: 0, y: body.maxY - 1, style: theme.style(.muted), maxWidth: body.width,
                   charset: charset)
        return heading
    }

    /// The norms over the epochs as a heatmap: one band per layer (the first at the top),
    /// columns of epochs, the shade log10 of the norm on the bars' scale. A fading gradient is a
    /// band that stays pale; the bands do not tangle as the epoch-to-epoch noise would make
    /// curves do.
    private static func drawHistory(_ grid: inout CellGrid, _ rect: Rect, _ f: BackpropFlowState, low: Double, high: Double,
                                    _ context: PaneContext) {
        let theme = context.theme, charset = context.charset
        let layers = f.sizes.count - 1
        let labelWidth = 9
        let plotHeight = rect.height - 2
        guard plotHeight >= layers, rect.width > labelWidth + 8 else { return }
        let band = plotHeight / layers
        let plot = Rect(x: rect.x + labelWidth, y: rect.y + 1, width: rect.width - labelWidth - 1, height: band * layers)
        grid.write(MathText.forCharset("log10 ‖∂L/∂W⁽ˡ⁾‖ over the epochs (darker: larger)", charset), x: rect.x, y: rect.y,
                   style: theme.style(.muted), maxWidth: rect.width, charset: charset)
        var heat = HalfBlockCanvas(width: plot.width, height: plot.height, ramp: .sequential)
        let count = f.norms.count
        for column in 0..<plot.width {
            // The records falling in this column (at least one: short runs repeat columns).
            let first = column * count / plot.width, last = max(first, (column + 1) * count / plot.width - 1)
            for l in 0..<layers {
                let logs = (first...min(last, count - 1)).map { f.norms[$0][l] }.filter { $0 > 0 && $0.isFinite }.map(log10)
                let t = logs.isEmpty ? Double.nan : (logs.reduce(0, +) / Double(logs.count) - low) / max(1, high - low)
                for dy in 0..<(2 * band) { heat.set(x: column, y: 2 * band * l + dy, value: t) }
            }
        }
        grid.blit(heat.render(theme: theme, charset: charset), atX: plot.x, y: plot.y)
        for l in 0..<layers {
            let name = "W" + BackpropMatricesView.layer(l) + (l == 0 ? " in" : (l == layers - 1 ? " out" : ""))
            grid.write(MathText.forCharset(name, charset), x: rect.x, y: plot.y + l * band + (band - 1) / 2,
                       style: theme.style(.muted), maxWidth: labelWidth, charset: charset)
        }
        let lastEpoch = (count - 1) * f.stride
        let axis = "epoch 0" + String(repeating: " ", count: max(1, plot.width - 7 - "\(lastEpoch)".count)) + "\(lastEpoch)"
        grid.write(axis, x: plot.x, y: plot.maxY, style: theme.style(.muted), maxWidth: plot.width, charset: charset)
    }
}
