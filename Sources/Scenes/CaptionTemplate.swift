import Canvas
import Foundation
import Panes
import SimulationCore
import Labs

/// Live numbers in a caption: `{boundary.loss}` shows the readout as its pane draws it,
/// `{entropy.entropy:.4f}` formats its number. Filled from the snapshots of the moment the
/// caption is shown, so a caption can never quote a number the screen does not show.
///
/// Formats: `.Nf` (N decimals), `.Ne` (scientific), `.N%` (times 100, a percent sign), `d`
/// (a whole number); N is 0-10. A readout the screen does not show at that moment (no
/// snapshot, another view, NaN) reads `[n/a]`, never a number.
public enum CaptionTemplate {
    public static let unavailable = "[n/a]"

    public enum Format: Sendable, Equatable {
        case fixed(Int), scientific(Int), percent(Int), integer

        init?(_ text: String) {
            if text == "d" { self = .integer; return }
            guard text.count >= 3, text.first == ".", let kind = text.last,
                  let digits = Int(text.dropFirst().dropLast()), (0...10).contains(digits),
                  text.dropFirst().dropLast().allSatisfy(\.isASCII) else { return nil }
            switch kind {
            case "f": self = .fixed(digits)
            case "e": self = .scientific(digits)
            case "%": self = .percent(digits)
            default: return nil
            }
        }

        func text(_ value: Double, charset: Charset) -> String {
            switch self {
            case .fixed(let n): return NumberFormat.fixed(value, n, charset: charset)
            case .scientific(let n): return value.isFinite ? String(format: "%.\(n)e", value) : NumberFormat.fixed(value, 0, charset: charset)
            case .percent(let n): return NumberFormat.fixed(value * 100, n, charset: charset) + "%"
            case .integer: return value.isFinite ? String(Int(value.rounded())) : NumberFormat.fixed(value, 0, charset: charset)
            }
        }
    }

    /// One `{pane.readout[:format]}` in a text: where it is (in Characters) and what it names.
    public struct Placeholder: Sendable, Equatable {
        public var offset: Int
        public var length: Int
        public var pane: String
        public var readout: String
        public var format: String?
    }

    /// A `{` that opens a placeholder: a lower-case word, a dot, a name.
    static func opensPlaceholder(_ characters: [Character], at index: Int) -> Bool {
        guard characters[index] == "{" else { return false }
        var i = index + 1
        var sawWord = false
        while i < characters.count, characters[i].isASCII, characters[i].isLetter || characters[i].isNumber {
            i += 1
            sawWord = true
        }
        return sawWord && i < characters.count && characters[i] == "."
    }

    /// The placeholders in `text`, or a problem (offset, message) for one that is not closed.
    public static func scan(_ text: String) -> (placeholders: [Placeholder], unclosed: Int?) {
        let characters = Array(text)
        var result: [Placeholder] = []
        var index = 0
        while index < characters.count {
            guard opensPlaceholder(characters, at: index) else { index += 1; continue }
            guard let close = characters[index...].firstIndex(of: "}"),
                  !characters[(index + 1)..<close].contains("{") else { return (result, index) }
            let body = String(characters[(index + 1)..<close])
            let (name, format) = body.firstIndex(of: ":").map { (String(body[..<$0]), String(body[body.index(after: $0)...])) }
                ?? (body, nil)
            let dot = name.firstIndex(of: ".")!
            result.append(Placeholder(offset: index, length: close - index + 1, pane: String(name[..<dot]),
                                      readout: String(name[name.index(after: dot)...]), format: format))
            index = close + 1
        }
        return (result, nil)
    }

    /// What is wrong with the placeholders in `text` (offset in Characters, message), with a
    /// "did you mean" for a near miss.
    public static func problems(in text: String) -> [(offset: Int, message: String)] {
        let (placeholders, unclosed) = scan(text)
        var problems: [(Int, String)] = []
        for p in placeholders {
            guard let lab = LabRegistry.lab(PaneID(p.pane)) else {
                let panes = LabRegistry.ids.map(\.rawValue)
                problems.append((p.offset, "'{\(p.pane).\(p.readout)}': no pane '\(p.pane)'"
                                 + (Suggest.nearest(p.pane, among: panes).map { "; did you mean '\($0)'?" } ?? "; panes: " + panes.joined(separator: ", "))))
                continue
            }
            let names = lab.readouts.map(\.name)
            guard let spec = lab.readouts.first(where: { $0.name == p.readout }) else {
                problems.append((p.offset, "pane '\(p.pane)' has no readout '\(p.readout)'"
                                 + (Suggest.nearest(p.readout, among: names).map { "; did you mean '{\(p.pane).\($0)}'?" }
                                    ?? "; readouts: " + names.joined(separator: ", "))))
                continue
            }
            if let format = p.format {
                if Format(format) == nil {
                    problems.append((p.offset, "'{\(p.pane).\(p.readout):\(format)}': bad format '\(format)' (formats: .4f, .2e, .1%, d)"
                                     + (Suggest.nearest(format, among: [".1f", ".2f", ".3f", ".4f", ".2e", ".1%", "d"]).map { "; did you mean '\($0)'?" } ?? "")))
                } else if spec.kind == .text {
                    problems.append((p.offset, "'{\(p.pane).\(p.readout):\(format)}': readout '\(p.readout)' is text, not a number; write '{\(p.pane).\(p.readout)}'"))
                }
            }
        }
        if let unclosed { problems.append((unclosed, "a '{' opens a readout here but no '}' closes it")) }
        return problems
    }

    /// `text` with every placeholder replaced by its readout in `snapshots`.
    public static func resolve(_ text: String, snapshots: [PaneID: any SimulationSnapshot]?, charset: Charset = .unicode) -> String {
        let (placeholders, _) = scan(text)
        guard !placeholders.isEmpty else { return text }
        var characters = Array(text)
        for p in placeholders.reversed() {
            let value = reading(p, snapshots: snapshots, charset: charset)
            characters.replaceSubrange(p.offset..<(p.offset + p.length), with: Array(value))
        }
        return String(characters)
    }

    /// One placeholder's text: the pane's own text, or the number in the format asked for.
    static func reading(_ p: Placeholder, snapshots: [PaneID: any SimulationSnapshot]?, charset: Charset) -> String {
        let pane = PaneID(p.pane)
        guard let lab = LabRegistry.lab(pane), let snapshot = snapshots?[pane],
              let reading = lab.pane.reading(p.readout, in: snapshot, charset: charset) else { return unavailable }
        if let number = reading.number, number.isNaN { return unavailable }
        guard let format = p.format else { return reading.text }
        guard let number = reading.number, let parsed = Format(format) else { return unavailable }
        return parsed.text(number, charset: charset)
    }
}

extension NarrationState {
    /// The caption, question and answer with their readouts filled from `snapshots`.
    public func resolved(with snapshots: [PaneID: any SimulationSnapshot]?, charset: Charset) -> NarrationState {
        var copy = self
        copy.caption = caption.map { CaptionTemplate.resolve($0, snapshots: snapshots, charset: charset) }
        copy.question = question.map { CaptionTemplate.resolve($0, snapshots: snapshots, charset: charset) }
        copy.answer = answer.map { CaptionTemplate.resolve($0, snapshots: snapshots, charset: charset) }
        return copy
    }
}
