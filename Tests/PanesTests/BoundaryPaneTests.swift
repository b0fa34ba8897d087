import Canvas
@testable import Panes
import SimulationCore
import Testing

/// The boundary pane's geometry and words: the hidden plot's window, the output layer's line
/// in hidden space, the class legend, the plot's growth with the screen, the readout's width.
struct BoundaryPaneTests {
    func snapshot(_ changes: [(String, ParameterValue)], steps: Int = 20) throws -> BoundarySnapshot {
        var lab = BoundarySimulation(seed: 1)
        for (name, value) in changes { try lab.apply(name, value) }
        for _ in 0..<steps { lab.step() }
        return lab.snapshot()
    }

    /// A readout line as drawn: labels padded to their column.
    static func shown(_ line: ReadoutLine) -> String {
        line.spans.map { span in
            span.padTo.map { span.text + String(repeating: " ", count: max(1, $0 - span.text.displayWidth)) } ?? span.text
        }.joined()
    }

    func near(_ a: ClosedRange<Double>, _ b: ClosedRange<Double>) -> Bool {
        abs(a.lowerBound - b.lowerBound) < 1e-12 && abs(a.upperBound - b.upperBound) < 1e-12
    }

    @Test func theHiddenWindowFramesTheUnitSquareWithRoomForSaturatedPoints() {
        // tanh: [-1, 1]² whatever the values, 7.5 % wider each side, so an edge point is inside.
        let tanh = BoundaryPane.hiddenRange(.tanh, values: [Vec2(0.1, 0.2)])
        #expect(near(tanh.0, -1.15...1.15) && near(tanh.1, -1.15...1.15))
        let sigmoid = BoundaryPane.hiddenRange(.sigmoid, values: [])
        #expect(near(sigmoid.0, -0.075...1.075) && near(sigmoid.1, -0.075...1.075))
        // ReLU: the values' own range (dead units at 0 included), padded the same way.
        let relu = BoundaryPane.hiddenRange(.relu, values: [Vec2(0, 0), Vec2(4, 2)])
        #expect(near(relu.0, -0.3...4.3) && near(relu.1, -0.15...2.15))
    }

    @Test func theOutputLineInHiddenSpaceIsTheLastLayersWeights() throws {
        // A 2-2-1 network whose output unit is z = h1 - h2 (+ 0): its line is the diagonal.
        var network = Network(features: [.x1, .x2], hidden: [2], activation: .tanh, output: .sigmoid, outputs: 1,
                              loss: .crossEntropy, seed: 1)
        let wo = network.weightOffsets[1], bo = network.biasOffsets[1]
        network.parameters[wo] = 1
        network.parameters[wo + 1] = -1
        network.parameters[bo] = 0
        let lines = BoundaryPane.outputBoundaries(network, units: (0, 1))
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect((line.a, line.b, line.c) == (1, -1, 0))
        let segment = try #require(LineClip.segment(a: line.a, b: line.b, c: line.c, xRange: -1.15...1.15, yRange: -1.15...1.15))
        #expect(segment.start == (-1.15, -1.15) && segment.end == (1.15, 1.15))
        // The units swapped: the line is h2 - h1 = 0, the same diagonal.
        let swapped = try #require(BoundaryPane.outputBoundaries(network, units: (1, 0)).first)
        #expect((swapped.a, swapped.b, swapped.c) == (-1, 1, 0))
        // Softmax over three classes: one line per pair, each kept where its two classes lead.
        let three = Network(features: [.x1, .x2], hidden: [2], activation: .tanh, output: .softmax, outputs: 3,
                            loss: .crossEntropy, seed: 2)
        #expect(BoundaryPane.outputBoundaries(three, units: (0, 1)).count == 3)
    }

    @Test func theHiddenViewDrawsTheLineOnlyWhereItIsTheOutputs() throws {
        func caption(_ s: BoundarySnapshot) -> String {
            let context = PaneContext(width: 198, height: 58, theme: Theme.builtIn(tier: .none), charset: .unicode, snapshot: s)
            return BoundaryPane().render(context).plainLines().last!
        }
        let last = try snapshot([("layers", .text("4,2")), ("view", .text("hidden")), ("hiddenLayer", .integer(1))])
        #expect(caption(last).contains("line: the output's boundary w·h+b=0"))
        let first = try snapshot([("layers", .text("4,2")), ("view", .text("hidden"))])
        #expect(caption(first).contains("the output's line lives in layer 2"))
        let wide = try snapshot([("layers", .text("4")), ("view", .text("hidden"))])
        #expect(caption(wide).contains("units 1, 2 of 4 (i)") && caption(wide).contains("4-D, not drawn"))
    }

    @Test func everyClassHasItsOwnGlyphAndTheLegendSaysWhich() {
        let ascii = BoundaryPane.asciiTrain + BoundaryPane.asciiTest
        #expect(Set(ascii).count == 6)
        // None is a mark of the optimizer pane (racers, start, minimum, optimum) or of the boundary's dots.
        let others = Set(OptimizerPane.asciiMarks + ["s", "x", "+", "X", "'", ".", ":", BoundaryPane.levelGlyph(.ascii)])
        #expect(others.isDisjoint(with: ascii))
        #expect(BoundaryPane.classLegend(.binary, classes: 2, charset: .ascii) == "c=0 v=1 (CV test)")
        #expect(BoundaryPane.classLegend(.multiclass, classes: 3, charset: .unicode) == "●=0 ▲=1 ■=2 (○△□ test)")
        #expect(BoundaryPane.classLegend(.regression, classes: 1, charset: .unicode) == "")
    }

    @Test func thePlotGrowsWithTheScreen() {
        // Inner sizes of a zoomed pane at 80x24, 120x40 and 200x60.
        let rects = [(78, 22), (118, 38), (198, 58)].map { BoundaryPane.outputMapping(width: $0.0, height: $0.1).rect }
        for (small, large) in zip(rects, rects.dropFirst()) {
            #expect(large.width > small.width && large.height > small.height, "\(small) -> \(large)")
        }
    }

    @Test func theReadoutColumnIsNoWiderThanItsLines() throws {
        let states: [[(String, ParameterValue)]] = [
            [], [("dataset", .text("linear")), ("model", .text("perceptron"))], [("dataset", .text("blobs3"))],
            [("dataset", .text("bumps"))], [("regularization", .text("l2"))], [("view", .text("bound"))],
        ]
        for changes in states {
            let s = try snapshot(changes)
            for line in BoundaryPane().readout(s, charset: .unicode) {
                #expect(Self.shown(line).displayWidth <= BoundaryPane.sideWidth, "\(Self.shown(line))")
            }
        }
    }

    @Test func aPerceptronShowsItsCriterionAndMistakes() throws {
        let s = try snapshot([("dataset", .text("xor")), ("model", .text("perceptron"))], steps: 5)
        let mistakes = try #require(s.mistakes)
        let expected = PerceptronCriterion.mistakes(labels: s.dataset.train.map(\.label), scores: s.network.logits(s.dataset.train.map(\.x)))
        #expect(mistakes[0] == expected)
        let crit = PerceptronCriterion.value(labels: s.dataset.train.map(\.label), scores: s.network.logits(s.dataset.train.map(\.x)))
        #expect(abs((s.trainLosses.last ?? .nan) - crit) < 1e-12)
        let text = BoundaryPane().readout(s, charset: .unicode).map(Self.shown)
        #expect(text.contains("loss fn perceptron criterion"))
        #expect(text.contains { $0.hasPrefix("train  crit ") })
        #expect(text.contains("mistakes \(mistakes[0]) train, \(mistakes[1]) test"))
        // Another model has no mistakes line and says its loss.
        let mlp = try snapshot([])
        #expect(mlp.mistakes == nil)
    }
}
