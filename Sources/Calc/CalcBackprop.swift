import Foundation
import SimulationCore

/// `gradscope calc backprop`: every number of the backprop lab's graph view for one network and
/// one example: the forward pass, the loss, the backward pass (δ per layer, ∂L/∂W and ∂L/∂b) and
/// the gradient check against central differences, computed by the lab's own code.
public enum CalcBackprop {
    public struct Request: Sendable {
        /// Layer sizes, input first ("2,2,1"); nil: 2,2,1, or the shape of `weightsJSON`.
        public var layers: String?
        public var activation = "tanh"
        public var output = "sigmoid"
        public var loss = "cross-entropy"
        public var input = "0.5,-1"
        public var target = "1"
        /// The weights as JSON (`[{"W": [[...]], "b": [...]}, ...]`), already read from a file
        /// by the caller when `--weights` named one; nil draws them from `seed`.
        public var weightsJSON: String?
        /// The seed `gradscope --seed N` gives the lab (its default, 42, is the dashboard's).
        public var seed: UInt64 = 42
        public init() {}
    }

    /// The network and example the request describes; a bad value names its option.
    static func setUp(_ request: Request) throws -> (LayeredNetwork, NetworkExample) {
        guard let activation = Activation(rawValue: request.activation.lowercased()) else {
            throw CalcInputError("--activation: '\(request.activation)' is not an activation (tanh, relu, sigmoid, linear)")
        }
        guard let output = BackpropSimulation.outputKind(request.output) else {
            throw CalcInputError("--output: '\(request.output)' is not an output (sigmoid, linear, softmax)")
        }
        guard let loss = BackpropSimulation.lossKind(request.loss) else {
            throw CalcInputError("--loss: '\(request.loss)' is not a loss (cross-entropy, squared-error)")
        }
        var sizes: [Int]?
        if let layers = request.layers {
            do { sizes = try BackpropSimulation.layerSizes(layers) } catch let error as NetworkShapeError {
                throw CalcInputError("--layers: \(error.message)")
            }
        }
        let network: LayeredNetwork
        do {
            if let json = request.weightsJSON {
                let layers: [DenseLayer]
                do { layers = try LayeredNetwork.layers(fromJSON: json) } catch let error as NetworkShapeError {
                    throw CalcInputError("--weights: \(error.message)")
                }
                let shape = [layers[0].inputCount] + layers.map(\.unitCount)
                if let sizes, sizes != shape {
                    throw CalcInputError("--layers is \(sizes.map(String.init).joined(separator: ",")) but --weights has layers "
                                         + shape.map(String.init).joined(separator: ",") + " (W is out x in)")
                }
                network = try LayeredNetwork(layers: layers, activation: activation, output: output, loss: loss)
            } else {
                network = try LayeredNetwork(sizes: sizes ?? [2, 2, 1], activation: activation, output: output, loss: loss,
                                             initialization: .xavier, seed: PaneID.backprop.seed(from: request.seed))
            }
        } catch let error as NetworkShapeError {
            // Cross-entropy on a linear output is about --loss, not the layers.
            let option = error.message.hasPrefix("cross-entropy") ? "--loss: " : request.weightsJSON == nil ? "--layers: " : "--weights: "
            throw CalcInputError(option + error.message)
        }
        let input = try CalcInput.vector(request.input, option: "--input")
        let values = try CalcInput.vector(request.target, option: "--target")
        let target: NetworkTarget
        if output == .softmax {
            guard values.count == 1, values[0] == values[0].rounded(), abs(values[0]) < 1e6 else {
                throw CalcInputError("--target: a softmax output's target is one class index 0...\(network.outputCount - 1)")
            }
            target = .classIndex(Int(values[0]))
        } else {
            target = .values(values)
        }
        let example = NetworkExample(input: input, target: target)
        do { try network.validate(example) } catch let error as NetworkShapeError {
            throw CalcInputError((error.message.hasPrefix("the input") || error.message.hasPrefix("input") ? "--input: " : "--target: ")
                                 + error.message)
        }
        return (network, example)
    }

    public static func report(_ request: Request) throws -> (json: CalcJSON, text: String) {
        let (network, example) = try setUp(request)
        let pass = network.forward(example)
        let back = network.backward(pass, target: example.target)
        try refuseOverflow(pass, back)
        let check = network.gradientCheck([example])
        let outputName = network.output == .identity ? "linear" : network.output.rawValue
        let lossName = network.loss == .crossEntropy ? "cross-entropy" : "squared-error"
        let targetJSON: CalcJSON
        switch example.target {
        case .classIndex(let k): targetJSON = .integer(k)
        case .values(let values): targetJSON = values.count == 1 ? .number(values[0]) : .numbers(values)
        }
        func layerJSON(_ layer: DenseLayer) -> CalcJSON {
            .object([("W", .rows(layer.weights.rowArrays)), ("b", .numbers(layer.biases))])
        }
        let json = CalcJSON.object([
            ("layers", .array(network.sizes.map(CalcJSON.integer))), ("activation", .string(network.activation.rawValue)),
            ("output", .string(outputName)), ("loss_function", .string(lossName)), ("input", .numbers(example.input)),
            ("target", targetJSON), ("weights", .array(network.layers.map(layerJSON))),
            ("z", .array(pass.z.map(CalcJSON.numbers))), ("a", .array(pass.a.map(CalcJSON.numbers))),
            ("delta", .array(back.delta.map(CalcJSON.numbers))), ("gradients", .array(back.gradients.map(layerJSON))),
            ("loss", .number(pass.loss)), ("check", .number(check)),
        ])
        return (json, text(network, example, pass, back, check, outputName: outputName, lossName: lossName, seed: request))
    }

    /// Weights and inputs are finite, but their products need not be (1e300 x 1e10): a number
    /// that overflowed is refused, naming the first one, rather than printed as inf or nan.
    static func refuseOverflow(_ pass: ForwardPass, _ back: BackwardPass) throws {
        func first(_ name: String, _ layers: [[Double]], from start: Int) -> String? {
            for (l, values) in layers.enumerated() {
                if let i = values.firstIndex(where: { !$0.isFinite }) { return "\(name)[\(l + start)] entry \(i + 1) is \(values[i])" }
            }
            return nil
        }
        let bad = first("z", Array(pass.z.dropFirst()), from: 1) ?? first("a", Array(pass.a.dropFirst()), from: 1)
            ?? (pass.loss.isFinite ? nil : "the loss is \(pass.loss)") ?? first("delta", back.delta, from: 1)
            ?? first("dL/dW", back.gradients.map(\.weights.elements), from: 1) ?? first("dL/db", back.gradients.map(\.biases), from: 1)
        if let bad {
            throw CalcInputError("the numbers overflow (\(bad)): give smaller weights or inputs")
        }
    }

    static func text(_ network: LayeredNetwork, _ example: NetworkExample, _ pass: ForwardPass, _ back: BackwardPass, _ check: Double,
                     outputName: String, lossName: String, seed request: Request) -> String {
        func list(_ values: [Double]) -> String { "[" + values.map(CalcDerivatives.format).joined(separator: ", ") + "]" }
        // ∂L/∂a = -1/p is beyond a Double where p underflows (a softmax gap over 709): said so,
        // not printed as -inf (z, δ and the gradients are finite there and were checked).
        func slopes(_ values: [Double]) -> String {
            "[" + values.map { $0.isFinite ? CalcDerivatives.format($0) : $0 < 0 ? "below -1.8e308" : "above 1.8e308" }
                .joined(separator: ", ") + "]"
        }
        func rows(_ m: Matrix) -> String { "[" + m.rowArrays.map(list).joined(separator: ", ") + "]" }
        let target: String
        switch example.target {
        case .classIndex(let k): target = "class \(k)"
        case .values(let values): target = list(values)
        }
        var out = "network " + network.sizes.map(String.init).joined(separator: "-") + ", \(network.activation.rawValue) hidden units, "
            + "\(outputName) output, \(lossName) loss; weights " + (request.weightsJSON == nil ? "from seed \(request.seed)" : "given") + "\n"
        out += "forward:\n  a[0] = x = \(list(example.input))\n"
        for (l, layer) in network.layers.enumerated() {
            out += "  layer \(l + 1): W = \(rows(layer.weights)), b = \(list(layer.biases))\n"
            out += "    z[\(l + 1)] = W a[\(l)] + b = \(list(pass.z[l + 1]))\n"
            out += "    a[\(l + 1)] = \(l == network.layers.count - 1 ? outputName : network.activation.rawValue)(z) = \(list(pass.a[l + 1]))\n"
        }
        out += "  target y = \(target); loss L = \(CalcDerivatives.format(pass.loss))\n"
        out += "backward:\n"
        for l in stride(from: network.layers.count, through: 1, by: -1) {
            out += "  layer \(l): dL/da = \(slopes(back.dLda[l])), delta = dL/dz = \(list(back.delta[l - 1]))\n"
            out += "    dL/dW = delta a[\(l - 1)]^T = \(rows(back.gradients[l - 1].weights)), dL/db = \(list(back.gradients[l - 1].biases))\n"
        }
        out += "  input: dL/dx = \(slopes(back.dLda[0]))\n"
        out += "check: max relative error against central differences \(String(format: "%.1e", check))\n"
        return out
    }
}
