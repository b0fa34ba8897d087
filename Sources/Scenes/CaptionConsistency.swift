import Foundation
import Panes
import SimulationCore
import Labs

/// Whether a caption agrees with the screen it is shown on: every readout placeholder filled,
/// and no literal number written right after a readout's label or name ("epoch 100", "train
/// loss 2.4337", "accuracy 62.4%") that differs from that readout at that moment.
public enum CaptionConsistency {
    /// A number as a caption writes it: its value, whether it is a percent, its decimals.
    struct Literal {
        var value: Double
        var percent: Bool
        var decimals: Int
    }

    /// The problems with `text`, shown with `snapshots`, for the readouts of `panes`.
    public static func problems(in text: String, snapshots: [PaneID: any SimulationSnapshot], panes: [PaneID]) -> [String] {
        var problems: [String] = []
        if text.contains(CaptionTemplate.unavailable) { problems.append("a readout is not available here: \(text)") }
        if !CaptionTemplate.scan(text).placeholders.isEmpty { problems.append("a placeholder is left: \(text)") }
        let lowered = text.lowercased()
        var reported = Set<String>()
        for pane in panes {
            guard let lab = LabRegistry.lab(pane), let snapshot = snapshots[pane] else { continue }
            for spec in lab.readouts where spec.kind == .number {
                guard let reading = spec.read(snapshot, .unicode), let value = reading.number, value.isFinite else { continue }
                // The label as drawn (any case when it is a lower-case word: "acc", "epoch"), and the name.
                var words: [(String, String)] = [(spec.name.lowercased(), lowered)]
                let lowerWord = spec.label.allSatisfy { $0.isLowercase || $0 == " " }
                words.append(lowerWord ? (spec.label, lowered) : (spec.label, text))
                for (word, haystack) in words where word.count >= 2 {
                    // "test accuracy 59.2%" speaks of the test readout, "train loss" of the train one.
                    let side = spec.name.hasPrefix("test") ? "test" : "train"
                    for literal in literals(after: word, in: haystack, side: side)
                    where literal.percent == reading.text.hasSuffix("%") && !agrees(literal, with: value, shown: reading.text) {
                        let problem = "'\(word) \(shown(literal))' but \(pane.rawValue).\(spec.name) shows \(reading.text): \(text)"
                        if reported.insert(problem).inserted { problems.append(problem) }
                    }
                }
            }
        }
        return problems
    }

    static func shown(_ literal: Literal) -> String {
        String(format: "%.\(literal.decimals)f", literal.value) + (literal.percent ? "%" : "")
    }

    /// A literal agrees when the readout, rounded as the caption wrote it, gives that number
    /// (a percent against a fraction or against a value already in percent).
    static func agrees(_ literal: Literal, with value: Double, shown: String) -> Bool {
        let tolerance = 0.5 * pow(10, Double(-literal.decimals)) + 1e-9
        var candidates = [value]
        if literal.percent && !shown.hasSuffix("%") { candidates = [value * 100] }
        if literal.percent && shown.hasSuffix("%") && abs(value) <= 1 { candidates.append(value * 100) }
        return candidates.contains { abs($0 - literal.value) <= tolerance }
    }

    /// The numbers written right after `word` (as a whole word): "loss 0.2318", "epoch: 60",
    /// "acc = 92.4%".
    static func literals(after word: String, in text: String, side: String = "train") -> [Literal] {
        var result: [Literal] = []
        var searchStart = text.startIndex
        while let range = text.range(of: word, range: searchStart..<text.endIndex) {
            searchStart = range.upperBound
            if range.lowerBound > text.startIndex, isWordCharacter(text[text.index(before: range.lowerBound)]) { continue }
            let before = text[..<range.lowerBound].lowercased()
            let other = side == "test" ? "train " : "test "
            if before.hasSuffix(other) { continue }
            var index = range.upperBound
            if index < text.endIndex, isWordCharacter(text[index]) { continue }
            // Optional separators: spaces, '=', ':'.
            var separators = 0
            while index < text.endIndex, text[index] == " " || text[index] == "=" || text[index] == ":", separators < 4 {
                index = text.index(after: index)
                separators += 1
            }
            guard separators > 0 else { continue }
            var end = index
            if end < text.endIndex, text[end] == "-" || text[end] == "−" { end = text.index(after: end) }
            var digits = "", decimals = 0, afterPoint = false
            while end < text.endIndex {
                let c = text[end]
                if c.isASCII && c.isNumber {
                    digits.append(c)
                    if afterPoint { decimals += 1 }
                } else if c == "." && !afterPoint, text.index(after: end) < text.endIndex,
                          text[text.index(after: end)].isASCII && text[text.index(after: end)].isNumber {
                    digits.append(c)
                    afterPoint = true
                } else { break }
                end = text.index(after: end)
            }
            guard !digits.isEmpty, var value = Double(digits) else { continue }
            if index < text.endIndex, text[index] == "-" || text[index] == "−" { value = -value }
            // A literal followed by letters ("3x", "1e-8") is not a plain number; one followed by an
            // operator ("2·3 - 1·1", "3 + 2", "1/(x(1-x))") is a derivation, not a reading.
            if end < text.endIndex, text[end].isLetter { continue }
            var next = end
            while next < text.endIndex, text[next] == " " { next = text.index(after: next) }
            if next < text.endIndex, "·×*/^+−-".contains(text[next]),
               !(text[next] == "-" && next == end) || text.index(after: next) == text.endIndex || text[text.index(after: next)] == " " {
                continue
            }
            let percent = end < text.endIndex && text[end] == "%"
            result.append(Literal(value: value, percent: percent, decimals: decimals))
        }
        return result
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
}
