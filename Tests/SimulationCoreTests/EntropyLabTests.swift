import SimulationCore
import Testing

struct EntropyLabTests {
    func lab(_ changes: [(String, ParameterValue)], steps: Int = 0) throws -> EntropySimulation {
        var lab = EntropySimulation(seed: 3)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        return lab
    }

    /// Editing Q leaves P, and P's name, alone.
    @Test func nudgingQKeepsPsName() throws {
        var lab = try lab([("preset", .text("yut")), ("editQ", .flag(true))])
        try lab.apply("nudge", .number(0.05))
        #expect(lab.snapshot().presetName == "yut")
        try lab.apply("editQ", .flag(false))
        try lab.apply("nudge", .number(0.05))
        #expect(lab.snapshot().presetName == nil)
    }

    @Test func startsOnTheYutAgainstUniform() throws {
        let s = try lab([]).snapshot()
        #expect(s.mode == .distributions && s.presetName == "yut")
        #expect(s.targetP == [0.25, 0.375, 0.25, 0.0625, 0.0625] && s.targetQ == Array(repeating: 0.2, count: 5))
    }

    /// Nudging keeps P a distribution: the others shrink in proportion.
    @Test func nudgesRenormalise() throws {
        var lab = try lab([("preset", .text("fair die")), ("select", .integer(0))], steps: 20)
        for _ in 0..<10 { try lab.apply("nudge", .number(0.01)) }
        let p = lab.snapshot().targetP
        #expect(abs(p[0] - 0.267) < 1e-12)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(p.dropFirst().allSatisfy { abs($0 - p[1]) < 1e-12 })
        try lab.apply("editQ", .flag(true))
        for _ in 0..<200 { try lab.apply("nudge", .number(0.01)) }
        let q = lab.snapshot().targetQ
        #expect(q[0] == 1 && q.dropFirst().allSatisfy { $0 == 0 }, "a probability stops at 1: \(q)")
        #expect(InfoTheory.klDivergence(lab.snapshot().targetP, q) == .infinity)
        try lab.apply("nudge", .number(-0.5))
        #expect(abs(lab.snapshot().targetQ.reduce(0, +) - 1) < 1e-12, "spread equally when the others were 0")
    }

    @Test func presetsMorphAndOutcomeCountsReset() throws {
        var lab = try lab([], steps: 30)
        try lab.apply("preset", .text("fair coin"))
        #expect(lab.snapshot().targetP == [0.5, 0.5])
        #expect(lab.snapshot().targetQ == [0.5, 0.5], "Q follows P's outcome count")
        try lab.apply("outcomes", .integer(10))
        #expect(lab.snapshot().targetP.count == 10)
        #expect(throws: ParameterError(pane: .entropy, parameter: "outcomes", reason: "needs 2 to 10 outcomes")) {
            try lab.apply("outcomes", .integer(11))
        }
        #expect(throws: ParameterError(pane: .entropy, parameter: "q", reason: "Q needs 10 entries, like P")) {
            try lab.apply("q", .vector([1, 1]))
        }
    }

    @Test func temperatureIsClampedAndSweeps() throws {
        var lab = try lab([("mode", .text("softmax")), ("temperature", .number(100))])
        #expect(lab.snapshot().temperature == 20)
        #expect(throws: ParameterError.self) { try lab.apply("temperature", .number(0)) }
        try lab.apply("temperatureSweep", .flag(true))
        var seen: [Double] = []
        for _ in 0..<300 {
            lab.step()
            seen.append(lab.snapshot().temperature)
        }
        #expect(seen.min()! < 0.15 && seen.max()! > 9)
    }

    @Test func binarySweepStaysInsideTheInterval() throws {
        var lab = try lab([("mode", .text("binary"))])
        for _ in 0..<500 {
            lab.step()
            #expect((0.001...0.999).contains(lab.snapshot().coin))
        }
        try lab.apply("coin", .number(0.5))
        #expect(!lab.snapshot().sweep && lab.snapshot().coin == 0.5)
    }

    @Test func samplingIsSeeded() throws {
        let a = try lab([("mode", .text("sampling"))], steps: 100).snapshot()
        let b = try lab([("mode", .text("sampling"))], steps: 100).snapshot()
        #expect(a.estimate == b.estimate && a.history == b.history)
        #expect(a.estimate.plain.count == 100 * EntropySimulation.samplesPerStep)
        var other = EntropySimulation(seed: 4)
        try other.apply("mode", .text("sampling"))
        for _ in 0..<100 { other.step() }
        #expect(other.snapshot().estimate != a.estimate)
    }
}
