import Foundation
import SimulationCore
import Testing

/// Backpropagation against finite differences on every layer type, training reaching the
/// accuracies the issue asks for, the perceptron rule by hand, and the metrics against
/// scikit-learn's definitions.
struct ClassifierTests {
    /// The regularised mean loss as a function of the flat parameters.
    func objective(_ network: Network, _ points: [LabelledPoint], _ regularization: Regularization, _ rate: Double) -> Double {
        network.lossAndGradient(points, regularization: regularization, rate: rate).loss
    }

    @Test(arguments: Activation.allCases)
    func backpropagationMatchesFiniteDifferences(activation: Activation) {
        let dataset = Dataset.generate(.blobs3, count: 30, noise: 0.3, seed: 3)
        let binary = Dataset.generate(.xor, count: 30, noise: 0.2, seed: 4)
        let regression = Dataset.generate(.bumps, count: 30, noise: 0.1, seed: 5)
        let features: InputFeatures = [.x1, .x2, .x1Squared, .x1x2, .sinX2]
        let cases: [(OutputKind, Int, LossKind, [LabelledPoint], Regularization)] = [
            (.sigmoid, 1, .crossEntropy, binary.train, .l2),
            (.sigmoid, 1, .squaredError, binary.train, .l1),
            (.softmax, 3, .crossEntropy, dataset.train, .l2),
            (.softmax, 3, .squaredError, dataset.train, .none),
            (.identity, 1, .squaredError, regression.train, .l2),
        ]
        for (output, outputs, loss, points, regularization) in cases {
            var network = Network(features: features, hidden: [5, 3], activation: activation, output: output,
                                  outputs: outputs, loss: loss, seed: 11)
            // Biases away from zero, so ReLU units are not all on one side and biases matter.
            for k in network.parameters.indices { network.parameters[k] += 0.05 * Double(k % 7 - 3) }
            let rate = regularization == .none ? 0 : 0.01
            let exact = network.lossAndGradient(points, regularization: regularization, rate: rate).gradient
            var worst = 0.0
            for k in network.parameters.indices {
                let h = 1e-6
                var plus = network, minus = network
                plus.parameters[k] += h
                minus.parameters[k] -= h
                let numeric = (objective(plus, points, regularization, rate) - objective(minus, points, regularization, rate)) / (2 * h)
                worst = max(worst, abs(numeric - exact[k]) / max(1e-4, abs(numeric) + abs(exact[k])))
            }
            #expect(worst < 1e-5, "\(activation) \(output) \(loss) \(regularization): relative error \(worst)")
        }
    }

    /// A diverged model scores NaN: the curve still ends (NaN ranks lowest), with one point
    /// per distinct score.
    @Test func thePRCurveTakesNotANumber() {
        let curve = PrecisionRecallCurve(scores: [.nan, 0.9, .nan, 0.1, .infinity], positives: [true, true, false, false, true])
        #expect(curve.points.map(\.threshold) == [.infinity, 0.9, 0.1, -.infinity])
        #expect(curve.points.last?.recall == 1)
    }

    /// Linear units with a large rate explode without a NaN weight at first: training stops with
    /// a message instead of running on (it used to hang in the PR curve and then exhaust memory).
    /// As in TensorFlow Playground: the rate, penalty, batch size and shuffling change without a
    /// restart (the network and the epoch carry on); the architecture, inputs or data restart it.
    @Test func hyperparametersRetuneArchitectureRestarts() throws {
        var lab = BoundarySimulation(seed: 42)
        for _ in 0..<20 { lab.step() }
        let before = lab.snapshot()
        #expect(before.epoch == 20)
        for (parameter, value) in [("lr", ParameterValue.number(0.1)), ("regularization", .text("l2")), ("regRate", .number(0.01)),
                                   ("batch", .integer(30)), ("shuffle", .flag(false))] {
            try lab.apply(parameter, value)
            #expect(lab.snapshot().epoch == 20, "\(parameter) restarted training")
            #expect(lab.snapshot().network == before.network, "\(parameter) changed the weights by itself")
        }
        #expect(lab.snapshot().trainLosses.count == before.trainLosses.count)
        lab.step()
        #expect(lab.snapshot().epoch == 21 && lab.snapshot().settings.learningRate == 0.1)
        try lab.apply("activation", .text("relu"))
        #expect(lab.snapshot().epoch == 0)
    }

    /// Unshuffled, every epoch visits the points class by class; switching shuffling on takes
    /// effect from the next epoch, each point still once per epoch.
    @Test func shufflingChangesFromTheNextEpoch() throws {
        var settings = ModelSettings()
        settings.shuffle = false
        let dataset = Dataset.generate(.xor, count: 40, noise: 0, trainFraction: 0.5, seed: 3)
        var trainer = try Trainer(settings: settings, dataset: dataset, seed: 1)
        trainer.trainEpoch()
        settings.shuffle = true
        trainer.retune(settings)
        let updates = trainer.updates
        trainer.trainEpoch()
        #expect(trainer.epoch == 2 && trainer.updates - updates == (dataset.train.count + 9) / 10)
    }

    /// `i` walks every pair of hidden units of the layer, not just the second unit.
    @Test func theHiddenViewVisitsEveryPair() throws {
        var lab = BoundarySimulation(seed: 42)
        try lab.apply("layers", .text("4"))
        var seen: [[Int]] = [lab.snapshot().hiddenUnits]
        for _ in 0..<6 {
            try lab.apply("hiddenUnitsStep", .integer(1))
            seen.append(lab.snapshot().hiddenUnits)
        }
        #expect(seen == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [0, 1]])
        try lab.apply("hiddenUnitsStep", .integer(-1))
        #expect(lab.snapshot().hiddenUnits == [2, 3])
    }

    @Test func anExplodingLossStopsTraining() throws {
        var lab = BoundarySimulation(seed: 42)
        try lab.apply("dataset", .text("xor"))
        try lab.apply("layers", .vector([4, 4]))
        try lab.apply("activation", .text("linear"))
        try lab.apply("lr", .number(3))
        for _ in 0..<60 { lab.step() }
        let snapshot = lab.snapshot()
        #expect(snapshot.stopped?.contains("lower the learning rate") == true)
        #expect(snapshot.epoch <= 2)
    }

    @Test func laneFunctionsMatchLibm() {
        var worstTanh = 0.0, worstExp = 0.0, worstSigmoid = 0.0
        var random = SeededRandom(seed: 8)
        for i in 0..<20_000 {
            // Dense near 0 and the 0.625 switch, plus wide values.
            let scale = [0.01, 1, 3, 40][i % 4]
            let v = Lanes(random.uniform(-1...1), random.uniform(-1...1), random.uniform(-1...1), random.uniform(-1...1)) * scale
            let t = laneTanh(v), e = laneExp(v * 10), s = laneSigmoid(v)
            for lane in 0..<4 {
                worstTanh = max(worstTanh, abs(t[lane] - tanh(v[lane])) / max(1e-300, abs(tanh(v[lane]))))
                worstExp = max(worstExp, abs(e[lane] - exp(v[lane] * 10)) / exp(v[lane] * 10))
                worstSigmoid = max(worstSigmoid, abs(s[lane] - Logistic.sigmoid(v[lane])) / Logistic.sigmoid(v[lane]))
            }
        }
        #expect(worstTanh < 1e-15, "tanh: \(worstTanh)")
        #expect(worstExp < 1e-15, "exp: \(worstExp)")
        #expect(worstSigmoid < 1e-15, "sigmoid: \(worstSigmoid)")
        let edges = laneTanh(Lanes(0, -0.625, 800, -800))
        #expect(edges[0] == 0 && edges[2] == 1 && edges[3] == -1)
        #expect(abs(edges[1] - tanh(-0.625)) < 1e-15)
        #expect(laneExp(Lanes(repeating: 1000)).x.isFinite && laneSigmoid(Lanes(repeating: -1000)).x >= 0)
    }

    @Test(arguments: Activation.allCases)
    func fourLanesMatchTheScalarReference(activation: Activation) {
        let points = Dataset.generate(.blobs3, count: 23, noise: 0.4, seed: 6).train  // 12: not a multiple of 4 after split
        for (output, outputs, loss) in [(OutputKind.softmax, 3, LossKind.crossEntropy), (.softmax, 3, .squaredError)] {
            let network = Network(features: [.x1, .x2, .x2Squared, .sinX1], hidden: [6, 5], activation: activation,
                                  output: output, outputs: outputs, loss: loss, seed: 3)
            let lanes = network.lossAndGradient(points, regularization: .l2, rate: 0.01)
            let scalar = network.lossAndGradient(points, regularization: .l2, rate: 0.01, scalar: true)
            #expect(abs(lanes.loss - scalar.loss) < 1e-13)
            let worst = zip(lanes.gradient, scalar.gradient).map { abs($0 - $1) / max(1e-12, abs($1)) }.max() ?? 0
            #expect(worst < 1e-10, "\(activation) \(output) \(loss): \(worst)")
            // Batched predictions equal the one-point path.
            let batched = network.logits(points.map(\.x))
            for (index, point) in points.enumerated() {
                let single = network.logits(point.x)
                for o in 0..<outputs { #expect(abs(batched[index * outputs + o] - single[o]) < 1e-13) }
            }
        }
    }

    @Test(arguments: Activation.allCases)
    func singlePrecisionPreviewIsClose(activation: Activation) {
        let network = Network(features: [.x1, .x2, .x1x2, .sinX2], hidden: [8, 8], activation: activation, output: .softmax,
                              outputs: 3, loss: .crossEntropy, seed: 4)
        var random = SeededRandom(seed: 2)
        let points = (0..<37).map { _ in Vec2(random.uniform(-6...6), random.uniform(-6...6)) }
        let exact = network.logits(points), preview = network.previewLogits(points)
        let worst = zip(exact, preview).map { abs($0 - $1) / max(1, abs($0)) }.max() ?? 0
        #expect(worst < 1e-5, "\(activation): \(worst)")
        // A hidden layer's values, as layerValues gives them one point at a time.
        let hidden = network.previewLogits(points, layer: 2)
        for (index, p) in points.enumerated() {
            let reference = network.layerValues(p)[2]
            for unit in 0..<8 { #expect(abs(hidden[index * 8 + unit] - reference[unit]) < 1e-5) }
        }
        var worstTanh: Float = 0
        for i in 0..<20_000 {
            let v = FloatLanes(repeating: Float(i - 10_000) / 1000)
            worstTanh = max(worstTanh, abs(laneTanh(v)[0] - tanhf(v[0])))
        }
        #expect(worstTanh < 3e-7)
    }

    @Test func fastTanhIsTanh() {
        var worst = 0.0
        for i in -4000...4000 {
            let z = Double(i) / 200
            worst = max(worst, abs(fastTanh(z) - tanh(z)) / max(1e-300, abs(tanh(z))))
        }
        #expect(worst < 4e-16)
        #expect(fastTanh(1e-20) == 1e-20 && fastTanh(800) == 1 && fastTanh(-800) == -1 && fastTanh(0) == 0)
    }

    func trained(_ kind: DatasetKind, hidden: [Int], features: InputFeatures = [.x1, .x2], lr: Double = 0.03,
                 epochs: Int, noise: Double = 0, seed: UInt64 = 1) throws -> (Trainer, Dataset) {
        let dataset = Dataset.generate(kind, noise: noise, seed: seed)
        var settings = ModelSettings()
        settings.hidden = hidden
        settings.features = features
        settings.learningRate = lr
        var trainer = try Trainer(settings: settings, dataset: dataset, seed: seed)
        for _ in 0..<epochs { trainer.trainEpoch() }
        return (trainer, dataset)
    }

    func accuracy(_ trainer: Trainer, _ points: [LabelledPoint]) -> Double {
        Double(points.filter { trainer.network.predictedClass($0.x) == $0.label }.count) / Double(points.count)
    }

    @Test func mlpsLearnTheClassicSets() throws {
        for (kind, hidden, epochs, target) in [(DatasetKind.xor, [8, 8], 300, 0.95), (.circle, [8, 8], 300, 0.95),
                                                (.gaussians, [4], 50, 0.95), (.spirals, [8, 8, 8], 1500, 0.90)] {
            let (trainer, dataset) = try trained(kind, hidden: hidden, lr: kind == .spirals ? 0.1 : 0.03, epochs: epochs)
            let test = accuracy(trainer, dataset.test)
            #expect(test >= target, "\(kind): test accuracy \(test)")
        }
    }

    @Test func perceptronRuleByHand() throws {
        // Two points, features (x1, x2) = p/3: the first mistake adds lr·y·x to w and lr·y to b.
        let points = [LabelledPoint(Vec2(3, 0), label: 1), LabelledPoint(Vec2(-3, 0), label: 0),
                      LabelledPoint(Vec2(0, 3), label: 1), LabelledPoint(Vec2(0, -3), label: 0)]
        var random = SeededRandom(seed: 1)
        let dataset = Dataset(kind: .csv, problem: .binary, classCount: 2, train: points, test: points)
        _ = random.next()
        var settings = ModelSettings()
        settings.kind = .perceptron
        settings.learningRate = 0.5
        settings.batchSize = 4
        settings.shuffle = false  // order: label 0 first (-3,0), (0,-3), then (3,0), (0,3)
        var trainer = try Trainer(settings: settings, dataset: dataset, seed: 1)
        let w0 = trainer.network.parameters
        trainer.step()
        // Replay the rule by hand on the same order.
        var w = w0
        for point in [points[1], points[3], points[0], points[2]] {
            let x = [point.x.x / 3, point.x.y / 3]
            let y = point.label == 1 ? 1.0 : -1.0
            if y * (w[0] * x[0] + w[1] * x[1] + w[2]) <= 0 {
                w[0] += 0.5 * y * x[0]
                w[1] += 0.5 * y * x[1]
                w[2] += 0.5 * y
            }
        }
        #expect(trainer.network.parameters == w)
        for _ in 0..<20 { trainer.trainEpoch() }
        #expect(points.allSatisfy { trainer.network.predictedClass($0.x) == $0.label })
        // A perceptron cannot take three classes or a regression set.
        #expect(throws: ParameterError.self) {
            try Trainer(settings: settings, dataset: Dataset.generate(.blobs3, seed: 1), seed: 1)
        }
    }

    @Test func perceptronCriterionByHand() throws {
        // y = +1, -1, +1, -1 with z = 2, 0.5, -1, -3: the costs max(0, -y z) are 0, 0.5, 1, 0.
        #expect(PerceptronCriterion.value(labels: [1, 0, 1, 0], scores: [2, 0.5, -1, -3]) == 0.375)
        #expect(PerceptronCriterion.mistakes(labels: [1, 0, 1, 0], scores: [2, 0.5, -1, -3]) == 2)
        // z = 0 is class 1 (no mistake for class 1, one for class 0) and costs nothing either way.
        #expect(PerceptronCriterion.value(labels: [1, 0], scores: [0, 0]) == 0)
        #expect(PerceptronCriterion.mistakes(labels: [1, 0], scores: [0, 0]) == 1)
        #expect(PerceptronCriterion.value(labels: [], scores: []).isNaN)
        // The trainer reports it for a perceptron: w = (3, 0) on p/3, w0 = -0.5, so z = x1 - 0.5.
        let points = [LabelledPoint(Vec2(3, 0), label: 1), LabelledPoint(Vec2(-3, 0), label: 1),
                      LabelledPoint(Vec2(0, 3), label: 0), LabelledPoint(Vec2(1.5, -3), label: 0)]
        let dataset = Dataset(kind: .csv, problem: .binary, classCount: 2, train: points, test: points)
        var settings = ModelSettings()
        settings.kind = .perceptron
        var trainer = try Trainer(settings: settings, dataset: dataset, seed: 1)
        trainer.restart(parameters: [3, 0, -0.5])
        // z = 2.5, -3.5, -0.5, 1: costs 0, 3.5, 0, 1 -> 4.5 / 4; mistakes: the 2nd and the 4th.
        #expect(abs(trainer.loss(on: points) - 1.125) < 1e-12)
        #expect(PerceptronCriterion.mistakes(labels: points.map(\.label), scores: trainer.network.logits(points.map(\.x))) == 2)
    }

    @Test func divergenceStopsTraining() throws {
        var settings = ModelSettings()
        settings.learningRate = 1e6
        settings.activation = .relu
        settings.hidden = [8, 8, 8]
        var trainer = try Trainer(settings: settings, dataset: Dataset.generate(.bumps, seed: 2), seed: 2)
        for _ in 0..<50 { trainer.trainEpoch() }
        #expect(trainer.stopped?.contains("lower the learning rate") == true)
        let frozen = trainer.epoch
        trainer.trainEpoch()
        #expect(trainer.epoch == frozen)
    }

    @Test func metricsFollowScikitLearn() {
        // scikit-learn's definitions on y = [1,1,0,1,0,0,1,0], scores = [.9,.8,.7,.6,.55,.4,.3,.2] (by hand):
        let labels = [1, 1, 0, 1, 0, 0, 1, 0]
        let scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2]
        let curve = PrecisionRecallCurve(scores: scores, positives: labels.map { $0 == 1 })
        // AP = Σ ΔR·P = .25·1 + .25·1 + .25·(3/4) + .25·(4/7) = 0.8303571428...
        #expect(abs(curve.averagePrecision - (0.25 + 0.25 + 0.25 * 0.75 + 0.25 * 4 / 7)) < 1e-15)
        let predicted = scores.map { $0 >= 0.5 ? 1 : 0 }
        let confusion = ConfusionMatrix(classes: 2, actual: labels, predicted: predicted)
        #expect(confusion.counts == [[2, 2], [1, 3]])
        #expect(confusion.accuracy == 5.0 / 8)
        #expect(confusion.precision(1) == 3.0 / 5 && confusion.recall(1) == 3.0 / 4)
        #expect(abs(confusion.f1(1) - 2 * 0.6 * 0.75 / 1.35) < 1e-15)
    }

    @Test func datasetsAreSeededAndInRange() throws {
        for kind in DatasetKind.generated {
            let a = Dataset.generate(kind, noise: 0.5, seed: 9), b = Dataset.generate(kind, noise: 0.5, seed: 9)
            #expect(a == b)
            #expect(a.train.count == 250 && a.test.count == 250)
            #expect((a.train + a.test).allSatisfy { Dataset.range.contains($0.x.x) && Dataset.range.contains($0.x.y) })
        }
        #expect(Dataset.generate(.blobs3, seed: 1).classCount == 3)
        #expect(Dataset.generate(.plane, seed: 1).problem == .regression)
    }

    @Test func csvRowsAreCheckedWithLineNumbers() throws {
        let good = try Dataset.csv("x,y,label\n1,2,0\n-1,-2,1\n3,3,1\n# comment\n\n-3,-3,0\n", seed: 1)
        #expect(good.train.count + good.test.count == 4 && good.problem == .binary)
        #expect(throws: DatasetError(line: 3, message: "expected 3 fields x,y,label, found 2")) {
            try Dataset.csv("x,y,label\n1,2,0\n1,2\n", seed: 1)
        }
        #expect(throws: DatasetError(line: 2, message: "y 'abc' is not a finite decimal number")) {
            try Dataset.csv("1,2,0\n1,abc,1\n", seed: 1)
        }
        #expect(throws: DatasetError(line: 1, message: "point (7, 0) is outside [-6, 6]²")) {
            try Dataset.csv("7,0,1\n", seed: 1)
        }
        let regression = try Dataset.csv("1,1,0.5\n2,2,-2\n3,3,1\n4,4,0.25\n", seed: 1)
        #expect(regression.problem == .regression)
        #expect((regression.train + regression.test).map(\.target).sorted() == [-1, 0.125, 0.25, 0.5])
    }

    /// Files as people have them: Windows line ends, -1/+1 labels; and labels that cannot be
    /// meant are named by line rather than quietly turning the set into something else.
    @Test func csvLabelsAndLineEnds() throws {
        let windows = try Dataset.csv("x,y,label\r\n1,2,0\r\n-1,-2,1\r\n3,3,1\r\n-3,-3,0\r\n", seed: 1)
        #expect(windows.train.count + windows.test.count == 4 && windows.problem == .binary)
        let plusMinus = try Dataset.csv("1,2,-1\n-1,-2,1\n3,3,1\n-3,-3,-1\n", seed: 1)
        #expect(plusMinus.problem == .binary && Set((plusMinus.train + plusMinus.test).map(\.label)) == [0, 1])
        #expect(throws: DatasetError(line: 3, message: "label 7 is not a class: classes are 0, 1 and 2 (or -1 and 1 for two)")) {
            try Dataset.csv("1,2,0\n-1,-2,1\n3,3,7\n-3,-3,0\n", seed: 1)
        }
        #expect(throws: DatasetError(line: 4, message: "label 3 is not a class: classes are 0, 1 and 2 (or -1 and 1 for two)")) {
            try Dataset.csv("1,2,0\n-1,-2,1\n3,3,2\n-3,-3,3\n", seed: 1)
        }
        let typo = (0..<20).map { "\(Double($0 % 10) - 4.5),0,\($0 == 13 ? "0.5" : String($0 % 2))" }.joined(separator: "\n")
        #expect(throws: DatasetError(line: 14, message: "label 0.5 is not a class, though almost every other label is a whole "
                                     + "number (classes are 0, 1, 2; real-valued labels throughout make a regression set)")) {
            try Dataset.csv(typo, seed: 1)
        }
    }
}

/// Shattering by lines in the plane (VC dimension 3) and the Rademacher complexity by hand.
struct ShatteringTests {
    @Test func linesShatterThreePointsButNotFour() {
        let counts = Shattering.presets.map { Shattering(points: $0.points).realisableCount }
        // general 3: all 8; collinear 3: not the two with the middle point alone; square: not the
        // two XOR labellings; a point inside a triangle: not the two with it alone; 2 points: 4.
        #expect(counts == [8, 6, 14, 14, 4])
        #expect(Shattering(points: Shattering.presets[0].points).isShattered)
        // Rademacher: the square's two XOR sign vectors are best matched by a labelling one
        // point off (agreement 2 of 4): (14·1 + 2·½)/16; collinear: (6 + 2·⅓)/8.
        #expect(Shattering(points: Shattering.presets[2].points).empiricalRademacher == 15.0 / 16)
        #expect(abs(Shattering(points: Shattering.presets[1].points).empiricalRademacher - (6 + 2.0 / 3) / 8) < 1e-15)
        #expect(Shattering(points: Shattering.presets[0].points).empiricalRademacher == 1)
    }

    @Test func typedPoints() throws {
        var lab = BoundarySimulation(seed: 1)
        // Five points, one in the middle of four: not shattered.
        try lab.apply("vcPoints", .text("-3,-3, 3,-3, 3,3, -3,3, 0,0"))
        #expect(lab.snapshot().shatteringName == "your 5 points")
        #expect(lab.snapshot().shattering.labellingCount == 32 && !lab.snapshot().shattering.isShattered)
        #expect(throws: ParameterError.self) { try lab.apply("vcPoints", .text("1,2,x")) }
        #expect(throws: ParameterError.self) { try lab.apply("vcPoints", .text("1,2,3")) }
        #expect(throws: ParameterError.self) { try lab.apply("vcPoints", .text("9,0")) }
    }

    @Test func refusedSettingsChangeNothing() throws {
        var lab = BoundarySimulation(seed: 1)
        for _ in 0..<3 { lab.step() }
        let before = lab.snapshot()
        #expect(throws: ParameterError.self) { try lab.apply("layers", .text("9")) }
        #expect(throws: ParameterError.self) { try lab.apply("model", .text("svm")) }
        #expect(throws: ParameterError.self) { try lab.apply("csvData", .text("1,2\n")) }
        try lab.apply("dataset", .text("plane"))
        #expect(throws: ParameterError.self) { try lab.apply("model", .text("perceptron")) }
        #expect(lab.snapshot().settings.kind == .mlp)
        #expect(before.epoch == 3 && before.trainLosses.count == 4)
    }
}
