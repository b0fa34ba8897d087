import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A presenter that is not gradscope, speaking the lecture wire format by hand (this target
/// links nothing of gradscope's): a 4-byte big-endian length, then one JSON message.
final class HandMadePresenter: @unchecked Sendable {
    let path: String
    private let listener: Int32
    private var connection: Int32 = -1

    init(folder: String) {
        path = folder + "/hostile.sock"
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        Glibc.listen(listener, 4)
    }

    deinit {
        if connection >= 0 { close(connection) }
        close(listener)
        unlink(path)
    }

    /// Waits (up to 20 s) for the follower to connect.
    func accept() -> Bool {
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 20_000) > 0 else { return false }
        connection = Glibc.accept(listener, nil, nil)
        return connection >= 0
    }

    /// Sends one message: `json` serialised, framed.
    func send(_ json: [String: Any]) {
        let body = try! JSONSerialization.data(withJSONObject: json)
        var length = UInt32(body.count).bigEndian
        let bytes = Data(bytes: &length, count: 4) + body
        _ = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    static func hello(protocolVersion: Int = 3, version: String = "0.1.0") -> [String: Any] {
        ["hello": ["_0": ["protocolVersion": protocolVersion, "gradscopeVersion": version]]]
    }

    static func start(title: String) -> [String: Any] {
        ["start": ["_0": ["seed": 42, "stepsPerSecond": 30, "language": "en", "title": title]]]
    }

    static func setPreset(_ name: String, tick: Int) -> [String: Any] {
        ["tick": tick, "command": ["set": ["pane": "linear", "parameter": "preset", "value": ["text": ["_0": name]]]]]
    }

    static func log(from: Int, _ entries: [[String: Any]]) -> [String: Any] {
        ["log": ["_0": ["epoch": 1, "from": from, "entries": entries]]]
    }

    static func state(logCount: Int, tick: Int, status: String) -> [String: Any] {
        ["state": ["_0": ["epoch": 1, "logCount": logCount, "tick": tick, "isPaused": false, "stepsPerSecond": 30, "speed": 1,
                          "panes": ["linear", "entropy", "boundary", "optimizer"], "focused": "linear", "isZoomed": false,
                          "sceneStatus": status] as [String: Any]]]
    }
}

extension TmuxHarness {
    /// Like `start`, but every byte gradscope writes to its terminal is also appended to
    /// `rawOutput` (tmux's pipe-pane, begun before gradscope starts).
    func startRecording(_ arguments: [String], rawOutput: String, width: Int = 200, height: Int = 40) {
        let inner = "sleep 0.5; echo $$ > \(pidFile); exec env TERM=tmux-256color LANG=C.UTF-8 \(shellQuote(Self.binary!)) "
            + arguments.map(shellQuote).joined(separator: " ")
        let wrapper = "sh -c " + shellQuote("sh -c " + shellQuote(inner) + "; echo EXITED:$?; sleep 120")
        tmux(["new-session", "-d", "-s", "e2e", "-x", String(width), "-y", String(height), wrapper])
        tmux(["pipe-pane", "-t", "e2e", "-o", "cat >> " + shellQuote(rawOutput)])
    }
}

/// The real follower against a hostile presenter, on a real terminal: it keeps running, says
/// what was wrong, keeps working keys, and the bytes it writes carry none of the presenter's
/// control sequences.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct LectureHostileEndToEndTests {
    /// Sequences a terminal acts on (clipboard write, title, device queries, screen clears),
    /// a C1 CSI and a bidi override: in every string the presenter sends.
    static let controls = "\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}]0;PWNED\u{07}\u{1B}P+q544e\u{1B}\\\u{1B}[6n\u{9B}6n\u{202E}"

    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "gradscope-hostile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    /// The presenter's sequences that must never reach the terminal (ncurses itself sends
    /// none of these), and no C1 control or bidi override anywhere in the output.
    static func foreignControls(in output: Data) -> [String] {
        var found: [String] = []
        for (name, bytes) in [("OSC", "\u{1B}]"), ("DCS", "\u{1B}P"), ("BEL", "\u{07}"), ("DSR", "\u{1B}[6n")] {
            if output.range(of: Data(bytes.utf8)) != nil { found.append(name) }
        }
        let text = String(decoding: output, as: UTF8.self)
        if text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) { found.append("C1") }
        if text.unicodeScalars.contains("\u{202E}") { found.append("bidi") }
        return found
    }

    /// Runs `gradscope follow` in tmux against a hand-made presenter that `act` drives;
    /// returns every byte gradscope wrote to its terminal (nil when tmux is missing).
    static func follow(_ act: (HandMadePresenter, TmuxHarness) -> Void) throws -> Data? {
        guard TmuxHarness.requirementsMet() else { return nil }
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let presenter = HandMadePresenter(folder: folder)
        let tmux = TmuxHarness()
        let raw = folder + "/terminal.raw"
        tmux.startRecording(["follow", presenter.path], rawOutput: raw, width: 240)
        #expect(presenter.accept())
        act(presenter, tmux)
        return try Data(contentsOf: URL(fileURLWithPath: raw))
    }

    @Test func aHostilePresenterIsRefusedAndNothingOfItReachesTheTerminal() throws {
        guard let output = try Self.follow({ presenter, tmux in
            Self.actHostile(presenter, tmux)
        }) else { return }
        #expect(output.count > 1000)
        #expect(Self.foreignControls(in: output) == [])
    }

    static func actHostile(_ presenter: HandMadePresenter, _ tmux: TmuxHarness) {
        presenter.send(HandMadePresenter.hello())
        presenter.send(HandMadePresenter.start(title: "title " + Self.controls))
        presenter.send(HandMadePresenter.log(from: 0, [HandMadePresenter.setPreset("evil " + Self.controls, tick: 0)]))
        presenter.send(HandMadePresenter.state(logCount: 1, tick: 40, status: "status " + Self.controls))
        // The presenter's status, and the preset's refusal (quoting the name), without controls.
        let shown = tmux.waitFor { $0.contains("presenter: status ]52;c;SGVsbG8=]0;PWNEDP+q544e\\[6n6n") }
        #expect(shown.matched, "\(shown.screen)")
        // (A notice shows what was removed as visible escapes.)
        #expect(tmux.waitFor { $0.contains("unknown preset 'evil \\x1b]52;c;SGVsbG8=") }.matched)
        // A forged tick of a billion: refused, said so, and the follower keeps running.
        presenter.send(HandMadePresenter.state(logCount: 1, tick: 1_000_000_000, status: "x"))
        let refused = tmux.waitFor {
            $0.contains("stopped following: the presenter sent something invalid (tick 1000000000, over 1800 steps past its last")
        }
        #expect(refused.matched, "\(refused.screen)")
        // Keys still work: the help overlay opens and closes, exploring starts, q quits.
        tmux.send("?")
        #expect(tmux.waitFor { $0.contains("Following a lecture:") }.matched)
        tmux.send("Escape")
        #expect(tmux.waitFor { !$0.contains("Following a lecture:") }.matched)
        tmux.send("e")
        #expect(tmux.waitFor { $0.contains("exploring your own copy") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// Another protocol version whose version text is an attack: the message names both
    /// versions, without the controls.
    @Test func aVersionMismatchIsPrintedWithoutItsControls() throws {
        guard let output = try Self.follow({ presenter, tmux in
            presenter.send(HandMadePresenter.hello(protocolVersion: 99, version: "9" + Self.controls))
            #expect(tmux.waitForExit() == 1)
            #expect(tmux.screen().contains("the presenter runs gradscope 9]52;c;SGVsbG8=]0;PWNEDP+q544e\\[6n6n (lecture protocol 99)"))
        }) else { return }
        #expect(output.count > 0)
        #expect(Self.foreignControls(in: output) == [])
    }
}
