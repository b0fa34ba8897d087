import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SimulationCore
import Synchronization
import Scenes
import Labs

/// Why a follower's lecture ended.
public enum LectureEnd: Sendable, Equatable, CustomStringConvertible {
    /// The presenter quit (`bye`).
    case ended
    /// The presenter dropped this follower: it fell too far behind.
    case dropped
    /// The connection went without a goodbye.
    case lost
    /// The presenter sent something invalid (why, sanitised): the follower stopped following.
    case invalid(String)

    public var description: String {
        switch self {
        case .ended: return "the presenter ended the lecture"
        case .dropped: return "the presenter dropped this follower: it fell too far behind (a slow link or machine)"
        case .lost: return "the presenter's connection dropped"
        case .invalid(let why): return "the presenter sent something invalid (\(why))"
        }
    }
}

/// The follower's side: a connection that only reads (its writing half is shut at once), on a
/// thread of its own; decoded, validated messages wait in a mailbox for the frame loop.
///
/// Invariants: everything read is untrusted: framing, size (`LectureWire.maximumMessage`) and
/// each message are checked before it reaches the mailbox, and the first invalid byte ends
/// the connection (`LectureEnd.invalid`). The mailbox holds at most about two maximum
/// messages: the reader waits while it is fuller.
public final class LectureClient: Sendable {
    public let path: String
    /// What the presenter's simulations are made from (the second message of every lecture).
    public let start: LectureStart
    /// The presenter's scene, compiled (checked against the simulations), if it plays one.
    public let script: SceneScript?
    private let fd: Int32
    private struct Inbox: Sendable {
        var messages: [(message: LectureMessage, bytes: Int)] = []
        var bytes = 0
        var end: LectureEnd?
    }
    private let inbox = Mutex(Inbox())

    /// Connects and reads the hello and the start (within `timeout` seconds), refusing another
    /// protocol version with a message that says which versions met.
    public init(path: String, timeout: Double = 5) throws {
        self.path = path
        fd = try LectureSocket.connect(to: path)
        shutdown(fd, Int32(SHUT_WR))  // read-only by construction: nothing goes back
        var buffer = Data()
        var first: [(LectureMessage, Int)] = []
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65536)
        do {
            while first.count < 2 {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
                guard remaining > 0, poll(&poller, 1, remaining) > 0 else {
                    throw LectureError("\(path): the presenter did not answer within \(Int(timeout)) s")
                }
                let count = read(fd, &chunk, chunk.count)
                guard count > 0 else {
                    throw LectureError("\(path): the presenter closed the connection before the lecture started (the lecture ended, or it has too many followers)")
                }
                buffer.append(contentsOf: chunk[0..<count])
                for body in try Self.bodies(&buffer) {
                    if first.isEmpty { try Self.checkVersion(of: body) }
                    first.append((try Self.decode(body), body.count))
                }
            }
        } catch let error as LectureError {
            close(fd)
            throw error
        }
        guard case .hello? = first.first?.0, case .start(let start)? = first.dropFirst().first?.0 else {
            close(fd)
            throw LectureError("\(path) does not speak the lecture protocol (no hello and start)")
        }
        do {
            script = try start.scene?.compiledForLecture()
        } catch let error as LectureError {
            close(fd)
            throw LectureError("the presenter sent something invalid (\(error.message))")
        }
        self.start = start
        inbox.withLock { $0.messages = Array(first.dropFirst(2)) }
        let carried = buffer
        let thread = Thread { [self] in self.readLoop(buffer: carried) }
        thread.name = "gradscope.lecture-follower"
        thread.start()
    }

    private static func bodies(_ buffer: inout Data) throws -> [Data] {
        do { return try LectureWire.bodies(from: &buffer) } catch let error as LectureError {
            throw LectureError("the presenter sent something invalid (\(error.message))")
        }
    }

    private static func decode(_ body: Data) throws -> LectureMessage {
        do { return try LectureWire.decode(body) } catch let error as LectureError {
            throw LectureError("the presenter sent something invalid (\(error.message))")
        }
    }

    /// The hello's protocol version, read before anything else of it (a presenter of another
    /// version may send a hello this one cannot decode); another version is refused, naming
    /// both (the presenter's version text sanitised and cut short).
    private static func checkVersion(of body: Data) throws {
        // `{"hello":{"_0":{"protocolVersion":N,"gradscopeVersion":"..."}}}`, the enum's encoding.
        struct Versions: Decodable {
            struct Hello: Decodable {
                var protocolVersion: Int
                var gradscopeVersion: String?
            }
            struct Case: Decodable {
                var hello: Hello
                enum CodingKeys: String, CodingKey { case hello = "_0" }
            }
            var hello: Case
        }
        guard let hello = try? JSONDecoder().decode(Versions.self, from: body).hello.hello else {
            throw LectureError("the presenter sent something invalid (a first message that is not a hello)")
        }
        guard hello.protocolVersion == LectureWire.protocolVersion else {
            let version = LectureText.short(hello.gradscopeVersion ?? "?", limit: 40)
            throw LectureError("the presenter runs gradscope \(version) (lecture protocol \(hello.protocolVersion)); "
                               + "this is gradscope \(GradscopeVersion.string) (protocol \(LectureWire.protocolVersion)): use the presenter's version")
        }
    }

    /// The messages received since the last call (each with its size on the wire), and why
    /// the lecture ended (if it did).
    public func take() -> (messages: [(message: LectureMessage, bytes: Int)], end: LectureEnd?) {
        inbox.withLock { inbox in
            defer {
                inbox.messages.removeAll(keepingCapacity: true)
                inbox.bytes = 0
            }
            return (inbox.messages, inbox.end)
        }
    }

    /// Stops reading (the follower refused something): the reading thread ends and closes the
    /// connection; what is already in the mailbox stays.
    public func stopReading() {
        shutdown(fd, Int32(SHUT_RD))
    }

    private func readLoop(buffer initial: Data) {
        var buffer = initial
        var chunk = [UInt8](repeating: 0, count: 65536)
        var end = LectureEnd.lost
        reading: while true {
            // A frame loop that does not take messages for a while (a slow terminal) holds
            // up the reading instead of letting the mailbox grow.
            while inbox.withLock({ $0.bytes > 2 * LectureWire.maximumMessage && $0.end == nil }) { usleep(2000) }
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            buffer.append(contentsOf: chunk[0..<count])
            do {
                // Of several states read at once only the newest matters (each is the whole
                // moment): the others are not decoded. Logs keep their order before it.
                let bodies = try LectureWire.bodies(from: &buffer)
                let newestState = bodies.lastIndex(where: LectureWire.isState)
                var messages: [(message: LectureMessage, bytes: Int)] = []
                for (index, body) in bodies.enumerated() where !LectureWire.isState(body) || index == newestState {
                    messages.append((try LectureWire.decode(body), body.count))
                }
                let bytes = messages.reduce(0) { $0 + $1.bytes }
                inbox.withLock {
                    $0.messages += messages
                    $0.bytes += bytes
                }
                for (message, _) in messages {
                    if case .bye = message { end = .ended; break reading }
                    if case .dropped = message { end = .dropped; break reading }
                }
            } catch let error as LectureError {
                end = .invalid(error.message)
                break
            } catch {
                end = .invalid("unreadable")
                break
            }
        }
        close(fd)
        inbox.withLock { $0.end = end }
    }
}
