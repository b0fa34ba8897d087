import Foundation

/// How a layer's weights are first drawn. Biases start at 0 (TensorFlow Playground's uniform
/// rule: 0.1).
public enum WeightInitialization: String, Sendable, Codable, CaseIterable {
    /// U(-0.5, 0.5), whatever the layer's size: TensorFlow Playground's rule.
    case uniform
    /// Glorot/Xavier uniform: U(-√(6/(n_in + n_out)), +√(6/(n_in + n_out))), keeping the variance
    /// of z about the same from layer to layer for tanh and sigmoid units.
    case xavier
    /// He/Kaiming uniform: U(-√(6/n_in), +√(6/n_in)), the variance ReLU units need (they zero
    /// half their inputs).
    case he

    /// The half-width of the uniform distribution for a layer with `fanIn` inputs and `fanOut` units.
    public func limit(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .uniform: return 0.5
        case .xavier: return (6 / Double(fanIn + fanOut)).squareRoot()
        case .he: return (6 / Double(fanIn)).squareRoot()
        }
    }

    public var initialBias: Double { self == .uniform ? 0.1 : 0 }

    public var title: String {
        switch self {
        case .uniform: return "uniform ±0.5"
        case .xavier: return "Xavier"
        case .he: return "He"
        }
    }
}

/// One fully connected layer: z_out = W a_in + b, W of shape out × in (W[i, j] joins input
/// unit j to unit i).
public struct DenseLayer: Sendable, Codable, Equatable {
    public var weights: Matrix
    public var biases: [Double]
    public init(weights: Matrix, biases: [Double]) {
        precondition(biases.count == weights.rows, "one bias per unit")
        self.weights = weights
        self.biases = biases
    }
    public var inputCount: Int { weights.columns }
    public var unitCount: Int { weights.rows }

    /// A layer of zeros of the same shape.
    public var zero: DenseLayer {
        DenseLayer(weights: Matrix(rows: weights.rows, columns: weights.columns), biases: [Double](repeating: 0, count: biases.count))
    }
}

/// What a network is asked to produce for one input: values (sigmoid units in [0, 1], linear
/// units any number) or, for a softmax output, a class index.
public enum NetworkTarget: Sendable, Codable, Equatable, Hashable {
    case values([Double])
    case classIndex(Int)

    /// The target as the output layer's vector y (one-hot for a class).
    public func vector(count: Int) -> [Double] {
        switch self {
        case .values(let values): return values
        case .classIndex(let k): return (0..<count).map { $0 == k ? 1 : 0 }
        }
    }
}

/// An input with its target: one training example.
public struct NetworkExample: Sendable, Codable, Equatable {
    public var input: [Double]
    public var target: NetworkTarget
    public init(input: [Double], target: NetworkTarget) {
        self.input = input
        self.target = target
    }
}

/// Why a network, an input or a target cannot be used: the message names what and where.
public struct NetworkShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A small fully connected network written out layer by layer, for showing backpropagation
/// number by number: hidden layers a = φ(z), an output layer (sigmoid, softmax or linear) and a
/// loss on one example.
///
/// Indexing follows the seeds' backprop post: `layers[l]` maps a⁽ˡ⁾ to z⁽ˡ⁺¹⁾ = W⁽ˡ⁾a⁽ˡ⁾ + b⁽ˡ⁾,
/// with a⁽⁰⁾ = x the input.
public struct LayeredNetwork: Sendable, Codable, Equatable {
    public var layers: [DenseLayer]
    public var activation: Activation
    public var output: OutputKind
    public var loss: LossKind

    public static let maximumLayers = 4
    public static let maximumUnits = 8

    /// Units per layer, the input first.
    public var sizes: [Int] { [layers.first?.inputCount ?? 0] + layers.map(\.unitCount) }
    public var outputCount: Int { layers.last?.unitCount ?? 0 }

    /// A network of these layers. Throws for a broken chain (a layer whose input count is not
    /// the previous layer's unit count), a softmax of one unit, cross-entropy on a linear output,
    /// or a weight that is not finite.
    public init(layers: [DenseLayer], activation: Activation, output: OutputKind, loss: LossKind) throws {
        guard !layers.isEmpty else { throw NetworkShapeError("a network needs at least one layer of weights") }
        guard layers.count <= Self.maximumLayers else {
            throw NetworkShapeError("at most \(Self.maximumLayers) layers of weights (got \(layers.count))")
        }
        for (l, layer) in layers.enumerated() {
            if l > 0, layer.inputCount != layers[l - 1].unitCount {
                throw NetworkShapeError("layer \(l + 1): W is \(layer.unitCount)x\(layer.inputCount) but layer \(l) has \(layers[l - 1].unitCount) units (W must be out x in)")
            }
            guard layer.unitCount >= 1, layer.inputCount >= 1, layer.unitCount <= Self.maximumUnits,
                  layer.inputCount <= Self.maximumUnits else {
                throw NetworkShapeError("layer \(l + 1): W is \(layer.unitCount)x\(layer.inputCount); layers have 1-\(Self.maximumUnits) units")
            }
            guard layer.weights.elements.allSatisfy(\.isFinite), layer.biases.allSatisfy(\.isFinite) else {
                throw NetworkShapeError("layer \(l + 1): every weight and bias must be a finite number")
            }
        }
        try Self.checkHead(output: output, loss: loss, outputCount: layers.last!.unitCount)
        self.layers = layers
        self.activation = activation
        self.output = output
        self.loss = loss
    }

    /// A network of layer sizes `sizes` (input first) with weights drawn from `seed`.
    public init(sizes: [Int], activation: Activation, output: OutputKind, loss: LossKind,
                initialization: WeightInitialization = .xavier, seed: UInt64) throws {
        guard sizes.count >= 2 else { throw NetworkShapeError("layers need at least an input and an output size, e.g. 2,1") }
        for (l, size) in sizes.enumerated() where !(1...Self.maximumUnits).contains(size) {
            throw NetworkShapeError("layer sizes are 1-\(Self.maximumUnits) units (entry \(l + 1) is \(size))")
        }
        guard sizes.count - 1 <= Self.maximumLayers else {
            throw NetworkShapeError("at most \(Self.maximumLayers) layers of weights (got \(sizes.count - 1) from \(sizes.count) sizes)")
        }
        var random = SeededRandom(seed: seed ^ 0xBAC4_960B)
        let layers = (0..<(sizes.count - 1)).map { l -> DenseLayer in
            let fanIn = max(1, sizes[l]), fanOut = max(1, sizes[l + 1])
            let limit = initialization.limit(fanIn: fanIn, fanOut: fanOut)
            let weights = Matrix(rows: fanOut, columns: fanIn,
                                 elements: (0..<(fanIn * fanOut)).map { _ in random.uniform(-limit...limit) })
            return DenseLayer(weights: weights, biases: [Double](repeating: initialization.initialBias, count: fanOut))
        }
        try self.init(layers: layers, activation: activation, output: output, loss: loss)
    }

    /// Refuses an output and loss that do not go together.
    static func checkHead(output: OutputKind, loss: LossKind, outputCount: Int) throws {
        if output == .softmax && outputCount < 2 {
            throw NetworkShapeError("a softmax output needs at least 2 units (the last layer has \(outputCount))")
        }
        if output == .identity && loss == .crossEntropy {
            throw NetworkShapeError("cross-entropy needs probabilities: use a sigmoid or softmax output, or squared-error")
        }
    }

    /// Throws unless `example` fits: one input per input unit, all finite; a target in the
    /// output's range (sigmoid values in [0, 1], a class index below the softmax's size).
    public func validate(_ example: NetworkExample) throws {
        let inputs = sizes[0]
        guard example.input.count == inputs else {
            throw NetworkShapeError("the input has \(example.input.count) entries but the first layer takes \(inputs)")
        }
        if let bad = example.input.firstIndex(where: { !$0.isFinite }) {
            throw NetworkShapeError("input entry \(bad + 1) is not a finite number")
        }
        switch (output, example.target) {
        case (.softmax, .classIndex(let k)):
            guard (0..<outputCount).contains(k) else {
                throw NetworkShapeError("the target class \(k) is outside 0...\(outputCount - 1) (softmax over \(outputCount) classes)")
            }
        case (.softmax, .values):
            throw NetworkShapeError("a softmax output takes a class index 0...\(outputCount - 1) as its target")
        case (_, .classIndex):
            throw NetworkShapeError("a \(output == .sigmoid ? "sigmoid" : "linear") output takes \(outputCount) target value\(outputCount == 1 ? "" : "s"), not a class")
        case (_, .values(let values)):
            guard values.count == outputCount else {
                throw NetworkShapeError("the target has \(values.count) entries but the output layer has \(outputCount) units")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw NetworkShapeError("target entry \(bad + 1) is not a finite number")
            }
            if output == .sigmoid, let bad = values.firstIndex(where: { !(0...1).contains($0) }) {
                throw NetworkShapeError("target entry \(bad + 1) is \(ParameterValue.number(values[bad]).shown): a sigmoid output's targets are in [0, 1]")
            }
        }
    }

    /// Every parameter in one list, layer by layer: W row-major, then b.
    public var parameters: [Double] {
        get { layers.flatMap { $0.weights.elements + $0.biases } }
        set {
            var offset = 0
            for l in layers.indices {
                let w = layers[l].weights.elements.count, b = layers[l].biases.count
                layers[l].weights = Matrix(rows: layers[l].weights.rows, columns: layers[l].weights.columns,
                                           elements: Array(newValue[offset..<(offset + w)]))
                layers[l].biases = Array(newValue[(offset + w)..<(offset + w + b)])
                offset += w + b
            }
        }
    }
}

/// Every value of a forward pass: z⁽ˡ⁾ and a⁽ˡ⁾ for each layer, the input as layer 0 (z⁽⁰⁾ =
/// a⁽⁰⁾ = x, which has no pre-activation), and the loss.
public struct ForwardPass: Sendable, Codable, Equatable {
    public var z: [[Double]]
    public var a: [[Double]]
    public var loss: Double
}

/// Every gradient of a backward pass.
public struct BackwardPass: Sendable, Codable, Equatable {
    /// ∂L/∂a⁽ˡ⁾ for every layer, the input's first (the output's is the loss's own derivative;
    /// it is infinite where a sigmoid or softmax probability is exactly 0 or 1).
    public var dLda: [[Double]]
    /// δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ for the layers after the input: `delta[k]` is layer k + 1's.
    public var delta: [[Double]]
    /// ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁺¹⁾ a⁽ˡ⁾ᵀ and ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁺¹⁾, shaped as `layers`.
    public var gradients: [DenseLayer]
}

extension LayeredNetwork {
    /// φ'(z) for a hidden unit (ReLU'(0) = 0, as PyTorch). tanh' is 1/cosh²z and σ' is
    /// σ(z)σ(-z): the textbook 1 - tanh²z and σ(1 - σ) cancel where the unit saturates (at
    /// z = 15 they are 1.7e-4 off, from z ≈ 19 they are 0 instead of ~1e-16).
    public static func activationSlope(_ activation: Activation, _ z: Double) -> Double {
        switch activation {
        case .tanh: let c = Foundation.cosh(z); return 1 / (c * c)
        case .relu: return z > 0 ? 1 : 0
        case .sigmoid: return Logistic.sigmoid(z) * Logistic.sigmoid(-z)
        case .linear: return 1
        }
    }

    /// a = φ(z) for a hidden unit.
    static func activate(_ activation: Activation, _ z: Double) -> Double {
        activation == .tanh ? Foundation.tanh(z) : activation.apply(z)
    }

    /// The output layer's a from its z.
    func head(_ z: [Double]) -> [Double] {
        switch output {
        case .sigmoid: return z.map(Logistic.sigmoid)
        case .softmax: return Logistic.softmax(z)
        case .identity: return z
        }
    }

    /// Forward: z⁽ˡ⁺¹⁾ = W⁽ˡ⁾a⁽ˡ⁾ + b⁽ˡ⁾, a⁽ˡ⁺¹⁾ = φ(z⁽ˡ⁺¹⁾) (the output layer: sigmoid,
    /// softmax or identity), and the loss. Precondition: `validate(example)` passes.
    public func forward(_ example: NetworkExample) -> ForwardPass {
        var z = [example.input], a = [example.input]
        for (l, layer) in layers.enumerated() {
            let pre = zip(layer.weights * a[l], layer.biases).map { $0 + $1 }
            z.append(pre)
            a.append(l == layers.count - 1 ? head(pre) : pre.map { Self.activate(activation, $0) })
        }
        return ForwardPass(z: z, a: a, loss: lossValue(z: z.last!, target: example.target))
    }

    /// The loss from the output layer's z: cross-entropy Σ softplus(z) - y z (sigmoid; =
    /// -Σ[y log p + (1-y) log(1-p)]) or log Σ e^z - z_y (softmax), in nats; squared error
    /// ½ Σ (a - y)².
    func lossValue(z: [Double], target: NetworkTarget) -> Double {
        let y = target.vector(count: z.count)
        switch (output, loss) {
        case (.sigmoid, .crossEntropy):
            // softplus(z) - y z written as (1 - y) softplus(z) + y softplus(-z): the same sum,
            // without the cancellation of softplus(z) - z where y = 1 and z is large.
            return zip(z, y).reduce(0) { $0 - (1 - $1.1) * Logistic.logSigmoid(-$1.0) - $1.1 * Logistic.logSigmoid($1.0) }
        case (.softmax, .crossEntropy):
            guard case .classIndex(let k) = target, let top = z.indices.max(by: { z[$0] < z[$1] }), z[top].isFinite else { return .nan }
            // log Σ e^z - z_k = (m - z_k) + log1p(Σ_{j≠top} e^(z_j - m)): exact where the target is the
            // top class and the rest is tiny (log Σ e^z - z_k cancels to 0 there).
            let rest = z.indices.reduce(0.0) { $1 == top ? $0 : $0 + exp(z[$1] - z[top]) }
            return (z[top] - z[k]) + log1p(rest)
        default:
            return residuals(z: z, a: head(z), target: target).reduce(0) { $0 + 0.5 * $1 * $1 }
        }
    }

    /// a - y at the output layer, computed without cancellation where the exact value is tiny:
    /// a sigmoid's σ(z) - y as (1 - y)σ(z) - yσ(-z) (y = 1: -σ(-z), not 1 - 1 = 0), a softmax's
    /// p_k - 1 at the target class as -Σ_{j≠k} p_j.
    func residuals(z: [Double], a p: [Double], target: NetworkTarget) -> [Double] {
        let y = target.vector(count: z.count)
        switch output {
        case .sigmoid:
            return zip(z, y).map { (1 - $1) * Logistic.sigmoid($0) - $1 * Logistic.sigmoid(-$0) }
        case .softmax:
            guard case .classIndex(let k) = target, p.indices.contains(k) else { return zip(p, y).map { $0 - $1 } }
            var r = p
            r[k] = -p.indices.reduce(0.0) { $1 == k ? $0 : $0 + p[$1] }
            return r
        case .identity:
            return zip(p, y).map { $0 - $1 }
        }
    }

    /// (∂L/∂a, ∂L/∂z) at the output layer, from its z and a.
    func outputGradients(z: [Double], a p: [Double], target: NetworkTarget) -> (dLda: [Double], delta: [Double]) {
        let y = target.vector(count: z.count)
        let residual = residuals(z: z, a: p, target: target)
        switch (output, loss) {
        case (.sigmoid, .crossEntropy):
            // ∂L/∂p = (p - y) / (p (1 - p)) = (1 - y)/σ(-z) - y/σ(z) (finite where p rounds to 1);
            // δ = p - y (the σ' cancels).
            // (A zero weight skips its term: 0 × ∞ where σ underflows would be NaN.)
            let dLda = zip(z, y).map { z, y in
                (y == 1 ? 0 : (1 - y) / Logistic.sigmoid(-z)) - (y == 0 ? 0 : y / Logistic.sigmoid(z))
            }
            return (dLda, residual)
        case (.sigmoid, .squaredError):
            return (residual, zip(residual, z).map { $0 * Logistic.sigmoid($1) * Logistic.sigmoid(-$1) })
        case (.softmax, .crossEntropy):
            // ∂L/∂p_k = -y_k / p_k = -y_k e^(log Σ e^z - z_k) (finite where p_k underflows to 0); δ = p - y.
            let total = Logistic.logSumExp(z)
            return (zip(y, z).map { $0 == 0 ? 0 : -$0 * exp(total - $1) }, residual)
        case (.softmax, .squaredError):
            // δ_j = Σ_k r_k ∂p_k/∂z_j = p_j (r_j - Σ_k r_k p_k), with c the target class, q = Σ_{k≠c} p_k
            // = 1 - p_c and S = Σ_{k≠c} p_k²: r_c - Σ r p = -(q² + S) and, for j ≠ c, p_j + p_c q - S,
            // or Σ_k p_k (p_j - p_k) + p_c where another class leads (p_c < ½). Each form is a sum
            // of terms of one sign where it is used; r_j - Σ r p cancelled where one p is near 1
            // (z = (-23.6, 17.5), class 1: δ = ±3.7e-36 came out 0; 1e-13 came out 5e-5 off).
            guard case .classIndex(let c) = target, p.indices.contains(c) else {
                let weighted = zip(residual, p).reduce(0) { $0 + $1.0 * $1.1 }
                return (residual, zip(p, residual).map { $0 * ($1 - weighted) })
            }
            let q = -residual[c], squares = p.indices.reduce(0.0) { $1 == c ? $0 : $0 + p[$1] * p[$1] }
            let delta = p.indices.map { j -> Double in
                if j == c { return -p[j] * (q * q + squares) }
                if p[c] >= 0.5 { return p[j] * (p[j] + p[c] * q - squares) }
                return p[j] * (p.indices.reduce(0.0) { $0 + p[$1] * (p[j] - p[$1]) } + p[c])
            }
            return (residual, delta)
        case (.identity, _):
            return (residual, residual)
        }
    }

    /// Backward, by the chain rule (the δ rule):
    ///
    ///     δ⁽ᴸ⁾ = ∂L/∂z⁽ᴸ⁾;  ∂L/∂a⁽ˡ⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁺¹⁾;  δ⁽ˡ⁾ = ∂L/∂a⁽ˡ⁾ ⊙ φ'(z⁽ˡ⁾);
    ///     ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁺¹⁾ a⁽ˡ⁾ᵀ;  ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁺¹⁾.
    public func backward(_ pass: ForwardPass, target: NetworkTarget) -> BackwardPass {
        let count = layers.count
        var dLda = [[Double]](repeating: [], count: count + 1)
        var delta = [[Double]](repeating: [], count: count)
        var gradients = layers.map(\.zero)
        let head = outputGradients(z: pass.z[count], a: pass.a[count], target: target)
        dLda[count] = head.dLda
        delta[count - 1] = head.delta
        for l in stride(from: count - 1, through: 0, by: -1) {
            let below = delta[l], a = pass.a[l]
            gradients[l] = DenseLayer(weights: Matrix.outer(below, a), biases: below)
            dLda[l] = layers[l].weights.transposed * below
            if l > 0 {
                delta[l - 1] = zip(dLda[l], pass.z[l]).map { $0 * Self.activationSlope(activation, $1) }
            }
        }
        return BackwardPass(dLda: dLda, delta: delta, gradients: gradients)
    }

    /// The mean loss over `examples` and its gradient (the mean of each example's).
    public func meanLossAndGradient(_ examples: [NetworkExample]) -> (loss: Double, gradients: [DenseLayer]) {
        var total = 0.0
        var sum = layers.map(\.zero)
        for example in examples {
            let pass = forward(example)
            total += pass.loss
            for (l, g) in backward(pass, target: example.target).gradients.enumerated() {
                sum[l].weights = sum[l].weights + g.weights
                sum[l].biases = zip(sum[l].biases, g.biases).map { $0 + $1 }
            }
        }
        let n = Double(max(1, examples.count))
        return (total / n, sum.map { DenseLayer(weights: (1 / n) * $0.weights, biases: $0.biases.map { $0 / n }) })
    }

    /// One gradient-descent step: every W ← W - η ∂L/∂W and b ← b - η ∂L/∂b.
    public func descending(_ gradients: [DenseLayer], learningRate eta: Double) -> LayeredNetwork {
        var next = self
        for l in layers.indices {
            next.layers[l].weights = layers[l].weights - eta * gradients[l].weights
            next.layers[l].biases = zip(layers[l].biases, gradients[l].biases).map { $0 - eta * $1 }
        }
        return next
    }

    /// ∂L/∂θ for every parameter (the `parameters` order) by central differences, Richardson-
    /// extrapolated: (4 D(h/2) - D(h)) / 3 with D(h) = (L(θ + h) - L(θ - h)) / 2h, which cancels
    /// the h² error term (the error left is O(h⁴) plus round-off ~ε L / h). Kinks (ReLU at 0)
    /// within h of θ spoil it there.
    public func numericGradient(_ examples: [NetworkExample], step h: Double = 1e-4) -> [Double] {
        let theta = parameters
        func loss(_ values: [Double]) -> Double {
            var probe = self
            probe.parameters = values
            return examples.reduce(0) { $0 + probe.forward($1).loss } / Double(max(1, examples.count))
        }
        return theta.indices.map { i in
            func central(_ step: Double) -> Double {
                var plus = theta, minus = theta
                plus[i] += step
                minus[i] -= step
                return (loss(plus) - loss(minus)) / (2 * step)
            }
            return (4 * central(h / 2) - central(h)) / 3
        }
    }

    /// The gradient check: max over parameters of |g − n| / max(|g|, |n|, floor), g from
    /// backpropagation and n from `numericGradient`. The floor is the larger of a thousandth of
    /// the largest |g| (smaller entries are judged on that scale) and what central differences
    /// can resolve at all, ~10 ε |L| / h: a saturated network's gradients of 1e-22 are below
    /// it, their differences round to 0, and a relative error of 1 there would blame
    /// backpropagation for the finite differences' round-off.
    public func gradientCheck(_ examples: [NetworkExample], step h: Double = 1e-4) -> Double {
        let (loss, gradients) = meanLossAndGradient(examples)
        let analytic = gradients.flatMap { $0.weights.elements + $0.biases }
        let numeric = numericGradient(examples, step: h)
        let resolution = loss.isFinite ? 10 * Double.ulpOfOne * abs(loss) / h : 0
        let floor = max(1e-300, 1e-3 * (analytic.map(abs).max() ?? 0), resolution)
        return zip(analytic, numeric).reduce(0) { worst, pair in
            max(worst, abs(pair.0 - pair.1) / max(abs(pair.0), abs(pair.1), floor))
        }
    }
}

// MARK: - Weights as JSON

/// One layer as JSON: `{"W": [[...], ...], "b": [...]}`; any other key is refused.
private struct LayerJSON: Decodable {
    var W: [[Double]]
    var b: [Double]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let extra = container.allKeys.map(\.stringValue).sorted().first(where: { $0 != "W" && $0 != "b" }) {
            throw NetworkShapeError("unknown key '\(extra)' (a layer has only \"W\" and \"b\")")
        }
        W = try container.decode([[Double]].self, forKey: Key(stringValue: "W"))
        b = try container.decode([Double].self, forKey: Key(stringValue: "b"))
    }
}

extension LayeredNetwork {
    /// Layers from JSON `[{"W": [[...], ...], "b": [...]}, ...]` (W out x in, one list per row),
    /// as `calc backprop --json` prints them. Messages name the layer, row and entry at fault.
    public static func layers(fromJSON text: String) throws -> [DenseLayer] {
        guard text.utf8.count <= 1_000_000 else { throw NetworkShapeError("the weights are over 1 MB of JSON") }
        /// "layer 2: W[1][3]" from a decoding path such as [1, "W", 0, 2].
        func place(_ path: [any CodingKey]) -> String {
            guard let layer = path.first?.intValue else { return "the weights" }
            var text = "layer \(layer + 1)"
            if path.count > 1 { text += ": " + path[1].stringValue }
            for key in path.dropFirst(2) { text += "[\((key.intValue ?? 0) + 1)]" }
            return text
        }
        let decoded: [LayerJSON]
        do {
            decoded = try JSONDecoder().decode([LayerJSON].self, from: Data(text.utf8))
        } catch DecodingError.typeMismatch(let type, let context) {
            let what = type == Double.self ? "a finite number" : type is [Any].Type ? "a list" : "an object"
            throw NetworkShapeError("\(place(context.codingPath)) should be \(what)"
                                    + (context.codingPath.isEmpty ? " (a list of layers [{\"W\": [[...]], \"b\": [...]}, ...])" : ""))
        } catch DecodingError.keyNotFound(let key, let context) {
            throw NetworkShapeError("\(place(context.codingPath)) has no \"\(key.stringValue)\"")
        } catch DecodingError.valueNotFound(_, let context) {
            throw NetworkShapeError("\(place(context.codingPath)) is null")
        } catch let error as NetworkShapeError {
            throw error
        } catch {
            throw NetworkShapeError("the weights are not valid JSON (expected [{\"W\": [[...]], \"b\": [...]}, ...]; numbers must be finite)")
        }
        guard !decoded.isEmpty, decoded.count <= maximumLayers else {
            throw NetworkShapeError("the weights need 1-\(maximumLayers) layers (got \(decoded.count))")
        }
        return try decoded.enumerated().map { l, layer in
            let name = "layer \(l + 1)"
            guard !layer.W.isEmpty, layer.W.count <= maximumUnits else {
                throw NetworkShapeError("\(name): W has \(layer.W.count) rows; give 1-\(maximumUnits) (one per unit)")
            }
            if let bad = layer.W.firstIndex(where: { $0.isEmpty || $0.count > maximumUnits }) {
                throw NetworkShapeError("\(name): W row \(bad + 1) has \(layer.W[bad].count) entries; give 1-\(maximumUnits) (one per input)")
            }
            if let ragged = layer.W.firstIndex(where: { $0.count != layer.W[0].count }) {
                throw NetworkShapeError("\(name): W row \(ragged + 1) has \(layer.W[ragged].count) entries but row 1 has \(layer.W[0].count)")
            }
            guard layer.b.count == layer.W.count else {
                throw NetworkShapeError("\(name): b has \(layer.b.count) entries but W has \(layer.W.count) rows (one bias per unit)")
            }
            return DenseLayer(weights: Matrix(rows: layer.W), biases: layer.b)
        }
    }

    /// The layers as compact JSON that `layers(fromJSON:)` reads back exactly (shortest
    /// round-tripping decimals).
    public var weightsJSON: String {
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
        func list(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ",") + "]" }
        return "[" + layers.map { layer in
            "{\"W\":[" + layer.weights.rowArrays.map(list).joined(separator: ",") + "],\"b\":" + list(layer.biases) + "}"
        }.joined(separator: ",") + "]"
    }
}
