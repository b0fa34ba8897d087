import Foundation
import SimulationCore
import SimulationEngine
import TestSupport
import Testing

/// Checkpoints: an engine restored from one (through JSON) continues exactly as the engine it
/// was taken from, and a checkpoint that breaks an invariant is refused without a trap.
@Suite struct CheckpointTests {
    static let labs: [any Simulation.Type] = [LinearSimulation.self, EntropySimulation.self, BoundarySimulation.self,
                                              OptimizerSimulation.self]

    static func encode(_ checkpoint: EngineCheckpoint) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(checkpoint)
    }

    static func decode(_ data: Data, types: [any Simulation.Type] = labs) throws -> EngineCheckpoint {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.userInfo[EngineCheckpoint.simulationTypesKey] = types
        return try decoder.decode(EngineCheckpoint.self, from: data)
    }

    /// The state of every simulation, as JSON (a snapshot with NaN in it is never == itself).
    static func state(_ engine: SimulationEngine) throws -> Data {
        try encode(engine.checkpointSlice(from: 0).checkpoint)
    }

    /// Every snapshot, as JSON, in pane order.
    static func snapshots(_ engine: SimulationEngine) throws -> [Data] {
        try engine.snapshots().sorted { $0.key.rawValue < $1.key.rawValue }.map { pair in
            let snapshot: any SimulationSnapshot = pair.value
            return try encoded(snapshot)
        }
    }

    static func encoded<S: SimulationSnapshot>(_ snapshot: S) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(snapshot)
    }

    static func set(_ pane: PaneID, _ parameter: String, _ value: ParameterValue) -> Command {
        .set(pane: pane, parameter: parameter, value: value)
    }

    /// A lecture's worth of changes touching every kind of state: morphs and playback, the
    /// samplers' random streams, a CSV dataset, a deep model trained unshuffled with a penalty,
    /// hidden-unit views, a constrained custom surface with noisy gradients.
    static let script: [TimedCommand] = [
        TimedCommand(tick: 0, command: set(.boundary, "dataset", .text("spirals"))),
        TimedCommand(tick: 0, command: set(.boundary, "layers", .text("6,5,3"))),
        TimedCommand(tick: 0, command: set(.entropy, "mode", .text("sampling"))),
        TimedCommand(tick: 0, command: set(.optimizer, "noise", .number(0.5))),
        TimedCommand(tick: 3, command: set(.linear, "preset", .text("shear"))),
        TimedCommand(tick: 5, command: set(.boundary, "regularization", .text("l2"))),
        TimedCommand(tick: 6, command: set(.boundary, "shuffle", .flag(false))),
        TimedCommand(tick: 7, command: set(.boundary, "batch", .integer(7))),
        TimedCommand(tick: 8, command: set(.boundary, "hiddenUnits", .vector([1, 4]))),
        TimedCommand(tick: 9, command: set(.optimizer, "constraint", .text("x + y - 1"))),
        TimedCommand(tick: 12, command: set(.linear, "mode", .text("svd"))),
        TimedCommand(tick: 14, command: .faster),
        TimedCommand(tick: 15, command: set(.entropy, "select", .integer(2))),
        TimedCommand(tick: 20, command: set(.boundary, "vcPoints", .vector([0, 0, 1, 1, 2, 0]))),
        TimedCommand(tick: 22, command: set(.boundary, "addPoint", .vector([1, 2, 1]))),
        TimedCommand(tick: 30, command: set(.entropy, "mode", .text("binary"))),
        TimedCommand(tick: 31, command: set(.linear, "preset", .text("rotation"))),
        TimedCommand(tick: 33, command: set(.optimizer, "surface", .text("x^2 + 3*y^2 + sin(x)"))),
        TimedCommand(tick: 34, command: set(.entropy, "mode", .text("sampling"))),
        TimedCommand(tick: 41, command: set(.boundary, "csvData", .text("x,y,label\n0,0,0\n1,1,1\n-1,2,0\n2,-1,1\n0.5,0.5,1\n-2,-2,0\n"))),
        TimedCommand(tick: 47, command: set(.linear, "wide", .matrix([[1, 2, 3], [0, -1, 4]]))),
        TimedCommand(tick: 48, command: set(.boundary, "addPoint", .vector([-1, 0.5, 0]))),
        TimedCommand(tick: 50, command: set(.boundary, "addPoint", .vector([2, 2, 1]))),
        TimedCommand(tick: 52, command: .reset),
        TimedCommand(tick: 55, command: set(.boundary, "view", .text("hidden"))),
        TimedCommand(tick: 58, command: set(.entropy, "temperatureSweep", .flag(true))),
    ]

    @Test(arguments: [0, 4, 13, 25, 44, 53, 60])
    func aRestoredEngineContinuesExactly(splitTick: Int) throws {
        let split = UInt64(splitTick), end: UInt64 = 75
        let original = SimulationEngine(seed: 7, simulations: Self.labs)
        original.apply(log: Self.script.filter { $0.tick < split }, through: split)
        let checkpoint = try Self.decode(Self.encode(original.checkpointSlice(from: 0).checkpoint))
        let restored = SimulationEngine(seed: 99, simulations: Self.labs)
        restored.restore(checkpoint)
        #expect(try Self.state(restored) == Self.state(original))
        for engine in [original, restored] { engine.apply(log: Self.script.filter { $0.tick >= split }, through: end) }
        #expect(restored.status.tick == end)
        #expect(try Self.state(restored) == Self.state(original))
        #expect(try Self.snapshots(restored) == Self.snapshots(original))
        // And both are what the log replayed from the seed gives.
        let replayed = SimulationEngine.replaying(seed: 7, simulations: Self.labs, log: Self.script, through: end)
        #expect(try Self.state(replayed) == Self.state(original))
    }

    /// Each broken invariant is refused with a message naming the part (none traps).
    @Test func brokenCheckpointsAreRefused() throws {
        let engine = SimulationEngine(seed: 7, simulations: Self.labs)
        engine.apply(log: Self.script.filter { $0.tick < 10 }, through: 10)
        let good = try JSONSerialization.jsonObject(with: Self.encode(engine.checkpointSlice(from: 0).checkpoint)) as! [String: Any]
        func refused(_ path: [String], _ value: Any, file: String = #fileID, line: Int = #line) throws -> String? {
            func replaced(_ object: Any, _ path: ArraySlice<String>) -> Any {
                guard let key = path.first else { return value }
                var dictionary = object as! [String: Any]
                dictionary[key] = replaced(dictionary[key] as Any, path.dropFirst())
                return dictionary
            }
            let data = try JSONSerialization.data(withJSONObject: replaced(good, path[...]))
            do {
                _ = try Self.decode(data)
                return nil
            } catch let error as CheckpointError {
                return error.message
            } catch {
                return "\(type(of: error))"
            }
        }
        let boundary = ["simulations", "boundary"], optimizer = ["simulations", "optimizer"]
        let linear = ["simulations", "linear"], entropy = ["simulations", "entropy"]
        #expect(try refused(boundary + ["trainer", "parameters"], [1.0, 2.0]) == "boundary trainer: 2 weights for a network that has 75")
        #expect(try refused(boundary + ["trainer", "order"], Array(repeating: 0, count: 250))
                    == "boundary trainer: the epoch's order is not an order of the 250 training points")
        #expect(try refused(boundary + ["trainer", "cursor"], -1) == "boundary trainer: the place in the epoch is past its end")
        #expect(try refused(boundary + ["settings", "hidden"], [9, 9, 9, 9, 9, 9, 9]) == "boundary: 1-6 hidden layers of 1-8 units")
        #expect(try refused(boundary + ["settings", "features"], 1 << 9) == "boundary: unknown input features")
        #expect(try refused(boundary + ["hiddenUnits"], [0, 40]) == "boundary: the hidden units shown are not two units of the layer")
        #expect(try refused(boundary + ["pointCount"], 100_000_000) == "boundary: noise, training fraction or point count out of range")
        #expect(try refused(boundary + ["datasetKind"], "csv") == "boundary: a CSV dataset needs its text")
        #expect(try refused(boundary + ["addedPoints"], [0.0, 0.0, 7.0]) == "boundary: the class of an added point is 0...1")
        #expect(try refused(boundary + ["addedPoints"], [0.0, 99.0, 0.0]) == "boundary: an added point must lie in [-6, 6]²")
        #expect(try refused(boundary + ["addedPoints"], [0.0, 1.0]) == "boundary: added points are x, y, class triples, at most 200 of them")
        #expect(try refused(linear + ["presetIndex"], 99) == "linear: no preset 99")
        #expect(try refused(linear + ["wide"], [[1.0], [2.0, 3.0]]) == "linear: the wide matrix must be 2 x n, n = 1...6")
        #expect(try refused(entropy + ["selected"], -1) == "entropy: outcome -1 is not 0...9")
        #expect(try refused(entropy + ["p"], [0.5, "nan"]) == "entropy: P and Q need 2-10 probabilities each, as many in Q as in P")
        #expect(try refused(entropy + ["random"], ["s0": 0, "s1": 0, "s2": 0, "s3": 0]) == "entropy: the random state is all zero")
        #expect(try refused(optimizer + ["lossStrides"], [0, 1, 1, 1, 1]) == "optimizer: a loss stride must be 1...2^20")
        #expect(try refused(optimizer + ["kinds"], ["sgd"]) == "optimizer: every racer needs its state and histories")
        #expect(try refused(optimizer + ["customFormula"], "x +* y") == "optimizer: a formula belongs to the custom surface")
        #expect(try refused(["tick"], UInt64.max) == "engine: tick 18446744073709551615 is beyond any lecture")
        #expect(try refused(["speed"], 1e9) == "engine: speed or rate out of range")
        #expect(try refused(["simulations"], [String: Any]()) == "DecodingError")
        // Untouched, it decodes.
        #expect(try refused(["tick"], 10) == nil)
    }
}
