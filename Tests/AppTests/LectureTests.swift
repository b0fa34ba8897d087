@testable import App
import Foundation
import SimulationCore
import SimulationEngine
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Lectures: the wire format, the presenter's server under bad clients, and a follower that
/// mirrors the presenter exactly.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct LectureTests {
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "gradscope-lecture-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let start = LectureStart(seed: 42, stepsPerSecond: 30, scene: nil, language: "en", title: "test")

    /// Waits (up to `seconds`) until `condition` holds; a liveness check, not a timing assertion.
    static func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    @Test func framesRoundTripAndBadStreamsAreRefused() throws {
        let messages: [LectureMessage] = [
            .hello(LectureHello()), .start(Self.start),
            .log(LectureLog(epoch: 3, from: 0, entries: [TimedCommand(tick: 5, command: .set(pane: .linear, parameter: "p", value: .number(2)))])),
            .bye,
        ]
        var stream = Data()
        for message in messages { stream += try LectureWire.frame(message) }
        // Delivered in pieces: whole messages come out, a partial one waits.
        var buffer = Data(stream.prefix(7))
        #expect(try LectureWire.messages(from: &buffer).isEmpty)
        buffer += stream.dropFirst(7)
        #expect(try LectureWire.messages(from: &buffer) == messages)
        #expect(buffer.isEmpty)
        // A state message is recognised without decoding it (a follower skips stale ones).
        let state = LectureState(epoch: 1, logCount: 0, tick: 3, isPaused: false, stepsPerSecond: 30, speed: 1,
                                 panes: LabRegistry.ids, focused: .linear, isZoomed: false)
        var framed = try LectureWire.frame(.state(state)) + LectureWire.frame(.bye)
        let bodies = try LectureWire.bodies(from: &framed)
        #expect(bodies.map(LectureWire.isState) == [true, false])
        #expect(try LectureWire.decode(bodies[0]) == .state(state))
        var huge = Data([0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: LectureError.self) { try LectureWire.messages(from: &huge) }
        var garbage = Data([0, 0, 0, 3]) + Data("abc".utf8)
        #expect(throws: LectureError.self) { try LectureWire.messages(from: &garbage) }
    }

    @Test func lateFollowersGetTheWholeLectureThenEveryChange() throws {
        let folder = Self.temporaryFolder()
        let server = try LectureServer(path: folder + "/l.sock", group: nil, start: Self.start)
        defer { server.stop() }
        let first = TimedCommand(tick: 0, command: .set(pane: .linear, parameter: "p", value: .number(2)))
        server.publish(LectureLog(epoch: 1, from: 0, entries: [first]))
        let early = try LectureClient(path: server.path)
        #expect(early.start == Self.start)
        let second = TimedCommand(tick: 10, command: .reset)
        server.publish(LectureLog(epoch: 1, from: 1, entries: [second]))
        let late = try LectureClient(path: server.path)
        var earlyLog: [TimedCommand] = [], lateLog: [TimedCommand] = []
        #expect(Self.eventually {
            for message in early.take().messages { if case .log(let log) = message { earlyLog += log.entries } }
            for message in late.take().messages { if case .log(let log) = message { lateLog = Array(lateLog.prefix(log.from)) + log.entries } }
            return earlyLog == [first, second] && lateLog == [first, second]
        })
        #expect(Self.eventually { server.followers == 2 })
        // The socket is private to its owner (connecting needs write permission on it).
        var info = stat()
        #expect(stat(server.path, &info) == 0 && info.st_mode & 0o077 == 0)
    }

    /// A long lecture's log reaches a late joiner in pieces (no message nears the size limit),
    /// whole and in order.
    @Test func aLongLogArrivesInOrderInPieces() throws {
        let folder = Self.temporaryFolder()
        let server = try LectureServer(path: folder + "/l.sock", group: nil, start: Self.start)
        defer { server.stop() }
        let entries = (0..<1000).map { TimedCommand(tick: UInt64($0), command: .set(pane: .linear, parameter: "p", value: .number(Double($0)))) }
        server.publish(LectureLog(epoch: 2, from: 0, entries: entries))
        let client = try LectureClient(path: server.path)
        var received: [TimedCommand] = [], pieces = 0, contiguous = true
        let complete = Self.eventually {
            for case .log(let log) in client.take().messages {
                contiguous = contiguous && log.from == received.count
                received += log.entries
                pieces += 1
            }
            return received.count == 1000
        }
        #expect(complete && contiguous)
        #expect(received == entries)
        #expect(pieces == 4)
    }

    @Test func theDefaultSocketLivesInAPrivateFolder() throws {
        let runtime = Self.temporaryFolder()
        let path = LectureSocket.defaultPath(environment: ["XDG_RUNTIME_DIR": runtime])
        #expect(path == runtime + "/gradscope/lecture.sock")
        let server = try LectureServer(path: path, group: nil, start: Self.start)
        var info = stat()
        #expect(stat(runtime + "/gradscope", &info) == 0 && info.st_mode & 0o777 == 0o700)
        // A second presenter on the same socket is refused; the first keeps it.
        #expect(throws: LectureError.self) { _ = try LectureServer(path: path, group: nil, start: Self.start) }
        _ = try LectureClient(path: path)
        server.stop()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func garbageSilenceAndAThousandConnectionsNeitherStopNorBlockThePresenter() throws {
        let folder = Self.temporaryFolder()
        let server = try LectureServer(path: folder + "/l.sock", group: nil, start: Self.start)
        defer { server.stop() }
        var raw: [Int32] = []
        defer { for fd in raw { close(fd) } }
        // A thousand connections at once: some send garbage, none reads.
        for index in 0..<990 {
            guard let fd = try? LectureSocket.connect(to: server.path) else { break }
            raw.append(fd)
            if index % 10 == 0 {
                let junk = [UInt8](repeating: UInt8(index % 256), count: 4096)
                _ = junk.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            }
        }
        #expect(raw.count >= 900)
        // The presenter keeps publishing (never waiting on anyone) ...
        for tick in 0..<300 {
            server.publish(LectureState(epoch: 1, logCount: 0, tick: UInt64(tick), isPaused: false, stepsPerSecond: 30, speed: 1,
                                        panes: LabRegistry.ids, focused: .linear, isZoomed: false))
        }
        // ... and a real follower joining now still gets the latest moment.
        let follower = try LectureClient(path: server.path)
        var lastTick: UInt64?
        #expect(Self.eventually {
            for message in follower.take().messages { if case .state(let state) = message { lastTick = state.tick } }
            return lastTick == 299
        })
        #expect(server.followers <= LectureServer.maximumFollowers)
    }

    @Test func anotherProtocolVersionGetsAClearMessage() throws {
        let folder = Self.temporaryFolder()
        let path = folder + "/old.sock"
        let listener = try LectureSocket.listen(at: path, group: nil)
        defer { close(listener); unlink(path) }
        let thread = Thread {
            var fd: Int32 = -1
            for _ in 0..<500 where fd < 0 { fd = accept(listener, nil, nil); if fd < 0 { usleep(10_000) } }
            guard fd >= 0, let hello = try? LectureWire.frame(.hello(LectureHello(protocolVersion: 99, gradscopeVersion: "9.9.9"))) else { return }
            _ = hello.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            usleep(500_000)
            close(fd)
        }
        thread.start()
        do {
            _ = try LectureClient(path: path)
            Issue.record("a protocol 99 presenter was accepted")
        } catch let error as LectureError {
            #expect(error.message == "the presenter runs gradscope 9.9.9 (lecture protocol 99); this is gradscope \(GradscopeVersion.string) (protocol 1): use the presenter's version")
        }
    }

    @Test func aFileInTheWayIsNeverReplaced() throws {
        let folder = Self.temporaryFolder()
        let path = folder + "/notes.txt"
        try "my notes".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: LectureError.self) { _ = try LectureServer(path: path, group: nil, start: Self.start) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my notes")
    }

    /// A follower, fed through the socket, has exactly the presenter's simulations — also after
    /// the presenter starts a new epoch (a scene seeked back).
    @Test func aFollowerMirrorsThePresenterExactly() throws {
        let folder = Self.temporaryFolder()
        let labs = LabRegistry.all
        let presenterEngine = SimulationEngine(seed: 42, simulations: labs.map(\.simulation), stepsPerSecond: 30)
        let server = try LectureServer(path: folder + "/l.sock", group: nil, start: Self.start)
        defer { server.stop() }
        let presenter = LecturePresenter(server: server)
        let layout = DashboardState(panes: LabRegistry.ids)
        presenterEngine.send(.set(pane: .boundary, parameter: "dataset", value: .text("spirals")))
        presenterEngine.step(40)
        presenter.publish(engine: presenterEngine, layout: layout, scene: nil)
        let client = try LectureClient(path: server.path)
        let follower = LectureFollower(client: client, start: client.start, labs: labs, language: nil)
        presenterEngine.send(.set(pane: .entropy, parameter: "temperature", value: .number(3)))
        presenterEngine.step(25)
        presenter.publish(engine: presenterEngine, layout: layout, scene: nil)
        func mirrored() -> Bool {
            _ = follower.poll()
            guard follower.engine.status.tick == presenterEngine.status.tick else { return false }
            return presenterEngine.snapshots().allSatisfy { pane, snapshot in
                follower.engine.snapshot(for: pane)?.isEqual(to: snapshot) == true
            }
        }
        #expect(Self.eventually(10, mirrored))
        // A new epoch: the presenter's simulations made afresh and driven elsewhere.
        presenterEngine.load(script: [TimedCommand(tick: 0, command: .set(pane: .linear, parameter: "preset", value: .text("shear")))])
        presenterEngine.seekNow(to: ScriptPosition(commandCount: 1, tick: 17))
        presenter.publish(engine: presenterEngine, layout: layout, scene: nil)
        #expect(Self.eventually(10, mirrored))
        #expect(presenterEngine.status.tick == 17)
    }
}
