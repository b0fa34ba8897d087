import Canvas
import Foundation

/// `gradscope record`: a scene played by itself as an asciinema v2 cast — a JSON header line,
/// then `[seconds, "o", text]` output events (only the cells that changed since the previous
/// frame) and `[seconds, "m", label]` markers at sections. No wall clock is read: the same
/// scene, size and rate give the same bytes.
public enum CastRecorder {
    public static func cast(stage: SceneStage, framesPerSecond: Double, title: String) -> String {
        let script = stage.script
        var lines: [String] = []
        let header: [(String, String)] = [
            ("version", "2"), ("width", "\(stage.width)"), ("height", "\(stage.height)"),
            ("title", json(title)), ("env", "{\"TERM\": \"xterm-256color\"}"),
        ]
        lines.append("{" + header.map { "\(json($0.0)): \($0.1)" }.joined(separator: ", ") + "}")
        var previous: CellGrid?
        var markers = script.sections.map { (time: $0.time, label: $0.title.text(in: stage.language)) }
        let frameCount = Int((script.duration * framesPerSecond).rounded(.up))
        for frame in 0...frameCount {
            let time = min(script.duration, Double(frame) / framesPerSecond)
            while let marker = markers.first, marker.time <= time + 1e-9 {
                lines.append("[\(seconds(marker.time)), \"m\", \(json(marker.label))]")
                markers.removeFirst()
            }
            let grid = stage.frame(at: time)
            var update = grid.ansiUpdate(from: previous)
            if previous == nil { update = "\u{1B}[?25l" + update }
            if !update.isEmpty { lines.append("[\(seconds(time)), \"o\", \(json(update))]") }
            previous = grid
        }
        // The end: the cursor back, so a replay leaves the viewer's terminal usable.
        lines.append("[\(seconds(script.duration)), \"o\", \(json("\u{1B}[0m\u{1B}[?25h"))]")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seconds with microsecond precision, as asciinema writes them.
    static func seconds(_ time: Double) -> String {
        let micro = Int((time * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// A JSON string literal (escapes included; U+2028 and other invisibles too, so the header
    /// and every event stay one line for line-based readers).
    static func json(_ text: String) -> String { JSONText.quoted(text) }
}
