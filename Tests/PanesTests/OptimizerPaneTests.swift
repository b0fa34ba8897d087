import Canvas
import Panes
import SimulationCore
import Testing

struct OptimizerPaneTests {
    func snapshot(_ changes: [(String, ParameterValue)], steps: Int = 60) throws -> OptimizerSnapshot {
        var lab = OptimizerSimulation(seed: 1)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        return lab.snapshot()
    }

    func render(_ s: OptimizerSnapshot, _ width: Int, _ height: Int, charset: Charset = .unicode) -> String {
        let context = PaneContext(width: width, height: height, theme: Theme.builtIn(tier: charset == .ascii ? .none : .palette256),
                                  charset: charset, snapshot: s)
        let grid = OptimizerPane().render(context)
        #expect(grid.width == width && grid.height == height)
        return grid.plainLines().joined(separator: "\n")
    }

    @Test func everySurfaceDrawsAtEverySizeAndInASCII() throws {
        for name in Surface.builtInNames {
            let s = try snapshot([("surface", .text(name))])
            for (width, height) in [(120, 38), (58, 18), (38, 9), (30, 8), (2, 2), (0, 0)] { _ = render(s, width, height) }
            let ascii = render(s, 100, 30, charset: .ascii)
            #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "\(name):\n\(ascii)")
            #expect(ascii.contains(name))
        }
    }

    @Test func divergenceAndSaddleAreShown() throws {
        let diverging = render(try snapshot([("optimizers", .text("sgd,adam")), ("lrScale", .number(100))], steps: 100), 100, 30)
        #expect(diverging.contains("SGD      diverged"), "\(diverging)")
        let saddle = render(try snapshot([("surface", .text("saddle")), ("optimizers", .text("sgd"))], steps: 5), 100, 30)
        #expect(saddle.contains("indefinite: saddle"))
        #expect(!saddle.contains("nan"))
    }

    @Test func keysBecomeCommands() throws {
        let s = try snapshot([])
        let pane = OptimizerPane()
        #expect(pane.input(for: .character("s"), snapshot: s) == .command(.set(pane: .optimizer, parameter: "surfaceStep", value: .integer(1))))
        #expect(pane.input(for: .left, snapshot: s) == .command(.set(pane: .optimizer, parameter: "startStep", value: .vector([-1, 0]))))
        #expect(pane.input(for: .character("]"), snapshot: s) == .command(.set(pane: .optimizer, parameter: "lrFactor", value: .number(2))))
    }
}
