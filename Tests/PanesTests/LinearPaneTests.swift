import Canvas
import Panes
import SimulationCore
import Testing

/// The linear pane as a user meets it: keys, every mode at every size, hostile matrices.
struct LinearPaneTests {
    func snapshot(_ changes: [(String, ParameterValue)], steps: Int = 30) throws -> LinearSnapshot {
        var lab = LinearSimulation(seed: 1)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        return lab.snapshot()
    }

    func render(_ snapshot: LinearSnapshot, width: Int, height: Int, charset: Charset = .unicode,
                tier: ColorTier = .palette256) -> [String] {
        let context = PaneContext(width: width, height: height, theme: Theme.builtIn(tier: tier), charset: charset,
                                  snapshot: snapshot)
        let grid = LinearPane().render(context)
        #expect(grid.width == width && grid.height == height)
        return grid.plainLines()
    }

    @Test func keysBecomeCommands() throws {
        let pane = LinearPane()
        let snap = try snapshot([])
        func command(_ key: PaneKey) -> Command? {
            if case .command(let command)? = pane.input(for: key, snapshot: snap) { return command }
            return nil
        }
        #expect(command(.character("m")) == .set(pane: .linear, parameter: "modeStep", value: .integer(1)))
        #expect(command(.up) == .set(pane: .linear, parameter: "nudge", value: .number(0.1)))
        #expect(command(.character("a")) == .set(pane: .linear, parameter: "spin", value: .flag(false)))
        #expect(command(.character("x")) == nil)
        #expect(pane.input(for: .character("e"), snapshot: snap)
                == .prompt(PanePrompt(pane: .linear, label: "entry a", parameter: "a", initial: "1.000")))
    }

    /// Every mode and preset draws at 80x24's pane sizes and in a tiny pane, without crashing,
    /// and in ASCII nothing outside ASCII reaches the screen.
    @Test func everyModeAndPresetDrawsEverywhere() throws {
        for mode in LinearMode.allCases {
            for index in LinearPreset.all.indices {
                let snap = try snapshot([("preset", .integer(index)), ("mode", .text(mode.rawValue))], steps: 100)
                for (width, height) in [(78, 21), (38, 9), (30, 8), (120, 37), (3, 2), (0, 0)] {
                    _ = render(snap, width: width, height: height)
                }
                let ascii = render(snap, width: 78, height: 21, charset: .ascii, tier: .none).joined()
                #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "\(mode) \(LinearPreset.all[index].name): \(ascii)")
            }
        }
    }

    @Test func hostileMatricesAreShownNotCrashedOn() throws {
        for rows in [[[0.0, 0], [0, 0]], [[1e150, -1e150], [1e-300, 1e150]], [[1, 2], [2, 4]], [[-Double.leastNonzeroMagnitude * 4, 0], [0, Double.leastNonzeroMagnitude]]] {
            for mode in LinearMode.allCases {
                let snap = try snapshot([("matrix", .matrix(rows)), ("mode", .text(mode.rawValue))], steps: 60)
                let screen = render(snap, width: 100, height: 30).joined(separator: "\n")
                // The wide mode shows its own 2 x n map (rank, Ax) rather than the 2x2 readouts.
                #expect(screen.contains(mode == .wide ? "rank" : "det A"), "\(rows) \(mode):\n\(screen)")
            }
        }
        let singular = try snapshot([("matrix", .matrix([[1, 2], [2, 4]]))])
        let screen = render(singular, width: 100, height: 30).joined(separator: "\n")
        #expect(screen.contains("singular"))
        #expect(screen.contains("κ      ∞"))
        #expect(screen.contains("A⁻¹ does not exist (det 0)"))
    }

    @Test func asciiSpellsTheNotation() {
        #expect(MathText.forCharset("A⁻¹ = Vᵀ Σ, κ ∞, λ1 σ2 ‖x‖", .ascii) == "A^-1 = V^T Sigma, kappa inf, lam1 sig2 ||x||")
        #expect(MathText.forCharset("A⁻¹", .unicode) == "A⁻¹")
    }
}

/// Rⁿ → R² is edited in the app: in the wide view `e` asks for the 2 x n matrix and `x` for
/// the vector it maps (not the hidden 2x2 matrix), each offered as it stands, exactly.
struct LinearWideEditingTests {
    @Test func eAndXEditTheWideMatrixAndItsVector() throws {
        var lab = LinearSimulation(seed: 1)
        try lab.apply("mode", .text("wide"))
        try lab.apply("wide", .matrix([[4, -3, 1, 3], [2, 0.5, 5, 1]]))
        let snapshot = lab.snapshot()
        guard case .prompt(let matrix)? = LinearPane().input(for: .character("e"), snapshot: snapshot),
              case .prompt(let vector)? = LinearPane().input(for: .character("x"), snapshot: snapshot) else {
            Issue.record("no prompts in the wide view"); return
        }
        #expect(matrix.parameter == "wide" && matrix.kind == .matrix && matrix.initial == "4, -3, 1, 3; 2, 0.5, 5, 1")
        #expect(vector.parameter == "wideVector" && vector.kind == .numbers && vector.initial == "1, 1, 1, 1")
        // Another width: x follows A's columns.
        try lab.apply("wide", .matrix([[1, 2, 3], [4, 5, 6]]))
        #expect(lab.snapshot().wide == [[1, 2, 3], [4, 5, 6]] && lab.snapshot().wideVector.count == 3)
        // Elsewhere `e` is still the selected entry of A, and `x` nothing.
        try lab.apply("mode", .text("transform"))
        guard case .prompt(let entry)? = LinearPane().input(for: .character("e"), snapshot: lab.snapshot()) else {
            Issue.record("no entry prompt"); return
        }
        #expect(entry.parameter == "a" && entry.kind == .number)
        #expect(LinearPane().input(for: .character("x"), snapshot: lab.snapshot()) == nil)
    }
}
