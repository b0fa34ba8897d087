import Foundation

/// What the linear-maps lab shows.
public enum LinearMode: String, Codable, Sendable, CaseIterable {
    /// The unit circle, square, basis and probe under A; eigen-directions light up.
    case transform
    /// A = U Σ Vᵀ played back: rotate by Vᵀ, stretch by Σ, rotate by U.
    case svd
    /// A = P D P⁻¹ played back when diagonalisable; complex pairs as a spiral of iterates.
    case eigen
    /// A next to A⁻¹ (the ellipse with semi-axes 1/σ₂, 1/σ₁), or why there is none.
    case inverse
    /// Unit balls of L1, L2, L∞ and a sweepable Lp; the seeds' norm examples.
    case norms
    /// A wide 2xn matrix W: Rⁿ -> R², Wx built column by column (x₁Ae₁ + x₂Ae₂ + ...).
    case wide
    /// Conditioning as sensitivity: A x = b with b perturbed on a small circle.
    case sensitivity
    /// PCA as the SVD of a centred point cloud (A z for seeded Gaussian z, or the user's points).
    case pca
    /// Two vectors: inner product, cosine similarity, Manhattan and Euclidean distance.
    case similarity

    /// The name on screen.
    public var title: String {
        switch self {
        case .transform: return "transform"
        case .svd: return "SVD playback"
        case .eigen: return "eigen playback"
        case .inverse: return "inverse"
        case .norms: return "norms"
        case .wide: return "Rⁿ → R²"
        case .sensitivity: return "sensitivity"
        case .pca: return "PCA"
        case .similarity: return "similarity"
        }
    }
}

/// A named matrix to start from.
public struct LinearPreset: Sendable, Equatable {
    public var name: String
    public var matrix: Matrix2
    /// What the preset shows, one short line.
    public var note: String

    /// Identity, rotation, shear, reflection, scaling, projection (singular), symmetric positive
    /// definite, nearly singular, Setosa's example, a complex rotation-scaling, and the seed's
    /// Frobenius example — in this (key `p`) order.
    public static let all: [LinearPreset] = [
        LinearPreset(name: "identity", matrix: Matrix2(1, 0, 0, 1), note: "nothing moves"),
        LinearPreset(name: "rotation 30°", matrix: .rotation(.pi / 6), note: "lengths kept, det 1, complex eigenvalues"),
        LinearPreset(name: "shear", matrix: Matrix2(1, 1, 0, 1), note: "one eigen-direction: not diagonalisable"),
        LinearPreset(name: "reflection", matrix: Matrix2(1, 0, 0, -1), note: "det -1: orientation flips"),
        LinearPreset(name: "scaling", matrix: Matrix2(2, 0, 0, 0.5), note: "stretch x, squash y"),
        LinearPreset(name: "projection", matrix: Matrix2(0.5, 0.5, 0.5, 0.5), note: "singular: the plane collapses onto a line"),
        LinearPreset(name: "symmetric PD", matrix: Matrix2(2, 1, 1, 2), note: "orthogonal eigenvectors = singular vectors"),
        LinearPreset(name: "nearly singular", matrix: Matrix2(1, 1, 1, 1.02), note: "ill-conditioned: kappa ~ 200"),
        LinearPreset(name: "Setosa [[1,2],[8,1]]", matrix: Matrix2(1, 2, 8, 1), note: "eigenvalues 5 and -3"),
        LinearPreset(name: "rotation-scaling", matrix: Matrix2(0.9, -0.4, 0.4, 0.9), note: "complex pair: iterates spiral in"),
        LinearPreset(name: "Frobenius example", matrix: Matrix2(2, 1, 6, 4), note: "||A||_F = sqrt 57 = 7.550"),
    ]

    public static func named(_ name: String) -> LinearPreset? {
        all.first { $0.name.lowercased() == name.lowercased() || $0.name.lowercased().hasPrefix(name.lowercased()) }
    }
}

/// The linear-maps lab: a 2x2 matrix, how it is being shown, and the animation clocks.
///
/// Invariants: deterministic (the seed draws only the PCA mode's point cloud); every parameter
/// change either applies at once (nudges, the probe) or starts a `transitionSteps`-long
/// interpolation from the matrix on screen to the new one.
public struct LinearSimulation: Simulation {
    public static let pane: PaneID = .linear
    /// Steps to morph from one matrix to another.
    public static let transitionSteps = 20
    /// Steps per playback stage, and the pause after each.
    public static let stageSteps = 45
    public static let holdSteps = 20
    /// One full playback: three stages with their holds.
    public static var playbackCycle: Int { 3 * (stageSteps + holdSteps) }
    /// How far the probe turns per step while spinning (radians): one turn in 12 s at 30 steps/s.
    public static let spinPerStep = 2 * Double.pi / 360

    public private(set) var tick: UInt64 = 0
    public private(set) var target: Matrix2 = LinearPreset.all[8].matrix
    private var from: Matrix2 = LinearPreset.all[8].matrix
    private var transition = LinearSimulation.transitionSteps
    public private(set) var presetIndex: Int? = 8
    public private(set) var mode: LinearMode = .transform
    private var playbackStep = 0
    public private(set) var probeAngle = Double.pi / 6
    public private(set) var spin = true
    public private(set) var selectedEntry = 0
    public private(set) var p = 3.0
    public private(set) var showGrid = false
    public private(set) var showSquare = true
    /// The wide map's 2 x n matrix (n = 1...6; default the seeds' R⁴ -> R² example) and its x.
    public private(set) var wide: [[Double]] = [[4, -3, 1, 3], [2, 0, 5, 1]]
    public private(set) var wideVector: [Double] = [1, 1, 1, 1]
    /// Steps since the wide matrix was set (its sum is built term by term, then stays).
    private var wideSteps = 0
    // Issue 19 (set in LinearTheoryLab.swift): the sensitivity circle's radius ‖Δb‖/‖b‖, the
    // PCA cloud (seeded z, drawn as A z, or the user's points) and the two compared vectors.
    public internal(set) var epsilon = 0.05
    public internal(set) var cloud: [Vec2] = []
    public internal(set) var cloudIsGenerated = true
    public internal(set) var showProjection = false
    public internal(set) var u = Vec2(3, 1)
    public internal(set) var v = Vec2(1, 2)

    let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        cloud = Self.generatedCloud(seed: seed)
    }

    public mutating func step() {
        tick += 1
        if transition < Self.transitionSteps { transition += 1 }
        playbackStep = (playbackStep + 1) % Self.playbackCycle
        wideSteps = min(wideSteps + 1, 100_000)
        if spin { probeAngle = Self.wrapAngle(probeAngle + Self.spinPerStep) }
    }

    /// The matrix on screen: eased from the previous matrix to `target`.
    public var shown: Matrix2 {
        let t = Double(transition) / Double(Self.transitionSteps)
        return Matrix2.interpolate(from: from, to: target, t: Self.smoothstep(t))
    }

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        func fail(_ reason: String) -> ParameterError { ParameterError(pane: Self.pane, parameter: parameter, reason: reason) }
        if try setTheoryParameter(parameter, value, fail: fail) { return }
        switch (parameter, value) {
        case ("matrix", .matrix(let rows)):
            guard rows.count == 2, rows.allSatisfy({ $0.count == 2 }), rows.joined().allSatisfy({ $0.isFinite && abs($0) <= Self.largestEntry }) else {
                throw fail("needs a 2x2 matrix of finite numbers within ±1e150")
            }
            morph(to: Matrix2(rows[0][0], rows[0][1], rows[1][0], rows[1][1]), preset: nil)
        case ("matrix", .vector(let entries)):
            guard entries.count == 4, entries.allSatisfy({ $0.isFinite && abs($0) <= Self.largestEntry }) else {
                throw fail("needs 4 finite numbers a,b,c,d within ±1e150")
            }
            morph(to: Matrix2(entries[0], entries[1], entries[2], entries[3]), preset: nil)
        case ("preset", .text(let name)):
            guard let index = LinearPreset.all.firstIndex(where: { $0 == LinearPreset.named(name) }) else {
                throw fail("unknown preset '\(name)'; presets: " + LinearPreset.all.map(\.name).joined(separator: ", "))
            }
            morph(to: LinearPreset.all[index].matrix, preset: index)
        case ("preset", .integer(let index)):
            guard LinearPreset.all.indices.contains(index) else { throw fail("preset index must be 0...\(LinearPreset.all.count - 1)") }
            morph(to: LinearPreset.all[index].matrix, preset: index)
        case ("presetStep", .integer(let delta)):
            let count = LinearPreset.all.count
            let index = ((presetIndex ?? (delta > 0 ? -1 : 0)) + delta % count + count) % count
            morph(to: LinearPreset.all[index].matrix, preset: index)
        case ("mode", .text(let name)):
            guard let newMode = LinearMode(rawValue: name) else {
                throw fail("unknown mode '\(name)'; modes: " + LinearMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            setMode(newMode)
        case ("modeStep", .integer(let delta)):
            let all = LinearMode.allCases
            let index = all.firstIndex(of: mode)!
            setMode(all[((index + delta) % all.count + all.count) % all.count])
        case ("select", .integer(let index)):
            guard (0..<4).contains(index) else { throw fail("entry index must be 0 (a), 1 (b), 2 (c) or 3 (d)") }
            selectedEntry = index
        case ("selectStep", .integer(let delta)):
            selectedEntry = ((selectedEntry + delta) % 4 + 4) % 4
        case ("nudge", .number(let delta)):
            let nudged = Self.roundToStep(target[entry: selectedEntry] + delta)
            guard delta.isFinite, abs(nudged) <= Self.largestEntry else { throw fail("needs a finite number keeping the entry within ±1e150") }
            var next = target
            next[entry: selectedEntry] = nudged
            jump(to: next)
        case ("entry", .number(let value)):
            guard value.isFinite, abs(value) <= 1e6 else { throw fail("needs a finite number within ±1e6") }
            var next = target
            next[entry: selectedEntry] = value
            morph(to: next, preset: nil)
        case (let name, .number(let value)) where Self.entryNames.contains(name):
            // One named entry, whatever is selected (a prompt names the entry it was opened on).
            guard value.isFinite, abs(value) <= 1e6 else { throw fail("needs a finite number within ±1e6") }
            selectedEntry = Self.entryNames.firstIndex(of: name)!
            var next = target
            next[entry: selectedEntry] = value
            morph(to: next, preset: nil)
        case ("probe", .number(let angle)):
            guard angle.isFinite else { throw fail("needs a finite angle in radians") }
            probeAngle = Self.wrapAngle(angle)
        case ("probeStep", .number(let delta)):
            guard delta.isFinite else { throw fail("needs a finite angle in radians") }
            probeAngle = Self.wrapAngle(probeAngle + delta)
        case ("p", .number(let value)):
            guard value >= 1 else { throw fail("p must be at least 1 (p = inf gives the max norm)") }
            p = min(value, 64)
        case ("pStep", .number(let delta)):
            guard delta.isFinite else { throw fail("needs a finite number") }
            p = min(64, max(1, ((p + delta) * 4).rounded() / 4))
        case ("wide", .matrix(let rows)):
            guard rows.count == 2, (1...6).contains(rows[0].count), rows[1].count == rows[0].count,
                  rows.joined().allSatisfy({ $0.isFinite && abs($0) <= 1e6 }) else {
                throw fail("needs a 2 x n matrix (n = 1...6) of finite numbers, e.g. [[4,-3,1,3],[2,0,5,1]]")
            }
            wide = rows
            wideSteps = 0
            if wideVector.count != rows[0].count { wideVector = Array(repeating: 1, count: rows[0].count) }
            setMode(.wide)
        case ("wideVector", .vector(let x)):
            guard x.count == wide[0].count, x.allSatisfy({ $0.isFinite && abs($0) <= 1e6 }) else {
                throw fail("needs \(wide[0].count) finite numbers (one per column of the wide matrix)")
            }
            wideVector = x
            if mode != .wide { setMode(.wide) }
        case ("grid", .flag(let on)): showGrid = on
        case ("square", .flag(let on)): showSquare = on
        case ("spin", .flag(let on)): spin = on
        case ("playback", .flag(true)):
            playbackStep = 0
            wideSteps = 0
        default:
            // `apply` let through a declared name with a kind it takes, in a combination this
            // switch does not handle (e.g. playback=false).
            throw ParameterError.wrongKind(pane: Self.pane, parameter: parameter, got: value, expected: parameterValue(parameter))
        }
    }

    /// The largest entry taken: products of two entries (determinant, σ², AᵀA) stay finite.
    public static let largestEntry = 1e150

    /// The entries of A = [[a, b], [c, d]], each a parameter of its own.
    public static let entryNames = ["a", "b", "c", "d"]

    /// In the order `reset` re-applies them: the wide matrix and its vector before `mode` (they
    /// switch to the wide mode), `matrix` before `preset` (a preset names the matrix it set).
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("wide", [.matrix], .state, "a 2 x n matrix (n = 1...6) for the Rⁿ → R² view"),
        ParameterSpec("wideVector", [.vector], .state, "the vector x (n numbers) the wide matrix maps"),
        ParameterSpec("matrix", [.matrix, .vector], .state, "the 2x2 matrix A: [[a, b], [c, d]] or a,b,c,d (morphs to it)"),
        ParameterSpec("preset", [.text, .integer], .state, "a named matrix (rotation, shear, singular, ...) or its index"),
        ParameterSpec("presetStep", [.integer], .step, "the next (+1) or previous (-1) preset"),
        ParameterSpec("select", [.integer], .state, "the selected entry: 0 (a), 1 (b), 2 (c), 3 (d)"),
        ParameterSpec("selectStep", [.integer], .step, "the next or previous entry"),
        ParameterSpec("nudge", [.number], .step, "adds to the selected entry"),
        ParameterSpec("entry", [.number], .view, "the selected entry's value (within ±1e6)"),
        ParameterSpec("a", [.number], .view, "entry a (row 1, column 1)"),
        ParameterSpec("b", [.number], .view, "entry b (row 1, column 2)"),
        ParameterSpec("c", [.number], .view, "entry c (row 2, column 1)"),
        ParameterSpec("d", [.number], .view, "entry d (row 2, column 2)"),
        ParameterSpec("probe", [.number], .state, "the probe vector's angle on the unit circle, in radians"),
        ParameterSpec("probeStep", [.number], .step, "turns the probe by this many radians"),
        ParameterSpec("p", [.number], .state, "the p of the p-norm ball (1...64; 64 stands for ∞)"),
        ParameterSpec("pStep", [.number], .step, "changes p by this much (on a 0.25 grid)"),
        ParameterSpec("grid", [.flag], .state, "draw the transformed grid"),
        ParameterSpec("square", [.flag], .state, "draw the transformed unit square (its area is |det A|)"),
        ParameterSpec("spin", [.flag], .state, "turn the probe by itself"),
        ParameterSpec("playback", [.flag], .action, "true restarts the SVD / eigen playback"),
        ParameterSpec("epsilon", [.number], .state, "the sensitivity view's relative size ε of the change to b"),
        ParameterSpec("epsilonStep", [.number], .step, "multiplies ε by this factor"),
        ParameterSpec("points", [.vector], .state, "your own points for PCA: x1,y1,x2,y2,..."),
        ParameterSpec("pointsCSV", [.text], .step, "points for PCA as CSV text (x,y per line; kept as points)",
                      file: FileParameter(name: "csv", maximumBytes: 4_000_000)),
        ParameterSpec("cloud", [.text], .action, "generated brings back the seeded cloud A z"),
        ParameterSpec("projection", [.flag], .state, "draw each point's projection on the first axis"),
        ParameterSpec("u", [.vector], .state, "the similarity view's first vector: x,y"),
        ParameterSpec("v", [.vector], .state, "the similarity view's second vector: x,y"),
        ParameterSpec("vTurn", [.number], .step, "turns v by this many radians"),
        ParameterSpec("mode", [.text], .state, "transform, svd, eigen, inverse, norms, wide, sensitivity, pca or similarity"),
        ParameterSpec("modeStep", [.integer], .step, "the next (+1) or previous (-1) mode"),
    ]

    public func parameterValue(_ parameter: String) -> ParameterValue? {
        switch parameter {
        case "matrix": return .matrix([[target.a, target.b], [target.c, target.d]])
        case "preset": return presetIndex.map { .text(LinearPreset.all[$0].name) }
        case "mode": return .text(mode.rawValue)
        case "select": return .integer(selectedEntry)
        case "entry": return .number(target[entry: selectedEntry])
        case "a", "b", "c", "d": return .number(target[entry: Self.entryNames.firstIndex(of: parameter)!])
        case "probe": return .number(probeAngle)
        case "p": return .number(p)
        case "grid": return .flag(showGrid)
        case "square": return .flag(showSquare)
        case "spin": return .flag(spin)
        case "wide": return .matrix(wide)
        case "wideVector": return .vector(wideVector)
        default: return theoryParameterValue(parameter)
        }
    }

    /// A new matrix without the 20-step morph.
    public mutating func setImmediately(_ parameter: String, to value: ParameterValue) throws {
        try set(parameter, to: value)
        from = target
        transition = Self.transitionSteps
    }

    public func snapshot() -> LinearSnapshot {
        let inStage = playbackStep % (Self.stageSteps + Self.holdSteps)
        return LinearSnapshot(
            tick: tick, matrix: shown, target: target,
            presetName: presetIndex.map { LinearPreset.all[$0].name },
            presetNote: presetIndex.map { LinearPreset.all[$0].note },
            mode: mode, stage: playbackStep / (Self.stageSteps + Self.holdSteps),
            stageProgress: Self.smoothstep(min(1, Double(inStage) / Double(Self.stageSteps))),
            iterate: playbackStep / 6,
            probeAngle: probeAngle, spin: spin, selectedEntry: selectedEntry, p: p,
            showGrid: showGrid, showSquare: showSquare, wide: wide, wideVector: wideVector,
            wideSteps: wideSteps, epsilon: epsilon, cloud: cloud, cloudIsGenerated: cloudIsGenerated,
            showProjection: showProjection, u: u, v: v)
    }

    private mutating func morph(to matrix: Matrix2, preset: Int?) {
        from = shown
        target = matrix
        transition = 0
        presetIndex = preset
    }

    /// Applies at once (a nudge must answer the key in the next frame).
    private mutating func jump(to matrix: Matrix2) {
        from = matrix
        target = matrix
        transition = Self.transitionSteps
        presetIndex = nil
    }

    private mutating func setMode(_ newMode: LinearMode) {
        mode = newMode
        playbackStep = 0
    }

    /// 3t² - 2t³: starts and ends at rest.
    static func smoothstep(_ t: Double) -> Double {
        let x = min(1, max(0, t))
        return x * x * (3 - 2 * x)
    }

    static func wrapAngle(_ angle: Double) -> Double {
        let turn = 2 * Double.pi
        let wrapped = angle.truncatingRemainder(dividingBy: turn)
        return wrapped < 0 ? wrapped + turn : wrapped
    }

    /// Nudged entries stay on a 0.05 grid (no 0.30000000000000004 on screen).
    static func roundToStep(_ value: Double) -> Double { (value * 20).rounded() / 20 }
}

/// What the linear pane draws from.
public struct LinearSnapshot: SimulationSnapshot {
    public var tick: UInt64
    /// The matrix on screen (mid-morph while switching).
    public var matrix: Matrix2
    /// The matrix being moved to; readouts describe this one.
    public var target: Matrix2
    public var presetName: String?
    public var presetNote: String?
    public var mode: LinearMode
    /// Playback stage 0, 1, 2 (Vᵀ, Σ, U — or P⁻¹, D, P).
    public var stage: Int
    /// Progress through the stage, eased, in [0, 1].
    public var stageProgress: Double
    /// How many iterates Aⁿx of the spiral to show.
    public var iterate: Int
    public var probeAngle: Double
    public var spin: Bool
    /// 0 a, 1 b, 2 c, 3 d.
    public var selectedEntry: Int
    public var p: Double
    public var showGrid: Bool
    public var showSquare: Bool
    /// The wide map W (2 x n) and its input x (wide mode).
    public var wide: [[Double]]
    public var wideVector: [Double]
    /// Steps since the wide matrix was set or the playback restarted.
    public var wideSteps: Int
    /// Sensitivity: ‖Δb‖/‖b‖.
    public var epsilon: Double
    /// PCA: seeded standard normal z (drawn as A z) when `cloudIsGenerated`, else the points.
    public var cloud: [Vec2]
    public var cloudIsGenerated: Bool
    public var showProjection: Bool
    /// Similarity: the two vectors compared.
    public var u: Vec2
    public var v: Vec2

    /// The PCA points on screen: A z for the generated cloud (A the matrix shown), or the user's.
    public var pcaPoints: [Vec2] { cloudIsGenerated ? cloud.map(matrix.apply) : cloud }

    public var probe: Vec2 { Vec2.unit(angle: probeAngle) }
}

extension Matrix2 {
    /// Entry 0 a, 1 b, 2 c, 3 d (row-major), as the lab selects them.
    public subscript(entry index: Int) -> Double {
        get { [a, b, c, d][index] }
        set {
            switch index {
            case 0: a = newValue
            case 1: b = newValue
            case 2: c = newValue
            default: d = newValue
            }
        }
    }
}

extension PaneID {
    /// The linear lab's pane.
    public static let linear = PaneID("linear")
}

extension LinearSimulation {
    /// The matrices, the clocks of the morph and the playback, and the view settings.
    public struct Checkpoint: Codable, Sendable, Equatable {
        var tick: UInt64
        var target: Matrix2
        var from: Matrix2
        var transition: Int
        var presetIndex: Int?
        var mode: LinearMode
        var playbackStep: Int
        var probeAngle: Double
        var spin: Bool
        var selectedEntry: Int
        var p: Double
        var showGrid: Bool
        var showSquare: Bool
        var wide: [[Double]]
        var wideVector: [Double]
        var wideSteps: Int
        var epsilon: Double
        var cloud: [Vec2]
        var cloudIsGenerated: Bool
        var showProjection: Bool
        var u: Vec2
        var v: Vec2
    }

    public var checkpoint: Checkpoint {
        Checkpoint(tick: tick, target: target, from: from, transition: transition, presetIndex: presetIndex, mode: mode,
                   playbackStep: playbackStep, probeAngle: probeAngle, spin: spin, selectedEntry: selectedEntry, p: p,
                   showGrid: showGrid, showSquare: showSquare, wide: wide, wideVector: wideVector, wideSteps: wideSteps,
                   epsilon: epsilon, cloud: cloud, cloudIsGenerated: cloudIsGenerated, showProjection: showProjection, u: u, v: v)
    }

    public init(checkpoint c: Checkpoint) throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "linear", message())
        }
        let entries = [c.target.a, c.target.b, c.target.c, c.target.d, c.from.a, c.from.b, c.from.c, c.from.d]
        try require(entries.allFinite(within: Self.largestEntry), "matrix entries must be finite within ±1e150")
        try require((0...Self.transitionSteps).contains(c.transition), "morph step \(c.transition) is not 0...\(Self.transitionSteps)")
        try require(c.presetIndex.map(LinearPreset.all.indices.contains) ?? true, "no preset \(c.presetIndex ?? 0)")
        try require((0..<Self.playbackCycle).contains(c.playbackStep), "playback step \(c.playbackStep) is not 0..<\(Self.playbackCycle)")
        try require(c.probeAngle.isFinite, "the probe angle must be finite")
        try require((0..<4).contains(c.selectedEntry), "entry \(c.selectedEntry) is not 0...3")
        try require(c.p >= 1 && c.p <= 64, "p must be in [1, 64]")
        try require(c.wide.count == 2 && (1...6).contains(c.wide[0].count) && c.wide[1].count == c.wide[0].count
                    && c.wide.joined().allSatisfy { $0.isFinite && abs($0) <= 1e6 }, "the wide matrix must be 2 x n, n = 1...6")
        try require(c.wideVector.count == c.wide[0].count && c.wideVector.allFinite(within: 1e6), "x must have one finite entry per column")
        try require((0...100_000).contains(c.wideSteps), "wide steps must be 0...100000")
        self.init(seed: 0)
        (tick, target, from, transition, presetIndex, mode) = (c.tick, c.target, c.from, c.transition, c.presetIndex, c.mode)
        (playbackStep, probeAngle, spin, selectedEntry, p) = (c.playbackStep, c.probeAngle, c.spin, c.selectedEntry, c.p)
        (showGrid, showSquare, wide, wideVector, wideSteps) = (c.showGrid, c.showSquare, c.wide, c.wideVector, c.wideSteps)
        try require(c.epsilon > 0 && c.epsilon <= 0.5, "ε must be in (0, 0.5]")
        try require((2...PointCloud.maximumPoints).contains(c.cloud.count)
                    && c.cloud.allSatisfy { $0.x.isFinite && $0.y.isFinite && abs($0.x) <= 1e6 && abs($0.y) <= 1e6 },
                    "the point cloud must have 2...\(PointCloud.maximumPoints) finite points")
        try require([c.u.x, c.u.y, c.v.x, c.v.y].allSatisfy { $0.isFinite && abs($0) <= 1e6 }, "u and v must be finite within ±1e6")
        (epsilon, cloud, cloudIsGenerated, showProjection, u, v) = (c.epsilon, c.cloud, c.cloudIsGenerated, c.showProjection, c.u, c.v)
    }
}
