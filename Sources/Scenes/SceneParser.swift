import Canvas
import Panes
import Foundation
import SimulationCore
import Yams
import Labs

/// Reads a scene file (YAML, through Yams) into a `Scene`, reporting every problem it can
/// find as `file:line:column: message`, with a "did you mean" for near-miss names.
///
/// Invariants: never traps on any input; a scene is returned only when there were no problems;
/// scene files are data (no command runs, asset paths stay inside the scene's folder or
/// `assets/`), and every text is sanitised (no control characters reach the terminal).
public struct SceneParser {
    /// The header keys, step kinds and the options of each, for messages and the reference.
    public static let headerKeys = ["title", "seed", "rate", "pause", "layout", "steps"]
    public static let layoutKeys = ["panes", "focus", "zoom"]
    public static let stepKinds = ["section", "caption", "set", "frame", "animate", "run", "wait", "focus", "zoom",
                                   "highlight", "question", "reset", "seed"]
    static let animateKeys = ["parameter", "to", "from", "seconds", "steps", "easing", "stop"]
    static let runKeys = ["steps", "seconds"]
    static let questionKeys = ["ask", "answer"]
    /// Longest scene text kept (longer is an error: a caption is not a document).
    public static let maximumTextLength = 2000
    /// The largest scene file read (the bundled ones are under 4 KB). Larger files are refused
    /// with their size before any parsing.
    public static let maximumFileBytes = 1_000_000

    let file: String
    /// Where assets resolve: the scene's folder, then `assets/`.
    let assetFolders: [String]
    private(set) var problems: [SceneDiagnostic] = []

    init(file: String, assetFolders: [String]) {
        self.file = file
        self.assetFolders = assetFolders
    }

    /// Parses a scene file from disk.
    public static func load(path: String, assets: AssetLocator = AssetLocator()) -> SceneParseResult {
        let start = SceneLocation(file: path, line: 1, column: 1)
        let text: String
        switch UserFile.readText(path, limit: maximumFileBytes, what: "scene files") {
        case .success(let contents): text = contents
        case .failure(let problem): return .failure([SceneDiagnostic(start, "the file " + problem.reason)])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return parse(text, file: path, assetFolders: [folder] + (assets.directory.map { [$0] } ?? []))
    }

    /// Parses scene text; `file` names it in messages.
    public static func parse(_ text: String, file: String, assetFolders: [String] = []) -> SceneParseResult {
        var parser = SceneParser(file: file, assetFolders: assetFolders)
        let scene = parser.scene(from: text)
        if let scene, parser.problems.isEmpty { return .success(scene) }
        return .failure(parser.problems.isEmpty ? [SceneDiagnostic(parser.location(nil), "not a scene")] : parser.problems)
    }

    // MARK: The document

    mutating func scene(from text: String) -> Scene? {
        if let (location, scalar) = SceneText.firstForbiddenCharacter(in: text, file: file) {
            problems.append(SceneDiagnostic(location, SceneText.forbiddenMessage(scalar)))
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append(Self.diagnostic(for: error, file: file))
            return nil
        } catch {
            problems.append(SceneDiagnostic(location(nil), "not YAML: \(error)"))
            return nil
        }
        guard let root, let pairs = mapping(root, what: "a scene") else {
            if root == nil { problems.append(SceneDiagnostic(location(nil), "empty file: a scene needs a title and steps")) }
            return nil
        }
        var scene = Scene(title: LocalizedText(""), file: file)
        var sawTitle = false, sawSteps = false
        for (keyNode, value) in pairs {
            guard let key = keyName(keyNode, allowed: Self.headerKeys, what: "scene key") else { continue }
            switch key {
            case "title":
                if let title = localized(value, what: "title") { scene.title = title; sawTitle = true }
            case "seed":
                if let seed = seed(value) { scene.seed = seed }
            case "rate":
                if let rate = number(value, what: "rate (steps per second)", in: 0.25...1000) { scene.rate = rate }
            case "pause":
                if let pause = number(value, what: "pause (seconds)", in: 0...600) { scene.keyPause = pause }
            case "layout":
                if let layout = layout(value) { scene.layout = layout }
            case "steps":
                sawSteps = true
                guard case .sequence(let sequence) = value else {
                    problems.append(SceneDiagnostic(location(value), "steps must be a list (each item '- kind: ...')"))
                    continue
                }
                scene.steps = sequence.compactMap { step($0) }
            default: break
            }
        }
        if !sawTitle { problems.append(SceneDiagnostic(location(root), "missing 'title'")) }
        if !sawSteps { problems.append(SceneDiagnostic(location(root), "missing 'steps'")) }
        if let focus = scene.layout.focus, !scene.layout.panes.contains(focus) {
            problems.append(SceneDiagnostic(location(root), "layout focus '\(focus.rawValue)' is not one of its panes"))
        }
        return scene
    }

    mutating func layout(_ node: Node) -> SceneLayout? {
        guard let pairs = mapping(node, what: "layout") else { return nil }
        var layout = SceneLayout()
        for (keyNode, value) in pairs {
            guard let key = keyName(keyNode, allowed: Self.layoutKeys, what: "layout key") else { continue }
            switch key {
            case "panes":
                guard case .sequence(let items) = value, !items.isEmpty else {
                    problems.append(SceneDiagnostic(location(value), "panes must be a list of panes, e.g. [linear, entropy]"))
                    continue
                }
                let panes = items.compactMap { pane($0) }
                if Set(panes).count != panes.count {
                    problems.append(SceneDiagnostic(location(value), "a pane is listed twice"))
                } else if panes.count == items.count {
                    layout.panes = panes
                }
            case "focus": layout.focus = pane(value)
            case "zoom": if let zoom = flag(value, what: "zoom") { layout.zoom = zoom }
            default: break
            }
        }
        return layout
    }

    // MARK: Steps

    mutating func step(_ node: Node) -> SceneStep? {
        let here = location(node)
        // A bare word is a step without options: `- reset`.
        if case .scalar(let scalar) = node {
            if scalar.string == "reset" { return SceneStep(.command(.reset), at: here) }
            problems.append(SceneDiagnostic(here, "a step is 'kind: value', not \(Self.describe(node)) (kinds: \(Self.stepKinds.joined(separator: ", ")))"
                                            + suggestion(scalar.string, among: Self.stepKinds)))
            return nil
        }
        guard let pairs = mapping(node, what: "a step") else { return nil }
        guard pairs.count == 1, let (keyNode, value) = pairs.first else {
            problems.append(SceneDiagnostic(here, "a step has exactly one kind; found \(pairs.count): "
                                            + pairs.compactMap { $0.0.string }.joined(separator: ", ")
                                            + " (write each as its own '- ' item)"))
            return nil
        }
        guard let kind = keyName(keyNode, allowed: Self.stepKinds, what: "step kind") else { return nil }
        let action: SceneAction?
        switch kind {
        case "section": action = localized(value, what: "section title").map { .section($0) }
        case "caption": action = localized(value, what: "caption", allowEmpty: true, readouts: true).map { .caption($0) }
        case "set": action = setStep(value)
        case "frame":
            // Like set, but shown at once without a lab's own easing (a drag, as saved).
            guard case .set(let commands)? = setStep(value, what: "frame") else { action = nil; break }
            action = .set(commands.map { command in
                guard case .set(let pane, let parameter, let value) = command else { return command }
                return .setFrame(pane: pane, parameter: parameter, value: value)
            })
        case "animate": action = animateStep(value)
        case "run": action = runStep(value)
        case "wait": action = waitStep(value)
        case "focus": action = pane(value).map { .focus($0) }
        case "zoom": action = flag(value, what: "zoom").map { .zoom($0) }
        case "highlight": action = highlightStep(value)
        case "question": action = questionStep(value)
        case "reset":
            if case .scalar(let s) = value, s.string.isEmpty || s.string == "true" || s.kind == .null {
                action = .command(.reset)
            } else {
                problems.append(SceneDiagnostic(location(value), "reset takes no value (write '- reset')"))
                action = nil
            }
        case "seed": action = seed(value).map { .command(.reseed($0)) }
        default: action = nil
        }
        return action.map { SceneStep($0, at: here) }
    }

    /// `set: {linear.matrix: [[2, 1], [1, 2]], linear.mode: svd}`: changes applied in order.
    mutating func setStep(_ node: Node, what kind: String = "set") -> SceneAction? {
        guard let pairs = mapping(node, what: kind + " (pane.parameter: value, ...)") else { return nil }
        var commands: [Command] = []
        var failed = false
        for (keyNode, valueNode) in pairs {
            guard let (pane, parameter) = parameterName(keyNode), let value = parameterValue(valueNode) else {
                failed = true
                continue
            }
            if let (spec, isFile) = LabRegistry.lab(pane)?.parameter(named: parameter), isFile {
                // A data file: the command carries its text, so a player or a follower needs no file.
                guard case .text(let path) = value, let contents = asset(path, at: valueNode) else { failed = true; continue }
                commands.append(.set(pane: pane, parameter: spec.name, value: .text(contents)))
                continue
            }
            commands.append(.set(pane: pane, parameter: parameter, value: value))
        }
        if pairs.isEmpty { problems.append(SceneDiagnostic(location(node), kind + " needs at least one pane.parameter: value")) }
        return failed || commands.isEmpty ? nil : .set(commands)
    }

    /// `animate: {parameter: entropy.temperature, to: 5, seconds: 3, easing: in-out-cubic}`.
    mutating func animateStep(_ node: Node) -> SceneAction? {
        guard let pairs = mapping(node, what: "animate") else { return nil }
        var target: (PaneID, String)?, from: ParameterValue?, to: ParameterValue?
        var seconds: Double?, steps: Int?, stop: Int?, easing = Easing.inOutCubic
        var failed = false
        for (keyNode, value) in pairs {
            guard let key = keyName(keyNode, allowed: Self.animateKeys, what: "animate option") else { failed = true; continue }
            switch key {
            case "parameter": target = parameterName(value)
            case "to": to = parameterValue(value)
            case "from": from = parameterValue(value)
            case "seconds": seconds = number(value, what: "seconds", in: 0.01...3600)
            case "steps": steps = integer(value, what: "steps", in: 1...1_000_000)
            case "stop": stop = integer(value, what: "stop (frames played before stopping)", in: 0...1_000_000)
            case "easing":
                guard let name = value.string, let chosen = Easing(rawValue: name) else {
                    problems.append(SceneDiagnostic(location(value), "unknown easing '\(value.string ?? "")'; easings: "
                                                    + Easing.allCases.map(\.rawValue).joined(separator: ", ")
                                                    + suggestion(value.string ?? "", among: Easing.allCases.map(\.rawValue))))
                    failed = true
                    continue
                }
                easing = chosen
            default: break
            }
        }
        for (name, present) in [("parameter", target != nil), ("to", to != nil), ("seconds", seconds != nil)] where !present {
            if !pairs.contains(where: { $0.0.string == name }) {
                problems.append(SceneDiagnostic(location(node), "animate needs '\(name)'"))
            }
            failed = true
        }
        guard !failed, let (pane, parameter) = target, let to, let seconds else { return nil }
        if let from, from.interpolated(to: to, at: 0.5) == nil {
            problems.append(SceneDiagnostic(location(node), "cannot animate from \(Self.describe(from)) to \(Self.describe(to))"))
            return nil
        }
        if to.interpolated(to: to, at: 0.5) == nil {
            problems.append(SceneDiagnostic(location(node), "only numbers, vectors and matrices can be animated (got \(Self.describe(to)))"))
            return nil
        }
        let frames = steps ?? max(1, Int((seconds * 30).rounded()))
        if let stop, stop > frames {
            problems.append(SceneDiagnostic(location(node), "stop (\(stop)) must not exceed the animation's \(frames) frames"))
            return nil
        }
        return .animate(pane: pane, parameter: parameter, from: from, to: to, seconds: seconds,
                        steps: frames, easing: easing, stop: stop)
    }

    /// `run: 3` (seconds), `run: {steps: 90}` or `run: {steps: 3000, seconds: 5}`.
    mutating func runStep(_ node: Node) -> SceneAction? {
        if case .scalar = node {
            return number(node, what: "run (seconds)", in: 0...3600).map { .run(steps: -1, seconds: $0) }
        }
        guard let pairs = mapping(node, what: "run") else { return nil }
        var steps: Int?, seconds: Double?
        var given = false, failed = false
        for (keyNode, value) in pairs {
            guard let key = keyName(keyNode, allowed: Self.runKeys, what: "run option") else { continue }
            given = true
            if key == "steps" { steps = integer(value, what: "steps", in: 0...SceneScript.maximumRunSteps); failed = failed || steps == nil }
            if key == "seconds" { seconds = number(value, what: "seconds", in: 0...3600); failed = failed || seconds == nil }
        }
        if !given { problems.append(SceneDiagnostic(location(node), "run needs steps or seconds")) }
        if !given || failed { return nil }
        // -1 steps: as many as the scene's rate gives; a negative time: steps at the scene's rate.
        return .run(steps: steps ?? -1, seconds: seconds ?? -1)
    }

    /// `wait: 2` (seconds) or `wait: key`.
    mutating func waitStep(_ node: Node) -> SceneAction? {
        if node.string == "key" { return .wait(seconds: nil) }
        return number(node, what: "wait (seconds, or 'key')", in: 0...3600).map { .wait(seconds: $0) }
    }

    /// `highlight: linear.det` or `highlight: none`.
    mutating func highlightStep(_ node: Node) -> SceneAction? {
        guard case .scalar(let scalar) = node else {
            problems.append(SceneDiagnostic(location(node), "highlight takes pane.readout (e.g. linear.det) or none"))
            return nil
        }
        if scalar.string == "none" || scalar.string.isEmpty { return .highlight(nil) }
        guard let (pane, readout) = dotted(node) else { return nil }
        let known = LabRegistry.lab(pane)?.readouts.map(\.name) ?? []
        guard known.contains(readout) else {
            problems.append(SceneDiagnostic(location(node), "pane '\(pane.rawValue)' has no readout '\(readout)'; readouts: "
                                            + known.joined(separator: ", ") + suggestion(readout, among: known)))
            return nil
        }
        return .highlight(ReadoutReference(pane: pane, readout: readout))
    }

    mutating func questionStep(_ node: Node) -> SceneAction? {
        guard let pairs = mapping(node, what: "question (ask:, answer:)") else { return nil }
        var ask: LocalizedText?, answer: LocalizedText?
        for (keyNode, value) in pairs {
            guard let key = keyName(keyNode, allowed: Self.questionKeys, what: "question part") else { continue }
            if key == "ask" { ask = localized(value, what: "question", readouts: true) }
            if key == "answer" { answer = localized(value, what: "answer", readouts: true) }
        }
        if ask == nil && !pairs.contains(where: { $0.0.string == "ask" }) {
            problems.append(SceneDiagnostic(location(node), "question needs 'ask'"))
        }
        if answer == nil && !pairs.contains(where: { $0.0.string == "answer" }) {
            problems.append(SceneDiagnostic(location(node), "question needs 'answer'"))
        }
        guard let ask, let answer else { return nil }
        return .question(ask: ask, answer: answer)
    }

    // MARK: Values

    /// `linear.matrix` -> (.linear, "matrix"), with the pane and parameter checked.
    mutating func parameterName(_ node: Node) -> (PaneID, String)? {
        guard let (pane, parameter) = dotted(node) else { return nil }
        guard let lab = LabRegistry.lab(pane) else {
            problems.append(SceneDiagnostic(location(node), LabRegistry.unavailableReason(pane)))
            return nil
        }
        let known = lab.parameterNamesForUsers
        guard known.contains(parameter) else {
            problems.append(SceneDiagnostic(location(node), "pane '\(pane.rawValue)' has no parameter '\(parameter)'"
                                            + suggestion(parameter, among: known, orList: true)))
            return nil
        }
        return (pane, parameter)
    }

    /// `pane.name`, the pane checked.
    mutating func dotted(_ node: Node) -> (PaneID, String)? {
        guard case .scalar(let scalar) = node, let dot = scalar.string.firstIndex(of: ".") else {
            problems.append(SceneDiagnostic(location(node), "expected pane.name, e.g. linear.matrix (got \(Self.describe(node)))"))
            return nil
        }
        let paneName = String(scalar.string[..<dot]), name = String(scalar.string[scalar.string.index(after: dot)...])
        let panes = LabRegistry.ids.map(\.rawValue)
        let pane = PaneID(paneName)
        guard LabRegistry.lab(pane) != nil else {
            problems.append(SceneDiagnostic(location(node), "unknown pane '\(paneName)'; panes: " + panes.joined(separator: ", ")
                                            + suggestion(paneName, among: panes)))
            return nil
        }
        guard !name.isEmpty else {
            problems.append(SceneDiagnostic(location(node), "missing the name after '\(paneName).'"))
            return nil
        }
        return (pane, name)
    }

    /// A YAML value as a parameter value: a number, whole number, true/false, text, a list of
    /// numbers (vector) or a list of equal-length lists (matrix).
    mutating func parameterValue(_ node: Node) -> ParameterValue? {
        switch node {
        case .scalar(let scalar):
            if let word = Self.plainWord(node) {
                if let value = DecimalText.integer(word) { return .integer(value) }
                if let value = DecimalText.double(word) {
                    guard value.isFinite else {
                        problems.append(SceneDiagnostic(location(node), "needs a finite number (got \(word))"))
                        return nil
                    }
                    return .number(value)
                }
                switch scalar.kind {
                case .int, .float:
                    problems.append(SceneDiagnostic(location(node), "needs a finite number (got \(Self.describe(node)))" + Self.decimalHint(node)))
                    return nil
                case .bool: if let value = node.bool { return .flag(value) }
                case .null:
                    problems.append(SceneDiagnostic(location(node), "missing value"))
                    return nil
                default: break
                }
            }
            return text(node, what: "value", asDisplayed: false).map { .text($0) }
        case .sequence(let items):
            if items.allSatisfy({ if case .sequence = $0 { return true } else { return false } }), !items.isEmpty {
                var rows: [[Double]] = []
                for item in items {
                    guard case .sequence(let row) = item, let numbers = numbers(Array(row)) else { return nil }
                    rows.append(numbers)
                }
                guard Set(rows.map(\.count)).count == 1 else {
                    problems.append(SceneDiagnostic(location(node), "matrix rows must have the same length"))
                    return nil
                }
                return .matrix(rows)
            }
            return numbers(Array(items)).map { .vector($0) }
        default:
            problems.append(SceneDiagnostic(location(node), "expected a number, text, a list of numbers or a matrix"))
            return nil
        }
    }

    mutating func numbers(_ items: [Node]) -> [Double]? {
        var result: [Double] = []
        for item in items {
            guard let value = Self.plainWord(item).flatMap(DecimalText.double), value.isFinite else {
                problems.append(SceneDiagnostic(location(item), "expected a finite number (got \(Self.describe(item)))" + Self.decimalHint(item)))
                return nil
            }
            result.append(value)
        }
        guard !result.isEmpty else {
            problems.append(SceneDiagnostic(location(nil), "an empty list is not a value"))
            return nil
        }
        return result
    }

    /// A file named by a scene, read as text: relative, inside the scene's folder or `assets/`.
    mutating func asset(_ path: String, at node: Node) -> String? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !path.hasPrefix("~"), !components.contains(".."), !path.isEmpty else {
            problems.append(SceneDiagnostic(location(node), "asset '\(path)' must be a relative path inside the scene's folder or assets/ (no '/', '~' or '..')"))
            return nil
        }
        for folder in assetFolders {
            let candidate = folder + "/" + path
            // A link may not lead outside the folder either.
            let resolvedFolder = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            guard resolved.hasPrefix(resolvedFolder + "/") else {
                problems.append(SceneDiagnostic(location(node), "asset '\(path)' leads outside \(folder) (a link); copy the file in instead"))
                return nil
            }
            guard FileManager.default.fileExists(atPath: candidate) else { continue }
            switch UserFile.readText(candidate, limit: Dataset.maximumFileBytes, what: "data files") {
            case .success(let text): return text
            case .failure(let problem):
                problems.append(SceneDiagnostic(location(node), "asset '\(path)' " + problem.reason))
                return nil
            }
        }
        problems.append(SceneDiagnostic(location(node), "missing asset '\(path)' (looked in "
                                        + (assetFolders.isEmpty ? "no folder" : assetFolders.joined(separator: ", ")) + ")"))
        return nil
    }

    mutating func localized(_ node: Node, what: String, allowEmpty: Bool = false, readouts: Bool = false) -> LocalizedText? {
        if case .mapping(let pairs) = node {
            var translations: [LocalizedText.Translation] = []
            for (keyNode, value) in pairs {
                guard let language = keyNode.string, Self.isLanguageCode(language) else {
                    problems.append(SceneDiagnostic(location(keyNode), "\(what): '\(keyNode.string ?? "")' is not a language code (en, ko, ja, pt-BR, ...)"))
                    continue
                }
                if let text = text(value, what: "\(what) (\(language))") {
                    if readouts { checkReadouts(value) }
                    translations.append(.init(language: language, text: text))
                }
            }
            if translations.isEmpty && pairs.count == 0 {
                problems.append(SceneDiagnostic(location(node), "\(what) needs text in at least one language"))
            }
            return translations.isEmpty ? nil : LocalizedText(translations)
        }
        guard let text = text(node, what: what) else { return nil }
        if readouts { checkReadouts(node) }
        if text.isEmpty && !allowEmpty {
            problems.append(SceneDiagnostic(location(node), "\(what) is empty"))
            return nil
        }
        return LocalizedText(text)
    }

    /// A scalar's text, trimmed. Text shown as written (captions, titles) is sanitised here; a
    /// parameter's value (`asDisplayed: false`) is kept exactly, so a control character in it is
    /// refused by the lab with a message that shows it, instead of vanishing.
    mutating func text(_ node: Node, what: String, asDisplayed: Bool = true) -> String? {
        guard case .scalar(let scalar) = node else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be text (got \(Self.describe(node)))"))
            return nil
        }
        guard scalar.string.count <= Self.maximumTextLength else {
            problems.append(SceneDiagnostic(location(node), "\(what) is longer than \(Self.maximumTextLength) characters"))
            return nil
        }
        if scalar.kind == .null && (scalar.style == .plain || scalar.style == .any) { return "" }
        let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        return asDisplayed ? sanitize(trimmed, keepNewlines: true) : trimmed
    }

    /// Each `{pane.readout[:format]}` in a caption, question or answer names a readout its pane
    /// declares, in a format that exists: else file:line:column of the placeholder, with a
    /// "did you mean".
    mutating func checkReadouts(_ node: Node) {
        guard case .scalar(let scalar) = node else { return }
        let raw = scalar.string
        for problem in CaptionTemplate.problems(in: raw) {
            let before = raw.prefix(problem.offset)
            let newlines = before.filter { $0 == "\n" }.count
            let mark = node.mark
            var line = (mark?.line ?? 1) + newlines, column: Int
            let quoted = scalar.style == .doubleQuoted || scalar.style == .singleQuoted
            let block = scalar.style == .literal || scalar.style == .folded
            if newlines == 0 && !block {
                column = (mark?.column ?? 1) + (quoted ? 1 : 0) + before.unicodeScalars.count
            } else {
                if block { line += 1 }
                let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
                column = (mark?.column ?? 1) + (block ? 2 : 0) + lastLine.unicodeScalars.count
            }
            problems.append(SceneDiagnostic(SceneLocation(file: file, line: line, column: column), problem.message))
        }
    }

    mutating func integer(_ node: Node, what: String, in range: ClosedRange<Int>) -> Int? {
        guard let word = Self.plainWord(node), DecimalText.isWholeNumber(word) else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be a whole number (got \(Self.describe(node)))" + Self.decimalHint(node)))
            return nil
        }
        guard let value = DecimalText.integer(word), range.contains(value) else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be in \(range.lowerBound)...\(range.upperBound) (got \(word))"))
            return nil
        }
        return value
    }

    /// A seed: any whole number in 0...2^64 − 1, as `--seed` takes.
    mutating func seed(_ node: Node) -> UInt64? {
        guard let word = Self.plainWord(node), DecimalText.isWholeNumber(word) else {
            problems.append(SceneDiagnostic(location(node), "seed must be a whole number (got \(Self.describe(node)))" + Self.decimalHint(node)))
            return nil
        }
        guard let value = DecimalText.unsigned(word) else {
            problems.append(SceneDiagnostic(location(node), "seed must be in 0...\(UInt64.max) (got \(word))"))
            return nil
        }
        return value
    }

    mutating func number(_ node: Node, what: String, in range: ClosedRange<Double>) -> Double? {
        guard let value = Self.plainWord(node).flatMap(DecimalText.double), value.isFinite else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be a number (got \(Self.describe(node)))" + Self.decimalHint(node)))
            return nil
        }
        guard range.contains(value) else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be in \(NumberText.plain(range.lowerBound))...\(NumberText.plain(range.upperBound)) (got \(NumberText.plain(value)))"))
            return nil
        }
        return value
    }

    mutating func flag(_ node: Node, what: String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.kind == .bool, let value = node.bool else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be true or false (got \(Self.describe(node)))"))
            return nil
        }
        return value
    }

    mutating func pane(_ node: Node) -> PaneID? {
        let names = LabRegistry.ids.map(\.rawValue)
        guard case .scalar(let scalar) = node, case let pane = PaneID(scalar.string), LabRegistry.lab(pane) != nil else {
            let given = node.string ?? Self.describe(node)
            problems.append(SceneDiagnostic(location(node), "unknown pane '\(given)'; panes: " + names.joined(separator: ", ")
                                            + suggestion(given, among: names)))
            return nil
        }
        return pane
    }

    // MARK: Helpers

    mutating func mapping(_ node: Node, what: String) -> [(Node, Node)]? {
        guard case .mapping(let mapping) = node else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be a mapping of 'key: value' (got \(Self.describe(node)))"))
            return nil
        }
        return Array(mapping)
    }

    /// The key's text when it is one of `allowed`; else a message with a suggestion.
    mutating func keyName(_ node: Node, allowed: [String], what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            problems.append(SceneDiagnostic(location(node), "\(what) must be a word"))
            return nil
        }
        guard allowed.contains(scalar.string) else {
            problems.append(SceneDiagnostic(location(node), "unknown \(what) '\(scalar.string)'"
                                            + suggestion(scalar.string, among: allowed, orList: true)))
            return nil
        }
        return scalar.string
    }

    /// "; did you mean 'x'?" for a near miss, or the list of names when `orList`.
    func suggestion(_ given: String, among names: [String], orList: Bool = false) -> String {
        if let near = Suggest.nearest(given, among: names) { return "; did you mean '\(near)'?" }
        return orList ? "; expected one of: " + names.joined(separator: ", ") : ""
    }

    func location(_ node: Node?) -> SceneLocation {
        let mark = node?.mark
        return SceneLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The text of an unquoted scalar: only those can be numbers or flags (`"12"` is text).
    static func plainWord(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }

    /// "; write numbers in decimal" for what YAML 1.1 reads as a number but `DecimalText` does
    /// not (`0x10`, `0o17`, `1_000`, `1:30`); "" otherwise.
    static func decimalHint(_ node: Node) -> String {
        guard case .scalar(let scalar) = node, let word = plainWord(node), scalar.kind == .int || scalar.kind == .float,
              !DecimalText.isDecimal(word), !word.lowercased().hasSuffix("inf"), !word.lowercased().hasSuffix("nan") else { return "" }
        return "; write numbers in decimal (such as 16, -0.5 or 1e-3)"
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "'\(scalar.string.prefix(40))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func describe(_ value: ParameterValue) -> String {
        switch value {
        case .number(let x): return NumberText.plain(x)
        case .integer(let n): return String(n)
        case .flag(let b): return String(b)
        case .text(let t): return "'\(t.prefix(40))'"
        case .vector(let v): return "a vector of \(v.count)"
        case .matrix(let m): return "a \(m.count)x\(m.first?.count ?? 0) matrix"
        }
    }

    static func isLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// Yams' errors as located diagnostics (its marks are 1-based).
    static func diagnostic(for error: YamlError, file: String) -> SceneDiagnostic {
        func at(_ mark: Mark) -> SceneLocation { SceneLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return SceneDiagnostic(at(mark), "YAML: " + [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": "))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SceneDiagnostic(at(context.mark), "YAML: key written twice: " + duplicates.sorted().joined(separator: ", "))
        case .reader(let problem, let offset, _, let yaml):
            // The offset counts Characters; find the line and column it falls on.
            let location = offset.map { SceneText.location(ofCharacter: $0, in: yaml, file: file) }
            return SceneDiagnostic(location ?? SceneLocation(file: file, line: 1, column: 1), "YAML: \(problem)")
        default:
            return SceneDiagnostic(SceneLocation(file: file, line: 1, column: 1), "YAML: \(error)")
        }
    }
}

/// A scene, or every problem found in it.
public enum SceneParseResult: Sendable {
    case success(Scene)
    case failure([SceneDiagnostic])
}

/// Numbers in messages: "3", "0.25", "1e-05".
enum NumberText {
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Node.Scalar {
    /// The resolved tag's name (`.int`, `.float`, `.bool`, `.null`, `.str`).
    var kind: Tag.Name {
        tag.rawValue.isEmpty || tag.rawValue == "!" ? Resolver.default.resolveTag(of: Node.scalar(self)) : Tag.Name(rawValue: tag.rawValue)
    }
}
