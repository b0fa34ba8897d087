/// A checkpoint that breaks an invariant of the simulation it describes: which part, and why.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Throws `message` (under `part`) unless `condition` holds.
    public static func require(_ condition: Bool, _ part: String, _ message: @autoclosure () -> String) throws {
        guard condition else { throw CheckpointError("\(part): \(message())") }
    }
}

extension Array where Element == Double {
    /// Whether every value is finite and within ±`bound`.
    func allFinite(within bound: Double = .greatestFiniteMagnitude) -> Bool {
        allSatisfy { $0.isFinite && abs($0) <= bound }
    }
}
