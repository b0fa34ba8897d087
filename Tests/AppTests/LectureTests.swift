@testable import App
import Foundation
import SimulationCore
import SimulationEngine
import Testing
#if canImport(Glibc)
import Glibc
@testable import Labs
@testable import Lecture
#endif

/// Lectures: the wire format, the presenter's server under bad clients, and a follower that
/// mirrors the presenter exactly.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct LectureTests {
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "gradscope-lecture-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
            for (message, _) in early.take().messages { if case .log(let log) = message { earlyLog += log.entries } }
            for (message, _) in late.take().messages { if case .log(let log) = message { lateLog = Array(lateLog.prefix(log.from)) + log.entries } }
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
            for case (.log(let log), _) in client.take().messages {
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
            for (message, _) in follower.take().messages { if case .state(let state) = message { lastTick = state.tick } }
            return lastTick == 299
        })
        #expect(server.followers <= server.limits.maximumFollowers)
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
            #expect(error.message == "the presenter runs gradscope 9.9.9 (lecture protocol 99); this is gradscope \(GradscopeVersion.string) (protocol 3): use the presenter's version")
        }
    }

    /// An existing socket folder is used as it is, or refused: never changed. One others can
    /// write to (someone could put their own socket there) is refused, and so is an existing
    /// folder for `--group` that is not already that group's 0750.
    @Test func anUnsafeOrForeignFolderIsRefusedNotChanged() throws {
        let open = Self.temporaryFolder()
        chmod(open, 0o777)
        do {
            _ = try LectureServer(path: open + "/l.sock", group: nil, start: Self.start)
            Issue.record("a folder anyone can write to was used")
        } catch let error as LectureError {
            #expect(error.message.hasPrefix("\(open) is writable by everyone (mode 0777)"))
        }
        let mine = Self.temporaryFolder()
        let group = String(cString: getgrgid(getgid())!.pointee.gr_name)
        do {
            _ = try LectureServer(path: mine + "/l.sock", group: group, start: Self.start)
            Issue.record("--group changed an existing folder")
        } catch let error as LectureError {
            #expect(error.message.hasPrefix("\(mine) exists but is not open to group '\(group)' (mode 0700); it is left as it"))
        }
        var info = stat()
        #expect(stat(mine, &info) == 0 && info.st_mode & 0o777 == 0o700)
        // A folder serve makes for the group is 0750, the group's, and used again as it is.
        let made = Self.temporaryFolder() + "/class"
        try LectureServer(path: made + "/l.sock", group: group, start: Self.start).stop()
        #expect(stat(made, &info) == 0 && info.st_mode & 0o777 == 0o750 && info.st_gid == getgid())
        try LectureServer(path: made + "/l.sock", group: group, start: Self.start).stop()
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

    /// Whether `follower` shows exactly the presenter's simulations now (taking what arrived).
    static func mirrors(_ presenter: SimulationEngine, _ follower: LectureFollower) -> Bool {
        _ = follower.poll()
        guard follower.engine.status.tick == presenter.status.tick else { return false }
        return presenter.snapshots().allSatisfy { pane, snapshot in follower.engine.snapshot(for: pane)?.isEqual(to: snapshot) == true }
    }

    /// A student joining twenty minutes in (tick 36,000 at 30 steps/s) starts from the
    /// presenter's checkpoint: it replays nothing from the seed, and is then exact.
    @Test func aLateJoinerStartsFromACheckpoint() throws {
        let labs = LabRegistry.all
        let presenterEngine = SimulationEngine(seed: 42, simulations: labs.map(\.simulation), stepsPerSecond: 30)
        presenterEngine.apply(log: [TimedCommand(tick: 0, command: .set(pane: .boundary, parameter: "dataset", value: .text("spirals"))),
                                    TimedCommand(tick: 20_000, command: .set(pane: .entropy, parameter: "mode", value: .text("sampling")))],
                              through: 36_000)
        let server = try LectureServer(path: Self.temporaryFolder() + "/l.sock", group: nil, start: Self.start)
        defer { server.stop() }
        let presenter = LecturePresenter(server: server)
        presenter.publish(engine: presenterEngine, layout: DashboardState(panes: LabRegistry.ids), scene: nil)
        let client = try LectureClient(path: server.path)
        let follower = LectureFollower(client: client, start: client.start, labs: labs, language: nil)
        #expect(Self.eventually(60) { Self.mirrors(presenterEngine, follower) })
        #expect(follower.mirrorBase.tick == 36_000 && follower.mirrorBase.hasCheckpoint)
        // The lecture goes on: the joiner follows it step by step.
        presenterEngine.send(.set(pane: .linear, parameter: "preset", value: .text("shear")))
        presenterEngine.step(45)
        presenter.publish(engine: presenterEngine, layout: DashboardState(panes: LabRegistry.ids), scene: nil)
        #expect(Self.eventually(60) { Self.mirrors(presenterEngine, follower) })
        #expect(follower.end == nil)
    }

    /// However long the lecture and however fast its clock, a follower is never asked to
    /// replay more than the protocol's bound: the presenter checkpoints on the way (and
    /// keeps a fresh one for joiners).
    @Test func thePresenterCheckpointsBeforeTheBound() throws {
        let labs = LabRegistry.all
        let presenterEngine = SimulationEngine(seed: 9, simulations: labs.map(\.simulation), stepsPerSecond: 30)
        let server = try LectureServer(path: Self.temporaryFolder() + "/l.sock", group: nil, start: Self.start)
        defer { server.stop() }
        let presenter = LecturePresenter(server: server)
        let layout = DashboardState(panes: LabRegistry.ids)
        presenter.publish(engine: presenterEngine, layout: layout, scene: nil)
        let client = try LectureClient(path: server.path)
        let follower = LectureFollower(client: client, start: client.start, labs: labs, language: nil)
        var bases: Set<UInt64> = []
        var now = ContinuousClock.now
        for turn in 0..<60 {
            // Bursts of 100 steps (a fast clock, or a scene jumping ahead), a setting now and then.
            if turn % 7 == 0 { presenterEngine.send(.set(pane: .optimizer, parameter: "noise", value: .number(Double(turn) / 100))) }
            presenterEngine.step(100)
            now += .milliseconds(500)
            presenter.publish(engine: presenterEngine, layout: layout, scene: nil, now: now)
            _ = follower.poll()
            bases.insert(follower.mirrorBase.tick)
        }
        #expect(Self.eventually(60) { Self.mirrors(presenterEngine, follower) })
        #expect(follower.end == nil)
        #expect(presenterEngine.status.tick == 6000)
        // Every 1,000 steps (the first moment past 900 since the last one): 1000, 2000, ...
        #expect(bases.sorted().filter { $0 > 0 }.prefix(3) == [1000, 2000, 3000])
        // A joiner now starts from the checkpoint kept for joiners (at most 2 s old).
        let late = LectureFollower(client: try LectureClient(path: server.path), start: Self.start, labs: labs, language: nil)
        #expect(Self.eventually(60) { Self.mirrors(presenterEngine, late) })
        #expect(late.mirrorBase.tick == 6000)
    }

    /// Followers that never read cannot make the presenter buffer without bound: queued states
    /// collapse into the newest; a follower too far behind is dropped, as is the one furthest
    /// behind while all unsent messages together pass the total. A follower that reads stays.
    @Test(arguments: [(256 << 10, 64 << 20), (64 << 20, 1 << 20)])
    func idleFollowersAreDroppedAndTheBacklogIsBounded(followerBacklog: Int, totalBacklog: Int) throws {
        var limits = LectureServer.Limits()
        limits.followerBacklog = followerBacklog
        limits.totalBacklog = totalBacklog
        let server = try LectureServer(path: Self.temporaryFolder() + "/l.sock", group: nil, start: Self.start, limits: limits)
        defer { server.stop() }
        let idle = (0..<20).compactMap { _ in try? LectureSocket.connect(to: server.path) }
        defer { for fd in idle { close(fd) } }
        let reader = try LectureClient(path: server.path)
        #expect(Self.eventually { server.followers == 21 })
        // Ten thousand moments: each idle follower keeps only the newest unsent.
        for tick in 0..<10_000 {
            server.publish(LectureState(epoch: 1, logCount: 0, tick: UInt64(tick), isPaused: false, stepsPerSecond: 30, speed: 1,
                                        panes: LabRegistry.ids, focused: .linear, isZoomed: false))
        }
        usleep(300_000)
        _ = reader.take()
        #expect(server.followers == 21 && server.droppedFollowers == 0)
        #expect((server.backlogs.perFollower.max() ?? 0) < 64 << 10)
        // Then 8 MB of log (a big dataset, say): the idle ones fall behind and are dropped.
        let text = String(repeating: "x", count: 20_000)
        var worst = 0, worstHeld = 0, received = 0
        func read() {
            for case (.log(let log), _) in reader.take().messages { received = log.from + 1 }
        }
        for index in 0..<400 {
            server.publish(LectureLog(epoch: 1, from: index, entries: [TimedCommand(tick: 0, command: .set(pane: .linear, parameter: "p", value: .text(text)))]))
            read()
            let backlogs = server.backlogs
            worst = max(worst, backlogs.perFollower.max() ?? 0)
            worstHeld = max(worstHeld, backlogs.held)
            usleep(1000)
        }
        #expect(Self.eventually(30) {
            read()
            return received == 400
        })
        #expect(server.droppedFollowers == 20)
        #expect(server.followers == 1)
        // Seen after each of the server's turns: never more than the caps (a follower's
        // allowance, its catch-up package, is the opening here: under 1 KiB).
        #expect(worst <= followerBacklog + (1 << 10))
        #expect(worstHeld <= totalBacklog)
    }
}
