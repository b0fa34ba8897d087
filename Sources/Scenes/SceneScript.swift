import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Labs

/// A scene turned into a timeline: the engine commands stamped with their ticks (what the
/// engine loads and seeks through) and, for every moment, what the screen says about it.
///
/// Time is measured in seconds of the scene played by itself: runs and animations last their
/// durations, waits theirs, and every key-wait and question beat lasts `scene.keyPause`.
/// Presenter mode plays the same timeline but stops at the start of each hold until a key.
///
/// Invariants: the simulations at time t depend only on the seed and the commands stamped at
/// or before t (so seeking anywhere is exact); ticks and command times never decrease.
public struct SceneScript: Sendable {
    /// The most simulation steps a scene's `run` (or a headless frame) takes: every lab draws
    /// within seconds (the boundary lab, the slowest, steps ~12,000 times a second).
    public static let maximumRunSteps = 100_000

    public let scene: Scene
    /// Engine commands, stamped with the tick they apply at (`SimulationEngine.load(script:)`).
    public let commands: [TimedCommand]
    /// The scene time each command applies at (same order as `commands`).
    let commandTimes: [Double]
    /// The (0-based) step each command belongs to (non-decreasing).
    let commandSteps: [Int]
    /// Stretches where the clock runs: `steps` steps spread evenly over `duration` seconds.
    public let runs: [ClockRun]
    /// Each step's start and end time.
    public let stepTimes: [ClosedRange<Double>]
    /// Where presenter mode waits for a key: from `start` (waiting) to `end` (resumed).
    public let holds: [Hold]
    public let duration: Double
    /// What the screen says, changing at given times (in time order).
    let events: [(time: Double, step: Int, event: NarrationEvent)]

    public struct ClockRun: Sendable {
        public var start: Double
        public var duration: Double
        public var firstTick: UInt64
        public var steps: Int
        /// The (0-based) scene step this run belongs to.
        public var step: Int

        /// The tick at `time` (within or after this run).
        public func tick(at time: Double) -> UInt64 {
            guard steps > 0 else { return firstTick }
            if duration <= 0 || time >= start + duration { return firstTick + UInt64(steps) }
            let done = Int(((time - start) / duration * Double(steps) + SceneScript.epsilon).rounded(.down))
            return firstTick + UInt64(min(steps, max(0, done)))
        }

        /// When step `k` (1-based) of this run is taken: the same formula `tick(at:)` inverts.
        func time(ofStep k: Int) -> Double {
            duration <= 0 ? start : start + duration * Double(k) / Double(steps)
        }
    }

    public struct Hold: Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// The step that holds (a wait or a question).
        public var step: Int
    }

    enum NarrationEvent: Sendable {
        case step(Int)
        case section(Int, LocalizedText)
        case caption(LocalizedText)
        case ask(LocalizedText)
        case reveal(LocalizedText)
        case highlight(ReadoutReference?)
        case focus(PaneID)
        case zoom(Bool)
    }

    public static let epsilon = 1e-9
    /// The shortest hold (a `wait: 0` still holds in presenter mode): one frame at 30 fps.
    static let minimumHold = 1.0 / 30

    // MARK: Compiling

    /// Turns `scene` into a timeline, checking every parameter change against the simulations
    /// themselves (unknown values, out-of-range numbers, animations without a start value).
    public static func compile(_ scene: Scene) -> Result<SceneScript, SceneProblems> {
        var problems: [SceneDiagnostic] = []
        let engine = SimulationEngine(seed: scene.seed, simulations: LabRegistry.all.map(\.simulation),
                                      stepsPerSecond: scene.rate)
        var commands: [TimedCommand] = [], times: [Double] = [], commandSteps: [Int] = [], runs: [ClockRun] = []
        var stepTimes: [ClosedRange<Double>] = [], holds: [Hold] = []
        var events: [(time: Double, step: Int, event: NarrationEvent)] = []
        var stepIndex = 0
        var time = 0.0
        var tick: UInt64 = 0

        /// Applies a command to the checking engine; a refusal is a problem at `location`.
        func check(_ command: Command, at location: SceneLocation) -> Bool {
            engine.send(command)
            engine.step(0)
            if let refusal = engine.status.lastParameterError {
                // (The next command's own success or failure replaces the engine's error.)
                problems.append(SceneDiagnostic(location, SettingParser.refusal(refusal, of: command)))
                return false
            }
            return true
        }
        func emit(_ command: Command) {
            commands.append(TimedCommand(tick: tick, command: command))
            times.append(time)
            commandSteps.append(stepIndex)
        }

        for (index, step) in scene.steps.enumerated() {
            let start = time
            stepIndex = index
            events.append((time, index, .step(index)))
            switch step.action {
            case .section(let title):
                events.append((time, index, .section(index, title)))
            case .caption(let text):
                events.append((time, index, .caption(text)))
            case .set(let changes):
                // Before the clock first moves, a change is shown at once (no easing from the
                // lab's defaults, which are not part of the scene).
                let atOnce = tick == 0 && runs.allSatisfy { $0.steps == 0 }
                for change in changes where check(change, at: step.location) {
                    if atOnce, case .set(let pane, let parameter, let value) = change {
                        emit(.setFrame(pane: pane, parameter: parameter, value: value))
                    } else {
                        emit(change)
                    }
                }
            case .command(let command):
                if check(command, at: step.location) { emit(command) }
            case .animate(let pane, let parameter, let given, let target, let seconds, let steps, let easing, let stop):
                guard let from = given ?? engine.parameterValue(pane: pane, parameter: parameter) else {
                    problems.append(SceneDiagnostic(step.location, "\(pane.rawValue).\(parameter) has no current value to animate from; give 'from:'"))
                    break
                }
                guard from.interpolated(to: target, at: 0.5) != nil else {
                    problems.append(SceneDiagnostic(step.location, "cannot animate \(pane.rawValue).\(parameter) from "
                                                    + SceneParser.describe(from) + " to " + SceneParser.describe(target)))
                    break
                }
                // The first and last frames are checked; the ones between lie between them.
                guard check(.setFrame(pane: pane, parameter: parameter, value: from), at: step.location),
                      check(.setFrame(pane: pane, parameter: parameter, value: target), at: step.location) else { break }
                let run = ClockRun(start: time, duration: seconds, firstTick: tick, steps: steps, step: index)
                let played = min(stop ?? steps, steps)
                for k in stride(from: 1, through: played, by: 1) {
                    let value = from.interpolated(to: target, at: easing(Double(k) / Double(steps))) ?? target
                    commands.append(TimedCommand(tick: tick + UInt64(k - 1),
                                                 command: .setFrame(pane: pane, parameter: parameter, value: value)))
                    times.append(run.time(ofStep: k))
                    commandSteps.append(index)
                }
                let playedSeconds = seconds * Double(played) / Double(steps)
                runs.append(ClockRun(start: time, duration: playedSeconds, firstTick: tick, steps: played, step: index))
                tick += UInt64(played)
                time += playedSeconds
            case .run(let givenSteps, let givenSeconds):
                let count = givenSteps >= 0 ? givenSteps : Int((givenSeconds * scene.rate).rounded())
                let seconds = givenSeconds >= 0 ? givenSeconds : Double(count) / scene.rate
                runs.append(ClockRun(start: time, duration: seconds, firstTick: tick, steps: count, step: index))
                tick += UInt64(count)
                time += seconds
            case .wait(let seconds):
                // A hold lasts at least a frame, so that leaving it is a step forward in time.
                let length = max(seconds ?? scene.keyPause, Self.minimumHold)
                holds.append(Hold(start: time, end: time + length, step: index))
                time += length
            case .focus(let pane):
                if !scene.layout.panes.contains(pane) {
                    problems.append(SceneDiagnostic(step.location, "pane '\(pane.rawValue)' is not in the scene's layout ("
                                                    + scene.layout.panes.map(\.rawValue).joined(separator: ", ") + ")"))
                }
                events.append((time, index, .focus(pane)))
            case .zoom(let zoomed):
                events.append((time, index, .zoom(zoomed)))
            case .highlight(let readout):
                if let readout, !scene.layout.panes.contains(readout.pane) {
                    problems.append(SceneDiagnostic(step.location, "pane '\(readout.pane.rawValue)' is not in the scene's layout"))
                }
                events.append((time, index, .highlight(readout)))
            case .question(let ask, let answer):
                let length = max(scene.keyPause, Self.minimumHold)
                events.append((time, index, .ask(ask)))
                holds.append(Hold(start: time, end: time + length, step: index))
                time += length
                events.append((time, index, .reveal(answer)))
                holds.append(Hold(start: time, end: time + length, step: index))
                time += length
            }
            stepTimes.append(start...time)
        }
        guard problems.isEmpty else { return .failure(SceneProblems(problems)) }
        return .success(SceneScript(scene: scene, commands: commands, commandTimes: times, commandSteps: commandSteps, runs: runs,
                                    stepTimes: stepTimes, holds: holds, duration: time, events: events))
    }

    /// Reads and compiles a scene file: parse problems first, then the simulations' refusals.
    public static func load(path: String, assets: AssetLocator = AssetLocator()) -> Result<SceneScript, SceneProblems> {
        switch SceneParser.load(path: path, assets: assets) {
        case .failure(let problems): return .failure(SceneProblems(problems))
        case .success(let scene): return compile(scene)
        }
    }

    // MARK: Reading the timeline

    /// Where the simulations are at `time`: the commands stamped at or before it, and the tick.
    /// With `steps`, only the first `steps` scene steps count (steps that take no time share
    /// their moment with the next: `g 3` shows step 3 done and step 4 not yet begun).
    public func position(at time: Double, throughStep steps: Int? = nil) -> ScriptPosition {
        // Commands are in time (and step) order: binary search for the first one not included.
        func firstExcluded(_ included: (Int) -> Bool) -> Int {
            var low = 0, high = commandTimes.count
            while low < high {
                let middle = (low + high) / 2
                if included(middle) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        var count = firstExcluded { commandTimes[$0] <= time + Self.epsilon }
        if let steps { count = min(count, firstExcluded { commandSteps[$0] < steps }) }
        var tick: UInt64 = 0
        for run in runs where run.start <= time + Self.epsilon && run.step < (steps ?? Int.max) { tick = run.tick(at: time) }
        return ScriptPosition(commandCount: count, tick: tick)
    }

    /// The end of step `number` (1-based; 0 is the start of the scene), clamped to the scene.
    public func time(afterStep number: Int) -> Double {
        guard number > 0, !stepTimes.isEmpty else { return 0 }
        let index = min(number, stepTimes.count) - 1
        // A step that holds ends where its (last) hold starts: the moment it asks for a key.
        if let hold = holds.last(where: { $0.step == index }) { return hold.start }
        return stepTimes[index].upperBound
    }

    /// The 1-based number of the step under way at `time` (the last one started), 0 before any.
    public func stepNumber(at time: Double) -> Int {
        var number = 0
        for (index, range) in stepTimes.enumerated() where range.lowerBound <= time + Self.epsilon { number = index + 1 }
        return number
    }

    /// The hold that `time` is waiting in (presenter mode), if any: `start <= time < end`.
    public func hold(at time: Double) -> Hold? {
        holds.first { $0.start <= time + Self.epsilon && time < $0.end - Self.epsilon }
    }

    /// The first hold starting after `time` (strictly), or nil.
    public func nextHold(after time: Double) -> Hold? {
        holds.first { $0.start > time + Self.epsilon }
    }

    /// The last hold starting before `time` (strictly), or nil.
    public func previousHold(before time: Double) -> Hold? {
        holds.last { $0.start < time - Self.epsilon }
    }

    /// Section starts: (1-based section number, title, time).
    public var sections: [(number: Int, title: LocalizedText, time: Double)] {
        var result: [(Int, LocalizedText, Double)] = []
        for (time, _, event) in events {
            if case .section(_, let title) = event { result.append((result.count + 1, title, time)) }
        }
        return result
    }

    /// What the screen says at `time`, in `language`.
    public func narration(at time: Double, language: String, throughStep limit: Int? = nil) -> NarrationState {
        var state = NarrationState(title: scene.title.text(in: language), stepCount: scene.steps.count,
                                   sectionCount: sections.count)
        var focus = scene.layout.focus, zoom = scene.layout.zoom
        var sectionNumber = 0
        for (eventTime, step, event) in events where eventTime <= time + Self.epsilon && step < (limit ?? Int.max) {
            switch event {
            case .step(let index):
                // A step counts once it has taken effect: a run or an animation once time has
                // moved into it (at its start nothing has changed yet), any other step at once.
                // So the scene's start, held before its first run, says the steps done, as
                // `render --step N` and `g N` do.
                let advancesClock: Bool
                switch scene.steps[index].action {
                case .run, .animate: advancesClock = true
                default: advancesClock = false
                }
                if limit != nil || !advancesClock || stepTimes[index].lowerBound < time - Self.epsilon {
                    state.step = index + 1
                }
            case .section(_, let title):
                sectionNumber += 1
                state.section = title.text(in: language)
                state.sectionNumber = sectionNumber
            case .caption(let text):
                state.caption = text.text(in: language)
                state.question = nil
                state.answer = nil
            case .ask(let text):
                state.question = text.text(in: language)
                state.answer = nil
            case .reveal(let text): state.answer = text.text(in: language)
            case .highlight(let readout): state.highlight = readout
            case .focus(let pane): focus = pane
            case .zoom(let zoomed): zoom = zoomed
            }
        }
        state.focus = focus
        state.zoom = zoom
        return state
    }

    /// Every caption, question and answer in `language` (to size the caption bar once).
    /// Each text block the caption bar shows at once: a caption, or a question and its answer
    /// under the caption they follow.
    public func texts(in language: String) -> [String] {
        var caption = ""
        return scene.steps.compactMap { step in
            switch step.action {
            case .caption(let text):
                caption = text.text(in: language)
                return caption
            case .question(let ask, let answer):
                return (caption.isEmpty ? "" : caption + "\n") + "Q: " + ask.text(in: language) + "\nA: " + answer.text(in: language)
            default: return nil
            }
        }
    }

    /// Every language the scene's texts are written in.
    public var languages: [String] {
        var seen: [String] = []
        let texts: [LocalizedText] = [scene.title] + events.compactMap { _, _, event in
            switch event {
            case .caption(let text), .ask(let text), .reveal(let text), .section(_, let text): return text
            default: return nil
            }
        }
        for text in texts { for language in text.languages where !seen.contains(language) { seen.append(language) } }
        return seen
    }
}

/// Every problem found in a scene, as `file:line:column: message` lines.
public struct SceneProblems: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [SceneDiagnostic]
    public init(_ diagnostics: [SceneDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// What a scene says on screen at one moment.
public struct NarrationState: Sendable, Equatable {
    public var title: String
    public var step = 0
    public var stepCount: Int
    public var section: String?
    public var sectionNumber = 0
    public var sectionCount: Int
    public var caption: String?
    public var question: String?
    public var answer: String?
    public var highlight: ReadoutReference?
    public var focus: PaneID?
    public var zoom = false
    /// The player's state in words ("space: next", "exploring", ...), set by whoever shows it.
    public var status = ""

    public init(title: String, stepCount: Int, sectionCount: Int) {
        self.title = title
        self.stepCount = stepCount
        self.sectionCount = sectionCount
    }

    /// The caption bar's lines of text, before wrapping.
    public var lines: [String] {
        var result: [String] = []
        if let caption, !caption.isEmpty { result.append(caption) }
        if let question { result.append("Q: " + question) }
        if let answer { result.append("A: " + answer) }
        return result
    }
}
