import Canvas

extension Style {
    /// This style with extra attributes.
    func with(attributes extra: CellAttributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }
}

/// A piece of a readout line with its role; `emphasis` marks the selected matrix entry.
struct ReadoutSpan {
    var text: String
    var role: Role = .text
    var emphasis = false
    /// Pad to this many columns after the notation is spelled for the charset (label columns).
    var padTo: Int?
}

struct ReadoutLine {
    var spans: [ReadoutSpan]
    init(_ spans: [ReadoutSpan]) { self.spans = spans }
    init(_ text: String, _ role: Role = .text) { spans = [ReadoutSpan(text: text, role: role)] }
    /// "label   value": the label padded to a fixed column in either charset.
    static func labelled(_ label: String, _ value: String, _ role: Role = .text, note: String = "",
                         noteRole: Role = .warning) -> ReadoutLine {
        ReadoutLine([ReadoutSpan(text: label, role: .muted, padTo: 7), ReadoutSpan(text: value, role: role),
                     ReadoutSpan(text: note, role: noteRole)])
    }
}


/// Draws readout lines at (x, y), each span in its role's style, notation spelled for the charset.
func drawReadout(_ grid: inout CellGrid, _ lines: [ReadoutLine], x: Int, y: Int, width: Int, height: Int,
                       context: PaneContext) {
    for (row, line) in lines.prefix(max(0, height)).enumerated() {
        var column = x
        // A readout a scene points at: the whole line in bold reverse video.
        let marked = context.highlightedReadout != nil && line.spans.first?.padTo != nil
            && line.spans.first?.text == context.highlightedReadout
        for span in line.spans where column < x + width {
            var text = MathText.forCharset(span.text, context.charset)
            if let padTo = span.padTo { text += String(repeating: " ", count: max(1, padTo - text.displayWidth)) }
            column += grid.write(text, x: column, y: y + row, style: context.theme.style(marked ? .warning : span.role)
                                    .with(attributes: marked ? [.reverse, .bold] : (span.emphasis ? .reverse : [])),
                                 maxWidth: x + width - column, charset: context.charset)
        }
    }
}

