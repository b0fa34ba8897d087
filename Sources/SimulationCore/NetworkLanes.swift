import Foundation
import NetworkKernels

/// Four points at a time: the network's hot loops (training, heatmaps, losses) run in the C
/// kernels of `NetworkKernels`, one point per lane, with a vectorised tanh and exp, built for
/// baseline x86-64 and for AVX2 and bitwise alike on both. The scalar `Network.forward` stays the
/// reference they are tested against.
public typealias Lanes = SIMD4<Double>

/// Sixteen floats: the lanes pictures are computed on.
public typealias FloatLanes = SIMD16<Float>

/// Which build of the kernels runs: the best this CPU has (1 = AVX2, 0 = baseline).
public enum KernelLevel {
    public static let best = Int32(gs_kernel_level())
    /// Every level this CPU can run, for tests that compare them.
    public static var available: [Int32] { Array(0...best) }
}

/// e^y for each lane (Cephes' method); relative error below 1e-15 (tested against libm).
public func laneExp(_ y: Lanes, level: Int32 = KernelLevel.best) -> Lanes { lanes(y, level, gs_exp_f64x4) }

/// tanh for each lane with one division (Cephes' rational near 0, else from e^{2|x|});
/// relative error below 1e-15 (tested).
public func laneTanh(_ x: Lanes, level: Int32 = KernelLevel.best) -> Lanes { lanes(x, level, gs_tanh_f64x4) }

/// σ for each lane, 1/(1 + e^{-z}) (e^{-z} clamped, so no lane overflows to NaN).
public func laneSigmoid(_ z: Lanes, level: Int32 = KernelLevel.best) -> Lanes { lanes(z, level, gs_sigmoid_f64x4) }

/// tanh in single precision for sixteen lanes: the odd 13/6 rational minimax used by Eigen, XLA
/// and ONNX Runtime, on x clamped to ±7.905 (where float tanh is ±1). Error ≤ ~2 ulp of Float.
public func laneTanh(_ x: FloatLanes, level: Int32 = KernelLevel.best) -> FloatLanes { lanes(x, level, gs_tanh_f32x16) }

/// One lane kernel on a SIMD value: its lanes passed as a C array in, the result read back.
private func lanes<Vector: SIMD>(_ x: Vector, _ level: Int32,
                                 _ kernel: (Int32, UnsafePointer<Vector.Scalar>?, UnsafeMutablePointer<Vector.Scalar>?) -> Void)
    -> Vector {
    var input = x, output = Vector()
    withUnsafePointer(to: &input) { i in
        withUnsafeMutablePointer(to: &output) { o in
            kernel(level, UnsafeRawPointer(i).assumingMemoryBound(to: Vector.Scalar.self),
                   UnsafeMutableRawPointer(o).assumingMemoryBound(to: Vector.Scalar.self))
        }
    }
    return output
}

extension Activation {
    /// The kernels' name for it (GS_TANH ...).
    var kernelCode: Int32 {
        switch self {
        case .tanh: Int32(GS_TANH)
        case .relu: Int32(GS_RELU)
        case .sigmoid: Int32(GS_SIGMOID)
        case .linear: Int32(GS_LINEAR)
        }
    }
}

extension Regularization {
    /// The kernels' name for it (GS_L1 ...).
    var kernelCode: Int32 {
        switch self {
        case .none: Int32(GS_NO_REGULARIZATION)
        case .l1: Int32(GS_L1)
        case .l2: Int32(GS_L2)
        }
    }
}

extension Network {
    /// The network's shape as the kernels read it.
    var kernelShape: gs_network {
        precondition(layerCount <= Int(GS_MAX_LAYERS), "a network has at most \(GS_MAX_LAYERS) weight layers")
        var shape = gs_network()
        shape.layer_count = Int32(layerCount)
        shape.activation = activation.kernelCode
        shape.features = Int32(features.rawValue)
        shape.unit_count = Int32(unitCount)
        let offsets = unitOffsets
        withUnsafeMutableBytes(of: &shape.sizes) { raw in
            let sizes = raw.bindMemory(to: Int32.self)
            for (l, size) in self.sizes.enumerated() { sizes[l] = Int32(size) }
        }
        withUnsafeMutableBytes(of: &shape.unit_offsets) { raw in
            let out = raw.bindMemory(to: Int32.self)
            for (l, offset) in offsets.enumerated() { out[l] = Int32(offset) }
        }
        withUnsafeMutableBytes(of: &shape.weight_offsets) { raw in
            let out = raw.bindMemory(to: Int32.self)
            for (l, offset) in weightOffsets.enumerated() { out[l] = Int32(offset) }
        }
        withUnsafeMutableBytes(of: &shape.bias_offsets) { raw in
            let out = raw.bindMemory(to: Int32.self)
            for (l, offset) in biasOffsets.enumerated() { out[l] = Int32(offset) }
        }
        return shape
    }

    /// One gradient-descent step from `gradient` = Σ ∂L/∂θ over `points` points:
    /// θ ← θ - lr (∇L/n + rate ∂R/∂θ), R = ½‖W‖² (L2) or ‖W‖₁ (L1), biases not penalised (the
    /// penalty's step first, then the loss's). Returns whether every parameter and every gradient
    /// entry is finite. `shape`: this network's `kernelShape`, when the caller keeps it.
    mutating func descend(gradient: [Double], points: Int, learningRate: Double, regularization: Regularization,
                          rate: Double, shape: gs_network? = nil, level: Int32 = KernelLevel.best) -> Bool {
        var shape = shape ?? kernelShape
        let count = Int64(gradient.count)
        return parameters.withUnsafeMutableBufferPointer { w in
            gs_sgd_update_f64(level, &shape, w.baseAddress, gradient, count, learningRate, Double(points),
                              regularization.kernelCode, rate)
        } != 0
    }

    /// The output layer's raw values for many points at once, point-major
    /// (`result[k * outputCount + o]`), four points at a time in double precision.
    public func logits(_ points: [Vec2], level: Int32 = KernelLevel.best) -> [Double] {
        values(points, layer: layerCount, level: level)
    }

    /// Layer `layer`'s values at many points, point-major, in double precision.
    func values(_ points: [Vec2], layer: Int, level: Int32 = KernelLevel.best) -> [Double] {
        var result = [Double](repeating: 0, count: points.count * sizes[layer])
        guard !points.isEmpty else { return result }
        var shape = kernelShape
        var units = [Double](repeating: 0, count: 4 * unitCount)
        points.withUnsafeBytes { p in
            gs_values_f64(level, &shape, parameters, p.baseAddress!.assumingMemoryBound(to: Double.self),
                          Int64(points.count), Int32(layer), &units, &result)
        }
        return result
    }

    /// The output layer's values at many points (or layer `layer`'s), computed in single
    /// precision sixteen points at a time: for drawing (heatmaps, boundaries, neuron tiles),
    /// where it is several times faster than `logits(_:)` and differs from it by ~1e-6.
    /// Metrics and training use the double-precision paths.
    public func previewLogits(_ points: [Vec2], layer: Int? = nil, level: Int32 = KernelLevel.best) -> [Double] {
        let layer = layer ?? layerCount
        var result = [Double](repeating: 0, count: points.count * sizes[layer])
        guard !points.isEmpty else { return result }
        var shape = kernelShape
        let weights = parameters.map(Float.init)
        var units = [Float](repeating: 0, count: 16 * unitCount)
        points.withUnsafeBytes { p in
            gs_values_f32(level, &shape, weights, p.baseAddress!.assumingMemoryBound(to: Double.self),
                          Int64(points.count), Int32(layer), &units, &result)
        }
        return result
    }
}

extension TrainingWorkspace {
    /// `accumulate` four points at a time: Σ ∂L/∂θ over points[indices] added into `gradient`;
    /// returns Σ L. Per-lane gradients are summed in lane buffers and reduced once at the end.
    ///
    /// Without `computeLoss` (training, which needs only the gradient) a sigmoid output with
    /// cross-entropy runs whole in the kernel (∂L/∂z = σ(z) - y on all lanes), and 0 is returned.
    /// Otherwise each lane's ∂L/∂z comes from `Network.lossAndGradient`, between the kernel's
    /// forward and backward passes.
    mutating func accumulateLanes<C: RandomAccessCollection>(_ network: Network, _ points: [LabelledPoint], _ indices: C,
                                                             into gradient: inout [Double], computeLoss: Bool = true,
                                                             level: Int32 = KernelLevel.best) -> Double
    where C.Element == Int, C.Index == Int {
        if shapeSizes != network.sizes {
            kernelShape = network.kernelShape
            shapeSizes = network.sizes
        }
        kernelShape.activation = network.activation.kernelCode
        var shape = kernelShape
        // Scratch is over-allocated by 8 doubles so the kernel gets it at a 64-byte boundary
        // (a cache line) whatever address the allocator gave: the same line layout in every run.
        let slack = TrainingWorkspace.alignmentSlack
        if laneUnits.count != 4 * network.unitCount + slack {
            laneUnits = [Double](repeating: 0, count: 4 * network.unitCount + slack)
            laneDeltas = laneUnits
        }
        let parameterCount = network.parameters.count
        if laneGradient.count != 4 * parameterCount + slack { laneGradient = [Double](repeating: 0, count: 4 * parameterCount + slack) }
        if !computeLoss && network.output == .sigmoid && network.loss == .crossEntropy {
            let chosenCount = indices.count
            if batchLabels.count < chosenCount + slack {
                batchLabels = [Double](repeating: 0, count: chosenCount + slack)
                batchCoordinates = [Double](repeating: 0, count: 2 * chosenCount + slack)
            }
            batchCoordinates.withUnsafeMutableBufferPointer { coordinateBuffer in
                batchLabels.withUnsafeMutableBufferPointer { labelBuffer in
                    let coordinates = TrainingWorkspace.aligned(coordinateBuffer), labels = TrainingWorkspace.aligned(labelBuffer)
                    for (k, index) in indices.enumerated() {
                        let point = points[index]
                        coordinates[2 * k] = point.x.x
                        coordinates[2 * k + 1] = point.x.y
                        labels[k] = Double(point.label)
                    }
                    laneUnits.withUnsafeMutableBufferPointer { units in
                        laneDeltas.withUnsafeMutableBufferPointer { deltas in
                            laneGradient.withUnsafeMutableBufferPointer { lanes in
                                gs_accumulate_sigmoid_ce_f64(level, &shape, network.parameters, coordinates, labels,
                                                             Int64(chosenCount), TrainingWorkspace.aligned(units),
                                                             TrainingWorkspace.aligned(deltas), TrainingWorkspace.aligned(lanes),
                                                             Int64(parameterCount), &gradient)
                            }
                        }
                    }
                }
            }
            return 0
        }
        for i in laneGradient.indices { laneGradient[i] = 0 }
        let k = network.outputCount, outOffset = 4 * network.unitOffsets[network.layerCount]
        let base = indices.startIndex, chosenCount = indices.count
        var total = 0.0
        var z = [Double](repeating: 0, count: k), dz = z
        var first = 0
        while first < chosenCount {
            let count = min(4, chosenCount - first)
            var x = [Double](repeating: 0, count: 4), y = x
            for lane in 0..<4 {
                let point = points[indices[base + first + min(lane, count - 1)]]
                x[lane] = point.x.x
                y[lane] = point.x.y
            }
            gs_forward_group_f64(level, &shape, network.parameters, x, y, &laneUnits)
            // ∂L/∂z per lane with the scalar rule; padded lanes get zero, so they add nothing.
            for lane in 0..<4 {
                guard lane < count else {
                    for o in 0..<k { laneDeltas[outOffset + 4 * o + lane] = 0 }
                    continue
                }
                for o in 0..<k { z[o] = laneUnits[outOffset + 4 * o + lane] }
                total += z.withUnsafeBufferPointer { zp in
                    dz.withUnsafeMutableBufferPointer { dp in
                        network.lossAndGradient(z: zp.baseAddress!, point: points[indices[base + first + lane]],
                                                dz: dp.baseAddress!)
                    }
                }
                for o in 0..<k { laneDeltas[outOffset + 4 * o + lane] = dz[o] }
            }
            gs_backward_group_f64(level, &shape, network.parameters, laneUnits, &laneDeltas, &laneGradient)
            first += 4
        }
        gs_reduce_lanes_f64(laneGradient, Int64(parameterCount), &gradient)
        return total
    }
}
