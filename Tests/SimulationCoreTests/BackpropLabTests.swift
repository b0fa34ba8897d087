import Foundation
import SimulationCore
import Testing

/// The backprop lab as the engine drives it: defaults, the walk, updates, refusals, the clock.
struct BackpropLabTests {
    func lab(_ settings: [(String, ParameterValue)] = []) throws -> BackpropSimulation {
        var lab = BackpropSimulation(seed: 42)
        for (parameter, value) in settings { try lab.apply(parameter, value) }
        return lab
    }

    /// Default: the issue's 2-2-1 tanh network with a sigmoid output and cross-entropy at
    /// x = (0.5, −1), y = 1, the whole walk shown; its numbers are the network's own passes.
    @Test func theDefaultNetworkAndItsNumbers() throws {
        let s = try lab().snapshot()
        let g = s.graph
        #expect(s.view == .graph)
        #expect(g.network.sizes == [2, 2, 1] && g.network.activation == .tanh && g.network.output == .sigmoid
                && g.network.loss == .crossEntropy)
        #expect(g.example == NetworkExample(input: [0.5, -1], target: .values([1])))
        #expect(g.walk.count == 9 && g.stage == 9)
        #expect(g.walk.first == .forward(GraphNode(layer: 1, unit: 0)) && g.walk[4] == .backward(GraphNode(layer: 2, unit: 0)))
        let pass = g.network.forward(g.example)
        #expect(g.forward == pass && g.backward == g.network.backward(pass, target: g.example.target))
        // δ at the sigmoid output with cross-entropy is a − y.
        #expect(g.backward.delta[1][0] == pass.a[2][0] - 1)
        #expect(g.check < 1e-8)
        // Chain view: the seeds' z = √(x² + 3x) at x = 1.
        #expect(s.chain.tree.dzdx == 1.25 && s.chain.exact[0] == 1.25 && abs(s.chain.numeric[0] - 1.25) < 1e-9)
        // Jacobian view: the seeds' map at (2, 1).
        #expect(s.jacobian.jacobian == Matrix2(2, 2, -4, 3) && s.jacobian.seedsJacobian == [[2, 2], [-4, 3], [4, 8]])
    }

    /// Stepping the walk reveals one node at a time and selects it; the clock plays it, then an
    /// update, and the loss goes down.
    @Test func theWalkPlaysAndEachUpdateLowersTheLoss() throws {
        var lab = try lab([("stage", .integer(0)), ("play", .flag(true))])
        #expect(lab.snapshot().graph.stage == 0)
        for _ in 0..<BackpropSimulation.ticksPerWalkStep { lab.step() }
        #expect(lab.snapshot().graph.stage == 1 && lab.snapshot().graph.selected == GraphNode(layer: 1, unit: 0))
        let before = lab.snapshot().graph.batchLoss
        for _ in 0..<(9 * BackpropSimulation.ticksPerWalkStep) { lab.step() }
        let after = lab.snapshot().graph
        #expect(after.updates == 1 && after.stage == 0)
        #expect(after.batchLoss < before && after.lossHistory == [before, after.batchLoss])
        // By hand: u applies w ← w − η ∂L/∂w with the batch gradient.
        var manual = try self.lab()
        let g = manual.snapshot().graph
        try manual.set("update", to: .flag(true))
        let stepped = manual.snapshot().graph
        #expect(stepped.network == g.network.descending(g.batchGradients, learningRate: g.learningRate))
        #expect(stepped.batchLoss < g.batchLoss)
    }

    @Test func refusedSettingsChangeNothing() throws {
        var lab = try lab()
        let before = lab.snapshot()
        let refused: [(String, ParameterValue, String)] = [
            ("layers", .text("2,9,1"), "1-8 units"),
            ("input", .text("1,2,3"), "the input has 3 entries but the first layer takes 2"),
            ("target", .number(2), "a sigmoid output's targets are in [0, 1]"),
            ("output", .text("tanh"), "not an output"),
            ("weights", .text(#"[{"W": [[1, 2]], "b": [0]}, {"W": [[1, 2]], "b": [0]}]"#), "layer 2: W is 1x2 but layer 1 has 1 units"),
            ("stage", .integer(10), "the walk has steps 0...9"),
            ("formula", .text("sqrt(x"), "column 7"),
            ("map", .text("x + y"), "needs two formulas"),
            ("side", .number(0), "the square's side"),
            ("view", .text("graphs"), "unknown view 'graphs'"),
            ("batch", .integer(9), "1-8 examples"),
            ("nonsense", .flag(true), "unknown parameter"),
            ("lr", .text("fast"), "takes a number"),
        ]
        for (parameter, value, fragment) in refused {
            do {
                try lab.apply(parameter, value)
                Issue.record("\(parameter) accepted \(value)")
            } catch let error as ParameterError {
                #expect(error.reason.contains(fragment), "\(parameter): \(error.reason)")
            }
            #expect(lab.snapshot() == before, "\(parameter) changed the lab")
        }
    }

    /// Weights, input, target and a node's incoming weights set exactly; a softmax's target is a
    /// class; a shape change keeps the example fitted to it.
    @Test func settingsTakeEffectExactly() throws {
        let json = #"[{"W": [[0.4, -0.6], [0.7, 0.2]], "b": [0.1, -0.1]}, {"W": [[0.8, -0.5]], "b": [0.05]}]"#
        var lab = try lab([("weights", .text(json))])
        #expect(abs(lab.snapshot().graph.forward.loss - 0.43817612408837364) < 1e-15)
        try lab.apply("select", .vector([1, 1]))
        try lab.apply("incoming", .text("1, 2, 3"))
        let network = lab.snapshot().graph.network
        #expect(network.layers[0].weights.row(1) == [1, 2] && network.layers[0].biases == [0.1, 3])
        try lab.apply("output", .text("softmax"))
        let softmax = lab.snapshot().graph
        #expect(softmax.network.sizes == [2, 2, 2] && softmax.example.target == .classIndex(1))
        try lab.apply("target", .integer(0))
        #expect(lab.snapshot().graph.example.target == .classIndex(0))
        try lab.apply("output", .text("linear"))
        #expect(lab.snapshot().graph.network.loss == .squaredError)
        try lab.apply("batch", .integer(4))
        #expect(lab.snapshot().graph.examples.count == 4 && lab.snapshot().graph.examples[0].input == [0.5, -1])
        #expect(lab.parameterValue("weights").map { value -> Bool in
            guard case .text(let text) = value else { return false }
            return (try? LayeredNetwork.layers(fromJSON: text)) == lab.snapshot().graph.network.layers
        } == true)
    }

    /// The gradient-flow network trains only while its view is shown, one epoch a step. With six
    /// sigmoid layers and TensorFlow Playground's U(−0.5, 0.5) the first layer's gradient is
    /// orders of magnitude below the last's; ReLU with He initialisation keeps them within 10x.
    @Test func gradientsFadeThroughSigmoidLayersNotReluOnes() throws {
        var lab = try lab()
        lab.step()
        #expect(lab.snapshot().flow.epoch == 0)
        try lab.apply("view", .text("flow"))
        for _ in 0..<20 { lab.step() }
        let sigmoid = lab.snapshot().flow
        #expect(sigmoid.epoch == 20 && sigmoid.norms.count == 21 && sigmoid.sizes == [2, 8, 8, 8, 8, 8, 8, 1])
        let fading = sigmoid.norms.last!
        #expect(fading[0] / fading[6] < 1e-3, "\(fading)")
        try lab.apply("flowActivation", .text("relu"))
        try lab.apply("flowInit", .text("he"))
        for _ in 0..<20 { lab.step() }
        let relu = lab.snapshot().flow.norms.last!
        #expect(relu[0] / relu[6] > 0.1, "\(relu)")
    }

    @Test func theSameSeedGivesTheSameSnapshots() throws {
        func run() throws -> BackpropSnapshot {
            var lab = try lab([("view", .text("flow"))])
            for _ in 0..<5 { lab.step() }
            try lab.apply("view", .text("graph"))
            try lab.apply("stage", .integer(0))
            try lab.apply("play", .flag(true))
            for _ in 0..<40 { lab.step() }
            return lab.snapshot()
        }
        #expect(try run() == run())
    }
}
