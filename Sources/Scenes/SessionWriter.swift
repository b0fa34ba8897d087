import Canvas
import Foundation
import SimulationCore

/// A saved session as a scene file: the scene's steps up to where exploring began (a step
/// under way cut where it was), then every change made while exploring, with the steps the
/// clock took between them. Playing it to the end reproduces the explored state exactly.
public enum SessionWriter {
    /// The YAML text of the session.
    /// - Parameters:
    ///   - time: where the script was left (scene seconds).
    ///   - explored: the engine's log entries made while exploring (ticks are engine ticks).
    ///   - startTick, endTick: the engine's tick when exploring began and now.
    public static func yaml(script: SceneScript, leftAt time: Double, explored: [TimedCommand],
                            startTick: UInt64, endTick: UInt64, focus: PaneID?, zoom: Bool) -> String {
        let scene = script.scene
        var out = "# Saved by gradscope from \(scene.file): the scene up to where it was left, then the exploration.\n"
        out += "title: " + text(scene.title) + "\n"
        out += "seed: \(scene.seed)\nrate: \(number(scene.rate))\npause: \(number(scene.keyPause))\n"
        out += "layout:\n  panes: [" + scene.layout.panes.map(\.rawValue).joined(separator: ", ") + "]\n"
        if let focus = scene.layout.focus { out += "  focus: \(focus.rawValue)\n" }
        out += "  zoom: \(scene.layout.zoom)\nsteps:\n"
        for (index, step) in scene.steps.enumerated() {
            let range = script.stepTimes[index]
            guard range.lowerBound <= time + SceneScript.epsilon else { break }
            let finished = range.upperBound <= time + SceneScript.epsilon
            switch step.action {
            case .run(let steps, let seconds) where !finished:
                let run = script.runs.last { $0.start <= time + SceneScript.epsilon }
                let done = run.map { Int($0.tick(at: time) - $0.firstTick) } ?? 0
                let total = steps >= 0 ? steps : Int((seconds * scene.rate).rounded())
                let length = seconds >= 0 ? seconds : Double(total) / scene.rate
                out += "  - run: {steps: \(done), seconds: \(number(total > 0 ? length * Double(done) / Double(total) : 0))}\n"
            case .animate(let pane, let parameter, let from, let to, let seconds, let steps, let easing, let stop) where !finished:
                let run = script.runs.last { $0.start <= time + SceneScript.epsilon }
                let done = run.map { Int($0.tick(at: time) - $0.firstTick) } ?? 0
                out += "  - " + animate(pane, parameter, from, to, seconds, steps, easing, min(done, stop ?? steps)) + "\n"
            default:
                out += "  - " + line(step.action) + "\n"
            }
        }
        out += "  - section: {en: \"Exploration (saved session)\", ko: \"탐색 (저장된 세션)\"}\n"
        var tick = startTick
        func runTo(_ target: UInt64) {
            guard target > tick else { return }
            out += "  - run: {steps: \(target - tick), seconds: \(number(Double(target - tick) / scene.rate))}\n"
            tick = target
        }
        for entry in explored {
            runTo(entry.tick)
            switch entry.command {
            case .set(let pane, let parameter, let value):
                out += "  - set: {\(pane.rawValue).\(parameter): \(self.value(value))}\n"
            case .setFrame(let pane, let parameter, let value):  // a drag: shown at once, as it was
                out += "  - frame: {\(pane.rawValue).\(parameter): \(self.value(value))}\n"
            case .reset: out += "  - reset\n"
            case .reseed(let seed): out += "  - seed: \(seed)\n"
            case .singleStep:
                out += "  - run: {steps: 1, seconds: \(number(1 / scene.rate))}\n"
                tick += 1
            default: break  // pause, speed: the ticks already say when steps happened
            }
        }
        runTo(endTick)
        if let focus { out += "  - focus: \(focus.rawValue)\n" }
        out += "  - zoom: \(zoom)\n  - wait: key\n"
        return out
    }

    /// Where sessions are saved by default: `$XDG_DATA_HOME/gradscope/sessions`, else
    /// `~/.local/share/gradscope/sessions`; nil with neither (only absolute paths count).
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        func absolute(_ name: String) -> String? { environment[name].flatMap { $0.hasPrefix("/") ? $0 : nil } }
        guard let base = absolute("XDG_DATA_HOME") ?? absolute("HOME").map({ $0 + "/.local/share" }) else { return nil }
        return URL(fileURLWithPath: base + "/gradscope/sessions").standardizedFileURL.path
    }

    /// A name in `folder` that is not taken: `BASE-session.yaml`, then `-2`, `-3`, ...
    public static func freshPath(for scenePath: String, in folder: String) -> String {
        let base = URL(fileURLWithPath: scenePath).deletingPathExtension().lastPathComponent
        var candidate = folder + "/" + base + "-session.yaml"
        var number = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = folder + "/" + base + "-session-\(number).yaml"
            number += 1
        }
        return candidate
    }

    // MARK: YAML

    static func line(_ action: SceneAction) -> String {
        switch action {
        case .section(let title): return "section: " + text(title)
        case .caption(let caption): return "caption: " + text(caption)
        case .set(let commands):
            // A `frame` step holds only frames (shown at once), a `set` step only sets.
            var frames = false
            let pairs = commands.compactMap { command -> String? in
                switch command {
                case .set(let pane, let parameter, let value):
                    return "\(pane.rawValue).\(parameter): \(self.value(value))"
                case .setFrame(let pane, let parameter, let value):
                    frames = true
                    return "\(pane.rawValue).\(parameter): \(self.value(value))"
                default:
                    return nil
                }
            }
            return (frames ? "frame: {" : "set: {") + pairs.joined(separator: ", ") + "}"
        case .animate(let pane, let parameter, let from, let to, let seconds, let steps, let easing, let stop):
            return animate(pane, parameter, from, to, seconds, steps, easing, stop)
        case .run(let steps, let seconds):
            var parts: [String] = []
            if steps >= 0 { parts.append("steps: \(steps)") }
            if seconds >= 0 { parts.append("seconds: \(number(seconds))") }
            return "run: {" + parts.joined(separator: ", ") + "}"
        case .wait(let seconds): return "wait: " + (seconds.map(number) ?? "key")
        case .focus(let pane): return "focus: \(pane.rawValue)"
        case .zoom(let zoomed): return "zoom: \(zoomed)"
        case .highlight(let readout): return "highlight: " + (readout?.name ?? "none")
        case .question(let ask, let answer): return "question: {ask: \(text(ask)), answer: \(text(answer))}"
        case .command(.reseed(let seed)): return "seed: \(seed)"
        case .command: return "reset"
        }
    }

    static func animate(_ pane: PaneID, _ parameter: String, _ from: ParameterValue?, _ to: ParameterValue,
                        _ seconds: Double, _ steps: Int, _ easing: Easing, _ stop: Int?) -> String {
        var parts = ["parameter: \(pane.rawValue).\(parameter)"]
        if let from { parts.append("from: " + value(from)) }
        parts += ["to: " + value(to), "seconds: " + number(seconds), "steps: \(steps)", "easing: \(easing.rawValue)"]
        if let stop { parts.append("stop: \(stop)") }
        return "animate: {" + parts.joined(separator: ", ") + "}"
    }

    static func text(_ localized: LocalizedText) -> String {
        "{" + localized.translations.map { "\($0.language): " + quoted($0.text) }.joined(separator: ", ") + "}"
    }

    /// A double-quoted YAML scalar (JSON's string syntax, `\uXXXX` escapes included, is valid
    /// YAML; the escapes keep the file free of characters YAML readers refuse or count as line breaks).
    static func quoted(_ text: String) -> String { JSONText.quoted(text) }

    static func value(_ value: ParameterValue) -> String {
        switch value {
        case .number(let x): return number(x)
        case .integer(let n): return String(n)
        case .flag(let b): return String(b)
        case .text(let t): return quoted(t)
        case .vector(let v): return "[" + v.map(number).joined(separator: ", ") + "]"
        case .matrix(let rows): return "[" + rows.map { "[" + $0.map(number).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
    }

    /// Shortest text that reads back as the same Double; always with a '.' or an exponent, so
    /// YAML reads a number (not a whole number) back.
    static func number(_ x: Double) -> String {
        let text = "\(x)"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }
}
