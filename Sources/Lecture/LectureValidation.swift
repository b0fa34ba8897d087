import Canvas
import SimulationCore
import SimulationEngine
import Labs
import Scenes

/// Text from a presenter (or about what it sent), made safe to show: controls removed by
/// `sanitize`, cut short.
public enum LectureText {
    /// At most `limit` characters of `text`, sanitised, "..." when cut.
    public static func short(_ text: String, limit: Int = 100) -> String {
        let clean = sanitize(text)
        return clean.count <= limit ? clean : String(clean.prefix(limit - 3)) + "..."
    }

    /// A decoding failure in a few words: what was wrong and where (the path's keys are the
    /// wire format's own names, but a presenter can put any key in an object, so sanitised).
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at " + short(keys.joined(separator: "."), limit: 60)
        }
        switch error {
        case .typeMismatch(_, let context): return "a value of the wrong kind" + path(context)
        case .valueNotFound(_, let context): return "a missing value" + path(context)
        case .keyNotFound(let key, let context): return "no '\(short(key.stringValue, limit: 30))'" + path(context)
        case .dataCorrupted(let context): return "an unreadable value" + path(context)
        @unknown default: return "unreadable"
        }
    }
}

/// A presenter that broke the protocol: what it sent, in a few sanitised words.
public struct LectureViolation: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }

    public static func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        guard condition else { throw LectureViolation(reason()) }
    }
}

extension LectureMessage {
    /// Everything that can be checked in one message alone (the lecture so far is
    /// `LectureMirror`'s to check): lengths of text, counts, numeric ranges, a scene that
    /// compiles. Throws a `LectureError` saying what is wrong.
    public func validate() throws {
        do {
            switch self {
            case .hello(let hello):
                try LectureViolation.require(hello.gradscopeVersion.utf8.count <= 64, "a version name over 64 bytes")
            case .start(let start):
                try start.validate()
            case .log(let log):
                try LectureViolation.require(log.from >= 0, "a log from entry \(log.from)")
                try LectureViolation.require(log.entries.count <= LectureWire.checkpointEntries, "a log of \(log.entries.count) entries in one message")
                for entry in log.entries { try Self.validate(entry.command) }
            case .checkpoint(let checkpoint):
                try LectureViolation.require(checkpoint.logCount >= 0, "a checkpoint after \(checkpoint.logCount) entries")
            case .state(let state):
                try state.validate()
            case .bye, .dropped:
                break
            }
        } catch let violation as LectureViolation {
            throw LectureError(violation.reason)
        }
    }

    /// A command within bounds (`Command.boundsViolation`); the simulations refuse the rest
    /// as they would a key's or a scene's.
    public static func validate(_ command: Command) throws {
        if let violation = command.boundsViolation { throw LectureViolation("a command with " + violation) }
    }
}

extension LectureStart {
    public func validate() throws {
        try LectureViolation.require(stepsPerSecond.isFinite && stepsPerSecond > 0 && stepsPerSecond <= 10_000,
                                     "a rate of \(LectureText.short("\(stepsPerSecond)")) steps per second")
        try LectureViolation.require(!language.isEmpty && language.utf8.count <= 16
                                        && language.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "-_".unicodeScalars.contains($0)) },
                                     "a language that is not a short name like en or ko")
        try LectureViolation.require(title.utf8.count <= 400, "a title over 400 bytes")
        if let scene { try scene.validateForLecture() }
    }
}

extension LectureState {
    public func validate() throws {
        try LectureViolation.require(logCount >= 0, "a moment after \(logCount) log entries")
        try LectureViolation.require(stepsPerSecond.isFinite && SimulationEngine.stepsPerSecondRange.contains(stepsPerSecond)
                                        && speed.isFinite && SimulationEngine.speedRange.contains(speed),
                                     "a clock rate or speed out of range")
        try LectureViolation.require(!panes.isEmpty && Set(panes).count == panes.count && panes.allSatisfy(LabRegistry.ids.contains)
                                        && panes.contains(focused), "a layout that is not some of the four labs, one focused")
        try LectureViolation.require(sceneTime.map { $0.isFinite && $0 >= 0 && $0 <= 1e7 } ?? true, "a scene time out of range")
        try LectureViolation.require(sceneStepLimit.map { (0...1_000_000).contains($0) } ?? true, "a scene step out of range")
        try LectureViolation.require((sceneStatus?.utf8.count ?? 0) <= 400, "a player status over 400 bytes")
    }
}

extension Scene {
    /// Bounds that `SceneParser` enforces on a file, checked again on a scene that came over
    /// the wire (it skipped the parser): at most 10,000 steps and 200,000 animation frames in
    /// all, texts of at most `SceneParser.maximumTextLength` characters, times within an hour,
    /// commands within bounds. (It must also compile: `compiledForLecture`.)
    public func validateForLecture() throws {
        func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
            try LectureViolation.require(condition, "a scene with " + reason())
        }
        func check(_ text: LocalizedText) throws {
            try require((1...16).contains(text.translations.count), "a text in \(text.translations.count) languages")
            try require(text.translations.allSatisfy { $0.language.utf8.count <= 16 && $0.text.count <= SceneParser.maximumTextLength },
                        "a text over \(SceneParser.maximumTextLength) characters")
        }
        let hour = 0.0...3600
        try check(title)
        try require(rate.isFinite && rate > 0 && rate <= 10_000 && hour.contains(keyPause), "a rate or pause out of range")
        try require(!layout.panes.isEmpty && Set(layout.panes).count == layout.panes.count && layout.panes.allSatisfy(LabRegistry.ids.contains)
                    && (layout.focus.map(LabRegistry.ids.contains) ?? true), "a layout that is not some of the labs")
        try require(steps.count <= 10_000 && file.utf8.count <= 1024, "over 10,000 steps")
        var frames = 0
        for step in steps {
            try require(step.location.file.utf8.count <= 1024, "a file name over 1024 bytes")
            switch step.action {
            case .section(let text), .caption(let text): try check(text)
            case .question(let ask, let answer): try check(ask); try check(answer)
            case .set(let commands):
                try require(commands.count <= 256, "a set of \(commands.count) changes")
                for command in commands { try LectureMessage.validate(command) }
            case .command(let command): try LectureMessage.validate(command)
            case .animate(_, let parameter, let from, let to, let seconds, let count, _, let stop):
                try LectureMessage.validate(.set(pane: .linear, parameter: parameter, value: to))
                if let from { try LectureMessage.validate(.set(pane: .linear, parameter: parameter, value: from)) }
                try require(hour.contains(seconds) && (1...SceneScript.maximumRunSteps).contains(count)
                            && (stop.map { (0...count).contains($0) } ?? true), "an animation out of range")
                frames += stop ?? count
            case .run(let count, let seconds):
                try require((count == -1 || (0...SceneScript.maximumRunSteps).contains(count)) && (seconds == -1 || hour.contains(seconds))
                            && (count != -1 || seconds != -1), "a run out of range")
            case .wait(let seconds): try require(seconds.map(hour.contains) ?? true, "a wait out of range")
            case .highlight(let readout): try require((readout?.readout.utf8.count ?? 0) <= 64, "a readout name over 64 bytes")
            case .focus, .zoom: break
            }
        }
        try require(frames <= 200_000, "\(frames) animation frames (at most 200,000)")
    }

    /// The scene compiled against the simulations (after `validateForLecture`); a refusal
    /// is the presenter's fault here.
    public func compiledForLecture() throws -> SceneScript {
        switch SceneScript.compile(self) {
        case .success(let script): return script
        case .failure(let problems):
            throw LectureError("a scene that does not compile: " + LectureText.short(problems.diagnostics.first?.message ?? "?"))
        }
    }
}
