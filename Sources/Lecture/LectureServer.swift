import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SimulationCore
import Synchronization

/// The presenter's side: accepts followers and sends each the lecture, on one thread of its
/// own that does all socket I/O (poll), so the presenter's frame loop never waits on a
/// follower.
///
/// Invariants:
/// - nothing a follower sends is interpreted (it is read and dropped, only to notice a hang-up);
/// - a new follower gets the lecture so far (start, the latest checkpoint, the log since it, the
///   latest state) before any later message;
/// - memory is bounded whatever the followers do: a message is held once however many
///   followers wait for it; a follower's queued states collapse into the newest (each is the
///   whole moment); a follower with more than `Limits.followerBacklog` bytes unsent (beyond its
///   catch-up package) is dropped, and while all unsent messages together pass
///   `Limits.totalBacklog` the follower furthest behind is dropped. A dropped follower is sent
///   `dropped` if it can take it, and counted in `droppedFollowers`.
public final class LectureServer: Sendable {
    public struct Limits: Sendable {
        public var maximumFollowers = 1000
        public var followerBacklog = 32 << 20
        public var totalBacklog = 96 << 20
        public init() {}
    }

    public let path: String
    public let limits: Limits
    private let listener: Int32
    private let wake: (read: Int32, write: Int32)
    private let opening: Data

    /// What the presenter hands the server thread, in order.
    private enum Outgoing: Sendable {
        case log(epoch: UInt64, frames: Data)
        case state(Data)
        /// Encoded on the server thread (it can be megabytes); `broadcast`: sent to every
        /// follower, else only kept for joiners.
        case checkpoint(LectureCheckpoint, broadcast: Bool)
        case bye
    }
    private struct Shared: Sendable {
        var outbox: [Outgoing] = []
    }
    private let shared = Mutex(Shared())
    private let followerCount = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private let socketRemoved = Atomic<Bool>(false)
    /// Unsent bytes per follower and of all messages held, after the server's latest turn.
    private let backlog = Mutex<(perFollower: [Int], held: Int)>(([], 0))

    /// Binds the socket and starts serving `start` (the hello is added in front).
    public init(path: String, group: String?, start: LectureStart, limits: Limits = Limits()) throws {
        self.path = path
        self.limits = limits
        opening = try LectureWire.frame(.hello(LectureHello())) + LectureWire.frame(.start(start))
        listener = try LectureSocket.listen(at: path, group: group)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(listener)
            throw LectureError("pipe: \(String(cString: strerror(errno)))")
        }
        LectureSocket.setNonBlocking(fds[0])
        LectureSocket.setNonBlocking(fds[1])
        wake = (fds[0], fds[1])
        let thread = Thread { [self] in self.serve() }
        thread.name = "gradscope.lecture-server"
        thread.start()
    }

    /// Followers connected now.
    public var followers: Int { followerCount.load(ordering: .relaxed) }

    /// Followers dropped so far for falling too far behind.
    public var droppedFollowers: Int { droppedCount.load(ordering: .relaxed) }

    /// Unsent bytes per follower, and of all the messages they wait for (each counted once).
    public var backlogs: (perFollower: [Int], held: Int) { backlog.withLock { $0 } }

    /// Sends new log entries (a new epoch replaces the log) to every follower; returns the
    /// bytes they take on the wire.
    @discardableResult
    public func publish(_ log: LectureLog) -> Int {
        let frames = LectureWire.logFrames(epoch: log.epoch, from: log.from, entries: log.entries)
        send(.log(epoch: log.epoch, frames: frames))
        return frames.count
    }

    /// Sends the presenter's moment to every follower.
    public func publish(_ state: LectureState) {
        guard let frame = try? LectureWire.frame(.state(state)) else { return }
        send(.state(frame))
    }

    /// Sends a checkpoint to every follower (`broadcast`), or keeps it only for those who join
    /// from now on; either way, joiners start from it.
    public func publish(_ checkpoint: LectureCheckpoint, broadcast: Bool) {
        send(.checkpoint(checkpoint, broadcast: broadcast))
    }

    /// Removes the socket (at once, on the caller's thread: the path is free for the next
    /// presenter even if the server thread is slow to run), says goodbye to every follower and
    /// stops serving.
    public func stop() {
        // Once: a later presenter may already have bound the same path.
        if !socketRemoved.exchange(true, ordering: .acquiringAndReleasing) { unlink(path) }
        send(.bye)
        // The thread flushes what it can (briefly) and closes everything.
        let deadline = Date().addingTimeInterval(1)
        while !finished.load(ordering: .acquiring) && Date() < deadline { usleep(5000) }
    }

    private func send(_ item: Outgoing) {
        shared.withLock { $0.outbox.append(item) }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    // MARK: The server thread

    private func serve() {
        var lecture = LectureStore(opening: Frame(opening))
        var queues = FollowerQueues(limits: limits)
        var scratch = [UInt8](repeating: 0, count: 65536)
        var stopDeadline: Date?
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            fds += queues.pollRequests()
            _ = poll(&fds, nfds_t(fds.count), stopDeadline != nil ? 20 : 500)
            if fds[1].revents != 0 { while read(wake.read, &scratch, scratch.count) > 0 {} }
            let outbox = shared.withLock { shared -> [Outgoing] in
                defer { shared.outbox.removeAll(keepingCapacity: true) }
                return shared.outbox
            }
            for item in outbox {
                switch item {
                case .log(let epoch, let frames):
                    queues.broadcast(lecture.add(log: Frame(frames), epoch: epoch))
                case .state(let data):
                    queues.broadcast(lecture.add(state: Frame(data, isState: true)))
                case .checkpoint(let checkpoint, let broadcast):
                    guard let data = try? LectureWire.frame(.checkpoint(checkpoint)) else { continue }
                    let frame = lecture.add(checkpoint: Frame(data), epoch: checkpoint.epoch)
                    if broadcast { queues.broadcast(frame) }
                case .bye:
                    if stopDeadline == nil, let bye = try? LectureWire.frame(.bye) {
                        queues.broadcast(Frame(bye))
                        stopDeadline = Date().addingTimeInterval(0.5)
                    }
                }
            }
            if stopDeadline == nil && fds[0].revents & Int16(POLLIN) != 0 {
                while true {
                    let fd = accept(listener, nil, nil)
                    guard fd >= 0 else { break }
                    LectureSocket.setNonBlocking(fd)
                    queues.add(fd, package: lecture.package)
                }
            }
            queues.serve(fds.dropFirst(2), scratch: &scratch)
            droppedCount.add(queues.enforceLimits(), ordering: .relaxed)
            followerCount.store(queues.count, ordering: .relaxed)
            backlog.withLock { $0 = (queues.backlogs, queues.heldBytes) }
            if let deadline = stopDeadline, queues.allSent || Date() >= deadline { break }
        }
        queues.closeAll()
        close(listener)
        close(wake.read)
        close(wake.write)
        followerCount.store(0, ordering: .relaxed)
        finished.store(true, ordering: .releasing)
    }
}

/// One framed message (or a run of log messages) as queued for followers: held once, however
/// many followers wait for it (`holders` counts them, on the server thread only).
private final class Frame {
    let bytes: Data
    let isState: Bool
    var holders = 0
    init(_ bytes: Data, isState: Bool = false) {
        self.bytes = bytes
        self.isState = isState
    }
}

/// What a joiner is sent first: the opening, the latest checkpoint of the current epoch, the
/// log since it, and the latest state.
private struct LectureStore {
    let opening: Frame
    var epoch: UInt64?
    var checkpoint: Frame?
    var log: [Frame] = []
    var state: Frame?

    init(opening: Frame) { self.opening = opening }

    var package: [Frame] { [opening] + (checkpoint.map { [$0] } ?? []) + log + (state.map { [$0] } ?? []) }

    mutating func add(log frame: Frame, epoch: UInt64) -> Frame {
        if epoch != self.epoch {
            self.epoch = epoch
            checkpoint = nil
            log = []
        }
        log.append(frame)
        return frame
    }

    mutating func add(state frame: Frame) -> Frame {
        state = frame
        return frame
    }

    /// A checkpoint covers the log published before it.
    mutating func add(checkpoint frame: Frame, epoch: UInt64) -> Frame {
        self.epoch = epoch
        checkpoint = frame
        log = []
        return frame
    }
}

/// The followers' connections and what each still has to be sent (server thread only).
private struct FollowerQueues {
    struct Follower {
        var queue: [Frame] = []
        var head = 0
        /// Bytes of `queue[head]` already sent.
        var offset = 0
        var unsent = 0
        /// The catch-up package's size: unsent bytes allowed on top of `followerBacklog`.
        var allowance = 0
        /// Shut its writing half (as followers do at once): only a hang-up or a failed send
        /// says it left.
        var silent = false
    }

    let limits: LectureServer.Limits
    private var followers: [Int32: Follower] = [:]
    /// Bytes of the frames some follower still waits for, each frame once.
    private(set) var heldBytes = 0

    init(limits: LectureServer.Limits) { self.limits = limits }

    var count: Int { followers.count }
    var backlogs: [Int] { followers.values.map(\.unsent).sorted() }
    var allSent: Bool { followers.values.allSatisfy { $0.unsent == 0 } }

    func pollRequests() -> [pollfd] {
        followers.map { fd, follower in
            pollfd(fd: fd, events: (follower.silent ? 0 : Int16(POLLIN)) | (follower.unsent > 0 ? Int16(POLLOUT) : 0), revents: 0)
        }
    }

    mutating func add(_ fd: Int32, package: [Frame]) {
        guard followers.count < limits.maximumFollowers else {
            close(fd)
            return
        }
        followers[fd] = Follower()
        for frame in package { enqueue(frame, to: fd) }
        let unsent = followers[fd]?.unsent ?? 0
        followers[fd]?.allowance = unsent
    }

    mutating func broadcast(_ frame: Frame) {
        for fd in Array(followers.keys) { enqueue(frame, to: fd) }
    }

    /// Queues `frame`; a state replaces a state still waiting at the end of the queue.
    private mutating func enqueue(_ frame: Frame, to fd: Int32) {
        guard var follower = followers[fd] else { return }
        let lastIndex = follower.queue.count - 1
        if frame.isState, lastIndex >= follower.head, follower.queue[lastIndex].isState,
           !(lastIndex == follower.head && follower.offset > 0) {
            follower.unsent -= follower.queue[lastIndex].bytes.count
            release(follower.queue[lastIndex])
            follower.queue[lastIndex] = frame
        } else {
            follower.queue.append(frame)
        }
        follower.unsent += frame.bytes.count
        retain(frame)
        followers[fd] = follower
    }

    private mutating func retain(_ frame: Frame) {
        if frame.holders == 0 { heldBytes += frame.bytes.count }
        frame.holders += 1
    }

    private mutating func release(_ frame: Frame) {
        frame.holders -= 1
        if frame.holders == 0 { heldBytes -= frame.bytes.count }
    }

    /// Reads (and drops) what followers sent, notices hang-ups, and sends what is queued (up to
    /// 1 MiB per follower per turn, so no one holds up the others).
    mutating func serve(_ polled: ArraySlice<pollfd>, scratch: inout [UInt8]) {
        for entry in polled where followers[entry.fd] != nil {
            let fd = entry.fd
            if entry.revents & Int16(POLLHUP | POLLERR) != 0 { drop(fd, farewell: false); continue }
            if entry.revents & Int16(POLLIN) != 0 {
                let count = read(fd, &scratch, scratch.count)
                if count == 0 { followers[fd]?.silent = true }
                if count < 0 && errno != EAGAIN && errno != EINTR { drop(fd, farewell: false); continue }
            }
            if entry.revents & Int16(POLLOUT) != 0 && !send(to: fd) { drop(fd, farewell: false) }
        }
    }

    /// Sends from the head of `fd`'s queue; false when the connection failed.
    private mutating func send(to fd: Int32) -> Bool {
        guard var follower = followers[fd] else { return true }
        defer { followers[fd] = follower }
        var budget = 1 << 20
        while follower.head < follower.queue.count && budget > 0 {
            let frame = follower.queue[follower.head]
            let remaining = frame.bytes.count - follower.offset
            let sent = frame.bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + follower.offset, remaining, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if sent < 0 { return errno == EAGAIN || errno == EINTR }
            follower.unsent -= sent
            budget -= sent
            guard sent == remaining else {
                follower.offset += sent
                break
            }
            release(frame)
            follower.head += 1
            follower.offset = 0
        }
        if follower.head > 64 && follower.head * 2 > follower.queue.count {
            follower.queue.removeFirst(follower.head)
            follower.head = 0
        }
        return true
    }

    /// Drops followers that fell too far behind (see `LectureServer`); returns how many.
    mutating func enforceLimits() -> Int {
        var dropped = 0
        for (fd, follower) in followers where follower.unsent > follower.allowance + limits.followerBacklog {
            drop(fd, farewell: true)
            dropped += 1
        }
        while heldBytes > limits.totalBacklog, let slowest = followers.max(by: { $0.value.unsent < $1.value.unsent }) {
            drop(slowest.key, farewell: true)
            dropped += 1
        }
        return dropped
    }

    /// Closes `fd`, first telling it why (`dropped`) when it is between two messages and its
    /// socket takes the message at once.
    private mutating func drop(_ fd: Int32, farewell: Bool) {
        guard let follower = followers.removeValue(forKey: fd) else { return }
        for frame in follower.queue[follower.head...] { release(frame) }
        if farewell && follower.offset == 0, let bye = try? LectureWire.frame(.dropped) {
            _ = bye.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        }
        close(fd)
    }

    mutating func closeAll() {
        for fd in Array(followers.keys) { drop(fd, farewell: false) }
    }
}
