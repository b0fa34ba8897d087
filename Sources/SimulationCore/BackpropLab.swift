import Foundation

/// What the backprop pane shows.
public enum BackpropView: String, Sendable, Codable, CaseIterable {
    /// The network as nodes and links, forward then backward one node at a time.
    case graph
    /// Each layer's W, a, z, δ as small heatmaps, and ∂L/∂W = δ aᵀ as the outer product.
    case matrices
    /// A deep network training live: each layer's gradient norm over the epochs (log scale).
    case flow
    /// A typed formula as its tree: values, local derivatives, the product along each path.
    case chain
    /// A map of the plane warping a grid; at a point the small square's image and J h.
    case jacobian
    /// df/dX for aᵀXb, tr(AX), ‖X‖F² and a linear layer's loss, beside central differences.
    case matrix

    public var title: String {
        switch self {
        case .graph: return "network graph"
        case .matrices: return "layers as matrices"
        case .flow: return "gradient flow"
        case .chain: return "chain rule"
        case .jacobian: return "Jacobian"
        case .matrix: return "derivative by a matrix"
        }
    }
}

/// A unit of the graph: layer 0 is the input, the last layer the output.
public struct GraphNode: Sendable, Codable, Equatable, Hashable {
    public var layer: Int
    public var unit: Int
    public init(layer: Int, unit: Int) {
        self.layer = layer
        self.unit = unit
    }
}

/// One step of the graph view's walk: forward through the units layer by layer, the loss, then
/// backward from the output to the inputs.
public enum GraphStep: Sendable, Codable, Equatable, Hashable {
    case forward(GraphNode)
    case loss
    case backward(GraphNode)

    public var node: GraphNode? {
        switch self {
        case .forward(let node), .backward(let node): return node
        case .loss: return nil
        }
    }

    /// The walk for a network of `sizes` (input first).
    public static func walk(sizes: [Int]) -> [GraphStep] {
        let forward = (1..<sizes.count).flatMap { l in (0..<sizes[l]).map { GraphStep.forward(GraphNode(layer: l, unit: $0)) } }
        let backward = stride(from: sizes.count - 1, through: 0, by: -1).flatMap { l in
            (0..<sizes[l]).map { GraphStep.backward(GraphNode(layer: l, unit: $0)) }
        }
        return forward + [.loss] + backward
    }
}

/// The graph and matrices views' state: one small network, a minibatch (its first example is the
/// one drawn as a graph), every number of its forward and backward passes, and the walk.
public struct BackpropGraphState: Sendable, Codable, Equatable {
    public var network: LayeredNetwork
    public var examples: [NetworkExample]
    /// The first example's passes.
    public var forward: ForwardPass
    public var backward: BackwardPass
    /// The minibatch's mean loss and mean gradient (what an update follows).
    public var batchLoss: Double
    public var batchGradients: [DenseLayer]
    /// Max relative error of `batchGradients` against central differences.
    public var check: Double
    /// How many steps of `walk` are shown (all of them: the whole computation).
    public var stage: Int
    public var selected: GraphNode
    public var playing: Bool
    public var learningRate: Double
    public var initialization: WeightInitialization
    /// Updates applied so far, and the batch loss before each and after the last.
    public var updates: Int
    public var lossHistory: [Double]

    public var walk: [GraphStep] { GraphStep.walk(sizes: network.sizes) }
    public var example: NetworkExample { examples[0] }

    /// Whether step `step` of the walk is shown.
    public func isShown(_ step: GraphStep) -> Bool {
        guard let index = walk.firstIndex(of: step) else { return false }
        return index < stage
    }
}

/// The gradient-flow view's state, as the pane draws it.
public struct BackpropFlowState: Sendable, Codable, Equatable {
    public var dataset: DatasetKind
    public var depth: Int
    public var width: Int
    public var activation: Activation
    public var initialization: WeightInitialization
    public var learningRate: Double
    public var epoch: Int
    public var sizes: [Int]
    /// ‖∂L/∂W⁽ˡ⁾‖_F per recorded epoch (entry k after epoch k·stride), one per weight layer.
    public var norms: [[Double]]
    public var losses: [Double]
    public var stride: Int
    public var stopped: String?
}

/// The chain-rule view's state.
public struct BackpropChainState: Sendable, Codable, Equatable {
    public var formula: String
    public var x: Double
    public var y: Double
    public var tree: ChainRuleTree
    /// The exact derivatives (hyper-dual automatic differentiation) and central differences.
    public var exact: [Double]
    public var numeric: [Double]
    /// Which variable leaf's path is picked out (an index into `tree.paths`).
    public var selectedPath: Int
}

/// The Jacobian view's state: the map by name (or formulas), the point, the square's side, and
/// the numbers at the point.
public struct BackpropJacobianState: Sendable, Codable, Equatable {
    public var preset: PlaneMap.Preset
    public var formulas: String
    public var point: Vec2
    public var side: Double
    public var image: Vec2
    public var jacobian: Matrix2
    /// For sides h, h/2, h/4: max ‖f(p+d) − f(p) − J d‖ / h on the square, and area(f(square)) / h².
    public var errors: [Double]
    public var areaScales: [Double]
    /// The seeds' f: R² → R³ Jacobian at the point (3 x 2), shown with the seeds' map.
    public var seedsJacobian: [[Double]]

    /// The map itself (its formulas were checked when set).
    public var map: PlaneMap {
        preset == .custom ? ((try? PlaneMap.custom(formulas)) ?? .named(.seeds)) : .named(preset)
    }
}

/// The derivative-by-a-matrix view's state.
public struct BackpropMatrixState: Sendable, Codable, Equatable {
    public var example: MatrixDerivativeCase
    public var analytic: Matrix
    public var numeric: Matrix
    public var maximumRelativeError: Double
    public var draw: Int
    public var selected: [Int]
}

/// The backpropagation lab: six views of the chain rule at work, from a 2-2-1 network stepped
/// node by node to a deep network's gradients fading while it trains.
///
/// Invariants: deterministic from the seed; every number shown is computed here (forward and
/// backward passes, gradient checks) and refreshed whenever a setting changes; a setting that is
/// refused changes nothing. Only the shown view moves with the clock: the graph walk while
/// playing, the flow network one epoch per step.
public struct BackpropSimulation: Simulation {
    public static let pane: PaneID = .backprop
    /// Clock steps per step of the walk while it plays (30 steps/s: three nodes a second).
    public static let ticksPerWalkStep = 10
    public static let maximumBatch = 8

    public private(set) var tick: UInt64 = 0
    public private(set) var view = BackpropView.graph
    private var graph: BackpropGraphState
    private var flow: GradientFlowRun
    private var flowSettings = (dataset: DatasetKind.circle, depth: 6, width: 8, activation: Activation.sigmoid,
                                initialization: WeightInitialization.uniform, learningRate: 0.03)
    private var chain: BackpropChainState
    private var jacobian: BackpropJacobianState
    private var matrix: BackpropMatrixState
    /// Ticks since the walk last moved (while playing).
    private var walkTicks = 0
    /// Bumped by "reinit": a new draw of the weights from the same seed stream.
    private var weightDraw: UInt64 = 0
    private let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        let network = try! LayeredNetwork(sizes: [2, 2, 1], activation: .tanh, output: .sigmoid, loss: .crossEntropy,
                                          initialization: .xavier, seed: seed)
        let example = NetworkExample(input: [0.5, -1], target: .values([1]))
        graph = Self.computed(network: network, examples: [example], stage: GraphStep.walk(sizes: network.sizes).count,
                              selected: GraphNode(layer: 2, unit: 0), learningRate: 0.5, initialization: .xavier)
        flow = try! GradientFlowRun(kind: .circle, hidden: Array(repeating: 8, count: 6), activation: .sigmoid,
                                    initialization: .uniform, learningRate: 0.03, seed: seed)
        chain = try! Self.chainState(formula: "sqrt(x^2 + 3*x)", x: 1, y: 0, selectedPath: 0)
        jacobian = Self.jacobianState(preset: .seeds, formulas: PlaneMap.named(.seeds).text, point: Vec2(2, 1), side: 0.25)
        matrix = Self.matrixState(function: .bilinear, draw: 0, seed: seed, selected: [0, 0])
    }

    public mutating func step() {
        tick += 1
        switch view {
        case .graph, .matrices:
            guard graph.playing else { return }
            walkTicks += 1
            guard walkTicks >= Self.ticksPerWalkStep else { return }
            walkTicks = 0
            if graph.stage >= graph.walk.count {
                update()
                setStage(0)
            } else {
                setStage(graph.stage + 1)
            }
        case .flow:
            flow.step()
        case .chain, .jacobian, .matrix:
            break
        }
    }

    // MARK: The graph

    /// Every number of the graph views for this network and minibatch.
    static func computed(network: LayeredNetwork, examples: [NetworkExample], stage: Int, selected: GraphNode,
                         learningRate: Double, initialization: WeightInitialization, playing: Bool = false,
                         updates: Int = 0, lossHistory: [Double] = []) -> BackpropGraphState {
        let pass = network.forward(examples[0])
        let batch = network.meanLossAndGradient(examples)
        let walkLength = GraphStep.walk(sizes: network.sizes).count
        let sizes = network.sizes
        let layer = min(selected.layer, sizes.count - 1)
        return BackpropGraphState(
            network: network, examples: examples, forward: pass, backward: network.backward(pass, target: examples[0].target),
            batchLoss: batch.loss, batchGradients: batch.gradients, check: network.gradientCheck(examples),
            stage: min(max(0, stage), walkLength), selected: GraphNode(layer: layer, unit: min(selected.unit, sizes[layer] - 1)),
            playing: playing, learningRate: learningRate, initialization: initialization, updates: updates,
            lossHistory: lossHistory.isEmpty ? [batch.loss] : lossHistory)
    }

    /// The graph state again after a change of network or examples (the walk shown whole).
    private mutating func recompute(network: LayeredNetwork? = nil, examples: [NetworkExample]? = nil, keepHistory: Bool = false) {
        let network = network ?? graph.network
        graph = Self.computed(network: network, examples: examples ?? graph.examples,
                              stage: GraphStep.walk(sizes: network.sizes).count, selected: graph.selected,
                              learningRate: graph.learningRate, initialization: graph.initialization, playing: graph.playing,
                              updates: keepHistory ? graph.updates : 0, lossHistory: keepHistory ? graph.lossHistory : [])
    }

    /// One gradient-descent step on the minibatch: w ← w − η ∂L/∂w.
    private mutating func update() {
        let next = graph.network.descending(graph.batchGradients, learningRate: graph.learningRate)
        guard next.parameters.allSatisfy(\.isFinite) else { return }
        var history = graph.lossHistory
        let updates = graph.updates + 1
        graph = Self.computed(network: next, examples: graph.examples, stage: graph.stage, selected: graph.selected,
                              learningRate: graph.learningRate, initialization: graph.initialization, playing: graph.playing)
        history.append(graph.batchLoss)
        if history.count > 200 { history.removeFirst(history.count - 200) }
        graph.updates = updates
        graph.lossHistory = history
    }

    /// Shows the first `stage` steps of the walk; the step just shown becomes the selected node.
    private mutating func setStage(_ stage: Int) {
        let walk = graph.walk
        graph.stage = min(max(0, stage), walk.count)
        if graph.stage > 0, let node = walk[graph.stage - 1].node { graph.selected = node }
    }

    /// The minibatch: the shown example first, then `count - 1` more drawn from the seed (inputs
    /// in [-1, 1] to two decimals, targets of the output's kind).
    private func batch(_ count: Int, first: NetworkExample, network: LayeredNetwork) -> [NetworkExample] {
        var random = SeededRandom(seed: seed ^ 0xBA7C_4E5)
        let inputs = network.sizes[0], outputs = network.outputCount
        var examples = [first]
        for _ in 1..<max(1, count) {
            let input = (0..<inputs).map { _ in (random.uniform(-1...1) * 100).rounded() / 100 }
            let target: NetworkTarget
            switch network.output {
            case .softmax: target = .classIndex(random.int(below: outputs))
            case .sigmoid: target = .values((0..<outputs).map { _ in Double(random.int(below: 2)) })
            case .identity: target = .values((0..<outputs).map { _ in (random.uniform(-1...1) * 100).rounded() / 100 })
            }
            examples.append(NetworkExample(input: input, target: target))
        }
        return examples
    }

    /// The example kept across a change of shape: the input cut or padded with zeros, the target
    /// made to fit the new output.
    static func fitted(_ example: NetworkExample, to network: LayeredNetwork) -> NetworkExample {
        let inputs = network.sizes[0], outputs = network.outputCount
        let input = Array((example.input + [Double](repeating: 0, count: inputs)).prefix(inputs))
        let target: NetworkTarget
        switch (network.output, example.target) {
        case (.softmax, .classIndex(let k)): target = .classIndex(min(k, outputs - 1))
        case (.softmax, .values(let values)): target = .classIndex(min(outputs - 1, values.first.map { $0 >= 0.5 ? 1 : 0 } ?? 0))
        case (_, .classIndex(let k)): target = .values((0..<outputs).map { $0 == k ? 1 : 0 })
        case (let output, .values(let values)):
            var fitted = Array((values + [Double](repeating: 1, count: outputs)).prefix(outputs))
            if output == .sigmoid { fitted = fitted.map { min(1, max(0, $0)) } }
            target = .values(fitted)
        }
        return NetworkExample(input: input, target: target)
    }

    /// A new network (shape, activation, output or loss) with weights drawn from the seed.
    private mutating func rebuild(sizes: [Int]? = nil, activation: Activation? = nil, output: OutputKind? = nil,
                                  loss: LossKind? = nil, initialization: WeightInitialization? = nil) throws {
        let old = graph.network
        let initialization = initialization ?? graph.initialization
        let network = try LayeredNetwork(sizes: sizes ?? old.sizes, activation: activation ?? old.activation,
                                         output: output ?? old.output, loss: loss ?? old.loss,
                                         initialization: initialization, seed: seed &+ weightDraw &* 0x9E37_79B9)
        graph.initialization = initialization
        let first = Self.fitted(graph.example, to: network)
        recompute(network: network, examples: batch(graph.examples.count, first: first, network: network))
    }

    // MARK: Parameters

    public mutating func set(_ parameter: String, to value: ParameterValue) throws {
        func fail(_ reason: String) -> ParameterError { ParameterError(pane: Self.pane, parameter: parameter, reason: reason) }
        do {
            if try setView(parameter, value) || setGraph(parameter, value) || setFlow(parameter, value)
                || setChain(parameter, value) || setJacobian(parameter, value) || setMatrix(parameter, value) {
                return
            }
        } catch let error as NetworkShapeError {
            throw fail(error.message)
        } catch let error as ExpressionError {
            throw fail("column \(error.column): \(error.message)")
        } catch let error as ParameterError where error.pane == .boundary {
            throw fail(error.reason)
        }
        throw ParameterError.wrongKind(pane: Self.pane, parameter: parameter, got: value, expected: parameterValue(parameter))
    }

    private mutating func setView(_ parameter: String, _ value: ParameterValue) throws -> Bool {
        guard parameter == "view" else { return false }
        guard case .text(let name) = value else { return false }
        guard let chosen = BackpropView(rawValue: name.lowercased()) else {
            throw ParameterError(pane: Self.pane, parameter: parameter,
                                 reason: "unknown view '\(name)'; views: " + BackpropView.allCases.map(\.rawValue).joined(separator: ", "))
        }
        view = chosen
        return true
    }

    /// Names as `calc backprop` takes them: --output sigmoid|linear|softmax, --loss
    /// cross-entropy|squared-error.
    public static func outputKind(_ name: String) -> OutputKind? {
        switch name.lowercased() {
        case "sigmoid": return .sigmoid
        case "softmax": return .softmax
        case "linear", "identity": return .identity
        default: return nil
        }
    }

    public static func lossKind(_ name: String) -> LossKind? {
        switch name.lowercased() {
        case "cross-entropy", "crossentropy", "ce": return .crossEntropy
        case "squared-error", "squarederror", "mse", "se": return .squaredError
        default: return nil
        }
    }

    /// "2,2,1" -> [2, 2, 1] (input, hidden..., output sizes).
    public static func layerSizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count >= 2, parts.count <= LayeredNetwork.maximumLayers + 1,
              parts.allSatisfy({ $0 != nil && (1...LayeredNetwork.maximumUnits).contains($0!) }) else {
            throw NetworkShapeError("layers are 2-\(LayeredNetwork.maximumLayers + 1) comma-separated sizes of 1-\(LayeredNetwork.maximumUnits) units, input first, e.g. 2,2,1")
        }
        return parts.map { $0! }
    }

    /// Numbers given as numbers, or as text with an expression per entry (`NumberInput.list`:
    /// "0.5, -1", "1/3 sqrt(2)"); text that is not numbers is refused saying what and where.
    static func numbers(_ value: ParameterValue) throws -> [Double]? {
        switch value {
        case .vector(let values): return values
        case .number(let v): return [v]
        case .integer(let n): return [Double(n)]
        case .text(let text):
            do { return try NumberInput.list(text) } catch { throw NetworkShapeError(error.description) }
        default: return nil
        }
    }

    private mutating func setGraph(_ parameter: String, _ value: ParameterValue) throws -> Bool {
        let network = graph.network
        switch (parameter, value) {
        case ("layers", .text(let text)): try rebuild(sizes: try Self.layerSizes(text))
        case ("layers", .vector(let sizes)):
            try rebuild(sizes: try Self.layerSizes(sizes.map { $0 == $0.rounded() && abs($0) < 1e6 ? String(Int($0)) : "\($0)" }
                                                    .joined(separator: ",")))
        case ("activation", .text(let name)):
            guard let activation = Activation(rawValue: name.lowercased()) else {
                throw NetworkShapeError("'\(name)' is not an activation (tanh, relu, sigmoid, linear)")
            }
            try rebuild(activation: activation)
        case ("output", .text(let name)):
            guard let output = Self.outputKind(name) else { throw NetworkShapeError("'\(name)' is not an output (sigmoid, linear, softmax)") }
            var sizes = network.sizes
            if output == .softmax && sizes[sizes.count - 1] < 2 { sizes[sizes.count - 1] = 2 }
            // A linear output cannot take cross-entropy: it switches to squared error with it.
            try rebuild(sizes: sizes, output: output, loss: output == .identity ? .squaredError : nil)
        case ("loss", .text(let name)):
            guard let loss = Self.lossKind(name) else { throw NetworkShapeError("'\(name)' is not a loss (cross-entropy, squared-error)") }
            try rebuild(loss: loss)
        case ("initialization", .text(let name)):
            guard let rule = WeightInitialization(rawValue: name.lowercased()) else {
                throw NetworkShapeError("'\(name)' is not an initialisation (uniform, xavier, he)")
            }
            try rebuild(initialization: rule)
        case ("reinit", .flag(true)):
            weightDraw &+= 1
            try rebuild()
        case ("weights", .text(let json)):
            let layers = try LayeredNetwork.layers(fromJSON: json)
            let next = try LayeredNetwork(layers: layers, activation: network.activation, output: network.output, loss: network.loss)
            let first = Self.fitted(graph.example, to: next)
            recompute(network: next, examples: batch(graph.examples.count, first: first, network: next))
        case ("incoming", _):
            try setIncoming(value)
        case ("input", _):
            guard let input = try Self.numbers(value) else { throw NetworkShapeError("the input is numbers separated by commas, e.g. 0.5,-1") }
            let example = NetworkExample(input: input, target: graph.example.target)
            try network.validate(example)
            recompute(examples: [example] + graph.examples.dropFirst())
        case ("target", _):
            guard let values = try Self.numbers(value) else { throw NetworkShapeError("the target is a number (or numbers separated by commas)") }
            let target: NetworkTarget
            if network.output == .softmax {
                guard values.count == 1, values[0] == values[0].rounded() else {
                    throw NetworkShapeError("a softmax output's target is a class index 0...\(network.outputCount - 1)")
                }
                target = .classIndex(Int(values[0]))
            } else {
                target = .values(values)
            }
            let example = NetworkExample(input: graph.example.input, target: target)
            try network.validate(example)
            recompute(examples: [example] + graph.examples.dropFirst())
        case ("batch", .integer(let count)):
            guard (1...Self.maximumBatch).contains(count) else { throw NetworkShapeError("the minibatch has 1-\(Self.maximumBatch) examples") }
            recompute(examples: batch(count, first: graph.example, network: network))
        case ("lr", .number(let eta)):
            guard eta > 0, eta <= 100 else { throw NetworkShapeError("the learning rate must be in (0, 100]") }
            graph.learningRate = eta
        case ("update", .flag(true)):
            update()
        case ("stage", .integer(let stage)):
            guard (0...graph.walk.count).contains(stage) else {
                throw NetworkShapeError("the walk has steps 0...\(graph.walk.count) (0 shows only the inputs)")
            }
            setStage(stage)
        case ("play", .flag(let on)):
            graph.playing = on
            walkTicks = 0
        case ("select", .vector(let pair)):
            let sizes = network.sizes
            guard pair.count == 2, pair.allSatisfy({ $0 == $0.rounded() && $0 >= 0 }), Int(pair[0]) < sizes.count,
                  Int(pair[1]) < sizes[Int(pair[0])] else {
                throw NetworkShapeError("a node is layer,unit with layer 0...\(sizes.count - 1) (0 = the input) and a unit of that layer")
            }
            graph.selected = GraphNode(layer: Int(pair[0]), unit: Int(pair[1]))
        default:
            return false
        }
        return true
    }

    /// The selected node's incoming weights and its bias: "w1,...,wn,b".
    private mutating func setIncoming(_ value: ParameterValue) throws {
        let node = graph.selected
        guard node.layer > 0 else { throw NetworkShapeError("an input node has no incoming weights: select a node of a later layer") }
        let fanIn = graph.network.sizes[node.layer - 1]
        guard let values = try Self.numbers(value), values.count == fanIn + 1, values.allSatisfy(\.isFinite) else {
            throw NetworkShapeError("node \(node.layer),\(node.unit) takes \(fanIn) weights and a bias: \(fanIn + 1) numbers separated by commas")
        }
        var next = graph.network
        for j in 0..<fanIn { next.layers[node.layer - 1].weights[node.unit, j] = values[j] }
        next.layers[node.layer - 1].biases[node.unit] = values[fanIn]
        recompute(network: next)
    }

    private mutating func setFlow(_ parameter: String, _ value: ParameterValue) throws -> Bool {
        var settings = flowSettings
        switch (parameter, value) {
        case ("flowActivation", .text(let name)):
            guard let activation = Activation(rawValue: name.lowercased()) else {
                throw NetworkShapeError("'\(name)' is not an activation (tanh, relu, sigmoid, linear)")
            }
            settings.activation = activation
        case ("flowInit", .text(let name)):
            guard let rule = WeightInitialization(rawValue: name.lowercased()) else {
                throw NetworkShapeError("'\(name)' is not an initialisation (uniform, xavier, he)")
            }
            settings.initialization = rule
        case ("depth", .integer(let depth)):
            guard (1...ModelSettings.maximumLayers).contains(depth) else { throw NetworkShapeError("1-\(ModelSettings.maximumLayers) hidden layers") }
            settings.depth = depth
        case ("width", .integer(let width)):
            guard (1...ModelSettings.maximumUnits).contains(width) else { throw NetworkShapeError("1-\(ModelSettings.maximumUnits) units per layer") }
            settings.width = width
        case ("dataset", .text(let name)):
            guard let kind = DatasetKind(rawValue: name.lowercased()), kind.problem == .binary else {
                throw NetworkShapeError("'\(name)' is not a two-class dataset (" + DatasetKind.generated.filter { $0.problem == .binary }
                                        .map(\.rawValue).joined(separator: ", ") + ")")
            }
            settings.dataset = kind
        case ("flowLr", .number(let eta)):
            guard eta > 0, eta <= 10 else { throw NetworkShapeError("the learning rate must be in (0, 10]") }
            settings.learningRate = eta
        case ("flowRestart", .flag(true)):
            break
        default:
            return false
        }
        flow = try GradientFlowRun(kind: settings.dataset, hidden: Array(repeating: settings.width, count: settings.depth),
                                   activation: settings.activation, initialization: settings.initialization,
                                   learningRate: settings.learningRate, seed: seed)
        flowSettings = settings
        return true
    }

    static func chainState(formula: String, x: Double, y: Double, selectedPath: Int) throws -> BackpropChainState {
        let expression = try Expression.parse(formula)
        let tree = ChainRuleTree(expression, x: x, y: y)
        let exact = expression.gradient(x: x, y: y)
        let h = 1e-5
        let numeric = [(expression.value(x: x + h, y: y) - expression.value(x: x - h, y: y)) / (2 * h),
                       (expression.value(x: x, y: y + h) - expression.value(x: x, y: y - h)) / (2 * h)]
        return BackpropChainState(formula: formula, x: x, y: y, tree: tree, exact: [exact.0, exact.1], numeric: numeric,
                                  selectedPath: min(max(0, selectedPath), max(0, tree.paths.count - 1)))
    }

    private mutating func setChain(_ parameter: String, _ value: ParameterValue) throws -> Bool {
        switch (parameter, value) {
        case ("formula", .text(let text)):
            chain = try Self.chainState(formula: text, x: chain.x, y: chain.y, selectedPath: 0)
        case ("x", .number(let x)):
            guard x.isFinite, abs(x) <= 1e6 else { throw NetworkShapeError("x must be a finite number within ±1e6") }
            chain = try Self.chainState(formula: chain.formula, x: x, y: chain.y, selectedPath: chain.selectedPath)
        case ("y", .number(let y)):
            guard y.isFinite, abs(y) <= 1e6 else { throw NetworkShapeError("y must be a finite number within ±1e6") }
            chain = try Self.chainState(formula: chain.formula, x: chain.x, y: y, selectedPath: chain.selectedPath)
        case ("path", .integer(let index)):
            let count = chain.tree.paths.count
            guard count > 0, (0..<count).contains(index) else {
                throw NetworkShapeError(count == 0 ? "the formula has no variable" : "paths are 0...\(count - 1)")
            }
            chain.selectedPath = index
        default:
            return false
        }
        return true
    }

    static func jacobianState(preset: PlaneMap.Preset, formulas: String, point: Vec2, side: Double) -> BackpropJacobianState {
        let map = preset == .custom ? ((try? PlaneMap.custom(formulas)) ?? .named(.seeds)) : .named(preset)
        let sides = [side, side / 2, side / 4]
        return BackpropJacobianState(
            preset: map.preset, formulas: map.text, point: point, side: side, image: map(point), jacobian: map.jacobian(point),
            errors: sides.map { map.linearisationError(at: point, side: $0) },
            areaScales: sides.map { map.areaScale(at: point, side: $0) },
            seedsJacobian: map.preset == .seeds ? SeedsJacobianExample.jacobian(at: point) : [])
    }

    private mutating func setJacobian(_ parameter: String, _ value: ParameterValue) throws -> Bool {
        let j = jacobian
        switch (parameter, value) {
        case ("map", .text(let text)):
            if let preset = PlaneMap.Preset(rawValue: text.lowercased()), preset != .custom {
                jacobian = Self.jacobianState(preset: preset, formulas: "", point: PlaneMap.named(preset).start, side: j.side)
            } else {
                let map: PlaneMap
                do { map = try PlaneMap.custom(text) } catch let error as ExpressionError {
                    throw NetworkShapeError("column \(error.column) of '\(text)': \(error.message) (or a map: polar, shear, seeds)")
                }
                jacobian = Self.jacobianState(preset: .custom, formulas: map.text, point: map.start, side: j.side)
            }
        case ("point", .vector(let p)):
            guard p.count == 2, p.allSatisfy({ $0.isFinite && abs($0) <= 1e3 }) else {
                throw NetworkShapeError("the point is two finite numbers x,y within ±1000")
            }
            jacobian = Self.jacobianState(preset: j.preset, formulas: j.formulas, point: Vec2(p[0], p[1]), side: j.side)
        case ("side", .number(let h)):
            guard h >= 1e-4, h <= 2 else { throw NetworkShapeError("the square's side must be in [0.0001, 2]") }
            jacobian = Self.jacobianState(preset: j.preset, formulas: j.formulas, point: j.point, side: h)
        default:
            return false
        }
        return true
    }

    static func matrixState(function: MatrixFunction, draw: Int, seed: UInt64, selected: [Int]) -> BackpropMatrixState {
        let example = MatrixDerivativeCase(function: function, seed: seed &+ UInt64(draw) &* 0x9E37_79B9)
        let x = example.x
        return BackpropMatrixState(example: example, analytic: example.analytic, numeric: example.numeric(),
                                   maximumRelativeError: example.maximumRelativeError(), draw: draw,
                                   selected: [min(selected[0], x.rows - 1), min(selected[1], x.columns - 1)])
    }

    private mutating func setMatrix(_ parameter: String, _ value: ParameterValue) throws -> Bool {
        let m = matrix
        switch (parameter, value) {
        case ("function", .text(let name)):
            guard let function = MatrixFunction(rawValue: name.lowercased()) else {
                throw NetworkShapeError("'\(name)' is not a function (" + MatrixFunction.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            matrix = Self.matrixState(function: function, draw: m.draw, seed: seed, selected: m.selected)
        case ("draw", .integer(let draw)):
            guard draw >= 0, draw <= 1_000_000 else { throw NetworkShapeError("draws are 0...1000000") }
            matrix = Self.matrixState(function: m.example.function, draw: draw, seed: seed, selected: m.selected)
        case ("entry", .vector(let pair)):
            guard pair.count == 2, pair.allSatisfy({ $0 == $0.rounded() && $0 >= 0 }), Int(pair[0]) < m.example.x.rows,
                  Int(pair[1]) < m.example.x.columns else {
                throw NetworkShapeError("an entry is row,column of X (0-based: 0...\(m.example.x.rows - 1), 0...\(m.example.x.columns - 1))")
            }
            matrix.selected = [Int(pair[0]), Int(pair[1])]
        default:
            return false
        }
        return true
    }

    /// In the order `reset` (and a checkpoint) re-applies them: the network's shape before its
    /// weights, the weights before the example and the minibatch, the walk last; each view's
    /// settings; the view itself at the end.
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("layers", [.text, .vector], .state, "the graph network's layer sizes, input first, e.g. 2,2,1 (1-8 units, at most 4 weight layers)"),
        ParameterSpec("activation", [.text], .state, "the hidden layers' activation: tanh, relu, sigmoid or linear"),
        ParameterSpec("output", [.text], .state, "the output: sigmoid, softmax or linear"),
        ParameterSpec("loss", [.text], .state, "cross-entropy or squared-error"),
        ParameterSpec("initialization", [.text], .state, "how weights are drawn: uniform, xavier or he"),
        ParameterSpec("reinit", [.flag], .action, "true draws new weights"),
        ParameterSpec("weights", [.text], .state, "every layer's W and b as JSON: [{\"W\": [[...]], \"b\": [...]}, ...]"),
        ParameterSpec("incoming", [.vector, .text], .step, "the selected node's incoming weights and bias"),
        ParameterSpec("input", [.vector, .number, .text], .state, "the example's input x"),
        ParameterSpec("target", [.vector, .number, .integer, .text], .state, "the example's target (a class index for softmax)"),
        ParameterSpec("batch", [.integer], .state, "examples in the minibatch (1-8; the shown one first)"),
        ParameterSpec("lr", [.number], .state, "the update's learning rate η, in (0, 100]"),
        ParameterSpec("update", [.flag], .action, "true takes one step w ← w − η ∂L/∂w on the minibatch"),
        ParameterSpec("play", [.flag], .state, "walk the graph node by node by itself (and update after each walk)"),
        ParameterSpec("stage", [.integer], .state, "how far the forward and backward walk has gone (0 = only the inputs)"),
        ParameterSpec("select", [.vector], .state, "the selected node: layer,unit (layer 0 = the input)"),
        ParameterSpec("flowActivation", [.text], .state, "the gradient-flow network's activation"),
        ParameterSpec("flowInit", [.text], .state, "the gradient-flow network's initialisation: uniform, xavier or he"),
        ParameterSpec("depth", [.integer], .state, "hidden layers of the gradient-flow network"),
        ParameterSpec("width", [.integer], .state, "units per hidden layer of the gradient-flow network"),
        ParameterSpec("dataset", [.text], .state, "the gradient-flow network's dataset"),
        ParameterSpec("flowLr", [.number], .state, "the gradient-flow network's learning rate"),
        ParameterSpec("flowRestart", [.flag], .action, "true trains the gradient-flow network afresh"),
        ParameterSpec("formula", [.text], .state, "the chain rule's formula in x (and y), e.g. sqrt(x^2 + 3*x)"),
        ParameterSpec("x", [.number], .state, "where the chain rule is evaluated: x"),
        ParameterSpec("y", [.number], .state, "where the chain rule is evaluated: y"),
        ParameterSpec("path", [.integer], .state, "the path through the formula tree shown"),
        ParameterSpec("map", [.text], .state, "the Jacobian's plane map: a preset or two formulas in x, y"),
        ParameterSpec("point", [.vector], .state, "where the Jacobian is taken: x,y"),
        ParameterSpec("side", [.number], .state, "the side of the small square the map carries"),
        ParameterSpec("function", [.text], .state, "the derivative by a matrix: bilinear, trace, frobenius or linear-layer"),
        ParameterSpec("draw", [.integer], .state, "which random draw of its matrices"),
        ParameterSpec("entry", [.vector], .state, "the selected entry i,j of the derivative"),
        ParameterSpec("view", [.text], .state, "graph, matrices, flow, chain, jacobian or matrix"),
    ]

    public func parameterValue(_ parameter: String) -> ParameterValue? {
        let network = graph.network
        switch parameter {
        case "view": return .text(view.rawValue)
        case "layers": return .text(network.sizes.map(String.init).joined(separator: ","))
        case "activation": return .text(network.activation.rawValue)
        case "output": return .text(network.output == .identity ? "linear" : network.output.rawValue)
        case "loss": return .text(network.loss == .crossEntropy ? "cross-entropy" : "squared-error")
        case "initialization": return .text(graph.initialization.rawValue)
        case "weights": return .text(network.weightsJSON)
        case "input": return .vector(graph.example.input)
        case "target":
            switch graph.example.target {
            case .classIndex(let k): return .integer(k)
            case .values(let values): return values.count == 1 ? .number(values[0]) : .vector(values)
            }
        case "batch": return .integer(graph.examples.count)
        case "lr": return .number(graph.learningRate)
        case "stage": return .integer(graph.stage)
        case "play": return .flag(graph.playing)
        case "select": return .vector([Double(graph.selected.layer), Double(graph.selected.unit)])
        case "flowActivation": return .text(flowSettings.activation.rawValue)
        case "flowInit": return .text(flowSettings.initialization.rawValue)
        case "depth": return .integer(flowSettings.depth)
        case "width": return .integer(flowSettings.width)
        case "dataset": return .text(flowSettings.dataset.rawValue)
        case "flowLr": return .number(flowSettings.learningRate)
        case "formula": return .text(chain.formula)
        case "x": return .number(chain.x)
        case "y": return .number(chain.y)
        case "path": return .integer(chain.selectedPath)
        case "map": return .text(jacobian.preset == .custom ? jacobian.formulas : jacobian.preset.rawValue)
        case "point": return .vector([jacobian.point.x, jacobian.point.y])
        case "side": return .number(jacobian.side)
        case "function": return .text(matrix.example.function.rawValue)
        case "draw": return .integer(matrix.draw)
        case "entry": return .vector(matrix.selected.map(Double.init))
        default: return nil
        }
    }

    public func snapshot() -> BackpropSnapshot {
        let run = flow
        let flowState = BackpropFlowState(
            dataset: flowSettings.dataset, depth: flowSettings.depth, width: flowSettings.width,
            activation: flowSettings.activation, initialization: flowSettings.initialization,
            learningRate: flowSettings.learningRate, epoch: run.epoch, sizes: run.trainer.network.sizes, norms: run.norms,
            losses: run.losses, stride: run.stride, stopped: run.trainer.stopped)
        return BackpropSnapshot(tick: tick, view: view, graph: graph, flow: flowState, chain: chain, jacobian: jacobian,
                                matrix: matrix)
    }
}

/// What the backprop pane draws from.
public struct BackpropSnapshot: SimulationSnapshot {
    public var tick: UInt64
    public var view: BackpropView
    public var graph: BackpropGraphState
    public var flow: BackpropFlowState
    public var chain: BackpropChainState
    public var jacobian: BackpropJacobianState
    public var matrix: BackpropMatrixState
}

extension PaneID {
    /// The backpropagation lab's pane.
    public static let backprop = PaneID("backprop")
}

extension BackpropSimulation {
    /// The lab as its settings (every state parameter, checked again by `set` on the way in), the
    /// epochs the gradient-flow network has trained (trained again, deterministically: at most
    /// `GradientFlowRun.epochBudget`), and the counters shown.
    public struct Checkpoint: Codable, Sendable, Equatable {
        struct Setting: Codable, Sendable, Equatable {
            var name: String
            var value: ParameterValue
        }
        var seed: UInt64
        var tick: UInt64
        var walkTicks: Int
        var weightDraw: UInt64
        var settings: [Setting]
        var flowEpochs: Int
        var updates: Int
        var lossHistory: [Double]
    }

    public var checkpoint: Checkpoint {
        Checkpoint(seed: seed, tick: tick, walkTicks: walkTicks, weightDraw: weightDraw,
                   settings: stateValues.map { Checkpoint.Setting(name: $0.name, value: $0.value) },
                   flowEpochs: flow.epoch, updates: graph.updates, lossHistory: graph.lossHistory)
    }

    public init(checkpoint c: Checkpoint) throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            try CheckpointError.require(condition, "backprop", message())
        }
        try require(c.settings.count <= Self.parameters.count, "more settings than the lab has")
        try require((0..<Self.ticksPerWalkStep).contains(c.walkTicks), "the walk's clock is out of range")
        try require((0...GradientFlowRun.epochBudget).contains(c.flowEpochs), "more flow epochs than the budget")
        try require(c.updates >= 0 && c.lossHistory.count <= 200 && c.lossHistory.allSatisfy(\.isFinite),
                    "the update count or the loss history is out of range")
        self.init(seed: c.seed)
        weightDraw = c.weightDraw
        for setting in c.settings {
            try require(Self.parameter(named: setting.name)?.role == .state, "'\(setting.name)' is not a setting")
            do { try apply(setting.name, setting.value, immediately: true) } catch {
                throw CheckpointError("backprop: \(setting.name): \(error)")
            }
        }
        while flow.epoch < c.flowEpochs && flow.trainer.stopped == nil { flow.step() }
        (tick, walkTicks) = (c.tick, c.walkTicks)
        graph.updates = c.updates
        graph.lossHistory = c.lossHistory.isEmpty ? graph.lossHistory : c.lossHistory
    }
}

