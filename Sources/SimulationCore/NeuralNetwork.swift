import Foundation
import NetworkKernels

/// A hidden layer's activation function a = φ(z), with φ' written in terms of a (what
/// backpropagation has at hand).
public enum Activation: String, Sendable, Codable, CaseIterable {
    case tanh, relu, sigmoid, linear

    @inline(__always) public func apply(_ z: Double) -> Double {
        switch self {
        case .tanh: return fastTanh(z)
        case .relu: return z > 0 ? z : 0
        case .sigmoid: return Logistic.sigmoid(z)
        case .linear: return z
        }
    }

    /// φ'(z) from a = φ(z): tanh 1 - a², sigmoid a(1 - a), ReLU [a > 0], linear 1.
    @inline(__always) public func derivative(fromOutput a: Double) -> Double {
        switch self {
        case .tanh: return 1 - a * a
        case .relu: return a > 0 ? 1 : 0
        case .sigmoid: return a * (1 - a)
        case .linear: return 1
        }
    }
}

/// tanh(z) = -expm1(-2|z|) / (2 + expm1(-2|z|)) with the sign of z: one libm call
/// (expm1) instead of tanh's, accurate to a few ulps everywhere (no cancellation near 0).
@inline(__always) public func fastTanh(_ z: Double) -> Double {
    let e = expm1(-2 * abs(z))
    let magnitude = -e / (2 + e)
    return z < 0 ? -magnitude : magnitude
}

/// The per-point loss.
public enum LossKind: String, Sendable, Codable, CaseIterable {
    case crossEntropy, squaredError
}

/// Input features computed from a point (x1, x2): positions enter scaled by 1/3 (so [-6, 6]
/// becomes [-2, 2]: tanh units start unsaturated); the sines take the raw coordinates.
public struct InputFeatures: OptionSet, Sendable, Codable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let x1 = InputFeatures(rawValue: 1 << 0)
    public static let x2 = InputFeatures(rawValue: 1 << 1)
    public static let x1Squared = InputFeatures(rawValue: 1 << 2)
    public static let x2Squared = InputFeatures(rawValue: 1 << 3)
    public static let x1x2 = InputFeatures(rawValue: 1 << 4)
    public static let sinX1 = InputFeatures(rawValue: 1 << 5)
    public static let sinX2 = InputFeatures(rawValue: 1 << 6)

    public static let all: [(InputFeatures, String)] = [
        (.x1, "x1"), (.x2, "x2"), (.x1Squared, "x1^2"), (.x2Squared, "x2^2"), (.x1x2, "x1x2"),
        (.sinX1, "sin(x1)"), (.sinX2, "sin(x2)"),
    ]
    public static let scale = 1.0 / 3.0

    public var count: Int { rawValue.nonzeroBitCount }
    public var names: [String] { Self.all.filter { contains($0.0) }.map(\.1) }

    /// Parses "x1,x2,x1^2" (names as in `all`, also x1x1 / x1*x2 / sinx1 spellings).
    public init?(names text: String) {
        var set: InputFeatures = []
        for raw in text.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
            switch name {
            case "x1", "x": set.insert(.x1)
            case "x2", "y": set.insert(.x2)
            case "x1^2", "x1²", "x1x1", "x^2": set.insert(.x1Squared)
            case "x2^2", "x2²", "x2x2", "y^2": set.insert(.x2Squared)
            case "x1x2", "x1*x2", "xy", "x*y": set.insert(.x1x2)
            case "sin(x1)", "sinx1", "sin(x)": set.insert(.sinX1)
            case "sin(x2)", "sinx2", "sin(y)": set.insert(.sinX2)
            default: return nil
            }
        }
        guard !set.isEmpty else { return nil }
        self = set
    }

    @inline(__always) func write(_ p: Vec2, into out: UnsafeMutablePointer<Double>) {
        let u = p.x * Self.scale, v = p.y * Self.scale
        var i = 0
        if contains(.x1) { out[i] = u; i += 1 }
        if contains(.x2) { out[i] = v; i += 1 }
        if contains(.x1Squared) { out[i] = u * u; i += 1 }
        if contains(.x2Squared) { out[i] = v * v; i += 1 }
        if contains(.x1x2) { out[i] = u * v; i += 1 }
        if contains(.sinX1) { out[i] = sin(p.x); i += 1 }
        if contains(.sinX2) { out[i] = sin(p.y); i += 1 }
    }

    public func values(_ p: Vec2) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { write(p, into: $0.baseAddress!) }
        return out
    }
}

/// How the last layer's values z become a prediction.
public enum OutputKind: String, Sendable, Codable {
    /// One logit; p = σ(z) is the probability of class 1.
    case sigmoid
    /// One logit per class; p = softmax(z).
    case softmax
    /// One value, the prediction itself (regression).
    case identity
}

/// A fully connected network: features -> hidden layers (φ) -> output layer.
///
/// Parameters live in one flat array, layer by layer: W (rows = units of the next layer,
/// row-major: W[i, j] joins unit j to unit i) then b. So a gradient is a flat array of the
/// same shape, and a gradient check can perturb any parameter by index.
public struct Network: Sendable, Codable, Equatable {
    /// Units per layer, inputs first, outputs last.
    public let sizes: [Int]
    public var activation: Activation
    public let output: OutputKind
    public var loss: LossKind
    public let features: InputFeatures
    public var parameters: [Double]
    /// Where layer l's W and b start in `parameters`.
    public let weightOffsets: [Int]
    public let biasOffsets: [Int]

    public var layerCount: Int { sizes.count - 1 }
    public var outputCount: Int { sizes.last! }

    /// Glorot-uniform weights (He for ReLU), zero biases, from the seed.
    public init(features: InputFeatures, hidden: [Int], activation: Activation, output: OutputKind, outputs: Int,
                loss: LossKind, seed: UInt64) {
        self.features = features
        self.activation = activation
        self.output = output
        self.loss = loss
        sizes = [features.count] + hidden + [outputs]
        var weightOffsets: [Int] = [], biasOffsets: [Int] = []
        var offset = 0
        for l in 0..<(sizes.count - 1) {
            weightOffsets.append(offset)
            offset += sizes[l] * sizes[l + 1]
            biasOffsets.append(offset)
            offset += sizes[l + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        var random = SeededRandom(seed: seed ^ 0x0000_AE7B_0A2D)
        var parameters = [Double](repeating: 0, count: offset)
        for l in 0..<(sizes.count - 1) {
            let fanIn = Double(sizes[l]), fanOut = Double(sizes[l + 1])
            let limit = activation == .relu && l < sizes.count - 2 ? (6 / fanIn).squareRoot() : (6 / (fanIn + fanOut)).squareRoot()
            for k in 0..<(sizes[l] * sizes[l + 1]) { parameters[weightOffsets[l] + k] = random.uniform(-limit...limit) }
        }
        self.parameters = parameters
    }

    /// Where each layer's weights (not its biases) sit in `parameters`: what L1/L2 penalise.
    public var weightRanges: [Range<Int>] { (0..<layerCount).map { weightOffsets[$0]..<biasOffsets[$0] } }

    /// Total number of units (inputs included): the size of an activations buffer.
    var unitCount: Int { sizes.reduce(0, +) }
    var unitOffsets: [Int] {
        var offsets: [Int] = [], total = 0
        for size in sizes { offsets.append(total); total += size }
        return offsets
    }

    // MARK: Forward

    /// Fills `units` (layout of `unitOffsets`) with every layer's activations for point p; the
    /// last layer holds z (the output layer's raw values).
    @inline(__always)
    func forward(_ p: Vec2, parameters w: UnsafePointer<Double>, units: UnsafeMutablePointer<Double>) {
        features.write(p, into: units)
        var inOffset = 0
        for l in 0..<layerCount {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let outOffset = inOffset + nIn
            let weights = w + weightOffsets[l], biases = w + biasOffsets[l]
            let input = units + inOffset, out = units + outOffset
            let isHidden = l < layerCount - 1
            for i in 0..<nOut {
                var z = biases[i]
                let row = weights + i * nIn
                for j in 0..<nIn { z += row[j] * input[j] }
                out[i] = isHidden ? activation.apply(z) : z
            }
            inOffset = outOffset
        }
    }

    /// The output layer's raw values z at p.
    public func logits(_ p: Vec2) -> [Double] {
        var units = [Double](repeating: 0, count: unitCount)
        parameters.withUnsafeBufferPointer { w in
            units.withUnsafeMutableBufferPointer { forward(p, parameters: w.baseAddress!, units: $0.baseAddress!) }
        }
        return Array(units.suffix(outputCount))
    }

    /// The predicted class of each point (regression: the sign of the prediction, 1 for ≥ 0).
    public func predictedClasses(_ points: [Vec2]) -> [Int] { predictedClasses(logits: logits(points)) }

    /// The predicted classes from already computed output values (`logits(_:)`'s layout).
    public func predictedClasses(logits z: [Double]) -> [Int] {
        let k = outputCount
        return (0..<(z.count / k)).map { index in
            if output == .softmax {
                var best = 0
                for o in 1..<k where z[index * k + o] > z[index * k + best] { best = o }
                return best
            }
            return z[index * k] >= 0 ? 1 : 0
        }
    }

    /// Every layer's activations at p (inputs first; the last layer's raw z).
    public func layerValues(_ p: Vec2) -> [[Double]] {
        var units = [Double](repeating: 0, count: unitCount)
        parameters.withUnsafeBufferPointer { w in
            units.withUnsafeMutableBufferPointer { forward(p, parameters: w.baseAddress!, units: $0.baseAddress!) }
        }
        let offsets = unitOffsets
        return sizes.indices.map { Array(units[offsets[$0]..<(offsets[$0] + sizes[$0])]) }
    }

    /// The prediction at p: P(class 1) for sigmoid, class probabilities for softmax, the value
    /// for identity.
    public func predict(_ p: Vec2) -> [Double] {
        let z = logits(p)
        switch output {
        case .sigmoid: return [Logistic.sigmoid(z[0])]
        case .softmax: return Logistic.softmax(z)
        case .identity: return z
        }
    }

    /// The predicted class (regression: 0).
    public func predictedClass(_ p: Vec2) -> Int {
        let z = logits(p)
        switch output {
        case .sigmoid: return z[0] >= 0 ? 1 : 0
        case .softmax: return z.indices.max { z[$0] < z[$1] } ?? 0
        case .identity: return 0
        }
    }

    // MARK: Loss and its gradient with respect to z

    /// The loss of one point given the output layer's z, and writes dL/dz into `dz`.
    @inline(__always)
    func lossAndGradient(z: UnsafePointer<Double>, point: LabelledPoint, dz: UnsafeMutablePointer<Double>) -> Double {
        switch output {
        case .sigmoid:
            let y = Double(point.label), p = Logistic.sigmoid(z[0])
            if loss == .crossEntropy {
                // softplus(z) - y z = -[y log p + (1 - y) log(1 - p)], stable for any z.
                dz[0] = p - y
                return -Logistic.logSigmoid(-z[0]) - y * z[0]
            }
            dz[0] = (p - y) * p * (1 - p)
            return 0.5 * (p - y) * (p - y)
        case .softmax:
            let k = outputCount
            var largest = -Double.infinity
            for i in 0..<k { largest = max(largest, z[i]) }
            var total = 0.0
            for i in 0..<k { total += exp(z[i] - largest) }
            let logTotal = log(total) + largest
            if loss == .crossEntropy {
                for i in 0..<k { dz[i] = exp(z[i] - logTotal) - (i == point.label ? 1 : 0) }
                return logTotal - z[point.label]
            }
            // ½ Σ (p_k - y_k)²; dL/dz_j = Σ_k (p_k - y_k) p_k (δ_kj - p_j).
            var value = 0.0, weighted = 0.0
            for i in 0..<k {
                let p = exp(z[i] - logTotal), r = p - (i == point.label ? 1 : 0)
                value += 0.5 * r * r
                weighted += r * p
            }
            for j in 0..<k {
                let p = exp(z[j] - logTotal), r = p - (j == point.label ? 1 : 0)
                dz[j] = p * (r - weighted)
            }
            return value
        case .identity:
            let r = z[0] - point.target
            dz[0] = r
            return 0.5 * r * r
        }
    }

    /// The mean loss over points (without the regulariser).
    public func meanLoss(_ points: [LabelledPoint]) -> Double { meanLoss(points, logits: logits(points.map(\.x))) }

    /// The mean loss from already computed output values (`logits(_:)`'s layout).
    public func meanLoss(_ points: [LabelledPoint], logits z: [Double]) -> Double {
        guard !points.isEmpty else { return .nan }
        let k = outputCount
        var dz = [Double](repeating: 0, count: k)
        var total = 0.0
        z.withUnsafeBufferPointer { zp in
            dz.withUnsafeMutableBufferPointer { d in
                for (index, point) in points.enumerated() {
                    total += lossAndGradient(z: zp.baseAddress! + index * k, point: point, dz: d.baseAddress!)
                }
            }
        }
        return total / Double(points.count)
    }

    // MARK: Backpropagation

    /// The mean loss over `points` plus the regulariser, and its gradient with respect to every
    /// parameter (same layout as `parameters`), by backpropagation:
    ///
    ///     δ_L = ∂L/∂z_L;  ∂L/∂W_l = δ_{l+1} a_lᵀ;  ∂L/∂b_l = δ_{l+1};  δ_l = (W_lᵀ δ_{l+1}) ⊙ φ'(a_l)
    ///
    /// `scalar` runs the one-point-at-a-time reference instead of the four-lane path.
    public func lossAndGradient(_ points: [LabelledPoint], regularization: Regularization = .none,
                                rate: Double = 0, scalar: Bool = false) -> (loss: Double, gradient: [Double]) {
        var workspace = TrainingWorkspace(self)
        var gradient = [Double](repeating: 0, count: parameters.count)
        let loss = points.isEmpty ? 0
            : (scalar ? workspace.accumulate(self, points, points.indices, into: &gradient)
                      : workspace.accumulateLanes(self, points, points.indices, into: &gradient))
        let n = Double(max(1, points.count))
        for k in gradient.indices { gradient[k] /= n }
        var penalty = 0.0
        if rate > 0, regularization != .none {
            for range in weightRanges {
                for k in range {
                    penalty += regularization.penalty(parameters[k])
                    gradient[k] += rate * regularization.derivative(parameters[k])
                }
            }
        }
        return (loss / n + rate * penalty, gradient)
    }
}

/// A penalty on the weights (never the biases), added to the loss times a rate.
public enum Regularization: String, Sendable, Codable, CaseIterable {
    case none, l1, l2

    /// R(w) for one weight: |w| (L1), ½w² (L2).
    @inline(__always) public func penalty(_ w: Double) -> Double {
        switch self {
        case .none: return 0
        case .l1: return abs(w)
        case .l2: return 0.5 * w * w
        }
    }

    /// dR/dw: sign(w) (L1, 0 at 0), w (L2).
    @inline(__always) public func derivative(_ w: Double) -> Double {
        switch self {
        case .none: return 0
        case .l1: return w > 0 ? 1 : (w < 0 ? -1 : 0)
        case .l2: return w
        }
    }
}

/// Scratch buffers for forward and backward passes (allocated once per network shape).
public struct TrainingWorkspace: Sendable {
    var units: [Double]
    var deltas: [Double]
    let unitOffsets: [Int]
    /// The same for four points at a time, lane-major per unit (see `accumulateLanes`), and
    /// per-lane gradients.
    var laneUnits: [Double] = []
    var laneDeltas: [Double] = []
    var laneGradient: [Double] = []
    /// The network's shape as the kernels read it, made again only when `sizes` change.
    var kernelShape = gs_network()
    var shapeSizes: [Int] = []
    /// The chosen points as the kernel reads them (x, y pairs; labels), at least as long as the
    /// largest minibatch so far.
    var batchCoordinates: [Double] = []
    var batchLabels: [Double] = []

    /// Extra doubles in each kernel scratch array, so a 64-byte-aligned start fits inside it.
    static let alignmentSlack = 8

    /// The first 64-byte boundary in `buffer` (within its first `alignmentSlack` elements).
    static func aligned(_ buffer: UnsafeMutableBufferPointer<Double>) -> UnsafeMutablePointer<Double> {
        let base = buffer.baseAddress!
        let skip = (64 - Int(bitPattern: UInt(bitPattern: base)) % 64) % 64 / MemoryLayout<Double>.stride
        precondition(buffer.count >= skip, "scratch without its alignment slack")
        return base + skip
    }

    public init(_ network: Network) {
        units = [Double](repeating: 0, count: network.unitCount)
        deltas = units
        unitOffsets = network.unitOffsets
    }

    /// Adds Σ ∂L/∂θ over points[indices] into `gradient`; returns Σ L.
    mutating func accumulate<I: Sequence>(_ network: Network, _ points: [LabelledPoint], _ indices: I,
                                          into gradient: inout [Double]) -> Double where I.Element == Int {
        let sizes = network.sizes, layers = network.layerCount, offsets = unitOffsets
        let phi = network.activation
        var total = 0.0
        network.parameters.withUnsafeBufferPointer { wBuffer in
            units.withUnsafeMutableBufferPointer { uBuffer in
                deltas.withUnsafeMutableBufferPointer { dBuffer in
                    gradient.withUnsafeMutableBufferPointer { gBuffer in
                        let w = wBuffer.baseAddress!, u = uBuffer.baseAddress!, d = dBuffer.baseAddress!, g = gBuffer.baseAddress!
                        for index in indices {
                            let point = points[index]
                            network.forward(point.x, parameters: w, units: u)
                            let outOffset = offsets[layers]
                            total += network.lossAndGradient(z: u + outOffset, point: point, dz: d + outOffset)
                            var l = layers - 1
                            while l >= 0 {
                                let nIn = sizes[l], nOut = sizes[l + 1]
                                let a = u + offsets[l], delta = d + offsets[l + 1]
                                let gw = g + network.weightOffsets[l], gb = g + network.biasOffsets[l]
                                for i in 0..<nOut {
                                    let di = delta[i]
                                    gb[i] += di
                                    let row = gw + i * nIn
                                    for j in 0..<nIn { row[j] += di * a[j] }
                                }
                                if l > 0 {
                                    let weights = w + network.weightOffsets[l], below = d + offsets[l]
                                    for j in 0..<nIn {
                                        var sum = 0.0
                                        for i in 0..<nOut { sum += weights[i * nIn + j] * delta[i] }
                                        below[j] = sum * phi.derivative(fromOutput: a[j])
                                    }
                                }
                                l -= 1
                            }
                        }
                    }
                }
            }
        }
        return total
    }
}
