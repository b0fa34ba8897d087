import Foundation
import SimulationCore
import SimulationEngine
import Labs
import Scenes

/// The lecture wire format, version 2: a stream of messages from the presenter to each
/// follower (followers never write). Each message is a 4-byte big-endian length N followed by N
/// bytes of JSON: one `LectureMessage` (Swift's Codable encoding of the enum; non-finite numbers
/// as the strings "inf", "-inf", "nan"). N is at most `LectureWire.maximumMessage`.
///
/// A lecture is a seed plus a stream of commands: a follower rebuilds every frame itself, at
/// its own size, colour tier and charset, from
/// 1. `hello` (versions: a follower refuses another protocol version with a clear message),
/// 2. `start` (seed, steps per second, the scene if one is played, its language),
/// 3. `log` messages: the presenter engine's command log, entry by entry, in epochs (a new
///    epoch starts over: the presenter's simulations were made afresh, e.g. a scene seeked back),
/// 4. `checkpoint` messages: the simulations' whole state after the first `logCount` entries of
///    an epoch, at `tick` (a joiner starts from the latest, so it never replays a long lecture),
/// 5. `state` messages: tick, clock, layout and the scene's position, whenever they change,
/// 6. `bye` when the presenter quits, `dropped` when it drops a follower that fell too far behind
///    (a dropped socket means the same).
///
/// Everything a follower must compute is bounded by the presenter's promise (checked by the
/// follower, `LectureMirror`): no log entry or state is more than `checkpointTicks` steps,
/// `checkpointEntries` entries or `checkpointLogBytes` bytes of log past the latest checkpoint
/// (or the epoch's start).
public enum LectureWire {
    public static let protocolVersion = 3  // 3: the boundary checkpoint carries points added by hand
    /// Longest message accepted (a scene with its data files inlined fits easily).
    public static let maximumMessage = 16 << 20
    /// The follower's bounds past its latest checkpoint; the presenter checkpoints at half.
    public static let checkpointTicks: UInt64 = 1800
    public static let checkpointEntries = 4096
    public static let checkpointLogBytes = 64 << 20

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.userInfo[EngineCheckpoint.simulationTypesKey] = LabRegistry.all.map(\.simulation)
        return decoder
    }

    /// One message, framed.
    public static func frame(_ message: LectureMessage) throws -> Data {
        let body = try encoder().encode(message)
        guard body.count <= maximumMessage else { throw LectureError("message of \(body.count) bytes is over the limit") }
        var length = UInt32(body.count).bigEndian
        return Data(bytes: &length, count: 4) + body
    }

    /// A log as messages of at most `chunk` entries each (so no message nears the size limit,
    /// however long a lecture's log grows), framed one after another. Entries too large for a
    /// message (none a real presenter makes: commands are bounded) are left out.
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
            guard length <= maximumMessage else {
                throw LectureError("a message of \(length) bytes (at most \(maximumMessage))")
            }
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

    /// One body decoded, and checked for everything that can be checked without the lecture
    /// so far (`LectureMessage.validate`). The error says briefly why, with nothing the presenter
    /// wrote in it except through `sanitize`.
    public static func decode(_ body: Data) throws -> LectureMessage {
        let message: LectureMessage
        do {
            message = try decoder().decode(LectureMessage.self, from: body)
        } catch let error as CheckpointError {
            throw LectureError("a checkpoint that breaks an invariant: " + LectureText.short(error.message))
        } catch let error as DecodingError {
            let isJSON = (try? JSONSerialization.jsonObject(with: body, options: .fragmentsAllowed)) != nil
            throw LectureError("a message that is not a lecture message (\(isJSON ? LectureText.describe(error) : "not JSON, or not UTF-8"))")
        } catch {
            throw LectureError("a message that is not a lecture message (\(body.count) bytes)")
        }
        try message.validate()
        return message
    }

    /// Splits complete messages off the front of `buffer` (leaving a partial one in it).
    /// Throws on a length over the limit or a body that is not a valid message: the stream is
    /// then unusable and the connection should end.
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
    case checkpoint(LectureCheckpoint)
    case state(LectureState)
    case bye
    /// The presenter dropped this follower: it fell too far behind.
    case dropped
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

    public init(seed: UInt64, stepsPerSecond: Double, scene: Scene?, language: String, title: String) {
        self.seed = seed
        self.stepsPerSecond = stepsPerSecond
        self.scene = scene
        self.language = language
        self.title = title
    }
}

/// Entries `from ..< from + entries.count` of the presenter engine's log in `epoch`.
public struct LectureLog: Codable, Sendable, Equatable {
    public var epoch: UInt64
    public var from: Int
    public var entries: [TimedCommand]

    public init(epoch: UInt64, from: Int, entries: [TimedCommand]) {
        self.epoch = epoch
        self.from = from
        self.entries = entries
    }
}

/// The presenter's simulations after the first `logCount` entries of `epoch`, at `tick`.
public struct LectureCheckpoint: Codable, Sendable, Equatable {
    public var epoch: UInt64
    public var logCount: Int
    public var engine: EngineCheckpoint
    public var tick: UInt64 { engine.tick }

    public init(epoch: UInt64, logCount: Int, engine: EngineCheckpoint) {
        self.epoch = epoch
        self.logCount = logCount
        self.engine = engine
    }

    /// Equal when they encode alike (the simulations have no other equality).
    public static func == (a: LectureCheckpoint, b: LectureCheckpoint) -> Bool {
        let encoder = LectureWire.encoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(a)) == (try? encoder.encode(b))
    }
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

    public init(epoch: UInt64, logCount: Int, tick: UInt64, isPaused: Bool, stepsPerSecond: Double, speed: Double,
                panes: [PaneID], focused: PaneID, isZoomed: Bool,
                sceneTime: Double? = nil, sceneStepLimit: Int? = nil, sceneStatus: String? = nil) {
        self.epoch = epoch
        self.logCount = logCount
        self.tick = tick
        self.isPaused = isPaused
        self.stepsPerSecond = stepsPerSecond
        self.speed = speed
        self.panes = panes
        self.focused = focused
        self.isZoomed = isZoomed
        self.sceneTime = sceneTime
        self.sceneStepLimit = sceneStepLimit
        self.sceneStatus = sceneStatus
    }
}

