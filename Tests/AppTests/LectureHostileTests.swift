@testable import App
import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Testing
#if canImport(Glibc)
import Glibc
@testable import Labs
@testable import Scenes
@testable import Lecture
#endif

/// A presenter that is not gradscope: it speaks the wire protocol over a real socket, byte by
/// byte as the test says, to one follower.
final class FakePresenter: @unchecked Sendable {
    let path: String
    private let listener: Int32
    private var connection: Int32 = -1
    private let accepted = DispatchSemaphore(value: 0)

    /// Listens, and sends `opening` to the first follower as soon as it connects (its
    /// `LectureClient.init` waits for the opening).
    init(opening: Data) throws {
        path = LectureTests.temporaryFolder() + "/fake.sock"
        listener = try LectureSocket.listen(at: path, group: nil)
        let thread = Thread { [self] in
            for _ in 0..<2000 where connection < 0 {
                connection = accept(listener, nil, nil)
                if connection < 0 { usleep(5000) }
            }
            if connection >= 0 { write(opening) }
            accepted.signal()
        }
        thread.start()
    }

    deinit {
        if connection >= 0 { close(connection) }
        close(listener)
        unlink(path)
    }

    /// Writes all of `bytes` (blocking until the follower has read what does not fit).
    func write(_ bytes: Data) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(connection, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    func waitForFollower() { accepted.wait() }

    func hangUp() {
        close(connection)
        connection = -1
    }

    static func opening(version: Int = LectureWire.protocolVersion, versionText: String = GradscopeVersion.string,
                        start: LectureStart = LectureTests.start) throws -> Data {
        try LectureWire.frame(.hello(LectureHello(protocolVersion: version, gradscopeVersion: versionText)))
            + LectureWire.frame(.start(start))
    }

    /// `json`, framed as a message (nothing checks it is one).
    static func framed(_ body: Data) -> Data {
        var length = UInt32(body.count).bigEndian
        return Data(bytes: &length, count: 4) + body
    }
}

/// A follower under a hostile presenter: every malformed kind of message is refused with a
/// short reason, the follower keeps its last good state, never traps or hangs, and nothing the
/// presenter sent reaches the screen with its control characters.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct LectureHostileTests {
    static let controls = "\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{9B}31m\u{202E}\u{1B}P+q\u{1B}\\"

    static func state(epoch: UInt64 = 1, logCount: Int = 2, tick: UInt64 = 40, stepsPerSecond: Double = 30, speed: Double = 1,
                      sceneStatus: String? = nil) -> LectureState {
        LectureState(epoch: epoch, logCount: logCount, tick: tick, isPaused: false, stepsPerSecond: stepsPerSecond, speed: speed,
                     panes: LabRegistry.ids, focused: .linear, isZoomed: false, sceneTime: nil, sceneStepLimit: nil, sceneStatus: sceneStatus)
    }

    /// The good part of every lecture here: two entries, then the moment at tick 40.
    static func goodLecture() throws -> Data {
        try LectureWire.frame(.log(LectureLog(epoch: 1, from: 0, entries: [
            TimedCommand(tick: 0, command: .set(pane: .linear, parameter: "preset", value: .text("shear"))),
            TimedCommand(tick: 5, command: .set(pane: .entropy, parameter: "mode", value: .text("sampling"))),
        ]))) + LectureWire.frame(.state(state()))
    }

    /// Every simulation's state, as JSON.
    static func simulations(_ follower: LectureFollower) throws -> Data {
        let encoder = LectureWire.encoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(follower.engine.checkpointSlice(from: 0).checkpoint)
    }

    /// A follower that has caught up with the good lecture.
    static func follower(of presenter: FakePresenter) throws -> LectureFollower {
        let client = try LectureClient(path: presenter.path)
        presenter.waitForFollower()
        let follower = LectureFollower(client: client, start: client.start, labs: LabRegistry.all, language: nil)
        presenter.write(try goodLecture())
        let caughtUp = LectureTests.eventually {
            _ = follower.poll()
            return follower.engine.status.tick == 40 && follower.state?.tick == 40 && follower.stepsBehind == 0
        }
        #expect(caughtUp)
        return follower
    }

    /// What the follower's screen shows, without a terminal: its status and any refusal notice.
    static func screen(_ follower: LectureFollower) -> String {
        let composer = FrameComposer(theme: Theme.builtIn(tier: .palette256), charset: .unicode, helpText: [])
        var panes: [PaneID: any Pane] = [:]
        for lab in LabRegistry.all { panes[lab.pane.id] = lab.pane }
        let status = follower.engine.status
        let info = StatusInfo(isPaused: false, tick: status.tick, stepsPerSecond: status.stepsPerSecond, speed: status.speed,
                              message: follower.statusText, notice: status.lastParameterError)
        return composer.composeHeadless(width: 160, height: 44, state: DashboardState(panes: LabRegistry.ids), panes: panes,
                                        snapshots: follower.engine.snapshots(), status: status, info: info).plainText()
    }

    /// No C0 control but newline, no DEL, no C1 control, no bidi or other format character.
    static func isClean(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            scalar == "\n" || !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format)
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var bytes: @Sendable () throws -> Data
        var end: LectureEnd
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "negative log count", bytes: { try LectureWire.frame(.state(state(logCount: -5, tick: 41))) },
             end: .invalid("a moment after -5 log entries")),
        Case(name: "a tick of a billion", bytes: { try LectureWire.frame(.state(state(tick: 1_000_000_000))) },
             end: .invalid("tick 1000000000, over 1800 steps past its last checkpoint (0)")),
        Case(name: "NaN speed", bytes: { try LectureWire.frame(.state(state(speed: .nan))) },
             end: .invalid("a clock rate or speed out of range")),
        Case(name: "infinite rate", bytes: { try LectureWire.frame(.state(state(stepsPerSecond: .infinity))) },
             end: .invalid("a clock rate or speed out of range")),
        Case(name: "an oversize message", bytes: { Data([0x01, 0x10, 0x00, 0x00]) + Data(repeating: 0x20, count: 100) },
             end: .invalid("a message of 17825792 bytes (at most 16777216)")),
        Case(name: "invalid UTF-8", bytes: { FakePresenter.framed(Data(#"{"state":{"epoch":1,"focused":""#.utf8) + Data([0xFF, 0xFE]) + Data(#""}}"#.utf8)) },
             end: .invalid("a message that is not a lecture message (not JSON, or not UTF-8)")),
        Case(name: "garbage", bytes: { FakePresenter.framed(Data("\u{1B}[2Jgarbage\u{07}".utf8)) },
             end: .invalid("a message that is not a lecture message (not JSON, or not UTF-8)")),
        Case(name: "an unknown message kind", bytes: { FakePresenter.framed(Data(#"{"format":{"disk":true}}"#.utf8)) },
             end: .invalid("a message that is not a lecture message (a value of the wrong kind)")),
        Case(name: "a 7 MB csvData", bytes: {
            try LectureWire.frame(.log(LectureLog(epoch: 1, from: 2, entries: [
                TimedCommand(tick: 41, command: .set(pane: .boundary, parameter: "csvData", value: .text(String(repeating: "0,0,1\n", count: 1_166_667)))),
            ])))
        }, end: .invalid("a command with a text of 7000002 bytes (at most 4 MB)")),
        Case(name: "a gap in the log", bytes: { try LectureWire.frame(.log(LectureLog(epoch: 1, from: 10, entries: []))) },
             end: .invalid("log entries from 10, after a gap (it had sent 2)")),
        Case(name: "an entry back in time", bytes: {
            try LectureWire.frame(.log(LectureLog(epoch: 1, from: 2, entries: [TimedCommand(tick: 3, command: .reset)])))
        }, end: .invalid("a log entry at tick 3, before its predecessor's 5")),
        Case(name: "an entry a billion steps on", bytes: {
            try LectureWire.frame(.log(LectureLog(epoch: 1, from: 2, entries: [TimedCommand(tick: 1_000_000_000, command: .reset)])))
        }, end: .invalid("a log entry at tick 1000000000, over 1800 steps past its last checkpoint (0)")),
        Case(name: "a moment of an unknown epoch", bytes: { try LectureWire.frame(.state(state(epoch: 7))) },
             end: .invalid("a moment of an epoch it never started")),
        Case(name: "a moment back in time", bytes: { try LectureWire.frame(.state(state(tick: 39))) },
             end: .invalid("tick 39, before where the lecture already was")),
        Case(name: "a second hello", bytes: { try LectureWire.frame(.hello(LectureHello())) },
             end: .invalid("a second hello message")),
        Case(name: "an integer overflow bait", bytes: {
            try LectureWire.frame(.log(LectureLog(epoch: 1, from: 2, entries: [
                TimedCommand(tick: 41, command: .set(pane: .linear, parameter: "modeStep", value: .integer(Int.max))),
            ])))
        }, end: .invalid("a command with a whole number beyond ±10^9")),
        Case(name: "a broken checkpoint", bytes: { try brokenCheckpoint() },
             end: .invalid("a checkpoint that breaks an invariant: boundary trainer: 2 weights for a network that has 37")),
        Case(name: "a truncated frame, then silence", bytes: { Data([0, 0, 0, 100]) + Data(#"{"state":"#.utf8) },
             end: .lost),
    ]

    /// A real checkpoint with the boundary network's weights cut to two.
    static func brokenCheckpoint() throws -> Data {
        let engine = SimulationEngine(seed: 42, simulations: LabRegistry.all.map(\.simulation))
        let checkpoint = LectureCheckpoint(epoch: 1, logCount: 2, engine: engine.checkpointSlice(from: 0).checkpoint)
        let body = try LectureWire.encoder().encode(LectureMessage.checkpoint(checkpoint))
        var json = try JSONSerialization.jsonObject(with: body) as! [String: Any]
        var message = json["checkpoint"] as! [String: Any]
        var inner = message["_0"] as! [String: Any]
        var core = inner["engine"] as! [String: Any]
        var simulations = core["simulations"] as! [String: Any]
        var boundary = simulations["boundary"] as! [String: Any]
        var trainer = boundary["trainer"] as! [String: Any]
        trainer["parameters"] = [1.0, 2.0]
        boundary["trainer"] = trainer
        simulations["boundary"] = boundary
        core["simulations"] = simulations
        inner["engine"] = core
        message["_0"] = inner
        json["checkpoint"] = message
        return FakePresenter.framed(try JSONSerialization.data(withJSONObject: json))
    }

    @Test(arguments: cases)
    func aHostileMessageIsRefusedAndTheLastGoodStateKept(_ hostile: Case) throws {
        let presenter = try FakePresenter(opening: FakePresenter.opening())
        let follower = try Self.follower(of: presenter)
        let good = try Self.simulations(follower)
        presenter.write(try hostile.bytes())
        if hostile.end == .lost { presenter.hangUp() }
        #expect(LectureTests.eventually { _ = follower.poll(); return follower.end != nil })
        #expect(follower.end == hostile.end)
        // More after it changes nothing either: the follower stopped listening.
        presenter.write(try LectureWire.frame(.state(Self.state(tick: 60))))
        usleep(100_000)
        _ = follower.poll()
        #expect(follower.state?.tick == 40)
        #expect(follower.engine.status.tick == 40)
        #expect(try Self.simulations(follower) == good)
        let status = follower.statusText
        if case .invalid(let why) = hostile.end {
            #expect(status == LectureText.short("stopped following: the presenter sent something invalid (\(why)); your copy stays: e explores", limit: 200))
        } else {
            #expect(status == "lecture ended (the presenter's connection dropped); your copy stays: e explores")
        }
        #expect(Self.isClean(Self.screen(follower)))
    }

    /// Control characters and escape sequences in every string a presenter can send that is
    /// not refused outright: its status text, parameter names and text values (echoed in the
    /// simulations' refusals). They are shown without their controls.
    @Test func controlCharactersNeverReachTheScreen() throws {
        let presenter = try FakePresenter(opening: FakePresenter.opening(start: LectureStart(
            seed: 42, stepsPerSecond: 30, scene: nil, language: "en", title: "title " + Self.controls)))
        let follower = try Self.follower(of: presenter)
        presenter.write(try LectureWire.frame(.log(LectureLog(epoch: 1, from: 2, entries: [
            TimedCommand(tick: 41, command: .set(pane: .linear, parameter: "preset", value: .text("evil " + Self.controls))),
            TimedCommand(tick: 42, command: .set(pane: .entropy, parameter: "x\u{1B}[2J\u{07}", value: .number(1))),
        ]))) + LectureWire.frame(.state(Self.state(logCount: 4, tick: 45, sceneStatus: "status " + Self.controls))))
        #expect(LectureTests.eventually { _ = follower.poll(); return follower.engine.status.tick == 45 && follower.stepsBehind == 0 })
        #expect(follower.end == nil)
        // The refusals quote what was sent; the screen shows them without the controls.
        #expect(follower.engine.status.lastParameterError?.contains("\u{1B}") == true)
        let screen = Self.screen(follower)
        #expect(Self.isClean(screen))
        #expect(Self.isClean(follower.statusText))
        #expect(follower.statusText == "following \(presenter.path) · presenter: status ]52;c;SGVsbG8=]0;PWNED[2J31mP+q\\")
        #expect(screen.contains("entropy.x\\x1b[2J\\x07: unknown parameter"))  // a notice shows what was removed
    }

    /// Another protocol version: the message names both, the presenter's version text
    /// without its controls and cut short.
    @Test func aVersionMismatchIsSanitised() throws {
        let presenter = try FakePresenter(opening: FakePresenter.opening(version: 99, versionText: "9.9" + Self.controls + String(repeating: "x", count: 100)))
        do {
            _ = try LectureClient(path: presenter.path)
            Issue.record("a protocol 99 presenter was accepted")
        } catch let error as LectureError {
            #expect(error.message == "the presenter runs gradscope 9.9]52;c;SGVsbG8=]0;PWNED[2J31mP+q\\xx... (lecture protocol 99); "
                    + "this is gradscope \(GradscopeVersion.string) (protocol 3): use the presenter's version")
            #expect(Self.isClean(error.message))
        }
    }

    /// A start that is not a lecture: the follower does not begin, and says why.
    @Test(arguments: [
        (LectureStart(seed: 1, stepsPerSecond: .nan, scene: nil, language: "en", title: ""), "a rate of nan steps per second"),
        (LectureStart(seed: 1, stepsPerSecond: 30, scene: nil, language: "en\u{1B}[2J", title: ""), "a language that is not a short name like en or ko"),
        (LectureStart(seed: 1, stepsPerSecond: 30, scene: Scene(title: LocalizedText("t"), steps: [
            SceneStep(.run(steps: -1, seconds: .infinity), at: SceneLocation(file: "f", line: 1, column: 1))]), language: "en", title: ""),
         "a scene with a run out of range"),
        (LectureStart(seed: 1, stepsPerSecond: 30, scene: Scene(title: LocalizedText("t"), steps: [
            SceneStep(.animate(pane: .linear, parameter: "p", from: .number(1), to: .number(2), seconds: 1, steps: 2_000_000_000,
                               easing: .linear), at: SceneLocation(file: "f", line: 1, column: 1))]), language: "en", title: ""),
         "a scene with an animation out of range"),
        (LectureStart(seed: 1, stepsPerSecond: 30, scene: Scene(title: LocalizedText("t"), steps: [
            SceneStep(.set([.set(pane: .linear, parameter: "nosuch", value: .number(1))]), at: SceneLocation(file: "f\u{1B}]0;x\u{07}", line: 1, column: 1))]),
            language: "en", title: ""),
         "a scene that does not compile: linear.nosuch: unknown parameter"),
    ])
    func anInvalidStartIsRefused(start: LectureStart, why: String) throws {
        let presenter = try FakePresenter(opening: FakePresenter.opening(start: start))
        do {
            _ = try LectureClient(path: presenter.path)
            Issue.record("an invalid start was accepted")
        } catch let error as LectureError {
            #expect(error.message == "the presenter sent something invalid (\(why))")
        }
    }
}
