import Foundation
import SimulationCore
import Testing

/// A dual number a + b ε (ε² = 0): forward-mode differentiation, written here independently of
/// the code under test, so a parameter's exact ∂L/∂θ comes from one forward pass with θ + ε.
private struct Dual {
    var value: Double
    var slope: Double
    init(_ value: Double, _ slope: Double = 0) {
        self.value = value
        self.slope = slope
    }
    static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, a.slope + b.slope) }
    static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, a.slope - b.slope) }
    static func * (a: Dual, b: Dual) -> Dual { Dual(a.value * b.value, a.slope * b.value + a.value * b.slope) }
    static func / (a: Dual, b: Dual) -> Dual { Dual(a.value / b.value, (a.slope * b.value - a.value * b.slope) / (b.value * b.value)) }
    var exp: Dual { let e = Foundation.exp(value); return Dual(e, e * slope) }
    var log: Dual { Dual(Foundation.log(value), slope / value) }
    var tanh: Dual { let t = Foundation.tanh(value); return Dual(t, (1 - t * t) * slope) }
    var sigmoid: Dual { Dual(1) / (Dual(1) + Dual(-value, -slope).exp) }
    var relu: Dual { value > 0 ? self : Dual(0) }
}

/// The loss by forward mode with parameter `index` seeded (`index` in the `parameters` order).
private func dualLoss(_ network: LayeredNetwork, _ example: NetworkExample, seeding index: Int) -> Dual {
    var position = 0
    func parameter(_ value: Double) -> Dual {
        defer { position += 1 }
        return Dual(value, position == index ? 1 : 0)
    }
    var a = example.input.map { Dual($0) }
    for (l, layer) in network.layers.enumerated() {
        let w = (0..<layer.weights.rows).map { i in (0..<layer.weights.columns).map { j in parameter(layer.weights[i, j]) } }
        let b = layer.biases.map(parameter)
        let z = (0..<w.count).map { i in zip(w[i], a).reduce(b[i]) { $0 + $1.0 * $1.1 } }
        if l < network.layers.count - 1 {
            a = z.map { u in
                switch network.activation {
                case .tanh: return u.tanh
                case .relu: return u.relu
                case .sigmoid: return u.sigmoid
                case .linear: return u
                }
            }
        } else {
            a = z
        }
    }
    let z = a
    let p: [Dual]
    switch network.output {
    case .sigmoid: p = z.map(\.sigmoid)
    case .softmax:
        let e = z.map { ($0 - Dual(z.map(\.value).max()!)).exp }
        let total = e.reduce(Dual(0), +)
        p = e.map { $0 / total }
    case .identity: p = z
    }
    let y = example.target.vector(count: z.count)
    if network.loss == .crossEntropy {
        if network.output == .softmax, case .classIndex(let k) = example.target { return Dual(0) - p[k].log }
        return zip(p, y).reduce(Dual(0)) { sum, pair in
            sum - Dual(pair.1) * pair.0.log - Dual(1 - pair.1) * (Dual(1) - pair.0).log
        }
    }
    return zip(p, y).reduce(Dual(0)) { $0 + Dual(0.5) * ($1.0 - Dual($1.1)) * ($1.0 - Dual($1.1)) }
}

struct BackpropagationTests {
    /// Relative agreement with a floor well below the numbers compared.
    func close(_ a: Double, _ b: Double, _ tolerance: Double, floor: Double = 1e-300) -> Bool {
        abs(a - b) <= tolerance * max(abs(a), abs(b), floor)
    }

    func network(_ json: String, _ activation: Activation, _ output: OutputKind, _ loss: LossKind) throws -> LayeredNetwork {
        try LayeredNetwork(layers: try LayeredNetwork.layers(fromJSON: json), activation: activation, output: output, loss: loss)
    }

    /// numpy, written independently (z = W a + b, δ = (Wᵀ δ') ⊙ φ'(z), ∂L/∂W = δ aᵀ): a 2-2-1 tanh
    /// network with a sigmoid output and cross-entropy at x = (0.5, -1), y = 1.
    @Test func matchesNumpyOnATanhNetwork() throws {
        let net = try network(#"[{"W": [[0.4, -0.6], [0.7, 0.2]], "b": [0.1, -0.1]}, {"W": [[0.8, -0.5]], "b": [0.05]}]"#,
                              .tanh, .sigmoid, .crossEntropy)
        let example = NetworkExample(input: [0.5, -1], target: .values([1]))
        let pass = net.forward(example)
        let back = net.backward(pass, target: example.target)
        #expect(close(pass.loss, 0.43817612408837364, 1e-13))
        #expect(close(pass.z[1][0], 0.9, 1e-15) && close(pass.z[2][0], 0.5980591086802797, 1e-14))
        #expect(close(pass.a[1][0], 0.7162978701990245, 1e-14) && close(pass.a[1][1], 0.04995837495787993, 1e-13))
        #expect(close(pass.a[2][0], 0.6452121354504016, 1e-14))
        #expect(pass.z[0] == [0.5, -1] && pass.a[0] == [0.5, -1])
        let deltas = [[-0.13820189661915655, 0.17695118553974196], [-0.35478786454959843]]
        for (mine, numpy) in zip(back.delta.joined(), deltas.joined()) { #expect(close(mine, numpy, 1e-13)) }
        let weights = [[-0.06910094830957828, 0.13820189661915655, 0.08847559276987098, -0.17695118553974196],
                       [-0.2541337917493373, -0.017724625167674354]]
        for l in 0..<2 {
            for (mine, numpy) in zip(back.gradients[l].weights.elements, weights[l]) { #expect(close(mine, numpy, 1e-13)) }
            #expect(back.gradients[l].biases == back.delta[l])
        }
        // ∂L/∂W has W's shape, out x in (PyTorch's W.grad for nn.Linear).
        #expect(back.gradients[0].weights.rows == 2 && back.gradients[1].weights.columns == 2)
    }

    /// numpy: a 3-4-3 ReLU network with a softmax output, class 2, both losses (two units dead:
    /// their δ and their rows of ∂L/∂W are exactly 0).
    @Test func matchesNumpyOnAReluSoftmaxNetwork() throws {
        let json = #"""
        [{"W": [[0.2,-0.3,0.5],[-0.4,0.1,0.6],[0.3,0.8,-0.2],[0.7,-0.5,0.1]], "b": [0.01,-0.02,0.03,0]},
         {"W": [[0.5,-0.2,0.3,0.1],[-0.6,0.4,0.2,-0.3],[0.1,0.3,-0.5,0.6]], "b": [0.1,0,-0.1]}]
        """#
        let example = NetworkExample(input: [1, 0.5, -0.5], target: .classIndex(2))
        let expected: [(LossKind, Double, [Double], [Double])] = [
            (.crossEntropy, 1.4634990261954701, [0, 0, 0.5829578465112308, -0.5118957664510331],
             [0.44955412255239074, 0.31902078352759744, -0.7685749060799882]),
            (.squaredError, 0.4472902778411374, [0, 0, 0.15946512736847576, -0.12814453026190814],
             [0.14545254986025, 0.061575839257536805, -0.20702838911778682]),
        ]
        for (loss, value, hidden, output) in expected {
            let net = try network(json, .relu, .softmax, loss)
            let pass = net.forward(example)
            let back = net.backward(pass, target: example.target)
            #expect(close(pass.loss, value, 1e-13), "\(loss)")
            for (mine, numpy) in zip(back.delta[0], hidden) { #expect(mine == numpy || close(mine, numpy, 1e-13)) }
            for (mine, numpy) in zip(back.delta[1], output) { #expect(close(mine, numpy, 1e-13)) }
            #expect(Array(back.gradients[0].weights.elements.prefix(6)) == [0, 0, 0, 0, 0, 0])
            #expect(close(back.gradients[0].weights[2, 1], hidden[2] * 0.5, 1e-15))
        }
    }

    /// Random networks of up to 4 weight layers of up to 8 units, for every activation, output and
    /// loss: backpropagation equals forward-mode differentiation (exact, independent) to 1e-9
    /// relative per parameter, and Richardson-extrapolated central differences to 1e-9 of the
    /// gradient's largest entry.
    @Test(arguments: Activation.allCases)
    func everyGradientMatchesForwardModeAndCentralDifferences(_ activation: Activation) throws {
        var random = SeededRandom(seed: 18 &+ UInt64(Activation.allCases.firstIndex(of: activation)!))
        let heads: [(OutputKind, LossKind)] = [(.sigmoid, .crossEntropy), (.sigmoid, .squaredError), (.softmax, .crossEntropy),
                                               (.softmax, .squaredError), (.identity, .squaredError)]
        var checked = 0
        while checked < 30 {
            let (output, loss) = heads[checked % heads.count]
            let depth = 1 + random.int(below: 4)
            var sizes = (0...depth).map { _ in 1 + random.int(below: 8) }
            if output == .softmax { sizes[depth] = max(2, sizes[depth]) }
            let net = try LayeredNetwork(sizes: sizes, activation: activation, output: output, loss: loss,
                                         initialization: .he, seed: random.next())
            let input = (0..<sizes[0]).map { _ in random.uniform(-1.5...1.5) }
            let target: NetworkTarget = output == .softmax ? .classIndex(random.int(below: sizes[depth]))
                : .values((0..<sizes[depth]).map { _ in output == .sigmoid ? random.nextUnit() : random.uniform(-2...2) })
            let example = NetworkExample(input: input, target: target)
            try net.validate(example)
            let pass = net.forward(example)
            // Central differences cannot cross a ReLU kink: skip nets with a unit next to one.
            if activation == .relu, pass.z.dropFirst().dropLast().joined().contains(where: { abs($0) < 1e-3 }) { continue }
            let gradient = net.backward(pass, target: target).gradients.flatMap { $0.weights.elements + $0.biases }
            let numeric = net.numericGradient([example])
            let scale = gradient.map(abs).max() ?? 0
            for index in gradient.indices {
                let exact = dualLoss(net, example, seeding: index)
                #expect(close(exact.value, pass.loss, 1e-12), "loss \(sizes) \(output) \(loss)")
                #expect(abs(gradient[index] - exact.slope) <= 1e-9 * max(abs(gradient[index]), abs(exact.slope)) + 1e-15 * scale,
                        "\(sizes) \(activation) \(output) \(loss) parameter \(index): \(gradient[index]) vs \(exact.slope)")
                #expect(abs(gradient[index] - numeric[index]) <= 1e-9 * max(scale, 1e-3),
                        "\(sizes) \(activation) \(output) \(loss) parameter \(index): \(gradient[index]) vs CD \(numeric[index])")
            }
            #expect(net.gradientCheck([example]) < 1e-7, "\(sizes) \(output) \(loss)")
            checked += 1
        }
    }

    /// A minibatch's gradient is the mean of its examples' (what an update follows), and one
    /// small step down it lowers the mean loss.
    @Test func aMinibatchGradientIsTheMeanAndAStepLowersTheLoss() throws {
        let net = try LayeredNetwork(sizes: [2, 3, 1], activation: .tanh, output: .sigmoid, loss: .crossEntropy, seed: 7)
        let examples = [NetworkExample(input: [0.5, -1], target: .values([1])),
                        NetworkExample(input: [-0.3, 0.8], target: .values([0])),
                        NetworkExample(input: [0.9, 0.1], target: .values([1]))]
        let batch = net.meanLossAndGradient(examples)
        let each = examples.map { net.backward(net.forward($0), target: $0.target).gradients }
        for l in 0..<2 {
            for k in batch.gradients[l].weights.elements.indices {
                let mean = each.reduce(0) { $0 + $1[l].weights.elements[k] } / 3
                #expect(close(batch.gradients[l].weights.elements[k], mean, 1e-14))
            }
        }
        let stepped = net.descending(batch.gradients, learningRate: 0.1)
        #expect(stepped.meanLossAndGradient(examples).loss < batch.loss)
        #expect(close(stepped.layers[0].weights[0, 0], net.layers[0].weights[0, 0] - 0.1 * batch.gradients[0].weights[0, 0], 1e-15))
    }

    @Test func badShapesAndTargetsSayWhatAndWhere() throws {
        func message(_ make: () throws -> Any) -> String {
            do { _ = try make(); return "accepted" } catch { return "\(error)" }
        }
        #expect(message { try LayeredNetwork.layers(fromJSON: #"[{"W": [[1, 2], [3]], "b": [0, 0]}]"#) }
                == "layer 1: W row 2 has 1 entries but row 1 has 2")
        #expect(message { try LayeredNetwork.layers(fromJSON: #"[{"W": [[1, true]], "b": [0]}]"#) } == "layer 1: W[1][2] should be a finite number")
        #expect(message { try LayeredNetwork.layers(fromJSON: #"[{"W": [[1, 2]], "b": [0, 1]}]"#) }
                == "layer 1: b has 2 entries but W has 1 rows (one bias per unit)")
        #expect(message { try LayeredNetwork.layers(fromJSON: #"[{"W": [[1, 2]]}]"#) } == "layer 1 has no \"b\"")
        #expect(message { try LayeredNetwork.layers(fromJSON: #"[{"W": [[1]], "b": [0], "c": 1}]"#) }
                == "unknown key 'c' (a layer has only \"W\" and \"b\")")
        #expect(message { try LayeredNetwork.layers(fromJSON: #"[{"W": [[1e999]], "b": [0]}]"#) }.contains("not valid JSON"))
        #expect(message { try LayeredNetwork.layers(fromJSON: "{}") }.hasPrefix("the weights should be a list"))
        let chain = try LayeredNetwork.layers(fromJSON: #"[{"W": [[1, 2], [3, 4]], "b": [0, 0]}, {"W": [[1, 2, 3]], "b": [0]}]"#)
        #expect(message { try LayeredNetwork(layers: chain, activation: .tanh, output: .sigmoid, loss: .crossEntropy) }
                == "layer 2: W is 1x3 but layer 1 has 2 units (W must be out x in)")
        let net = try LayeredNetwork(sizes: [2, 2, 1], activation: .tanh, output: .sigmoid, loss: .crossEntropy, seed: 1)
        #expect(message { try net.validate(NetworkExample(input: [1], target: .values([1]))) }
                == "the input has 1 entries but the first layer takes 2")
        #expect(message { try net.validate(NetworkExample(input: [1, .nan], target: .values([1]))) } == "input entry 2 is not a finite number")
        #expect(message { try net.validate(NetworkExample(input: [1, 2], target: .values([1.5]))) }
                == "target entry 1 is 1.5: a sigmoid output's targets are in [0, 1]")
        let softmax = try LayeredNetwork(sizes: [2, 3], activation: .tanh, output: .softmax, loss: .crossEntropy, seed: 1)
        #expect(message { try softmax.validate(NetworkExample(input: [1, 2], target: .classIndex(3))) }
                == "the target class 3 is outside 0...2 (softmax over 3 classes)")
        #expect(message { try LayeredNetwork(sizes: [2, 1], activation: .tanh, output: .identity, loss: .crossEntropy, seed: 1) }
                == "cross-entropy needs probabilities: use a sigmoid or softmax output, or squared-error")
        #expect(message { try LayeredNetwork(sizes: [2, 9, 1], activation: .tanh, output: .sigmoid, loss: .crossEntropy, seed: 1) }
                == "layer sizes are 1-8 units (entry 2 is 9)")
    }

    /// Weights printed as JSON read back to the same bits.
    @Test func weightsRoundTripThroughJSON() throws {
        let net = try LayeredNetwork(sizes: [3, 4, 2], activation: .relu, output: .softmax, loss: .crossEntropy, seed: 99)
        let back = try LayeredNetwork(layers: try LayeredNetwork.layers(fromJSON: net.weightsJSON), activation: .relu,
                                      output: .softmax, loss: .crossEntropy)
        #expect(back == net)
    }

    /// A saturated sigmoid output (p = 1 exactly in floating point) with cross-entropy: the loss
    /// and δ stay finite (softplus form), and so does ∂L/∂a = 1/(1 - p) = 1/σ(-100) = e^100 + 1
    /// (it was ∞ from (p - y)/(p(1 - p))).
    @Test func saturatedOutputsStayFinite() throws {
        let net = try network(#"[{"W": [[100, 0]], "b": [0]}]"#, .tanh, .sigmoid, .crossEntropy)
        let example = NetworkExample(input: [1, 0], target: .values([0]))
        let pass = net.forward(example)
        let back = net.backward(pass, target: example.target)
        #expect(close(pass.loss, 100, 1e-12))
        #expect(back.delta[0] == [1])
        #expect(close(back.dLda[1][0], 2.6881171418161356e43, 1e-14))
    }
}

struct ChainRuleTests {
    /// The seeds' example: z = √(x² + 3x) at x = 1 is 2, dz/dx = (2x + 3) / (2√(x² + 3x)) = 5/4;
    /// x appears twice, so two paths: ¼ · 1 · 2 = ½ through x² and ¼ · 1 · 3 = ¾ through 3x.
    @Test func theSeedsSquareRootExample() throws {
        let tree = ChainRuleTree(try Expression.parse("sqrt(x^2 + 3*x)"), x: 1, y: 0)
        #expect(tree.value == 2)
        #expect(tree.nodes.map(\.operation) == ["√", "+", "²", "x", "·", "3", "x"])
        #expect(tree.nodes[0].formula == "√(x² + 3·x)")
        #expect(tree.nodes[1].local == 0.25 && tree.nodes[1].rule == "∂√u/∂u = 1/(2√u)")
        #expect(tree.paths == [3, 6])
        #expect(tree.nodes[3].pathProduct == 0.5 && tree.nodes[6].pathProduct == 0.75)
        #expect(tree.path(to: 6) == [0, 1, 4, 6])
        #expect(tree.dzdx == 1.25 && tree.dzdy == 0)
    }

    /// For many formulas and points, the sum over paths equals hyper-dual automatic
    /// differentiation and central differences.
    @Test func theSumOverPathsIsTheDerivative() throws {
        let formulas = ["x*y + sin(x*y)", "exp(-x^2)*cos(3*y) + x/y", "sqrt(x^2 + y^2)", "log(1 + x^2) - tanh(y*x)",
                        "(x - y)^3 / (1 + y^2)", "x^y", "abs(x - 2*y) + tan(x/4)", "-(x^2) + (2*x)^0.5 * y"]
        let points = [(0.7, 1.3), (1.9, 0.4), (0.25, 2.2)]
        for formula in formulas {
            let e = try Expression.parse(formula)
            for (x, y) in points {
                let tree = ChainRuleTree(e, x: x, y: y)
                let exact = e.gradient(x: x, y: y)
                #expect(abs(tree.dzdx - exact.0) <= 1e-12 * max(1, abs(exact.0)), "\(formula) at \(x),\(y)")
                #expect(abs(tree.dzdy - exact.1) <= 1e-12 * max(1, abs(exact.1)), "\(formula) at \(x),\(y)")
                let h = 1e-5
                let numeric = (e.value(x: x + h, y: y) - e.value(x: x - h, y: y)) / (2 * h)
                #expect(abs(tree.dzdx - numeric) <= 1e-7 * max(1, abs(numeric)), "\(formula) at \(x),\(y)")
                #expect(abs(tree.value - e.value(x: x, y: y)) == 0)
            }
        }
    }

    @Test func formulasAreWrittenWithFewParentheses() throws {
        func written(_ text: String) throws -> String { ChainRuleTree.written(try Expression.parse(text)) }
        #expect(try written("(x + y) * (x - y)") == "(x + y)·(x − y)")
        #expect(try written("x - (y - 1)") == "x − (y − 1)")
        #expect(try written("-x^2") == "−x²")
        #expect(try written("(-x)^2") == "(−x)²")
        #expect(try written("2^x^y") == "2^(x^y)")
        #expect(try written("exp(x)/(1+x)") == "exp(x)/(1 + x)")
    }
}

struct JacobianMapTests {
    /// The seeds' f = (2x1 + x2², −x1² + 3x2, 4x1x2): J = [[2, 2x2], [−2x1, 3], [4x2, 4x1]] is
    /// [[2, 2], [−4, 3], [4, 8]] at (2, 1); the drawn map's 2x2 part has det 2·3 − 2·(−4) = 14.
    @Test func theSeedsJacobian() {
        #expect(SeedsJacobianExample.jacobian(at: Vec2(2, 1)) == [[2, 2], [-4, 3], [4, 8]])
        let map = PlaneMap.named(.seeds)
        #expect(map.jacobian(Vec2(2, 1)) == Matrix2(2, 2, -4, 3))
        #expect(map.jacobian(Vec2(2, 1)).determinant == 14)
        #expect(map(Vec2(2, 1)) == Vec2(5, -1))
    }

    /// Polar coordinates scale area by r; a smaller square is closer to its linearisation, the
    /// error shrinking like h, and the image's area per h² tends to det J.
    @Test func theLinearisationErrorShrinksWithTheSquare() {
        let polar = PlaneMap.named(.polar)
        let p = Vec2(1.5, 0.8)
        #expect(abs(polar.jacobian(p).determinant - 1.5) < 1e-15)
        let errors = [0.4, 0.2, 0.1, 0.05].map { polar.linearisationError(at: p, side: $0) }
        for k in 1..<errors.count {
            #expect(errors[k] < errors[k - 1])
            #expect(abs(errors[k - 1] / errors[k] - 2) < 0.15, "\(errors)")
        }
        let areas = [0.2, 0.02, 0.002].map { polar.areaScale(at: p, side: $0) }
        #expect(abs(areas[2] - 1.5) < abs(areas[0] - 1.5))
        #expect(abs(areas[2] - 1.5) < 2e-3)
        // A fold (det J = 0 on x = 2 for the shear) and a flip of orientation past it.
        let shear = PlaneMap.named(.shear)
        #expect(shear.jacobian(Vec2(2, 0)).determinant == 0)
        #expect(shear.areaScale(at: Vec2(3, 0), side: 0.01) < 0)
    }

    @Test func aTypedMapNeedsTwoFormulas() {
        #expect(throws: ExpressionError.self) { try PlaneMap.custom("x + y") }
        #expect((try? PlaneMap.custom("x*y, x - y"))?.jacobian(Vec2(2, 3)) == Matrix2(3, 2, 1, -1))
    }
}

struct MatrixDerivativeTests {
    /// The conventions, checked with numpy (central differences on each entry): d(aᵀXb)/dX = a bᵀ,
    /// d tr(AX)/dX = Aᵀ, d‖X‖F²/dX = 2X, d ½‖Wx + b − y‖²/dW = (Wx + b − y) xᵀ.
    @Test func closedFormsMatchNumpy() {
        var c = MatrixDerivativeCase(function: .bilinear, seed: 1)
        c.x = Matrix(rows: [[0.5, -1.2, 0.3], [1.1, 0.4, -0.7]])
        c.left = [0.6, -1.5]
        c.right = [1.0, 0.2, -0.4]
        c.a = Matrix(rows: [[0.3, -0.8], [1.2, 0.5], [-0.6, 0.9]])
        c.input = [0.5, -1.0, 2.0]
        c.bias = [0.1, -0.3]
        c.target = [0.2, 0.7]
        let numpy: [MatrixFunction: [[Double]]] = [
            .bilinear: [[0.6, 0.12, -0.24], [-1.5, -0.30000000000000004, 0.6000000000000001]],
            .trace: [[0.3, 1.2, -0.6], [-0.8, 0.5, 0.9]],
            .frobenius: [[1.0, -2.4, 0.6], [2.2, 0.8, -1.4]],
            .linearLayer: [[0.975, -1.95, 3.9], [-1.125, 2.25, -4.5]],
        ]
        for function in MatrixFunction.allCases {
            c.function = function
            for (mine, theirs) in zip(c.analytic.elements, numpy[function]!.joined()) {
                #expect(abs(mine - theirs) <= 1e-14 * max(1, abs(theirs)), "\(function)")
            }
            #expect(c.maximumRelativeError() < 1e-9, "\(function): \(c.maximumRelativeError())")
        }
    }

    @Test func drawnCasesAgreeWithCentralDifferences() {
        for seed in 0..<20 {
            for function in MatrixFunction.allCases {
                let c = MatrixDerivativeCase(function: function, seed: UInt64(seed))
                #expect(c.maximumRelativeError() < 1e-8, "\(function) seed \(seed)")
                #expect(c.x.elements.allSatisfy { abs($0) <= 2 && ($0 * 10).rounded() == $0 * 10 })
            }
        }
    }
}

/// The gradient check judges central differences only where they can see: a saturated unit's
/// gradients (~1e-22) are below their resolution (~10 ε |L| / h), where a relative error of 1
/// would blame backpropagation for round-off. A ReLU kink, which central differences straddle,
/// still shows.
struct GradientCheckResolutionTests {
    @Test func aSaturatedSigmoidIsNotReportedAsWrong() throws {
        // z = -50: sigmoid'(z) ~ 2e-22, every gradient ~1e-22; the loss ~0.05.
        let layer = try LayeredNetwork.layers(fromJSON: #"[{"W": [[10, -4, 0]], "b": [-20]}]"#)
        let net = try LayeredNetwork(layers: layer, activation: .sigmoid, output: .sigmoid, loss: .squaredError)
        let example = NetworkExample(input: [-3, 0, 1], target: .values([0.3]))
        let pass = net.forward(example)
        #expect(pass.z[1][0] == -50)
        let gradient = net.backward(pass, target: example.target).gradients.flatMap { $0.weights.elements + $0.biases }
        #expect(gradient.allSatisfy { abs($0) < 1e-20 } && gradient.contains { $0 != 0 })
        #expect(net.numericGradient([example]).allSatisfy { $0 == 0 })   // below what differences resolve
        #expect(net.gradientCheck([example]) < 1e-9)
    }

    @Test func aReluKinkStillShows() throws {
        // The hidden unit sits exactly at z = 0: the one-sided slopes are 0 and 1, the central
        // difference their mean.
        let layers = try LayeredNetwork.layers(fromJSON: #"[{"W": [[1, 1]], "b": [0]}, {"W": [[1]], "b": [0]}]"#)
        let net = try LayeredNetwork(layers: layers, activation: .relu, output: .identity, loss: .squaredError)
        let example = NetworkExample(input: [1, -1], target: .values([1]))
        #expect(net.forward(example).z[1][0] == 0)
        #expect(net.gradientCheck([example]) > 0.1)
    }
}
