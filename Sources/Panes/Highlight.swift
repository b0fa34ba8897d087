import Canvas
import SimulationCore

/// What a readout shows at one moment: the text the pane draws for it and, for a number, the
/// number itself (a scene's `{pane.readout:.4f}` formats that; `{pane.readout}` shows `text`).
public struct ReadoutReading: Sendable, Equatable {
    /// The value as a number, nil for a readout that is text (a view name, a triple, a point).
    public var number: Double?
    /// Exactly what the pane draws for it, in the charset asked for.
    public var text: String
    public init(number: Double?, text: String) {
        self.number = number
        self.text = text
    }
    public static func text(_ text: String) -> ReadoutReading { ReadoutReading(number: nil, text: text) }
}

/// A readout a scene can point at (`highlight: linear.det`) or quote (`{linear.det}` in a
/// caption): a plain name, the label the pane draws it under (the line a highlight marks), and
/// how to read its value from the pane's snapshot, declared once here beside the label.
public struct ReadoutSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case number, text }
    public var name: String
    public var label: String
    /// A number (formats such as `:.4f` apply) or text (shown as drawn).
    public var kind: Kind
    /// The value at a moment: nil when the snapshot does not show it (another view, no
    /// snapshot of this pane's kind).
    public let read: @Sendable (any SimulationSnapshot, Charset) -> ReadoutReading?

    public init(_ name: String, label: String, kind: Kind = .number,
                read: @escaping @Sendable (any SimulationSnapshot, Charset) -> ReadoutReading?) {
        self.name = name
        self.label = label
        self.kind = kind
        self.read = read
    }

    /// A readout of snapshots of type `S`: `number` gives the value, `text` the pane's own text
    /// for it (the same call the pane draws with).
    public static func number<S: SimulationSnapshot>(
        _ name: String, label: String, of type: S.Type,
        _ number: @escaping @Sendable (S) -> Double?, text: @escaping @Sendable (Double, Charset) -> String
    ) -> ReadoutSpec {
        ReadoutSpec(name, label: label, kind: .number) { snapshot, charset in
            guard let s = snapshot as? S, let value = number(s) else { return nil }
            return ReadoutReading(number: value, text: text(value, charset))
        }
    }

    /// A readout shown as text (several numbers, a name): `{pane.readout}` shows it as drawn.
    public static func text<S: SimulationSnapshot>(
        _ name: String, label: String, of type: S.Type, _ text: @escaping @Sendable (S, Charset) -> String?
    ) -> ReadoutSpec {
        ReadoutSpec(name, label: label, kind: .text) { snapshot, charset in
            guard let s = snapshot as? S, let shown = text(s, charset) else { return nil }
            return .text(shown)
        }
    }

    public static func == (a: ReadoutSpec, b: ReadoutSpec) -> Bool {
        a.name == b.name && a.label == b.label && a.kind == b.kind
    }
}

extension Pane {
    /// The label drawn for readout `name`, if the pane declares it.
    public func readoutLabel(_ name: String) -> String? { readouts.first { $0.name == name }?.label }

    /// Readout `name`'s value in `snapshot`, if the pane declares it and the snapshot shows it.
    public func reading(_ name: String, in snapshot: (any SimulationSnapshot)?, charset: Charset = .unicode) -> ReadoutReading? {
        guard let snapshot, let spec = readouts.first(where: { $0.name == name }) else { return nil }
        return spec.read(snapshot, charset)
    }
}

extension ReadoutSpec {
    /// A text readout read off the very lines the pane draws: the line labelled `label`, its
    /// text after the label (for readouts whose text is built from many numbers).
    static func drawn<S: SimulationSnapshot>(_ name: String, label: String, of type: S.Type,
                                             _ lines: @escaping @Sendable (S, Charset) -> [ReadoutLine]?) -> ReadoutSpec {
        .text(name, label: label, of: type) { s, charset in
            guard let line = lines(s, charset)?.first(where: { $0.spans.first?.padTo != nil && $0.spans.first?.text == label })
            else { return nil }
            let text = line.spans.dropFirst().map { MathText.forCharset($0.text, charset) }.joined()
            return text.trimmingCharacters(in: .whitespaces)
        }
    }
}
