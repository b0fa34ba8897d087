import Foundation

/// Four points at a time: the network's hot loops (training, heatmaps, losses) run on SIMD
/// lanes, one point per lane, with a vectorised tanh and exp. The scalar `Network.forward`
/// stays the reference they are tested against.
public typealias Lanes = SIMD4<Double>

/// The pieces of e^y = 2ⁿ (q + p)/(q - p), Cephes' method: y clamped to [-708, 709],
/// n = round(y / ln2), r = y - n ln2 (ln2 in two parts, so the reduction is exact),
/// p = r P(r²), q = Q(r²), and 2ⁿ made from its exponent bits. All lanes, no branches.
@inline(__always) func laneExpParts(_ y: Lanes) -> (p: Lanes, q: Lanes, scale: Lanes) {
    let x = laneClamp(y, -708, 709)
    // Round to nearest by adding and removing 1.5·2⁵² (exact for |v| < 2⁵¹).
    let n = (x * 1.4426950408889634073599 + 6755399441055744.0) - 6755399441055744.0
    var r = x - n * 6.93145751953125E-1
    r -= n * 1.42860682030941723212E-6
    let rr = r * r
    let p = r * ((1.26177193074810590878E-4 * rr + 3.02994407707441961300E-2) * rr + 9.99999999999999999910E-1)
    let q = ((3.00198505138664455042E-6 * rr + 2.52448340349684104192E-3) * rr + 2.27265548208155028766E-1) * rr
        + 2.00000000000000000009E0
    // (n + 1023) + 2⁵² holds the integer n + 1023 (1...2046) in its low mantissa bits: no
    // lane-by-lane float-to-integer conversion.
    let biased = unsafeBitCast(n + (1023 + 4503599627370496.0), to: SIMD4<UInt64>.self) & 0x7FF
    return (p, q, unsafeBitCast(biased &<< 52, to: Lanes.self))
}

/// `value` clamped to [low, high] lane by lane, written with comparisons and selects: the
/// standard library's `clamped` goes through generic `pointwiseMin`/`pointwiseMax` calls that were
/// not inlined for `SIMD4<Double>` and cost 14 % of a training epoch. NaN stays NaN.
@inline(__always) func laneClamp(_ value: Lanes, _ low: Double, _ high: Double) -> Lanes {
    let raised = value.replacing(with: low, where: value .< Lanes(repeating: low))
    return raised.replacing(with: high, where: raised .> Lanes(repeating: high))
}

/// The same for eight floats (the pictures' lanes); `clamped` cost a quarter of a heatmap.
@inline(__always) func laneClamp(_ value: FloatLanes, _ low: Float, _ high: Float) -> FloatLanes {
    let raised = value.replacing(with: low, where: value .< FloatLanes(repeating: low))
    return raised.replacing(with: high, where: raised .> FloatLanes(repeating: high))
}

/// e^y for each lane; relative error below 1e-15 (tested against libm).
@inline(__always) public func laneExp(_ y: Lanes) -> Lanes {
    let (p, q, scale) = laneExpParts(y)
    return scale * (q + p) / (q - p)
}

/// tanh for each lane with one division: Cephes' rational x + x³P(x²)/Q(x²) = x(Q + P')/Q for
/// |x| < 0.625, else (e - 1)/(e + 1) with e = e^{2|x|} = 2ⁿ(q + p)/(q - p), signed like x
/// (|x| clamped to 20, where tanh rounds to ±1). Relative error below 1e-15 (tested).
@inline(__always) public func laneTanh(_ x: Lanes) -> Lanes {
    let magnitude = x.replacing(with: -x, where: x .< 0)
    let large = magnitude .>= 0.625
    let z = x * x
    let sp = ((-9.64399179425052238628E-1 * z - 9.92877231001918586564E1) * z - 1.61468768441708447952E3) * z
    let sq = ((z + 1.12811678491632931402E2) * z + 2.23548839060100448583E3) * z + 4.84406305325125486048E3
    // When no lane needs the exponential form, skip it (each lane's result is the same either way).
    guard any(large) else { return x * (sq + sp) / sq }
    let (p, q, scale) = laneExpParts(2 * laneClamp(magnitude, 0, 20))
    let e = scale * (q + p), d = q - p
    let numerator = (x * (sq + sp)).replacing(with: (e - d).replacing(with: d - e, where: x .< 0), where: large)
    let denominator = sq.replacing(with: e + d, where: large)
    return numerator / denominator
}

/// σ for each lane, 1/(1 + e^{-z}) (e^{-z} clamped, so no lane overflows to NaN).
@inline(__always) public func laneSigmoid(_ z: Lanes) -> Lanes { 1 / (1 + laneExp(-z)) }

/// SIMD lanes the network runs on, a point per lane: `Lanes` (Double, four) for training and
/// metrics, `FloatLanes` (Float, eight) for pictures. One forward pass serves both.
public protocol NetworkLanes: SIMD where Scalar: BinaryFloatingPoint {
    static func tanh(_ value: Self) -> Self
    static func sigmoid(_ value: Self) -> Self
    static func sine(_ value: Self) -> Self
}

extension SIMD4: NetworkLanes where Scalar == Double {
    @inline(__always) public static func tanh(_ value: Self) -> Self { laneTanh(value) }
    @inline(__always) public static func sigmoid(_ value: Self) -> Self { laneSigmoid(value) }
    @inline(__always) public static func sine(_ value: Self) -> Self { Self(sin(value[0]), sin(value[1]), sin(value[2]), sin(value[3])) }
}

extension SIMD8: NetworkLanes where Scalar == Float {
    @inline(__always) public static func tanh(_ value: Self) -> Self { laneTanh(value) }
    /// σ(z) = ½ + ½ tanh(z/2).
    @inline(__always) public static func sigmoid(_ value: Self) -> Self { 0.5 + 0.5 * laneTanh(0.5 * value) }
    @inline(__always) public static func sine(_ value: Self) -> Self {
        var out = Self.zero
        for lane in 0..<8 { out[lane] = sinf(value[lane]) }
        return out
    }
}

extension InputFeatures {
    /// `write` for a point per lane.
    @inline(__always) func write<V: NetworkLanes>(x: V, y: V, into out: UnsafeMutablePointer<V>) {
        let scale = V.Scalar(Self.scale)
        let u = x * scale, v = y * scale
        var i = 0
        if contains(.x1) { out[i] = u; i += 1 }
        if contains(.x2) { out[i] = v; i += 1 }
        if contains(.x1Squared) { out[i] = u * u; i += 1 }
        if contains(.x2Squared) { out[i] = v * v; i += 1 }
        if contains(.x1x2) { out[i] = u * v; i += 1 }
        if contains(.sinX1) { out[i] = V.sine(x); i += 1 }
        if contains(.sinX2) { out[i] = V.sine(y); i += 1 }
    }
}

extension Network {
    /// `forward` on a point per lane, up to layer `last` (`units` laid out as in `unitOffsets`;
    /// the output layer keeps its raw z).
    @inline(__always)
    func forward<V: NetworkLanes>(x: V, y: V, parameters w: UnsafePointer<V.Scalar>, units: UnsafeMutablePointer<V>,
                                  through last: Int? = nil) {
        features.write(x: x, y: y, into: units)
        var inOffset = 0
        for l in 0..<min(last ?? layerCount, layerCount) {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let outOffset = inOffset + nIn
            let weights = w + weightOffsets[l], biases = w + biasOffsets[l]
            let input = units + inOffset, out = units + outOffset
            for i in 0..<nOut {
                var z = V(repeating: biases[i])
                let row = weights + i * nIn
                for j in 0..<nIn { z += row[j] * input[j] }
                out[i] = z
            }
            if l < layerCount - 1 {
                switch activation {
                case .tanh: for i in 0..<nOut { out[i] = V.tanh(out[i]) }
                case .relu: for i in 0..<nOut { out[i] = out[i].replacing(with: 0, where: out[i] .< 0) }
                case .sigmoid: for i in 0..<nOut { out[i] = V.sigmoid(out[i]) }
                case .linear: break
                }
            }
            inOffset = outOffset
        }
    }

    /// Runs the points through the network `V.scalarCount` at a time (the last group padded
    /// by repeating its last point) and copies layer `layer`'s values out, point-major.
    @inline(__always)
    func values<V: NetworkLanes>(_ points: [Vec2], layer: Int, parameters: [V.Scalar], as _: V.Type) -> [Double] {
        let width = sizes[layer], offset = unitOffsets[layer], lanes = V.scalarCount
        var result = [Double](repeating: 0, count: points.count * width)
        guard !points.isEmpty else { return result }
        var units = [V](repeating: .zero, count: unitCount)
        parameters.withUnsafeBufferPointer { w in
            units.withUnsafeMutableBufferPointer { u in
                result.withUnsafeMutableBufferPointer { r in
                    var first = 0
                    while first < points.count {
                        let count = min(lanes, points.count - first)
                        var x = V.zero, y = V.zero
                        for lane in 0..<lanes {
                            let p = points[first + min(lane, count - 1)]
                            x[lane] = V.Scalar(p.x)
                            y[lane] = V.Scalar(p.y)
                        }
                        forward(x: x, y: y, parameters: w.baseAddress!, units: u.baseAddress!, through: layer)
                        for lane in 0..<count {
                            for o in 0..<width { r[(first + lane) * width + o] = Double(u[offset + o][lane]) }
                        }
                        first += lanes
                    }
                }
            }
        }
        return result
    }
}

extension TrainingWorkspace {
    /// `accumulate` four points at a time: Σ ∂L/∂θ over points[indices] added into `gradient`;
    /// returns Σ L. Per-lane gradients are summed in lane buffers and reduced once at the end.
    ///
    /// Without `computeLoss` (training, which needs only the gradient) a sigmoid output with
    /// cross-entropy takes ∂L/∂z = σ(z) - y on all lanes at once, and 0 is returned.
    mutating func accumulateLanes<C: RandomAccessCollection>(_ network: Network, _ points: [LabelledPoint], _ indices: C,
                                                             into gradient: inout [Double], computeLoss: Bool = true) -> Double
    where C.Element == Int, C.Index == Int {
        let sizes = network.sizes, layers = network.layerCount, offsets = unitOffsets
        let phi = network.activation, k = network.outputCount, outOffset = offsets[layers]
        if laneUnits.count != network.unitCount {
            laneUnits = [Lanes](repeating: .zero, count: network.unitCount)
            laneDeltas = laneUnits
        }
        if laneGradient.count != gradient.count { laneGradient = [Lanes](repeating: .zero, count: gradient.count) }
        for i in laneGradient.indices { laneGradient[i] = .zero }
        let base = indices.startIndex, chosenCount = indices.count
        var total = 0.0
        var z = [Double](repeating: 0, count: k), dz = z
        let vectorOutput = !computeLoss && network.output == .sigmoid && network.loss == .crossEntropy
        network.parameters.withUnsafeBufferPointer { wBuffer in
            laneUnits.withUnsafeMutableBufferPointer { uBuffer in
                laneDeltas.withUnsafeMutableBufferPointer { dBuffer in
                    laneGradient.withUnsafeMutableBufferPointer { gBuffer in
                        let w = wBuffer.baseAddress!, u = uBuffer.baseAddress!, d = dBuffer.baseAddress!, g = gBuffer.baseAddress!
                        var first = 0
                        while first < chosenCount {
                            let count = min(4, chosenCount - first)
                            var x = Lanes.zero, y = Lanes.zero, label = Lanes.zero, real = Lanes.zero
                            for lane in 0..<4 {
                                let point = points[indices[base + first + min(lane, count - 1)]]
                                x[lane] = point.x.x
                                y[lane] = point.x.y
                                label[lane] = Double(point.label)
                                real[lane] = lane < count ? 1 : 0
                            }
                            network.forward(x: x, y: y, parameters: w, units: u)
                            // ∂L/∂z per lane with the scalar rule (the output layer is 1-3 units);
                            // padded lanes get zero, so they add nothing.
                            if vectorOutput {
                                d[outOffset] = (laneSigmoid(u[outOffset]) - label) * real
                            } else {
                            for lane in 0..<4 {
                                guard lane < count else {
                                    for o in 0..<k { d[outOffset + o][lane] = 0 }
                                    continue
                                }
                                for o in 0..<k { z[o] = u[outOffset + o][lane] }
                                total += z.withUnsafeBufferPointer { zp in
                                    dz.withUnsafeMutableBufferPointer { dp in
                                        network.lossAndGradient(z: zp.baseAddress!, point: points[indices[base + first + lane]],
                                                                dz: dp.baseAddress!)
                                    }
                                }
                                for o in 0..<k { d[outOffset + o][lane] = dz[o] }
                            }
                            }
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
                                        var sum = Lanes.zero
                                        for i in 0..<nOut { sum += weights[i * nIn + j] * delta[i] }
                                        let aj = a[j]
                                        switch phi {
                                        case .tanh: below[j] = sum * (1 - aj * aj)
                                        case .relu: below[j] = sum.replacing(with: 0, where: aj .<= 0)
                                        case .sigmoid: below[j] = sum * aj * (1 - aj)
                                        case .linear: below[j] = sum
                                        }
                                    }
                                }
                                l -= 1
                            }
                            first += 4
                        }
                    }
                }
            }
        }
        for i in gradient.indices { gradient[i] += laneGradient[i].sum() }
        return total
    }
}

// MARK: - Single precision, for pictures

public typealias FloatLanes = SIMD8<Float>

/// tanh in single precision for eight lanes: the odd 13/6 rational minimax used by Eigen,
/// XLA and ONNX Runtime, on x clamped to ±7.905 (where float tanh is ±1). Error ≤ ~2 ulp of
/// Float: far below what a heatmap level or a boundary pixel can show.
@inline(__always) public func laneTanh(_ value: FloatLanes) -> FloatLanes {
    let x = laneClamp(value, -7.90531110763549805, 7.90531110763549805)
    let x2 = x * x
    var p = x2 * -2.76076847742355e-16 + 2.00018790482477e-13
    p = p * x2 - 8.60467152213735e-11
    p = p * x2 + 5.12229709037114e-08
    p = p * x2 + 1.48572235717979e-05
    p = p * x2 + 6.37261928875436e-04
    p = p * x2 + 4.89352455891786e-03
    var q = x2 * 1.19825839466702e-06 + 1.18534705686654e-04
    q = q * x2 + 2.26843463243900e-03
    q = q * x2 + 4.89352518554385e-03
    return x * p / q
}

// The generic `values` is called only from this file: without whole-module optimisation (debug
// builds) a generic body in another file could not be specialised, and SIMD code would crawl.
extension Network {
    /// The output layer's raw values for many points at once, point-major
    /// (`result[k * outputCount + o]`): one scratch buffer for all, no allocation per point.
    public func logits(_ points: [Vec2]) -> [Double] {
        values(points, layer: layerCount, parameters: parameters, as: Lanes.self)
    }

    /// The output layer's values at many points (or layer `layer`'s), computed in single
    /// precision eight points at a time: for drawing (heatmaps, boundaries, neuron tiles),
    /// where it is several times faster than `logits(_:)` and differs from it by ~1e-6.
    /// Metrics and training use the double-precision paths.
    public func previewLogits(_ points: [Vec2], layer: Int? = nil) -> [Double] {
        values(points, layer: layer ?? layerCount, parameters: parameters.map(Float.init), as: FloatLanes.self)
    }
}
