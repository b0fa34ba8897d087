import Foundation
import SimulationCore

/// The lecture wire format, version 1: a stream of messages from the presenter to each
/// follower (followers never write). Each message is a 4-byte big-endian length N followed by N
/// bytes of JSON: one `LectureMessage` (Swift's Codable encoding of the enum). N is at most
/// `LectureWire.maximumMessage`.
///
/// A lecture is a seed plus a stream of commands: a follower rebuilds every frame itself, at
/// its own size, colour tier and charset, from
/// 1. `hello` (versions: a follower refuses another protocol version with a clear message),
/// 2. `start` (seed, steps per second, the scene if one is played, its language),
/// 3. `log` messages: the presenter engine's command log, entry by entry, in epochs (a new
///    epoch starts over: the presenter's simulations were made afresh, e.g. a scene seeked back),
/// 4. `state` messages: tick, clock, layout and the scene's position, whenever they change,
/// 5. `bye` when the presenter quits (a dropped socket means the same).
public enum LectureWire {
    public static let protocolVersion = 1
    /// Longest message accepted (a scene with its data files inlined fits easily).
    public static let maximumMessage = 16 << 20

    /// One message, framed.
    public static func frame(_ message: LectureMessage) throws -> Data {
        let body = try JSONEncoder().encode(message)
        guard body.count <= maximumMessage else { throw LectureError("message of \(body.count) bytes is over the limit") }
        var length = UInt32(body.count).bigEndian
        return Data(bytes: &length, count: 4) + body
    }

    /// A log as messages of at most `chunk` entries each (so no message nears the size limit,
    /// however long a lecture's log grows), framed one after another.
    public static func logFrames(epoch: UInt64, from: Int, entries: [TimedCommand], chunk: Int = 256) -> Data {
        var data = Data()
        var start = 0
        repeat {
            let end = min(entries.count, start + chunk)
            if let frame = try? frame(.log(LectureLog(epoch: epoch, from: from + start, entries: Array(entries[start..<end])))) {
                data += frame
            }
            start = end
        } while start < entries.count
        return data
    }

    /// Splits the bodies of complete messages off the front of `buffer` (leaving a partial one in
    /// it), undecoded. Throws on a length over the limit.
    public static func bodies(from buffer: inout Data) throws -> [Data] {
        var result: [Data] = []
        var start = buffer.startIndex
        while buffer.endIndex - start >= 4 {
            let length = Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
            guard length <= maximumMessage else { throw LectureError("a message of \(length) bytes is over the limit") }
            guard buffer.endIndex - start >= 4 + length else { break }
            result.append(Data(buffer[(start + 4)..<(start + 4 + length)]))
            start += 4 + length
        }
        buffer = Data(buffer[start...])
        return result
    }

    /// Whether a body is a `state` message (JSONEncoder writes the case name first, no spaces):
    /// a follower that reads several at once decodes only the newest.
    public static func isState(_ body: Data) -> Bool { body.starts(with: Array(#"{"state":"#.utf8)) }

    /// One body decoded.
    public static func decode(_ body: Data) throws -> LectureMessage {
        do {
            return try JSONDecoder().decode(LectureMessage.self, from: body)
        } catch {
            throw LectureError("a message that is not a lecture message (\(body.count) bytes)")
        }
    }

    /// Splits complete messages off the front of `buffer` (leaving a partial one in it).
    /// Throws on a length over the limit or a body that is not a message: the stream is then
    /// unusable and the connection should end.
    public static func messages(from buffer: inout Data) throws -> [LectureMessage] {
        try bodies(from: &buffer).map(decode)
    }
}

public struct LectureError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Everything a presenter sends.
public enum LectureMessage: Codable, Sendable, Equatable {
    case hello(LectureHello)
    case start(LectureStart)
    case log(LectureLog)
    case state(LectureState)
    case bye
}

public struct LectureHello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var gradscopeVersion: String
    public init(protocolVersion: Int = LectureWire.protocolVersion, gradscopeVersion: String = GradscopeVersion.string) {
        self.protocolVersion = protocolVersion
        self.gradscopeVersion = gradscopeVersion
    }
}

/// What the simulations are made from.
public struct LectureStart: Codable, Sendable, Equatable {
    public var seed: UInt64
    public var stepsPerSecond: Double
    /// The scene being played, if any (its data files are already inlined in its commands).
    public var scene: Scene?
    public var language: String
    public var title: String
}

/// Entries `from ..< from + entries.count` of the presenter engine's log in `epoch`.
public struct LectureLog: Codable, Sendable, Equatable {
    public var epoch: UInt64
    public var from: Int
    public var entries: [TimedCommand]
}

/// The presenter's moment: where the clock is and what is shown.
public struct LectureState: Codable, Sendable, Equatable {
    public var epoch: UInt64
    /// Log entries so far in this epoch, and the tick the simulations are at.
    public var logCount: Int
    public var tick: UInt64
    public var isPaused: Bool
    public var stepsPerSecond: Double
    public var speed: Double
    public var panes: [PaneID]
    public var focused: PaneID
    public var isZoomed: Bool
    /// With a scene: its time, the step limit (after `g N`), and the presenter's player state.
    public var sceneTime: Double?
    public var sceneStepLimit: Int?
    public var sceneStatus: String?
}
