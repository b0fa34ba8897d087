import SimulationCore
import Testing

struct LinearLabTests {
    func lab(_ changes: [(String, ParameterValue)] = [], steps: Int = 0) throws -> LinearSimulation {
        var lab = LinearSimulation(seed: 1)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        return lab
    }

    @Test func startsOnSetosasExampleInTransformMode() throws {
        let snapshot = try lab().snapshot()
        #expect(snapshot.target == Matrix2(1, 2, 8, 1))
        #expect(snapshot.matrix == snapshot.target)
        #expect(snapshot.mode == .transform)
        #expect(snapshot.presetName == "Setosa [[1,2],[8,1]]")
    }

    /// Switching matrices morphs: halfway there after half the transition, exactly there at the end.
    @Test func switchingMatricesMorphs() throws {
        var lab = try lab([("preset", .text("identity"))], steps: LinearSimulation.transitionSteps)
        try lab.apply("matrix", .matrix([[3, 0], [0, 1]]))
        #expect(lab.snapshot().matrix == .identity)
        for _ in 0..<(LinearSimulation.transitionSteps / 2) { lab.step() }
        let halfway = lab.snapshot().matrix
        #expect(abs(halfway.a - 2) < 1e-12)  // smoothstep(1/2) = 1/2
        #expect(lab.snapshot().presetName == nil)
        for _ in 0..<(LinearSimulation.transitionSteps / 2) { lab.step() }
        #expect(lab.snapshot().matrix == Matrix2(3, 0, 0, 1))
    }

    /// A nudge answers at once (no morph) and stays on the 0.05 grid.
    @Test func nudgesApplyAtOnceOnAGrid() throws {
        var lab = try lab([("select", .integer(3))])
        for _ in 0..<3 { try lab.apply("nudge", .number(0.1)) }
        #expect(lab.snapshot().matrix.d == 1.3)
        #expect(lab.snapshot().target.d == 1.3)
        try lab.apply("selectStep", .integer(1))
        #expect(lab.snapshot().selectedEntry == 0)
        try lab.apply("entry", .number(-2.5))
        #expect(lab.snapshot().target.a == -2.5)
    }

    /// An entry set by name lands there whatever was selected (the `e` prompt names its entry,
    /// so a Right pressed just before it cannot redirect the value).
    @Test func entriesByName() throws {
        var lab = try lab([("preset", .text("identity")), ("select", .integer(1))], steps: LinearSimulation.transitionSteps)
        try lab.apply("a", .number(7))
        try lab.apply("d", .integer(-2))
        for _ in 0..<LinearSimulation.transitionSteps { lab.step() }
        #expect(lab.snapshot().matrix == Matrix2(7, 0, 0, -2))
        #expect(lab.parameterValue("a") == .number(7) && lab.parameterValue("b") == .number(0))
        #expect(throws: ParameterError.self) { try lab.apply("c", .number(.infinity)) }
    }

    /// `<` / `>` move p by 0.25 on a 0.25 grid, within [1, 64].
    @Test func pStepsByAQuarter() throws {
        var lab = try lab([("p", .number(3))])
        try lab.apply("pStep", .number(0.25))
        #expect(lab.snapshot().p == 3.25)
        for _ in 0..<3 { try lab.apply("pStep", .number(-0.25)) }
        #expect(lab.snapshot().p == 2.5)
        try lab.apply("p", .number(1.1))
        try lab.apply("pStep", .number(-0.25))
        #expect(lab.snapshot().p == 1)
        try lab.apply("p", .number(64))
        try lab.apply("pStep", .number(0.25))
        #expect(lab.snapshot().p == 64)
    }

    @Test func presetsAndModesCycleBothWays() throws {
        var lab = try lab()
        let count = LinearPreset.all.count
        try lab.apply("presetStep", .integer(1))
        #expect(lab.snapshot().presetName == LinearPreset.all[9 % count].name)
        try lab.apply("presetStep", .integer(-3))
        #expect(lab.snapshot().presetName == LinearPreset.all[6].name)
        try lab.apply("modeStep", .integer(-1))
        #expect(lab.snapshot().mode == .similarity)
        try lab.apply("modeStep", .integer(-1))
        #expect(lab.snapshot().mode == .pca)
        try lab.apply("mode", .text("svd"))
        #expect(lab.snapshot().mode == .svd)
        #expect(lab.snapshot().stage == 0)
    }

    /// Playback walks through the three stages and starts over.
    @Test func playbackStagesInOrder() throws {
        var lab = try lab([("mode", .text("svd"))])
        var stages: [Int] = []
        for _ in 0..<LinearSimulation.playbackCycle {
            lab.step()
            if stages.last != lab.snapshot().stage { stages.append(lab.snapshot().stage) }
        }
        #expect(stages == [0, 1, 2, 0])
    }

    @Test func badValuesAreRefusedWithReasons() throws {
        var lab = LinearSimulation(seed: 1)
        // Entries whose products would overflow (σ, det of 1e308s are ∞ or NaN) are refused.
        #expect(throws: ParameterError.self) { try lab.apply("matrix", .matrix([[1e308, 1e308], [1e308, 1e308]])) }
        var huge = LinearSimulation(seed: 1)
        try huge.apply("matrix", .matrix([[1e150, 0], [0, 1]]))
        #expect(throws: ParameterError.self) { try huge.apply("nudge", .number(1e308)) }
        #expect(throws: ParameterError(pane: .linear, parameter: "matrix", reason: "needs a 2x2 matrix of finite numbers within ±1e150")) {
            try lab.apply("matrix", .matrix([[1, 2, 3], [4, 5, 6]]))
        }
        #expect(throws: ParameterError(pane: .linear, parameter: "p", reason: "p must be at least 1 (p = inf gives the max norm)")) {
            try lab.apply("p", .number(0.5))
        }
        #expect(throws: ParameterError.self) { try lab.apply("preset", .text("no such")) }
        #expect(throws: ParameterError(pane: .linear, parameter: "zoom", reason: "unknown parameter")) {
            try lab.apply("zoom", .number(1))
        }
        #expect(throws: ParameterError(pane: .linear, parameter: "grid", reason: "takes true or false, not 1")) {
            try lab.apply("grid", .number(1))
        }
        #expect(lab.snapshot().target == Matrix2(1, 2, 8, 1), "a refused change leaves the lab as it was")
    }

    /// The SVD playback ends exactly on A; the eigen playback too, when there is an eigenbasis.
    @Test func playbackEndsOnTheMatrix() {
        for preset in LinearPreset.all {
            let a = preset.matrix
            let end = LinearPlayback.svd(of: a, stage: 2, progress: 1).map
            #expect(close(end, a), "\(preset.name): SVD playback ends on \(end)")
            let start = LinearPlayback.svd(of: a, stage: 0, progress: 0).map
            #expect(close(start, .identity), "\(preset.name): SVD playback starts on \(start)")
            if let eigenEnd = LinearPlayback.eigen(of: a, stage: 2, progress: 1)?.map {
                #expect(close(eigenEnd, a), "\(preset.name): eigen playback ends on \(eigenEnd)")
            }
        }
        #expect(LinearPlayback.eigen(of: Matrix2(1, 1, 0, 1), stage: 0, progress: 0) == nil, "shear: no eigenbasis")
        #expect(LinearPlayback.eigen(of: .rotation(0.5), stage: 0, progress: 0) == nil, "rotation: complex pair")
    }

    func close(_ m: Matrix2, _ n: Matrix2) -> Bool {
        let scale = max(1, n.frobeniusNorm)
        return [m.a - n.a, m.b - n.b, m.c - n.c, m.d - n.d].allSatisfy { abs($0) <= 1e-12 * scale }
    }
}
