import Canvas
import Panes
import SimulationCore
import Testing

struct EntropyPaneTests {
    func snapshot(_ changes: [(String, ParameterValue)], steps: Int = 40) throws -> EntropySnapshot {
        var lab = EntropySimulation(seed: 1)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        return lab.snapshot()
    }

    func render(_ s: EntropySnapshot, _ width: Int, _ height: Int, charset: Charset = .unicode) -> String {
        let context = PaneContext(width: width, height: height, theme: Theme.builtIn(tier: charset == .ascii ? .none : .palette256),
                                  charset: charset, snapshot: s)
        let grid = EntropyPane().render(context)
        #expect(grid.width == width && grid.height == height)
        return grid.plainLines().joined(separator: "\n")
    }

    @Test func readoutsShowTheSeedValues() throws {
        let yut = render(try snapshot([]), 100, 24)
        #expect(yut.contains("H(P)   2.0306 bits"))
        let die = render(try snapshot([("preset", .text("fair die"))]), 100, 24)
        #expect(die.contains("H(P)   2.5850 bits"))
        #expect(die.contains("KL(P‖Q) 0.0000"))
        let coin = render(try snapshot([("mode", .text("binary")), ("coin", .number(0.5))]), 100, 24)
        #expect(coin.contains("H(p)   1.0000 bits"))
    }

    @Test func everyViewDrawsAtEverySizeAndInASCII() throws {
        for mode in EntropyMode.allCases {
            for preset in DistributionPreset.all {
                let s = try snapshot([("mode", .text(mode.rawValue)), ("preset", .text(preset.name))], steps: 30)
                for (width, height) in [(100, 30), (58, 18), (38, 9), (30, 8), (2, 2), (0, 0)] { _ = render(s, width, height) }
                let ascii = render(s, 78, 21, charset: .ascii)
                #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "\(mode) \(preset.name):\n\(ascii)")
            }
        }
    }

    @Test func keysBecomeCommands() throws {
        let s = try snapshot([])
        let pane = EntropyPane()
        #expect(pane.input(for: .up, snapshot: s) == .command(.set(pane: .entropy, parameter: "nudge", value: .number(0.01))))
        #expect(pane.input(for: .character("Q"), snapshot: s) == .command(.set(pane: .entropy, parameter: "editQ", value: .flag(true))))
        #expect(pane.input(for: .character("K"), snapshot: s) == .command(.set(pane: .entropy, parameter: "outcomes", value: .integer(6))))
        #expect(pane.input(for: .character("z"), snapshot: s) == nil)
    }
}
