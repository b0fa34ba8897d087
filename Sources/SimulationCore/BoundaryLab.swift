import Foundation

/// What the boundary pane shows in its main area.
public enum BoundaryView: String, Sendable, Codable, CaseIterable {
    /// The model's output over the plane, the points and the boundary.
    case output
    /// The data and the warped input grid as two hidden units see them.
    case hidden
    /// One small heatmap per hidden unit of a layer.
    case neurons
    /// The test set's precision-recall curve (binary sets).
    case pr
    /// Which labellings of a few points a line can realise (VC dimension).
    case vc
    /// The VC bound on the test error as a curve over N, against the measured gap.
    case bound
}

/// The decision-boundary lab: one model learning one 2-D dataset, an epoch per step.
///
/// Invariants: deterministic from the seed; a setting that makes no sense (a perceptron on a
/// regression set) is refused and changes nothing; training stops, and says so, when the
/// loss stops being finite.
public struct BoundarySimulation: Simulation {
    public static let pane: PaneID = .boundary
    public static let historyLength = 400

    public private(set) var tick: UInt64 = 0
    public private(set) var datasetKind = DatasetKind.xor
    public private(set) var noise = 0.0
    public private(set) var trainFraction = 0.5
    public private(set) var pointCount = 500
    public private(set) var dataset: Dataset
    public private(set) var settings = ModelSettings()
    public private(set) var trainer: Trainer
    public private(set) var view = BoundaryView.output
    public private(set) var hiddenLayer = 0
    public private(set) var hiddenUnits = (0, 1)
    public private(set) var shatteringPreset = 0
    public private(set) var shattering = Shattering(points: Shattering.presets[0].points)
    /// The loss history: the train and test loss at epochs 0, s, 2s, ... (s = `lossStride`, a
    /// power of two that doubles whenever the history would pass `historyLength`), so it is
    /// computed once every s epochs, not every epoch. Deterministic: it depends on the epoch
    /// alone, never on when snapshots are taken. The metrics (accuracies, confusion matrix,
    /// precision-recall curves) are computed when a snapshot is taken, at the rate they are drawn.
    private var trainLosses: [Double] = []
    private var testLosses: [Double] = []
    private var lossStride = 1
    /// Accuracies, the test confusion matrix and PR curve of the current weights.
    private struct Metrics {
        var trainAccuracy = Double.nan, testAccuracy = Double.nan
        var confusion: ConfusionMatrix?
        var precisionRecall: PrecisionRecallCurve?
        /// Three or more classes: one curve per class (one against the rest).
        var classCurves: [PrecisionRecallCurve] = []
    }
    private var csvText: String?
    private let seed: UInt64
    /// δ of the VC bound (the bound holds with probability 1 - δ).
    public private(set) var boundDelta = 0.05
    /// Bumped by "regenerate": new noise draws from the same seed stream.
    private var dataGeneration: UInt64 = 0
    /// Training points the user added (a click in the output view), after the dataset's own;
    /// a new dataset starts without them.
    public private(set) var addedPoints: [LabelledPoint] = []
    /// The most points a user adds (each is three numbers of a command or a checkpoint).
    public static let maximumAddedPoints = 200

    public init(seed: UInt64) {
        self.seed = seed
        var settings = ModelSettings()
        settings.hidden = [4, 4]
        dataset = Dataset.generate(.xor, count: 500, noise: 0, trainFraction: 0.5, seed: seed)
        // The default settings always make a trainer.
        trainer = try! Trainer(settings: settings, dataset: dataset, seed: seed)
        self.settings = settings
        recordLosses()
    }

    public mutating func step() {
        tick += 1
        guard trainer.stopped == nil else { return }
        trainer.trainEpoch()
        if trainer.epoch % lossStride == 0 || trainer.stopped != nil { recordLosses() }
    }

    /// A training loss above this (or not finite) stops training: it has diverged.
    static let divergedLoss = 1e6

    private mutating func recordLosses() {
        let network = trainer.network
        let trainLogits = network.logits(dataset.train.map(\.x)), testLogits = network.logits(dataset.test.map(\.x))
        let trainLoss = trainer.loss(on: dataset.train, logits: trainLogits)
        // Finite weights can still give an exploding loss (linear units, a large rate): stop
        // while the numbers still mean something.
        if !(trainLoss < Self.divergedLoss) || !trainLogits.allSatisfy(\.isFinite) {
            trainer.halt("the loss diverged at epoch \(trainer.epoch) (train loss \(trainLoss.isFinite ? String(format: "%.3g", trainLoss) : "not finite")): lower the learning rate")
        }
        // Only epochs on the stride enter the history (the epoch training stopped in is shown
        // by the snapshot's latest values).
        guard trainer.epoch % lossStride == 0 else { return }
        trainLosses.append(trainLoss)
        testLosses.append(trainer.loss(on: dataset.test, logits: testLogits))
        if trainLosses.count > Self.historyLength {
            // Keep epochs 0, 2s, 4s, ...: the history stays evenly spaced.
            trainLosses = StridedHistory.halved(trainLosses)
            testLosses = StridedHistory.halved(testLosses)
            lossStride *= 2
        }
    }

    /// Accuracies, the test confusion matrix and the PR curve, from the network's outputs.
    private static func metrics(_ network: Network, on dataset: Dataset, trainLogits: [Double], testLogits: [Double]) -> Metrics {
        var metrics = Metrics()
        guard dataset.problem != .regression else { return metrics }
        let testPredicted = network.predictedClasses(logits: testLogits)
        let confusion = ConfusionMatrix(classes: dataset.classCount, actual: dataset.test.map(\.label), predicted: testPredicted)
        metrics.confusion = confusion
        metrics.testAccuracy = confusion.accuracy
        let trainCorrect = zip(network.predictedClasses(logits: trainLogits), dataset.train).filter { $0 == $1.label }.count
        metrics.trainAccuracy = Double(trainCorrect) / Double(max(1, dataset.train.count))
        if dataset.problem == .binary {
            metrics.precisionRecall = PrecisionRecallCurve(scores: testLogits, positives: dataset.test.map { $0.label == 1 })
        } else {
            metrics.classCurves = PrecisionRecallCurve.perClass(logits: testLogits, classes: dataset.classCount,
                                                                labels: dataset.test.map(\.label))
        }
        return metrics
    }

    /// The points for the current data settings (`dataGeneration` draws new noise).
    private func makeDataset() throws -> Dataset {
        let dataSeed = seed &+ dataGeneration &* 0x9E37_79B9
        var made: Dataset
        if datasetKind == .csv, let csvText {
            made = try Dataset.csv(csvText, trainFraction: trainFraction, seed: dataSeed)
        } else {
            made = Dataset.generate(datasetKind, count: pointCount, noise: noise, trainFraction: trainFraction, seed: dataSeed)
        }
        made.train += addedPoints
        return made
    }

    /// Added points as they travel: x, y, class for each.
    static func flatten(_ points: [LabelledPoint]) -> [Double] { points.flatMap { [$0.x.x, $0.x.y, Double($0.label)] } }

    /// Points from `flat` (x, y, class triples) for data of `classes` classes, or why not.
    static func parseAddedPoints(_ flat: [Double], classes: Int, problem: ProblemKind) -> Result<[LabelledPoint], AddedPointsRefusal> {
        guard problem != .regression else {
            return .failure(AddedPointsRefusal(reason: "points are added to classification data (this dataset is a regression)"))
        }
        guard flat.count % 3 == 0, flat.count / 3 <= maximumAddedPoints else {
            return .failure(AddedPointsRefusal(reason: "added points are x, y, class triples, at most \(maximumAddedPoints) of them"))
        }
        var points: [LabelledPoint] = []
        for i in stride(from: 0, to: flat.count, by: 3) {
            let (x, y, label) = (flat[i], flat[i + 1], flat[i + 2])
            guard x.isFinite, y.isFinite, Dataset.range.contains(x), Dataset.range.contains(y) else {
                return .failure(AddedPointsRefusal(reason: "an added point must lie in [-6, 6]²"))
            }
            guard label == label.rounded(), label >= 0, label < Double(classes) else {
                return .failure(AddedPointsRefusal(reason: "the class of an added point is 0...\(classes - 1)"))
            }
            points.append(LabelledPoint(Vec2(x, y), label: Int(label)))
        }
        return .success(points)
    }

    /// New data or a new model: the trainer starts again (the data only when `data` is set);
    /// with `keepWeights` (a point added) it goes on from the weights it has, when it can.
    private mutating func rebuild(data: Bool, keepWeights: Bool = false) throws {
        let newDataset = data ? try makeDataset() : dataset
        var newSettings = settings
        // New data with more classes or real targets: a perceptron gives way to logistic
        // regression (asking for a perceptron on such data is refused instead).
        if data && newDataset.problem != .binary && newSettings.kind == .perceptron { newSettings.kind = .logistic }
        var newTrainer = try Trainer(settings: newSettings, dataset: newDataset, seed: seed)
        if keepWeights, trainer.stopped == nil, newSettings == settings,
           newTrainer.network.parameters.count == trainer.network.parameters.count {
            newTrainer.restart(parameters: trainer.network.parameters)
        }
        dataset = newDataset
        settings = newSettings
        trainer = newTrainer
        trainLosses = []
        testLosses = []
        lossStride = 1
        hiddenLayer = min(hiddenLayer, max(0, trainer.network.layerCount - 2))
        clampHiddenUnits()
        recordLosses()
    }

    /// A change of rate, penalty, batch size or shuffling: training goes on with it, unless it
    /// had stopped (a diverged network starts again).
    private mutating func retune() throws {
        guard trainer.stopped == nil, Trainer.isRetuning(from: trainer.settings, to: settings) else {
            try rebuild(data: false)
            return
        }
        trainer.retune(settings)
    }

    private mutating func clampHiddenUnits() {
        let width = trainer.network.layerCount >= 2 ? trainer.network.sizes[hiddenLayer + 1] : 0
        if width < 2 { hiddenUnits = (0, 0); return }
        hiddenUnits = (min(hiddenUnits.0, width - 1), min(hiddenUnits.1, width - 1))
        if hiddenUnits.0 == hiddenUnits.1 { hiddenUnits = (0, 1) }
    }

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        func fail(_ reason: String) -> ParameterError { ParameterError(pane: Self.pane, parameter: parameter, reason: reason) }
        let before = (settings, datasetKind, noise, trainFraction, pointCount, csvText, addedPoints)
        do {
            // Each group of parameters in its own function (each says whether it took the value).
            var handled = try setData(parameter, value, fail: fail)
            if !handled { handled = try setArchitecture(parameter, value, fail: fail) }
            if !handled { handled = try setTraining(parameter, value, fail: fail) }
            if !handled { handled = try setView(parameter, value, fail: fail) }
            guard handled else {
                throw ParameterError.wrongKind(pane: Self.pane, parameter: parameter, got: value, expected: parameterValue(parameter))
            }
        } catch let error as ParameterError {
            // Nothing changes when a setting is refused.
            (settings, datasetKind, noise, trainFraction, pointCount, csvText, addedPoints) = before
            if error.pane == Self.pane && error.parameter == "model" && parameter != "model" {
                throw ParameterError(pane: Self.pane, parameter: parameter, reason: error.reason)
            }
            throw error
        } catch let error as DatasetError {
            (settings, datasetKind, noise, trainFraction, pointCount, csvText, addedPoints) = before
            throw fail("CSV \(error)")
        }
    }

    /// The points: which dataset, its noise, split, size and draw.
    private mutating func setData(_ parameter: String, _ value: ParameterValue, fail: (String) -> ParameterError) throws -> Bool {
        switch (parameter, value) {
        case ("dataset", .text(let name)):
            guard let kind = DatasetKind(rawValue: name.lowercased()), kind != .csv || csvText != nil else {
                throw fail("'\(name)' is not a dataset (" + DatasetKind.generated.map(\.rawValue).joined(separator: ", ")
                           + (csvText == nil ? ", or csv=FILE" : ", csv") + ")")
            }
            datasetKind = kind
            addedPoints = []
            try rebuild(data: true)
        case ("datasetStep", .integer(let delta)):
            let kinds = DatasetKind.generated
            let index = kinds.firstIndex(of: datasetKind) ?? 0
            datasetKind = kinds[((index + delta) % kinds.count + kinds.count) % kinds.count]
            addedPoints = []
            try rebuild(data: true)
        case ("csvData", .text(let text)):
            // A bad file throws from `rebuild` before anything changes (and is restored below).
            csvText = text
            datasetKind = .csv
            addedPoints = []
            try rebuild(data: true)
        case ("addPoint", .vector(let point)):
            guard point.count == 3 else { throw fail("a point is x, y, class") }
            guard addedPoints.count < Self.maximumAddedPoints else {
                throw fail("at most \(Self.maximumAddedPoints) added points (Backspace takes them away)")
            }
            switch Self.parseAddedPoints(point, classes: dataset.classCount, problem: dataset.problem) {
            case .success(let new): addedPoints += new
            case .failure(let refusal): throw fail(refusal.reason)
            }
            try rebuild(data: true, keepWeights: true)
        case ("addedPoints", .vector(let flat)):
            switch Self.parseAddedPoints(flat, classes: dataset.classCount, problem: dataset.problem) {
            case .success(let points): addedPoints = points
            case .failure(let refusal): throw fail(refusal.reason)
            }
            try rebuild(data: true, keepWeights: true)
        case ("noise", .number(let amount)):
            guard (0...1).contains(amount) else { throw fail("noise must be in [0, 1] (0.5 = 50 %)") }
            noise = amount
            try rebuild(data: true)
        case ("trainFraction", .number(let fraction)):
            guard fraction >= 0.1, fraction <= 0.9 else { throw fail("the training fraction must be in [0.1, 0.9]") }
            trainFraction = fraction
            try rebuild(data: true)
        case ("points", .integer(let count)):
            guard count >= 20, count <= 5000 else { throw fail("points must be 20...5000") }
            pointCount = count
            try rebuild(data: true)
        case ("regenerate", .flag(true)):
            dataGeneration &+= 1
            try rebuild(data: true)
        case ("generation", .integer(let generation)):
            dataGeneration = UInt64(truncatingIfNeeded: generation)
            try rebuild(data: true)
        default:
            return false
        }
        return true
    }

    /// The model: kind, layers, activation, inputs and loss (each restarts training).
    private mutating func setArchitecture(_ parameter: String, _ value: ParameterValue, fail: (String) -> ParameterError) throws -> Bool {
        switch (parameter, value) {
        case ("model", .text(let name)):
            guard let kind = ModelSettings.Kind(rawValue: name.lowercased()) else {
                throw fail("'\(name)' is not a model (perceptron, logistic, mlp)")
            }
            settings.kind = kind
            try rebuild(data: false)
        case ("modelStep", .integer(let delta)):
            let kinds = dataset.problem == .binary ? ModelSettings.Kind.allCases : [.logistic, .mlp]
            let index = kinds.firstIndex(of: settings.kind) ?? 0
            settings.kind = kinds[((index + delta) % kinds.count + kinds.count) % kinds.count]
            try rebuild(data: false)
        case ("layers", .text(let text)):
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { DecimalText.integer($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.count <= ModelSettings.maximumLayers,
                  parts.allSatisfy({ $0 != nil && (1...ModelSettings.maximumUnits).contains($0!) }) else {
                throw fail("layers are 1-6 comma-separated sizes of 1-8 units, e.g. 8,8")
            }
            settings.hidden = parts.map { $0! }
            settings.kind = .mlp
            try rebuild(data: false)
        case ("layers", .vector(let sizes)):
            try set("layers", to: .text(sizes.map { $0 == $0.rounded() && abs($0) < 1e6 ? String(Int($0)) : String($0) }
                                             .joined(separator: ",")))
        case ("layers", .integer(let units)):
            try set("layers", to: .text(String(units)))
        case ("layerCount", .integer(let count)):
            guard (1...ModelSettings.maximumLayers).contains(count) else { throw fail("1-6 hidden layers") }
            let width = settings.hidden.last ?? 4
            settings.hidden = Array(settings.hidden.prefix(count)) + Array(repeating: width, count: max(0, count - settings.hidden.count))
            settings.kind = .mlp
            try rebuild(data: false)
        case ("units", .integer(let units)):
            guard (1...ModelSettings.maximumUnits).contains(units) else { throw fail("1-8 units per layer") }
            settings.hidden = settings.hidden.map { _ in units }
            settings.kind = .mlp
            try rebuild(data: false)
        case ("activation", .text(let name)):
            guard let activation = Activation(rawValue: name.lowercased()) else {
                throw fail("'\(name)' is not an activation (tanh, relu, sigmoid, linear)")
            }
            settings.activation = activation
            try rebuild(data: false)
        case ("features", .text(let text)):
            guard let features = InputFeatures(names: text) else {
                throw fail("features are a comma-separated list of x1, x2, x1^2, x2^2, x1x2, sin(x1), sin(x2)")
            }
            settings.features = features
            try rebuild(data: false)
        case ("loss", .text(let name)):
            switch name.lowercased() {
            case "crossentropy", "cross-entropy", "ce": settings.loss = .crossEntropy
            case "squarederror", "squared-error", "mse", "se": settings.loss = .squaredError
            default: throw fail("'\(name)' is not a loss (cross-entropy, squared-error)")
            }
            try rebuild(data: false)
        case ("restart", .flag(true)):
            try rebuild(data: false)
        default:
            return false
        }
        return true
    }

    /// How it trains: learning rate, regularisation, batches (training goes on).
    private mutating func setTraining(_ parameter: String, _ value: ParameterValue, fail: (String) -> ParameterError) throws -> Bool {
        switch (parameter, value) {
        case ("lr", .number(let rate)):
            guard rate > 0, rate <= 10 else { throw fail("the learning rate must be in (0, 10]") }
            settings.learningRate = rate
            try retune()
        case ("lrFactor", .number(let factor)):
            guard factor > 0, factor.isFinite else { throw fail("needs a positive factor") }
            settings.learningRate = min(max(settings.learningRate * factor, 1e-5), 10)
            try retune()
        case ("regularization", .text(let name)):
            guard let kind = Regularization(rawValue: name.lowercased()) else { throw fail("none, l1 or l2") }
            settings.regularization = kind
            if kind != .none && settings.regularizationRate == 0 { settings.regularizationRate = 0.001 }
            try retune()
        case ("regRate", .number(let rate)):
            guard rate >= 0, rate <= 10 else { throw fail("the regularisation rate must be in [0, 10]") }
            settings.regularizationRate = rate
            try retune()
        case ("batch", .integer(let size)):
            guard size >= 1, size <= 5000 else { throw fail("the batch size must be 1...5000") }
            settings.batchSize = size
            try retune()
        case ("shuffle", .flag(let on)):
            settings.shuffle = on
            try retune()
        default:
            return false
        }
        return true
    }

    /// What the pane shows: the view, the hidden layer and units, the shattering points.
    private mutating func setView(_ parameter: String, _ value: ParameterValue, fail: (String) -> ParameterError) throws -> Bool {
        switch (parameter, value) {
        case ("boundDelta", .number(let delta)):
            guard delta > 0, delta < 1 else { throw fail("δ must be in (0, 1)") }
            boundDelta = delta
        case ("view", .text(let name)):
            guard let chosen = BoundaryView(rawValue: name.lowercased()) else {
                throw fail("unknown view '\(name)'; views: " + BoundaryView.allCases.map(\.rawValue).joined(separator: ", "))
            }
            view = chosen
        case ("viewStep", .integer(let delta)):
            let all = BoundaryView.allCases
            let index = all.firstIndex(of: view) ?? 0
            view = all[((index + delta) % all.count + all.count) % all.count]
        case ("hiddenLayer", .integer(let layer)):
            guard trainer.network.layerCount >= 2, (0..<(trainer.network.layerCount - 1)).contains(layer) else {
                throw fail("the model has \(max(0, trainer.network.layerCount - 1)) hidden layers")
            }
            hiddenLayer = layer
            clampHiddenUnits()
        case ("hiddenLayerStep", .integer(let delta)):
            let count = max(1, trainer.network.layerCount - 1)
            hiddenLayer = ((hiddenLayer + delta) % count + count) % count
            clampHiddenUnits()
        case ("hiddenUnits", .vector(let pair)):
            let width = trainer.network.layerCount >= 2 ? trainer.network.sizes[hiddenLayer + 1] : 0
            guard pair.count == 2, pair.allSatisfy({ $0 == $0.rounded() && $0 >= 0 && $0 < Double(width) }), pair[0] != pair[1] else {
                throw fail("two different units of the layer's \(width), e.g. 0,1")
            }
            hiddenUnits = (Int(pair[0]), Int(pair[1]))
        case ("hiddenUnitsStep", .integer(let delta)):
            let width = trainer.network.layerCount >= 2 ? trainer.network.sizes[hiddenLayer + 1] : 0
            guard width >= 2 else { throw fail("the layer needs two units") }
            // Every pair (i, j), i < j, in turn: (0,1), (0,2), ..., (1,2), ... and round again.
            let pairs = (0..<width).flatMap { i in ((i + 1)..<width).map { (i, $0) } }
            let current = pairs.firstIndex { $0 == hiddenUnits } ?? 0
            hiddenUnits = pairs[((current + delta) % pairs.count + pairs.count) % pairs.count]
        case ("vcPreset", .integer(let index)):
            guard Shattering.presets.indices.contains(index) else { throw fail("presets 0...\(Shattering.presets.count - 1)") }
            shatteringPreset = index
            shattering = Shattering(points: Shattering.presets[index].points)
        case ("vcPresetStep", .integer(let delta)):
            let count = Shattering.presets.count
            let current = min(shatteringPreset, count - 1)
            try set("vcPreset", to: .integer(((current + delta) % count + count) % count))
        case ("vcPoints", .text(let text)):
            // An expression per entry (NumberInput): "1/2, sqrt(3)/2, -1, 0".
            let numbers: [Double]
            do { numbers = try NumberInput.list(text) } catch { throw fail("points are numbers x1,y1,x2,y2,... in [-6, 6]: \(error)") }
            try set("vcPoints", to: .vector(numbers))
        case ("vcPoints", .vector(let flat)):
            guard flat.count >= 2, flat.count % 2 == 0, flat.count <= 12, flat.allSatisfy({ $0.isFinite && abs($0) <= 6 }) else {
                throw fail("1-6 points x1,y1,x2,y2,... in [-6, 6]")
            }
            shattering = Shattering(points: stride(from: 0, to: flat.count, by: 2).map { Vec2(flat[$0], flat[$0 + 1]) })
            shatteringPreset = Shattering.presets.count  // "your points"
        default:
            return false
        }
        return true
    }


    public func parameterValue(_ parameter: String) -> ParameterValue? {
        switch parameter {
        case "dataset": return .text(datasetKind.rawValue)
        case "noise": return .number(noise)
        case "trainFraction": return .number(trainFraction)
        case "points": return .integer(pointCount)
        case "lr": return .number(settings.learningRate)
        case "regRate": return .number(settings.regularizationRate)
        case "batch": return .integer(settings.batchSize)
        case "shuffle": return .flag(settings.shuffle)
        case "view": return .text(view.rawValue)
        case "boundDelta": return .number(boundDelta)
        case "hiddenLayer": return .integer(hiddenLayer)
        case "vcPreset": return shatteringPreset < Shattering.presets.count ? .integer(shatteringPreset) : nil
        case "vcPoints":
            return shatteringPreset < Shattering.presets.count ? nil : .vector(shattering.points.flatMap { [$0.x, $0.y] })
        case "csvData": return csvText.map { .text($0) }
        case "generation": return .integer(Int(truncatingIfNeeded: dataGeneration))
        case "addedPoints": return addedPoints.isEmpty ? nil : .vector(Self.flatten(addedPoints))
        case "model": return .text(settings.kind.rawValue)
        case "layers": return settings.hidden.isEmpty ? nil : .text(settings.hidden.map(String.init).joined(separator: ","))
        case "activation": return .text(settings.activation.rawValue)
        case "features": return .text(settings.features.names.joined(separator: ","))
        case "loss": return .text(settings.loss == .crossEntropy ? "cross-entropy" : "squared-error")
        case "regularization": return .text(settings.regularization.rawValue)
        case "hiddenUnits": return .vector([Double(hiddenUnits.0), Double(hiddenUnits.1)])
        default: return nil
        }
    }

    /// In the order `reset` re-applies them: the data first (a CSV before the dataset chosen
    /// after it), then the architecture (`layers` before `model`, since layers make an MLP),
    /// training settings, and what is shown.
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("csvData", [.text], .state, "the points of a CSV file (x1,x2,label per line)",
                      file: FileParameter(name: "csv", maximumBytes: 4_000_000)),
        ParameterSpec("dataset", [.text], .state, "linear, gaussians, circle, xor, spirals, moons, blobs3, plane, bumps or csv"),
        ParameterSpec("datasetStep", [.integer], .step, "the next (+1) or previous (-1) dataset"),
        ParameterSpec("noise", [.number], .state, "label noise in [0, 1] (0.5 = 50 %)"),
        ParameterSpec("trainFraction", [.number], .state, "the share of points used for training, in [0.1, 0.9]"),
        ParameterSpec("points", [.integer], .state, "how many points (20...5000)"),
        ParameterSpec("generation", [.integer], .state, "which random draw of the dataset (regenerate adds one)"),
        ParameterSpec("regenerate", [.flag], .action, "true draws the dataset's points afresh"),
        ParameterSpec("addedPoints", [.vector], .state,
                      "training points added by hand, x,y,class per point (up to 200; a new dataset clears them)"),
        ParameterSpec("addPoint", [.vector], .step, "adds a training point x,y,class (a click in the output view)"),
        ParameterSpec("layers", [.text, .vector, .integer], .state, "hidden layer sizes, e.g. 8,8 (1-6 layers of 1-8 units; makes an MLP)"),
        ParameterSpec("layerCount", [.integer], .step, "how many hidden layers (1-6), keeping the last width"),
        ParameterSpec("units", [.integer], .step, "units in every hidden layer (1-8)"),
        ParameterSpec("model", [.text], .state, "perceptron, logistic or mlp"),
        ParameterSpec("modelStep", [.integer], .step, "the next (+1) or previous (-1) model"),
        ParameterSpec("activation", [.text], .state, "tanh, relu, sigmoid or linear"),
        ParameterSpec("features", [.text], .state, "inputs: a comma-separated list of x1, x2, x1^2, x2^2, x1x2, sin(x1), sin(x2)"),
        ParameterSpec("loss", [.text], .state, "cross-entropy or squared-error"),
        ParameterSpec("lr", [.number], .state, "the learning rate η, in (0, 10]"),
        ParameterSpec("lrFactor", [.number], .step, "multiplies η by this factor"),
        ParameterSpec("regularization", [.text], .state, "none, l1 or l2"),
        ParameterSpec("regRate", [.number], .state, "the regularisation rate λ, in [0, 10]"),
        ParameterSpec("batch", [.integer], .state, "the minibatch size (1...5000)"),
        ParameterSpec("shuffle", [.flag], .state, "shuffle the training points every epoch"),
        ParameterSpec("restart", [.flag], .action, "true restarts training from fresh weights"),
        ParameterSpec("view", [.text], .state, "what the pane shows: " + BoundaryView.allCases.map(\.rawValue).joined(separator: ", ")),
        ParameterSpec("viewStep", [.integer], .step, "the next (+1) or previous (-1) view"),
        ParameterSpec("boundDelta", [.number], .state, "δ of the VC bound view (the bound holds with probability 1 − δ), in (0, 1)"),
        ParameterSpec("hiddenLayer", [.integer], .state, "the hidden layer the hidden view shows (0 = first)"),
        ParameterSpec("hiddenLayerStep", [.integer], .step, "the next or previous hidden layer"),
        ParameterSpec("hiddenUnits", [.vector], .state, "the two units of that layer plotted against each other, e.g. 0,1"),
        ParameterSpec("hiddenUnitsStep", [.integer], .step, "the next or previous pair of units"),
        ParameterSpec("vcPreset", [.integer], .state, "the shattering view's point set (index)"),
        ParameterSpec("vcPresetStep", [.integer], .step, "the next or previous point set"),
        ParameterSpec("vcPoints", [.text, .vector], .state, "your own 1-6 points x1,y1,x2,y2,... in [-6, 6] to shatter"),
    ]

    public func snapshot() -> BoundarySnapshot {
        let network = trainer.network
        // The metrics and the latest losses, from one pass over each set, once a snapshot.
        let trainLogits = network.logits(dataset.train.map(\.x)), testLogits = network.logits(dataset.test.map(\.x))
        let metrics = Self.metrics(network, on: dataset, trainLogits: trainLogits, testLogits: testLogits)
        var (trainHistory, testHistory) = (trainLosses, testLosses)
        if trainer.epoch % lossStride != 0 || trainHistory.isEmpty {
            trainHistory.append(trainer.loss(on: dataset.train, logits: trainLogits))
            testHistory.append(trainer.loss(on: dataset.test, logits: testLogits))
        }
        return BoundarySnapshot(
            tick: tick, dataset: dataset, noise: noise, trainFraction: trainFraction, settings: settings, network: network,
            epoch: trainer.epoch, updates: trainer.updates, trainLosses: trainHistory, testLosses: testHistory, lossStride: lossStride,
            trainAccuracy: metrics.trainAccuracy, testAccuracy: metrics.testAccuracy, confusion: metrics.confusion,
            precisionRecall: metrics.precisionRecall, classPrecisionRecall: metrics.classCurves, boundDelta: boundDelta,
            stopped: trainer.stopped, view: view, hiddenLayer: hiddenLayer, hiddenUnits: [hiddenUnits.0, hiddenUnits.1],
            shatteringName: shatteringPreset < Shattering.presets.count ? Shattering.presets[shatteringPreset].name
                : "your \(shattering.points.count) point" + (shattering.points.count == 1 ? "" : "s"),
            shattering: shattering, addedPointCount: addedPoints.count,
            mistakes: settings.kind == .perceptron
                ? [PerceptronCriterion.mistakes(labels: dataset.train.map(\.label), scores: trainLogits),
                   PerceptronCriterion.mistakes(labels: dataset.test.map(\.label), scores: testLogits)] : nil)
    }
}

/// Why added points were refused.
struct AddedPointsRefusal: Error {
    var reason: String
}

/// What the boundary pane draws from.
public struct BoundarySnapshot: SimulationSnapshot {
    public var tick: UInt64
    public var dataset: Dataset
    public var noise: Double
    public var trainFraction: Double
    public var settings: ModelSettings
    public var network: Network
    public var epoch: Int
    public var updates: Int
    /// Mean loss at epochs 0, s, 2s, ... (s = `lossStride`, at most 400 values), and last the
    /// loss at `epoch` when that is not on the stride: `last` is always the current loss.
    public var trainLosses: [Double]
    public var testLosses: [Double]
    /// The epochs between two history entries (a power of two).
    public var lossStride: Int
    public var trainAccuracy: Double
    public var testAccuracy: Double
    /// On the test set (nil for regression).
    public var confusion: ConfusionMatrix?
    /// On the test set, binary problems only.
    public var precisionRecall: PrecisionRecallCurve?
    /// On the test set, three or more classes: class c against the rest, in class order.
    public var classPrecisionRecall: [PrecisionRecallCurve]
    public var boundDelta: Double

    /// The mean of the per-class average precisions (NaN without classes).
    public var meanAveragePrecision: Double { PrecisionRecallCurve.meanAveragePrecision(classPrecisionRecall) }
    public var stopped: String?
    public var view: BoundaryView
    public var hiddenLayer: Int
    public var hiddenUnits: [Int]
    public var shatteringName: String
    public var shattering: Shattering
    /// How many of the training points were added by hand (the last ones of `dataset.train`).
    public var addedPointCount: Int = 0
    /// A perceptron's points on the wrong side, train and test (nil for the other models): its
    /// losses are the perceptron criterion (`PerceptronCriterion`), not a cross-entropy.
    public var mistakes: [Int]? = nil
}

extension PaneID {
    /// The boundary lab's pane.
    public static let boundary = PaneID("boundary")
}

extension BoundarySimulation {
    /// The data settings (the points are made again from them and the seed), the model's
    /// settings, the trainer's state, the view and the loss histories; the metrics are computed
    /// again from the weights.
    public struct Checkpoint: Codable, Sendable, Equatable {
        var tick: UInt64
        var seed: UInt64
        var datasetKind: DatasetKind
        var noise: Double
        var trainFraction: Double
        var pointCount: Int
        var csvText: String?
        var dataGeneration: UInt64
        var settings: ModelSettings
        var trainer: Trainer.Checkpoint
        var view: BoundaryView
        var hiddenLayer: Int
        var hiddenUnits: [Int]
        var shatteringPreset: Int
        var shatteringPoints: [Vec2]
        var trainLosses: [Double]
        var testLosses: [Double]
        var boundDelta: Double
        /// Absent in checkpoints from before points could be added.
        var addedPoints: [Double]?
    }

    /// The longest CSV text a checkpoint carries (a scene's data file is at most 4 MB).
    public static let maximumCSVBytes = 4_000_000

    public var checkpoint: Checkpoint {
        Checkpoint(tick: tick, seed: seed, datasetKind: datasetKind, noise: noise, trainFraction: trainFraction,
                   pointCount: pointCount, csvText: csvText, dataGeneration: dataGeneration, settings: settings,
                   trainer: trainer.checkpoint, view: view, hiddenLayer: hiddenLayer, hiddenUnits: [hiddenUnits.0, hiddenUnits.1],
                   shatteringPreset: shatteringPreset, shatteringPoints: shattering.points,
                   trainLosses: trainLosses, testLosses: testLosses, boundDelta: boundDelta,
                   addedPoints: addedPoints.isEmpty ? nil : Self.flatten(addedPoints))
    }

    public init(checkpoint c: Checkpoint) throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "boundary", message())
        }
        try require((0...1).contains(c.noise) && (0.1...0.9).contains(c.trainFraction) && (20...5000).contains(c.pointCount),
                    "noise, training fraction or point count out of range")
        try require(c.csvText.map { $0.utf8.count <= Self.maximumCSVBytes } ?? true, "the CSV text is over 4 MB")
        try require(c.datasetKind != .csv || c.csvText != nil, "a CSV dataset needs its text")
        try Self.validate(c.settings)
        try require(c.trainLosses.count <= Self.historyLength && c.testLosses.count == c.trainLosses.count,
                    "the loss histories must be as long as each other, at most \(Self.historyLength)")
        let presets = Shattering.presets.count
        try require((0...presets).contains(c.shatteringPreset), "no shattering preset \(c.shatteringPreset)")
        try require(c.shatteringPreset < presets || ((1...6).contains(c.shatteringPoints.count)
                        && c.shatteringPoints.allSatisfy { abs($0.x) <= 6 && abs($0.y) <= 6 }), "1-6 shattering points in [-6, 6]")
        self.init(seed: c.seed)
        (tick, datasetKind, noise, trainFraction, pointCount) = (c.tick, c.datasetKind, c.noise, c.trainFraction, c.pointCount)
        (csvText, dataGeneration, settings, view) = (c.csvText, c.dataGeneration, c.settings, c.view)
        if let flat = c.addedPoints {
            // Checked against the data they were added to (its classes) before it is made.
            let plain = try? Self.plainDataset(c)
            guard let plain else { throw CheckpointError("boundary: the CSV text is not a dataset") }
            switch Self.parseAddedPoints(flat, classes: plain.classCount, problem: plain.problem) {
            case .success(let points): addedPoints = points
            case .failure(let refusal): throw CheckpointError("boundary: \(refusal.reason)")
            }
        }
        do {
            dataset = try makeDataset()
        } catch {
            throw CheckpointError("boundary: the CSV text is not a dataset (\(error))")
        }
        do {
            trainer = try Trainer(settings: c.settings, dataset: dataset, seed: c.seed, checkpoint: c.trainer)
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError("boundary: the model does not fit the data (\(error))")
        }
        let layers = trainer.network.layerCount
        try require((0...max(0, layers - 2)).contains(c.hiddenLayer), "the model has no hidden layer \(c.hiddenLayer)")
        hiddenLayer = c.hiddenLayer
        let width = layers >= 2 ? trainer.network.sizes[hiddenLayer + 1] : 0
        try require(c.hiddenUnits.count == 2 && (width < 2 ? c.hiddenUnits == [0, 0]
                        : c.hiddenUnits.allSatisfy((0..<width).contains) && c.hiddenUnits[0] != c.hiddenUnits[1]),
                    "the hidden units shown are not two units of the layer")
        hiddenUnits = (c.hiddenUnits[0], c.hiddenUnits[1])
        shatteringPreset = c.shatteringPreset
        shattering = Shattering(points: c.shatteringPreset < presets ? Shattering.presets[c.shatteringPreset].points : c.shatteringPoints)
        (trainLosses, testLosses) = (c.trainLosses, c.testLosses)
        lossStride = StridedHistory.stride(atStep: trainer.epoch, capacity: Self.historyLength)
        try require(c.boundDelta > 0 && c.boundDelta < 1, "the bound's δ must be in (0, 1)")
        boundDelta = c.boundDelta
    }

    /// The checkpoint's data without the added points.
    private static func plainDataset(_ c: Checkpoint) throws -> Dataset {
        var bare = BoundarySimulation(seed: c.seed)
        (bare.datasetKind, bare.noise, bare.trainFraction, bare.pointCount) = (c.datasetKind, c.noise, c.trainFraction, c.pointCount)
        (bare.csvText, bare.dataGeneration) = (c.csvText, c.dataGeneration)
        return try bare.makeDataset()
    }

    /// The model settings a user can reach: 1-6 hidden layers of 1-8 units, rates in range.
    static func validate(_ settings: ModelSettings) throws {
        try CheckpointError.require((1...ModelSettings.maximumLayers).contains(settings.hidden.count)
                                        && settings.hidden.allSatisfy((1...ModelSettings.maximumUnits).contains),
                                    "boundary", "1-6 hidden layers of 1-8 units")
        try CheckpointError.require(settings.features.count >= 1 && settings.features.rawValue & ~0x7F == 0,
                                    "boundary", "unknown input features")
        try CheckpointError.require(settings.learningRate > 0 && settings.learningRate <= 10
                                        && (0...10).contains(settings.regularizationRate) && (1...5000).contains(settings.batchSize),
                                    "boundary", "the learning rate, penalty rate or batch size is out of range")
    }
}
