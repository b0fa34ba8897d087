import Canvas
@testable import Panes
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
        #expect(diverging.contains("● SGD      0.040  diverged"), "\(diverging)")
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

    /// Racers join and leave from the pane: o adds the first optimizer not racing, x removes
    /// the focused racer, t types the list (a prompt holding the current one).
    @Test func racersAreChosenByKeys() throws {
        let pane = OptimizerPane()
        let s = try snapshot([("optimizers", .text("sgd,momentum")), ("focus", .integer(1))])
        #expect(pane.input(for: .character("o"), snapshot: s) == .command(.set(pane: .optimizer, parameter: "racer", value: .text("nesterov"))))
        #expect(pane.input(for: .character("x"), snapshot: s) == .command(.set(pane: .optimizer, parameter: "racer", value: .text("momentum"))))
        guard case .prompt(let prompt) = pane.input(for: .character("t"), snapshot: s) else { Issue.record("t asks for the racers"); return }
        #expect(prompt.parameter == "optimizers" && prompt.initial == "sgd,momentum" && prompt.kind == .text)
        // The last racer stays; a seventh does not join.
        #expect(pane.input(for: .character("x"), snapshot: try snapshot([("optimizers", .text("adam"))])) == nil)
        #expect(pane.input(for: .character("o"), snapshot: try snapshot([("optimizers", .text("sgd,momentum,nesterov,adagrad,rmsprop,adam"))])) == nil)
    }

    /// No mark on the surface reuses a racer's glyph, in either charset, and ASCII's start is
    /// not a dot (the dots of the trails).
    @Test func everyMarkIsItsOwnGlyph() {
        let pane = OptimizerPane()
        for charset in [Charset.unicode, .ascii] {
            let racers = (0..<6).map { pane.mark($0, charset) }
            let others = [OptimizerPane.startMark(charset), OptimizerPane.minimumMark(charset), OptimizerPane.optimumMark(charset), "X", "K", "D"]
            #expect(Set(racers).count == 6 && Set(others).count == others.count, "\(charset)")
            #expect(Set(racers).isDisjoint(with: others), "\(charset): \(racers) vs \(others)")
            #expect(!["'", ".", ":"].contains(OptimizerPane.startMark(charset)))
        }
    }

    /// Without colour the surface is drawn as contour lines (and says so); with colour it is
    /// the shaded bands, and no contour glyph clutters the trails.
    @Test func monochromeDrawsContoursColourDoesNot() throws {
        let s = try snapshot([("surface", .text("quadratic"))])
        func frame(_ tier: ColorTier) -> [String] {
            let context = PaneContext(width: 100, height: 30, theme: Theme.builtIn(tier: tier), charset: .unicode, snapshot: s)
            return OptimizerPane().render(context).plainLines()
        }
        let mono = frame(.none), colour = frame(.palette256)
        let plotColumns = 0..<60
        func dots(_ lines: [String]) -> Int {
            lines.map { Array($0).enumerated().filter { plotColumns.contains($0.offset) && $0.element == "·" }.count }.reduce(0, +)
        }
        #expect(dots(mono) > 100, "\(mono.joined(separator: "\n"))")
        #expect(dots(colour) == 0)
        #expect(mono.joined().contains("· contour") && !colour.joined().contains("· contour"))
    }

    /// The picture takes the extra room: at 200x60 the plot is larger than at 120x40, and
    /// that larger than at 80x24, on every built-in surface.
    @Test func thePictureGrowsWithThePane() {
        for name in Surface.builtInNames {
            let surface = Surface.named(name)!
            let areas = [(80, 24), (120, 40), (200, 60)].map { size in
                let plot = OptimizerPane.surfaceLayout(width: size.0, height: size.1, surface: surface).plot
                return plot.width * plot.height
            }
            #expect(areas[0] < areas[1] && areas[1] < areas[2], "\(name): \(areas)")
        }
    }

    /// A view that needs room beside the surface says so where there is none.
    @Test func aNarrowPaneSaysThePhaseViewNeedsRoom() throws {
        let s = try snapshot([("surface", .text("quadratic")), ("view", .text("phase"))])
        #expect(render(s, 58, 18).contains("phase view: z for room"))
        #expect(render(s, 120, 40).contains("momentum: rate over (α, β)"))
        #expect(!render(s, 120, 40).contains("z for room"))
    }
}
