import Foundation
import PseudoTerminal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing

/// The release build of gradscope, which the process life-cycle tests run (the binary a lecture
/// host runs: optimised, with cross-module inlining). `.ci/run` builds it once and exports
/// `GRADSCOPE_RELEASE_BINARY`; without it these tests are skipped, except under `CI=true`,
/// where a missing binary is a failure.
enum ReleaseBinary {
    static let variable = "GRADSCOPE_RELEASE_BINARY"
    static var path: String? { ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 } }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    /// Whether to run: a binary was named, or this is CI (which must name one).
    static var shouldRun: Bool { path != nil || isCI }
    static let skipReason: Comment = "set GRADSCOPE_RELEASE_BINARY to a release build (swift build -c release; .ci/run does both)"

    /// The binary, or a failure saying how to provide it.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = try #require(path, "\(variable) is not set: \(skipReason)", sourceLocation: sourceLocation)
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(variable)=\(path) is not an executable",
                     sourceLocation: sourceLocation)
        return path
    }

    /// The repetitions of each signal case: `GRADSCOPE_SIGNAL_REPEATS`, 20 by default (1...1000).
    static var repeats: Int {
        let configured = ProcessInfo.processInfo.environment["GRADSCOPE_SIGNAL_REPEATS"].flatMap { Int($0) } ?? 20
        return min(max(configured, 1), 1000)
    }
}

/// How a child process ended.
enum Ending: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    var description: String {
        switch self {
        case .exited(let status): return "exit status \(status)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// A program on a pseudo-terminal of its own: it is the leader of a new session whose
/// controlling terminal is the pty, as under sshd or a terminal emulator. Everything it writes
/// is collected (a reader thread keeps the pty drained, so the program never blocks on output);
/// the test types into the master side and may close it (a hangup, as when the SSH link drops).
///
/// Invariant: the child is reaped by the time this object is gone (SIGKILL if still running).
final class PtyProcess {
    let pid: pid_t
    private let master: Int32
    private let reader = PtyReader()
    private var masterOpen = true
    private var readerDone = false
    private(set) var ending: Ending?

    /// Starts `path arguments` on a new `width x height` pty with exactly `environment`.
    init(_ path: String, _ arguments: [String], environment: [String: String], width: Int = 120, height: Int = 40) throws {
        var name = [CChar](repeating: 0, count: 128)
        let fd = gs_pty_open(Int32(height), Int32(width), &name, name.count)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENXIO) }
        let slave = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The new session leader opens the pty first: it becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        // A new session (the pty becomes its controlling terminal), default signal state.
        let spawned = withDefaultSignals(flags: gs_pty_spawn_setsid_flag()) { attributes in
            posix_spawn(&child, path, &actions, &attributes, argv, envp)
        }
        guard spawned == 0 else { close(fd); throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        pid = child
        master = fd
        let thread = Thread { [reader] in reader.drain(fd) }
        thread.name = "pty-reader-\(child)"
        thread.start()
    }

    deinit {
        if ending == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(seconds: 5)
        }
        closeTerminal()
    }

    // MARK: Output

    /// Everything the program wrote so far.
    var output: [UInt8] { reader.bytes.withLock { $0 } }
    var outputCount: Int { reader.bytes.withLock { $0.count } }

    /// The output from byte `offset` on, as text (invalid UTF-8 repaired).
    func text(from offset: Int = 0) -> String {
        let bytes = output
        return String(decoding: bytes[min(offset, bytes.count)...], as: UTF8.self)
    }

    /// Waits until the output after byte `offset` contains every one of `fragments`.
    @discardableResult
    func waitForOutput(_ fragments: [String], after offset: Int = 0, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        let wanted = fragments.map { Array($0.utf8) }
        while Date() < deadline {
            let bytes = output
            let tail = bytes[min(offset, bytes.count)...]
            if wanted.allSatisfy({ tail.containsSequence($0) }) { return true }
            if ending != nil || reap() != nil { return false }
            usleep(5000)
        }
        return false
    }

    // MARK: Input and life cycle

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func send(_ signal: Int32) { kill(pid, signal) }

    /// Stops (or resumes) reading the master, as a terminal that stopped reading would (a
    /// stalled SSH link): once the pty's buffer is full, the program's writes block.
    func stopReadingOutput(_ stopped: Bool = true) { reader.paused.store(stopped, ordering: .releasing) }

    /// Closes the master side (the pty hangs up, as when sshd or tmux goes away).
    func closeTerminal() {
        guard masterOpen else { return }
        if !readerDone {
            reader.stop.store(true, ordering: .releasing)
            reader.finished.wait()
            readerDone = true
        }
        close(master)
        masterOpen = false
    }

    /// After the program ended: waits (up to `seconds`) until everything it wrote has been read
    /// (the master reads EIO once the last slave descriptor is closed), then closes the master.
    func collectRemainingOutput(seconds: Double = 5) {
        if !readerDone && reader.finished.wait(timeout: .now() + seconds) == .success { readerDone = true }
        closeTerminal()
    }

    /// Reaps the child if it has ended (without waiting).
    @discardableResult
    func reap() -> Ending? {
        if let ending { return ending }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
        ending = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        return ending
    }

    /// Waits up to `seconds` for the child to end; returns how it ended and how long that took
    /// from this call (checked every millisecond).
    func waitForExit(seconds: Double) -> (ending: Ending?, elapsed: Double) {
        let start = ContinuousClock.now
        let limit = Duration.milliseconds(Int(seconds * 1000))
        while ContinuousClock.now - start < limit {
            if let ending = reap() { return (ending, (ContinuousClock.now - start).seconds) }
            usleep(1000)
        }
        return (nil, (ContinuousClock.now - start).seconds)
    }

    /// Whether the program's main thread is blocked in write(2) (Linux: /proc/PID/syscall
    /// starts with the number of the syscall it sleeps in).
    var isBlockedWriting: Bool {
        #if arch(x86_64)
        let write = "1"
        #else
        let write = "64"  // arm64 (asm-generic numbering)
        #endif
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8) else { return false }
        return text.split(separator: " ").first.map(String.init) == write
    }

    /// The scheduler state letter from /proc (R, S, T stopped, Z zombie), nil once reaped.
    var state: Character? { processState(pid) }

    /// What each thread is doing now: "name state wchan", main thread first (for failure messages).
    var threads: String {
        let folder = "/proc/\(pid)/task"
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return "gone" }
        return tasks.compactMap(pid_t.init).sorted().map { task -> String in
            func read(_ name: String) -> String {
                ((try? String(contentsOfFile: "\(folder)/\(task)/\(name)", encoding: .utf8)) ?? "?")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return "\(read("comm")) \(processState(task).map(String.init) ?? "?") \(read("wchan"))"
        }.joined(separator: "; ")
    }
}

/// The scheduler state letter of `pid` from /proc (R, S, T stopped, Z zombie), nil when gone.
func processState(_ pid: pid_t) -> Character? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    return stat[stat.index(after: close)...].first { $0 != " " }
}

/// The pty master's reader thread and what it collected (shared with the test's thread).
private final class PtyReader: Sendable {
    let bytes = Mutex<[UInt8]>([])
    let stop = Atomic<Bool>(false)
    /// While set, nothing is read: the pty's buffer fills and the program's writes block.
    let paused = Atomic<Bool>(false)
    let finished = DispatchSemaphore(value: 0)

    /// Reads the master until the slave side is gone (EIO) or `stop` is set; signals `finished`.
    func drain(_ fd: Int32) {
        defer { finished.signal() }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !stop.load(ordering: .acquiring) {
            if paused.load(ordering: .acquiring) {
                usleep(10_000)
                continue
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 20)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                bytes.withLock { $0.append(contentsOf: buffer[0..<count]) }
            } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return  // EIO: every slave descriptor is closed
            }
        }
    }

}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

extension ArraySlice where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool { lastRange(of: needle) != nil }

    /// The last place `needle` occurs.
    func lastRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = endIndex - needle.count
        while index >= startIndex {
            if self[index] == needle[0] && self[index..<index + needle.count].elementsEqual(needle) {
                return index..<index + needle.count
            }
            index -= 1
        }
        return nil
    }
}

/// A terminal's own control strings, from its terminfo entry (`tput`), e.g. `rmcup`.
func terminfoString(_ capability: String, term: String) -> String? {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-tput-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    for tput in ["/usr/bin/tput", "/bin/tput"] where FileManager.default.isExecutableFile(atPath: tput) {
        guard spawnAndWait(tput, ["-T", term, capability], outputPath: out, errorPath: "/dev/null") == 0 else { return nil }
        return try? String(contentsOfFile: out, encoding: .utf8)
    }
    return nil
}

/// gradscope processes (any state but zombie) whose environment carries `marker`, so that a
/// test counts only its own, never another session's.
func processes(markedWith marker: String) -> [(pid: pid_t, parent: pid_t)] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    let needle = Array(marker.utf8)
    var found: [(pid_t, pid_t)] = []
    for entry in entries {
        guard let pid = pid_t(entry),
              let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
              Array(environment)[...].containsSequence(needle),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, fields[0] != "Z", stat.contains("(gradscope)"), let parent = pid_t(fields[1]) else { continue }
        found.append((pid, parent))
    }
    return found
}
