import Foundation
@testable import SimulationCore
import Testing

/// The C kernels are built twice (baseline x86-64 and AVX2) and must give the same bits on both,
/// so a seed trains the same network on every machine; and the whole-batch training kernel must
/// agree with the reference backpropagation.
struct KernelLevelTests {
    /// Networks of every activation, output kind and several shapes and feature sets.
    static func networks() -> [Network] {
        var networks: [Network] = []
        let shapes: [[Int]] = [[], [1], [8, 8], [5, 3, 7], [2, 8, 1, 4, 6, 3]]
        let featureSets: [InputFeatures] = [[.x1, .x2], [.x1, .x2, .x1Squared, .x2Squared, .x1x2, .sinX1, .sinX2], [.sinX2]]
        var seed: UInt64 = 1
        for activation in Activation.allCases {
            for (shapeIndex, hidden) in shapes.enumerated() {
                for (output, outputs, loss) in [(OutputKind.sigmoid, 1, LossKind.crossEntropy), (.softmax, 3, .crossEntropy),
                                                (.identity, 1, .squaredError)] {
                    var network = Network(features: featureSets[(shapeIndex + networks.count) % featureSets.count],
                                          hidden: hidden, activation: activation, output: output, outputs: outputs,
                                          loss: loss, seed: seed)
                    // Large enough weights that tanh and sigmoid units saturate on some points.
                    for k in network.parameters.indices { network.parameters[k] *= 1 + Double(k % 5) }
                    networks.append(network)
                    seed += 1
                }
            }
        }
        return networks
    }

    /// Points across the plane and beyond it, in counts that fill whole lane groups and that do not.
    static func points(_ count: Int, seed: UInt64) -> [Vec2] {
        var random = SeededRandom(seed: seed)
        var points = (0..<count).map { _ in Vec2(random.uniform(-6...6), random.uniform(-6...6)) }
        let extremes = [Vec2(0, -0.0), Vec2(-0.0, 0), Vec2(400, -400), Vec2(Double.leastNormalMagnitude / 8, 3e5), Vec2(-6, 6)]
        for (index, point) in extremes.enumerated() where index < points.count { points[index * 3 % points.count] = point }
        return points
    }

    /// Where two results first differ in any bit ("none" when they are identical).
    static func firstDifference(_ a: [Double], _ b: [Double]) -> String {
        guard a.count == b.count else { return "counts \(a.count) and \(b.count)" }
        guard let k = a.indices.first(where: { a[$0].bitPattern != b[$0].bitPattern }) else { return "none" }
        return "[\(k)]: \(a[k]) and \(b[k])"
    }

    @Test(.enabled("this CPU has no AVX2: there is only one build of the kernels to run") { KernelLevel.best >= 1 })
    func everyLevelGivesTheSameBits() {
        for (index, network) in Self.networks().enumerated() {
            for count in [40, 37, 3] {
                let points = Self.points(count, seed: UInt64(index * 7 + count))
                for layer in 1...network.layerCount {
                    #expect(Self.firstDifference(network.values(points, layer: layer, level: 0),
                                                 network.values(points, layer: layer, level: 1)) == "none",
                            "network \(index) layer \(layer), double")
                    #expect(Self.firstDifference(network.previewLogits(points, layer: layer, level: 0),
                                                 network.previewLogits(points, layer: layer, level: 1)) == "none",
                            "network \(index) layer \(layer), float")
                }
                let labelled = points.enumerated().map { LabelledPoint($1, label: $0 % network.outputCount, target: $1.x / 6) }
                for computeLoss in [true, false] {
                    var gradients: [[Double]] = [], losses: [Double] = []
                    for level: Int32 in [0, 1] {
                        var workspace = TrainingWorkspace(network)
                        var gradient = [Double](repeating: 0, count: network.parameters.count)
                        losses.append(workspace.accumulateLanes(network, labelled, labelled.indices, into: &gradient,
                                                                computeLoss: computeLoss, level: level))
                        gradients.append(gradient)
                    }
                    #expect(Self.firstDifference(gradients[0], gradients[1]) == "none", "network \(index) gradient")
                    #expect(losses[0].bitPattern == losses[1].bitPattern, "network \(index) loss")
                }
            }
        }
    }

    @Test(.enabled("this CPU has no AVX2: there is only one build of the kernels to run") { KernelLevel.best >= 1 })
    func laneFunctionsGiveTheSameBitsOnEveryLevel() {
        var random = SeededRandom(seed: 12)
        let specials: [Double] = [0, -0.0, .nan, .infinity, -.infinity, Double.leastNormalMagnitude / 8, -Double.leastNormalMagnitude / 8, 0.625, -0.625, 20, 709, -708, 1e300]
        for i in 0..<5_000 {
            let scale = [0.01, 1, 3, 40, 800][i % 5]
            var v = Lanes(random.uniform(-1...1), random.uniform(-1...1), random.uniform(-1...1), random.uniform(-1...1)) * scale
            if i < specials.count { v[i % 4] = specials[i] }
            for function in [{ laneTanh($0, level: $1) }, { laneExp($0, level: $1) }, { laneSigmoid($0, level: $1) }]
                as [(Lanes, Int32) -> Lanes] {
                let base = function(v, 0), avx = function(v, 1)
                for lane in 0..<4 { #expect(base[lane].bitPattern == avx[lane].bitPattern, "\(v)") }
            }
            let f = FloatLanes(repeating: Float(scale) * Float(random.uniform(-1...1)))
            #expect(laneTanh(f, level: 0)[0].bitPattern == laneTanh(f, level: 1)[0].bitPattern, "\(f[0])")
        }
    }

    /// The whole-batch training kernel (sigmoid output, cross-entropy, no loss) against the
    /// one-point-at-a-time reference backpropagation, on every activation.
    @Test(arguments: Activation.allCases)
    func theTrainingKernelMatchesTheReference(activation: Activation) {
        let points = Dataset.generate(.circle, count: 42, noise: 0.3, seed: 9).train
        let network = Network(features: [.x1, .x2, .x1x2, .sinX1], hidden: [8, 5, 3], activation: activation,
                              output: .sigmoid, outputs: 1, loss: .crossEntropy, seed: 21)
        for level in KernelLevel.available {
            var workspace = TrainingWorkspace(network)
            var kernel = [Double](repeating: 0, count: network.parameters.count), reference = kernel
            _ = workspace.accumulateLanes(network, points, Array(points.indices.reversed()), into: &kernel,
                                          computeLoss: false, level: level)
            _ = workspace.accumulate(network, points, points.indices.reversed(), into: &reference)
            let worst = zip(kernel, reference).map { abs($0 - $1) / max(1e-12, abs($1)) }.max() ?? 0
            #expect(worst < 1e-10, "\(activation) level \(level): \(worst)")
        }
    }
}

extension KernelLevelTests {
    /// A training step is the written-out rule θ ← θ - lr·rate·R'(W) (weights only), then
    /// θ ← θ - lr·g/n, to the bit, with each penalty; and both kernel levels agree.
    @Test(arguments: Regularization.allCases)
    func aTrainingStepIsTheUpdateRule(regularization: Regularization) throws {
        let dataset = Dataset.generate(.moons, count: 60, noise: 0.2, seed: 5)
        var settings = ModelSettings()
        settings.hidden = [6, 4]
        settings.learningRate = 0.3
        settings.regularization = regularization
        settings.regularizationRate = 0.05
        settings.batchSize = dataset.train.count
        settings.shuffle = false
        var trainer = try Trainer(settings: settings, dataset: dataset, seed: 3)
        let before = trainer.network
        // The unshuffled order: class by class, then by index.
        let order = dataset.train.indices.sorted { (dataset.train[$0].label, $0) < (dataset.train[$1].label, $1) }
        var workspace = TrainingWorkspace(before)
        var gradient = [Double](repeating: 0, count: before.parameters.count)
        _ = workspace.accumulateLanes(before, dataset.train, order, into: &gradient, computeLoss: false)
        var expected = before.parameters
        let lr = settings.learningRate, rate = settings.regularizationRate, n = Double(order.count)
        if regularization != .none {
            for range in before.weightRanges {
                for k in range { expected[k] -= lr * rate * regularization.derivative(expected[k]) }
            }
        }
        for k in expected.indices { expected[k] -= lr * gradient[k] / n }
        trainer.step()
        #expect(Self.firstDifference(trainer.network.parameters, expected) == "none")
        for level in KernelLevel.available {
            var network = before
            let finite = network.descend(gradient: gradient, points: order.count, learningRate: lr,
                                         regularization: regularization, rate: rate, level: level)
            #expect(finite)
            #expect(Self.firstDifference(network.parameters, expected) == "none", "level \(level)")
        }
        // A gradient that is not finite is reported.
        var network = before
        var poisoned = gradient
        poisoned[3] = .nan
        let finite = network.descend(gradient: poisoned, points: 1, learningRate: lr, regularization: regularization, rate: rate)
        #expect(!finite)
    }
}
