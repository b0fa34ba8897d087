import Foundation

/// Which model learns the boundary, and how it is trained.
public struct ModelSettings: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Rosenblatt's rule: on a mistake, w ← w + lr y x, b ← b + lr y (y = ±1).
        case perceptron
        /// One linear layer, sigmoid (softmax for 3+ classes; linear for regression).
        case logistic
        /// Hidden layers of `hidden` units with `activation`.
        case mlp
    }

    public var kind = Kind.mlp
    /// Units per hidden layer (1-6 layers of 1-8 units); ignored by the linear models.
    public var hidden = [4, 4]
    public var activation = Activation.tanh
    public var features: InputFeatures = [.x1, .x2]
    public var loss = LossKind.crossEntropy
    public var learningRate = 0.03
    public var regularization = Regularization.none
    public var regularizationRate = 0.0
    public var batchSize = 10
    /// Reshuffle the training points every epoch; off, they come in stored order with the
    /// classes in blocks (the seeds' "why sample randomly").
    public var shuffle = true

    public init() {}

    public static let maximumLayers = 6
    public static let maximumUnits = 8
}

/// Trains one model on one dataset, a minibatch at a time. Deterministic from the seed.
///
/// Invariant: once the loss is not finite, `stopped` says so and nothing changes any more; `epoch`
/// then counts the epoch it stopped in.
public struct Trainer: Sendable {
    public private(set) var network: Network
    public private(set) var settings: ModelSettings
    public private(set) var epoch = 0
    /// Minibatch updates so far.
    public private(set) var updates = 0
    public private(set) var stopped: String?
    private var order: [Int]
    private var cursor = 0
    /// Whether `order` is the unshuffled class-by-class order already.
    private var classSorted = false
    private var random: SeededRandom
    private var workspace: TrainingWorkspace
    private var gradient: [Double]
    private let train: [LabelledPoint]

    /// Fails (with the reason) for a combination that makes no sense, such as a perceptron on
    /// a regression set.
    public init(settings: ModelSettings, dataset: Dataset, seed: UInt64) throws {
        let problem = dataset.problem
        if settings.kind == .perceptron && problem != .binary {
            throw ParameterError(pane: .boundary, parameter: "model",
                                 reason: "the perceptron separates two classes; this dataset has "
                                    + (problem == .regression ? "real targets" : "\(dataset.classCount) classes"))
        }
        let output: OutputKind = problem == .binary ? .sigmoid : (problem == .multiclass ? .softmax : .identity)
        let hidden = settings.kind == .mlp ? settings.hidden : []
        network = Network(features: settings.features, hidden: hidden, activation: settings.activation, output: output,
                          outputs: problem == .multiclass ? dataset.classCount : 1,
                          loss: problem == .regression ? .squaredError : settings.loss, seed: seed)
        self.settings = settings
        train = dataset.train
        random = SeededRandom(seed: seed ^ 0x5A3D_1E)
        order = Array(train.indices)
        workspace = TrainingWorkspace(network)
        gradient = [Double](repeating: 0, count: network.parameters.count)
        startEpoch()
    }

    /// Each epoch visits every point once: in a fresh random order, or (unshuffled) class by
    /// class, as the data would come if no one sampled it.
    private mutating func startEpoch() {
        if settings.shuffle {
            random.shuffle(&order)
            classSorted = false
        } else if !classSorted {
            // The unshuffled order never changes: sorted once, not every epoch.
            let points = train
            order.sort { (points[$0].label, $0) < (points[$1].label, $1) }
            classSorted = true
        }
        cursor = 0
    }

    /// What `settings` may change without a new model: the learning rate, the penalty and its
    /// rate, the batch size and shuffling. Training goes on from where it is (as in TensorFlow
    /// Playground); a new order applies from the next epoch.
    public static func isRetuning(from old: ModelSettings, to new: ModelSettings) -> Bool {
        var same = new
        same.learningRate = old.learningRate
        same.regularization = old.regularization
        same.regularizationRate = old.regularizationRate
        same.batchSize = old.batchSize
        same.shuffle = old.shuffle
        return same == old
    }

    /// Takes new hyperparameters (see `isRetuning`) and keeps the network and the epoch.
    /// - Precondition: `Trainer.isRetuning(from: settings, to: new)`.
    public mutating func retune(_ new: ModelSettings) {
        precondition(Self.isRetuning(from: settings, to: new), "retune changes only rates, penalty, batch and shuffling")
        settings = new
    }

    /// One minibatch update (the perceptron: its rule on each point of the batch).
    public mutating func step() {
        guard stopped == nil, !order.isEmpty else { return }
        let end = min(order.count, cursor + max(1, settings.batchSize))
        let batch = order[cursor..<end]
        if settings.kind == .perceptron {
            perceptronUpdate(batch)
        } else {
            gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            _ = workspace.accumulateLanes(network, train, batch, into: &gradient, computeLoss: false)
            let finite = network.descend(gradient: gradient, points: batch.count, learningRate: settings.learningRate,
                                         regularization: settings.regularization, rate: settings.regularizationRate,
                                         shape: workspace.kernelShape)
            if !finite {
                // The losses now describe the epoch it stopped in: count it, so the epoch shown
                // beside them is the one the message names.
                epoch += 1
                stopped = "the loss stopped being finite at epoch \(epoch): lower the learning rate"
                return
            }
        }
        updates += 1
        cursor = end
        if cursor >= order.count {
            epoch += 1
            startEpoch()
        }
    }

    /// Starts from other weights (same shape as `network.parameters`), e.g. another
    /// initialisation: the epoch and update counts start again.
    public mutating func restart(parameters: [Double]) {
        precondition(parameters.count == network.parameters.count, "the network's shape is kept")
        network.parameters = parameters
        epoch = 0
        updates = 0
        stopped = nil
        startEpoch()
    }

    /// Stops training for good with `reason` (the caller saw the loss diverge).
    public mutating func halt(_ reason: String) {
        if stopped == nil { stopped = reason }
    }

    /// Minibatches until the epoch counter moves on.
    public mutating func trainEpoch() {
        let target = epoch + 1
        while epoch < target && stopped == nil { step() }
    }

    private mutating func perceptronUpdate(_ batch: ArraySlice<Int>) {
        let n = network.sizes[0], lr = settings.learningRate
        var x = [Double](repeating: 0, count: n)
        for index in batch {
            let point = train[index]
            x.withUnsafeMutableBufferPointer { network.features.write(point.x, into: $0.baseAddress!) }
            var z = network.parameters[n]
            for j in 0..<n { z += network.parameters[j] * x[j] }
            let y = point.label == 1 ? 1.0 : -1.0
            if y * z <= 0 {
                for j in 0..<n { network.parameters[j] += lr * y * x[j] }
                network.parameters[n] += lr * y
            }
        }
    }

    /// Where training is, beyond the settings and data it was made from: the weights, the
    /// counters, the epoch's order and place in it, and the random state.
    public struct Checkpoint: Codable, Sendable, Equatable {
        var parameters: [Double]
        var epoch: Int
        var updates: Int
        var stopped: String?
        var order: [Int]
        var cursor: Int
        var random: SeededRandom
    }

    public var checkpoint: Checkpoint {
        Checkpoint(parameters: network.parameters, epoch: epoch, updates: updates, stopped: stopped, order: order,
                   cursor: cursor, random: random)
    }

    /// The trainer `checkpoint` was taken from, given the settings, data and seed it was made
    /// with. Throws a `CheckpointError` when the checkpoint does not fit them (the kernels index
    /// the weights by the network's shape, so their count must be exact).
    public init(settings: ModelSettings, dataset: Dataset, seed: UInt64, checkpoint c: Checkpoint) throws {
        try self.init(settings: settings, dataset: dataset, seed: seed)
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "boundary trainer", message())
        }
        try require(c.parameters.count == network.parameters.count,
                    "\(c.parameters.count) weights for a network that has \(network.parameters.count)")
        try require(c.epoch >= 0 && c.epoch <= 1 << 48 && c.updates >= 0 && c.updates <= 1 << 56, "the counters are out of range")
        try require(c.stopped.map { $0.utf8.count <= 400 } ?? true, "the reason training stopped is over 400 bytes")
        try require(c.order.count == train.count && Set(c.order).count == train.count && c.order.allSatisfy(train.indices.contains),
                    "the epoch's order is not an order of the \(train.count) training points")
        try require((0...max(0, c.order.count - 1)).contains(c.cursor), "the place in the epoch is past its end")
        try require(c.random.isValidState, "the random state is all zero")
        network.parameters = c.parameters
        (epoch, updates, stopped, order, cursor, random) = (c.epoch, c.updates, c.stopped, c.order, c.cursor, c.random)
        classSorted = false
    }

    /// The loss reported for a set: the network's mean loss; for the perceptron, its
    /// criterion mean(max(0, -y z)).
    public func loss(on points: [LabelledPoint]) -> Double { loss(on: points, logits: network.logits(points.map(\.x))) }

    /// The same from the network's output values at the points, already computed.
    public func loss(on points: [LabelledPoint], logits z: [Double]) -> Double {
        guard settings.kind == .perceptron else { return network.meanLoss(points, logits: z) }
        return PerceptronCriterion.value(labels: points.map(\.label), scores: z)
    }
}

/// What Rosenblatt's rule minimises (Bishop, PRML 4.1.7): the perceptron criterion, the mean
/// over the points of max(0, -y z) with y = +1 for class 1 and -1 for class 0 and z = w·x + w0.
/// Points on the right side cost nothing; a mistake costs its distance to the boundary times
/// ‖w‖. It is not the cross-entropy of a sigmoid on z, which the perceptron never looks at.
public enum PerceptronCriterion {
    /// mean max(0, -y z) (NaN without points).
    public static func value(labels: [Int], scores: [Double]) -> Double {
        guard !labels.isEmpty, labels.count == scores.count else { return .nan }
        return zip(labels, scores).reduce(0) { sum, pair in
            let y = pair.0 == 1 ? 1.0 : -1.0
            return sum + max(0, -y * pair.1)
        } / Double(labels.count)
    }

    /// The points on the wrong side: predicted class 1 when z ≥ 0 (as the accuracy counts).
    public static func mistakes(labels: [Int], scores: [Double]) -> Int {
        zip(labels, scores).filter { ($0.1 >= 0) != ($0.0 == 1) }.count
    }
}

/// Counts of (actual, predicted) classes and the scores built from them.
public struct ConfusionMatrix: Sendable, Codable, Equatable {
    /// counts[actual][predicted].
    public var counts: [[Int]]

    public init(classes: Int, actual: [Int], predicted: [Int]) {
        counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (a, p) in zip(actual, predicted) where a < classes && p < classes { counts[a][p] += 1 }
    }

    public var total: Int { counts.joined().reduce(0, +) }
    public var accuracy: Double {
        total == 0 ? .nan : Double(counts.indices.reduce(0) { $0 + counts[$1][$1] }) / Double(total)
    }
    /// TP / (TP + FP) for class c (NaN when nothing was predicted as c).
    public func precision(_ c: Int) -> Double {
        let predicted = counts.reduce(0) { $0 + $1[c] }
        return predicted == 0 ? .nan : Double(counts[c][c]) / Double(predicted)
    }
    /// TP / (TP + FN) for class c.
    public func recall(_ c: Int) -> Double {
        let actual = counts[c].reduce(0, +)
        return actual == 0 ? .nan : Double(counts[c][c]) / Double(actual)
    }
    /// 2PR / (P + R) for class c.
    public func f1(_ c: Int) -> Double {
        let p = precision(c), r = recall(c)
        guard p.isFinite, r.isFinite else { return .nan }
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    /// The unweighted mean over classes of F1 (precision, recall): sklearn's "macro".
    public func macro(_ score: (Int) -> Double) -> Double {
        let values = counts.indices.map(score).filter(\.isFinite)
        return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}

/// The precision-recall curve of a binary scorer and its average precision, as scikit-learn
/// defines them: thresholds at every distinct score (descending), predicted positive when
/// score ≥ threshold, AP = Σ (R_n - R_{n-1}) P_n.
public struct PrecisionRecallCurve: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var threshold: Double
        public var precision: Double
        public var recall: Double
    }
    /// From the highest threshold (lowest recall) down.
    public var points: [Point]
    public var averagePrecision: Double

    /// A score that is not a number (a diverged model) ranks lowest; scores are grouped by
    /// equality with NaN equal to NaN, so every score is consumed exactly once.
    public init(scores rawScores: [Double], positives: [Bool]) {
        let scores = rawScores.map { $0.isNaN ? -Double.infinity : $0 }
        let total = positives.filter { $0 }.count
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points: [Point] = []
        var tp = 0, fp = 0, index = 0
        var ap = 0.0, previousRecall = 0.0
        while index < order.count {
            let threshold = scores[order[index]]
            while index < order.count && scores[order[index]] == threshold {
                if positives[order[index]] { tp += 1 } else { fp += 1 }
                index += 1
            }
            let precision = Double(tp) / Double(tp + fp)
            let recall = total == 0 ? .nan : Double(tp) / Double(total)
            points.append(Point(threshold: threshold, precision: precision, recall: recall))
            if recall.isFinite {
                ap += (recall - previousRecall) * precision
                previousRecall = recall
            }
        }
        self.points = points
        averagePrecision = total == 0 ? .nan : ap
    }
}
