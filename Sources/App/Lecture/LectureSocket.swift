import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SimulationCore
import Synchronization

/// Unix-domain socket plumbing for lectures: where the socket lives, binding it safely, and
/// connecting to it. Only this file and the server/client touch file descriptors.
public enum LectureSocket {
    /// The default socket: `$XDG_RUNTIME_DIR/gradscope/lecture.sock`, else
    /// `/tmp/gradscope-UID/lecture.sock`, in a folder only its owner (or `group`) can enter.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 + "/gradscope" } ?? "/tmp/gradscope-\(getuid())"
        return base + "/lecture.sock"
    }

    /// A listening socket at `path`. The folder is created private (0700; 0750 and owned by
    /// `group` when given); a stale socket left by a crashed presenter is replaced, but never a
    /// file that is not a socket nor a socket someone is still serving on.
    static func listen(at path: String, group: String?) throws -> Int32 {
        guard path.utf8.count < 104 else { throw LectureError("socket path too long (over 103 bytes): \(path)") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var gid: gid_t?
        if let group {
            guard let entry = getgrnam(group) else { throw LectureError("--group: no group named '\(group)'") }
            gid = entry.pointee.gr_gid
        }
        var info = stat()
        if stat(folder, &info) == 0 {
            guard info.st_uid == getuid() else {
                throw LectureError("\(folder) belongs to another user; choose another --socket")
            }
        } else {
            guard mkdir(folder, gid == nil ? 0o700 : 0o750) == 0 else {
                throw LectureError("cannot create \(folder): \(String(cString: strerror(errno)))")
            }
        }
        if let gid {
            guard chown(folder, getuid(), gid) == 0, chmod(folder, 0o750) == 0 else {
                throw LectureError("cannot give \(folder) to the group: \(String(cString: strerror(errno)))")
            }
        }
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw LectureError("\(path) exists and is not a socket; not touching it (choose another --socket)")
            }
            if let probe = try? connect(to: path) {
                close(probe)
                throw LectureError("a lecture is already being served at \(path)")
            }
            unlink(path)  // a stale socket: nobody listens on it
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LectureError("socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LectureError("cannot bind \(path): \(reason)")
        }
        chmod(path, gid == nil ? 0o600 : 0o660)
        if let gid { chown(path, getuid(), gid) }
        guard Glibc.listen(fd, 128) == 0 else {
            close(fd)
            throw LectureError("listen: \(String(cString: strerror(errno)))")
        }
        setNonBlocking(fd)
        return fd
    }

    /// A connected socket to `path`.
    static func connect(to path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LectureError("socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = errno == ENOENT ? "no lecture is being served there (no such socket)"
                : errno == ECONNREFUSED ? "no presenter is listening (the lecture ended)"
                : errno == EACCES ? "permission denied (ask the presenter for --group access)"
                : String(cString: strerror(errno))
            close(fd)
            throw LectureError("cannot join \(path): \(reason)")
        }
        return fd
    }

    static func socketAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw LectureError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        return address
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }
}

/// The presenter's side: accepts followers and sends each the lecture, on one thread of its
/// own that does all socket I/O (poll), so the presenter's frame loop never waits on a
/// follower.
///
/// Invariants: nothing a follower sends is interpreted (it is read and dropped, only to notice
/// a hang-up); a follower that does not keep up (over `maximumBacklog` bytes unsent) or is
/// over `maximumFollowers` is disconnected; a new follower gets the whole lecture so far
/// (start, this epoch's log, the latest state) before any later message.
public final class LectureServer: Sendable {
    public static let maximumFollowers = 1000
    public static let maximumBacklog = 8 << 20

    public let path: String
    private let listener: Int32
    private let wake: (read: Int32, write: Int32)
    private struct Shared: Sendable {
        var start: Data
        var epoch: UInt64 = 0
        var log: [TimedCommand] = []
        /// Whether a log was published (an empty one counts: it names the epoch).
        var hasLog = false
        var state: Data?
        var outbox: [Data] = []
        var stopping = false
    }
    private let shared: Mutex<Shared>
    private let followerCount = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private let socketRemoved = Atomic<Bool>(false)

    /// Binds the socket and starts serving `start` (the hello is added in front).
    public init(path: String, group: String?, start: LectureStart) throws {
        self.path = path
        listener = try LectureSocket.listen(at: path, group: group)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw LectureError("pipe: \(String(cString: strerror(errno)))") }
        LectureSocket.setNonBlocking(fds[0])
        LectureSocket.setNonBlocking(fds[1])
        wake = (fds[0], fds[1])
        let opening = try LectureWire.frame(.hello(LectureHello())) + LectureWire.frame(.start(start))
        shared = Mutex(Shared(start: opening))
        let thread = Thread { [self] in self.serve() }
        thread.name = "gradscope.lecture-server"
        thread.start()
    }

    /// Followers connected now.
    public var followers: Int { followerCount.load(ordering: .relaxed) }

    /// Sends new log entries (a new epoch replaces the log) to every follower.
    public func publish(_ log: LectureLog) {
        let frame = LectureWire.logFrames(epoch: log.epoch, from: log.from, entries: log.entries)
        shared.withLock { shared in
            if log.epoch != shared.epoch || log.from == 0 {
                shared.epoch = log.epoch
                shared.log = []
            }
            shared.log += log.entries
            shared.hasLog = true
            shared.outbox.append(frame)
        }
        poke()
    }

    /// Sends the presenter's moment to every follower.
    public func publish(_ state: LectureState) {
        guard let frame = try? LectureWire.frame(.state(state)) else { return }
        shared.withLock { shared in
            shared.state = frame
            shared.outbox.append(frame)
        }
        poke()
    }

    /// Removes the socket (at once, on the caller's thread: the path is free for the next
    /// presenter even if the server thread is slow to run), says goodbye to every follower and
    /// stops serving.
    public func stop() {
        // Once: a later presenter may already have bound the same path.
        if !socketRemoved.exchange(true, ordering: .acquiringAndReleasing) { unlink(path) }
        guard let bye = try? LectureWire.frame(.bye) else { return }
        shared.withLock { shared in
            shared.outbox.append(bye)
            shared.stopping = true
        }
        poke()
        // The thread flushes what it can (briefly) and closes everything.
        let deadline = Date().addingTimeInterval(1)
        while !finished.load(ordering: .acquiring) && Date() < deadline { usleep(5000) }
    }

    private func poke() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    // MARK: The server thread

    private func serve() {
        var clients: [Int32: Data] = [:]
        // Followers shut their writing half at once: after that end of input only a hang-up
        // or a failed send says they left.
        var silent: Set<Int32> = []
        var scratch = [UInt8](repeating: 0, count: 65536)
        var stopping = false
        var stopDeadline: Date?
        func drop(_ fd: Int32) {
            close(fd)
            clients[fd] = nil
            silent.remove(fd)
        }
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            for (fd, pending) in clients {
                let input: Int16 = silent.contains(fd) ? 0 : Int16(POLLIN)
                fds.append(pollfd(fd: fd, events: input | (pending.isEmpty ? 0 : Int16(POLLOUT)), revents: 0))
            }
            _ = poll(&fds, nfds_t(fds.count), stopping ? 20 : 500)
            if fds[1].revents != 0 { while read(wake.read, &scratch, scratch.count) > 0 {} }
            // Messages published since the last turn, and (in the same moment) the whole lecture
            // for anyone joining now.
            let (outbox, catchUp, stop) = shared.withLock { shared -> ([Data], Data, Bool) in
                defer { shared.outbox.removeAll(keepingCapacity: true) }
                var package = shared.start
                if shared.hasLog {
                    package += LectureWire.logFrames(epoch: shared.epoch, from: 0, entries: shared.log)
                }
                if let state = shared.state { package += state }
                return (shared.outbox, package, shared.stopping)
            }
            for frame in outbox {
                for fd in Array(clients.keys) {
                    clients[fd]!.append(frame)
                    if clients[fd]!.count > Self.maximumBacklog { drop(fd) }  // too slow to follow
                }
            }
            if stop && !stopping {
                stopping = true
                stopDeadline = Date().addingTimeInterval(0.5)
            }
            if !stopping && fds[0].revents & Int16(POLLIN) != 0 {
                while true {
                    let fd = accept(listener, nil, nil)
                    guard fd >= 0 else { break }
                    guard clients.count < Self.maximumFollowers else { close(fd); continue }
                    LectureSocket.setNonBlocking(fd)
                    clients[fd] = catchUp
                }
            }
            for entry in fds.dropFirst(2) where clients[entry.fd] != nil {
                let fd = entry.fd
                if entry.revents & Int16(POLLHUP | POLLERR) != 0 { drop(fd); continue }
                if entry.revents & Int16(POLLIN) != 0 {
                    // Whatever a follower sends is dropped unread.
                    let count = read(fd, &scratch, scratch.count)
                    if count == 0 { silent.insert(fd) }
                    if count < 0 && errno != EAGAIN && errno != EINTR { drop(fd); continue }
                }
                if entry.revents & Int16(POLLOUT) != 0, let pending = clients[fd], !pending.isEmpty {
                    let sent = pending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if sent > 0 {
                        clients[fd] = pending.count == sent ? Data() : Data(pending.dropFirst(sent))
                    } else if sent < 0 && errno != EAGAIN && errno != EINTR {
                        drop(fd)
                    }
                }
            }
            followerCount.store(clients.count, ordering: .relaxed)
            if stopping && (clients.values.allSatisfy(\.isEmpty) || Date() >= stopDeadline!) { break }
        }
        for fd in clients.keys { close(fd) }
        close(listener)
        close(wake.read)
        close(wake.write)
        followerCount.store(0, ordering: .relaxed)
        finished.store(true, ordering: .releasing)
    }
}

/// The follower's side: a connection that only reads (its writing half is shut at once), on a
/// thread of its own; decoded messages wait in a mailbox for the frame loop.
public final class LectureClient: Sendable {
    public let path: String
    /// What the presenter's simulations are made from (the second message of every lecture).
    public let start: LectureStart
    private let fd: Int32
    private struct Inbox: Sendable {
        var messages: [LectureMessage] = []
        var ended: String?
    }
    private let inbox = Mutex(Inbox())

    /// Connects and reads the hello and the start (within `timeout` seconds), refusing another
    /// protocol version with a message that says which versions met.
    public init(path: String, timeout: Double = 5) throws {
        self.path = path
        fd = try LectureSocket.connect(to: path)
        shutdown(fd, Int32(SHUT_WR))  // read-only by construction: nothing goes back
        var buffer = Data()
        var first: [LectureMessage] = []
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while first.count < 2 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard remaining > 0, poll(&poller, 1, remaining) > 0 else {
                close(fd)
                throw LectureError("\(path): the presenter did not answer within \(Int(timeout)) s")
            }
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else {
                close(fd)
                throw LectureError("\(path): the presenter closed the connection before the lecture started (the lecture ended, or it has too many followers)")
            }
            buffer.append(contentsOf: chunk[0..<count])
            do {
                first += try LectureWire.messages(from: &buffer)
            } catch {
                close(fd)
                throw LectureError("\(path) does not speak the lecture protocol (\(error))")
            }
            if case .hello(let hello)? = first.first, hello.protocolVersion != LectureWire.protocolVersion {
                close(fd)
                throw LectureError("the presenter runs gradscope \(hello.gradscopeVersion) (lecture protocol \(hello.protocolVersion)); "
                                   + "this is gradscope \(GradscopeVersion.string) (protocol \(LectureWire.protocolVersion)): use the presenter's version")
            }
        }
        guard case .hello? = first.first, case .start(let start)? = first.dropFirst().first else {
            close(fd)
            throw LectureError("\(path) does not speak the lecture protocol (no hello)")
        }
        self.start = start
        inbox.withLock { $0.messages = Array(first.dropFirst(2)) }
        let carried = buffer
        let thread = Thread { [self] in self.readLoop(buffer: carried) }
        thread.name = "gradscope.lecture-follower"
        thread.start()
    }

    /// The messages received since the last call, and why the lecture ended (if it did).
    public func take() -> (messages: [LectureMessage], ended: String?) {
        inbox.withLock { inbox in
            defer { inbox.messages.removeAll(keepingCapacity: true) }
            return (inbox.messages, inbox.ended)
        }
    }

    private func readLoop(buffer initial: Data) {
        var buffer = initial
        var chunk = [UInt8](repeating: 0, count: 65536)
        var reason = "the presenter's connection dropped"
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            buffer.append(contentsOf: chunk[0..<count])
            do {
                // Of several states read at once only the newest matters (each is the whole
                // moment): the others are not decoded. Logs keep their order before it.
                let bodies = try LectureWire.bodies(from: &buffer)
                let newestState = bodies.lastIndex(where: LectureWire.isState)
                var messages: [LectureMessage] = []
                for (index, body) in bodies.enumerated() where !LectureWire.isState(body) || index == newestState {
                    messages.append(try LectureWire.decode(body))
                }
                if messages.contains(.bye) { reason = "the presenter ended the lecture" }
                inbox.withLock { $0.messages += messages }
                if messages.contains(.bye) { break }
            } catch {
                reason = "the presenter sent something unreadable (\(error))"
                break
            }
        }
        close(fd)
        inbox.withLock { $0.ended = reason }
    }
}
