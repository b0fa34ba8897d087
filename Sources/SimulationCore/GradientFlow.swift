import Foundation

extension Network {
    /// ‖∂L/∂W⁽ˡ⁾‖_F for each weight layer l (the input's first): the Frobenius norms of the mean
    /// loss's gradient over `points` (no penalty), by backpropagation. How strongly each layer
    /// is being told to change: where the chain rule multiplies many factors σ' ≤ 1/4, the first
    /// layers' norms fade by orders of magnitude.
    public func layerGradientNorms(_ points: [LabelledPoint]) -> [Double] {
        guard !points.isEmpty else { return [Double](repeating: 0, count: layerCount) }
        let gradient = lossAndGradient(points).gradient
        return weightRanges.map { range in
            gradient[range].reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }

    /// This network's parameters drawn again with `initialization` from `seed` (weights from the
    /// rule's uniform distribution, layer by layer; biases at the rule's initial bias).
    public func initializedParameters(_ initialization: WeightInitialization, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed ^ 0x1A17_F10E)
        var values = [Double](repeating: 0, count: parameters.count)
        for l in 0..<layerCount {
            let limit = initialization.limit(fanIn: sizes[l], fanOut: sizes[l + 1])
            for k in weightRanges[l] { values[k] = random.uniform(-limit...limit) }
            for k in biasOffsets[l]..<(biasOffsets[l] + sizes[l + 1]) { values[k] = initialization.initialBias }
        }
        return values
    }
}

/// The gradient-flow experiment: a deep network of the boundary lab's kind trained on a 2-D
/// dataset, recording after every epoch the gradient norm of each layer's weights.
///
/// Invariant: `norms[k]` and `losses[k]` describe the network after epoch `k * stride` (k = 0 is
/// the initial network); at most `historyLength` entries are kept (thinned to every other one,
/// stride doubled).
public struct GradientFlowRun: Sendable {
    public static let historyLength = 400
    public static let epochBudget = 5000

    public private(set) var trainer: Trainer
    public private(set) var dataset: Dataset
    public private(set) var norms: [[Double]] = []
    public private(set) var losses: [Double] = []
    public private(set) var stride = 1

    public init(kind: DatasetKind, hidden: [Int], activation: Activation, initialization: WeightInitialization,
                learningRate: Double, seed: UInt64) throws {
        dataset = Dataset.generate(kind, count: 500, noise: 0, trainFraction: 0.5, seed: seed)
        var settings = ModelSettings()
        settings.hidden = hidden
        settings.activation = activation
        settings.learningRate = learningRate
        trainer = try Trainer(settings: settings, dataset: dataset, seed: seed)
        trainer.restart(parameters: trainer.network.initializedParameters(initialization, seed: seed))
        record()
    }

    public var epoch: Int { trainer.epoch }

    /// One epoch (nothing once training stopped or the budget is spent).
    public mutating func step() {
        guard trainer.stopped == nil, trainer.epoch < Self.epochBudget else { return }
        trainer.trainEpoch()
        if trainer.epoch % stride == 0 || trainer.stopped != nil { record() }
    }

    private mutating func record() {
        let network = trainer.network
        let layerNorms = network.layerGradientNorms(dataset.train)
        let loss = network.meanLoss(dataset.train)
        if !(loss.isFinite && layerNorms.allSatisfy(\.isFinite)) {
            trainer.halt("the loss stopped being finite at epoch \(trainer.epoch): lower the learning rate")
            return
        }
        norms.append(layerNorms)
        losses.append(loss)
        if norms.count > Self.historyLength {
            norms = StridedHistory.halved(norms)
            losses = StridedHistory.halved(losses)
            stride *= 2
        }
    }
}
