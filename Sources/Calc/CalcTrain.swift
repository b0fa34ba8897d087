import Foundation
import SimulationCore

/// `gradscope calc train`: the boundary lab's model trained headlessly, epoch by epoch, with
/// the lab's own code (same seed, same numbers as the pane).
public enum CalcTrain {
    public struct Request: Sendable {
        public var dataset = "xor"
        /// The text of a CSV file (`--csv FILE`, read by the caller).
        public var csvText: String?
        public var model = "mlp"
        public var layers = "8,8"
        public var activation = "tanh"
        public var features = "x1,x2"
        public var loss = "cross-entropy"
        public var learningRate = 0.03
        public var batch = 10
        public var epochs = 500
        public var seed: UInt64 = 1
        public var noise = 0.0
        public var trainFraction = 0.5
        public var points = 500
        public var regularization = "none"
        public var regularizationRate = 0.0
        public var shuffle = true
        public var every: Int?
        public init() {}
    }

    /// The simulation set up as the request says; a refused value names its option.
    static func simulation(_ request: Request) throws -> BoundarySimulation {
        // The seed the dashboard gives the boundary lab, so `--seed N` matches `gradscope --seed N`.
        var lab = BoundarySimulation(seed: PaneID.boundary.seed(from: request.seed))
        let settings: [(String, String, ParameterValue)] = [
            ("--points", "points", .integer(request.points)),
            ("--noise", "noise", .number(request.noise)),
            ("--train-fraction", "trainFraction", .number(request.trainFraction)),
            request.csvText.map { ("--csv", "csvData", .text($0)) } ?? ("--dataset", "dataset", .text(request.dataset)),
            ("--features", "features", .text(request.features)),
            ("--activation", "activation", .text(request.activation)),
            ("--layers", "layers", .text(request.layers)),
            ("--model", "model", .text(request.model)),
            ("--loss", "loss", .text(request.loss)),
            ("--lr", "lr", .number(request.learningRate)),
            ("--batch", "batch", .integer(request.batch)),
            ("--regularization", "regularization", .text(request.regularization)),
            ("--reg-rate", "regRate", .number(request.regularizationRate)),
            ("--shuffle", "shuffle", .flag(request.shuffle)),
        ]
        for (option, parameter, value) in settings {
            do { try lab.set(parameter, to: value) } catch let error as ParameterError {
                throw CalcInputError("\(option): \(error.reason)")
            }
        }
        return lab
    }

    public static func report(_ request: Request) throws -> (json: CalcJSON, text: String) {
        guard (0...1_000_000).contains(request.epochs) else {
            throw CalcInputError("--epochs must be in 0...1000000 (got \(request.epochs))")
        }
        if let every = request.every, every < 1 { throw CalcInputError("--every must be at least 1 (got \(every))") }
        var lab = try simulation(request)
        var history: [CalcJSON] = []
        let start = lab.snapshot()
        var text = "\(start.dataset.kind.title), \(start.dataset.train.count) train / \(start.dataset.test.count) test points; "
            + modelText(start) + ", lr \(request.learningRate), batch \(request.batch), seed \(request.seed)\n"
        text += " epoch  train_loss   test_loss  train_acc   test_acc\n"
        func row(_ s: BoundarySnapshot) -> CalcJSON {
            .object([("epoch", .integer(s.epoch)), ("train_loss", .number(s.trainLosses.last ?? .nan)),
                     ("test_loss", .number(s.testLosses.last ?? .nan)), ("train_accuracy", .number(s.trainAccuracy)),
                     ("test_accuracy", .number(s.testAccuracy))])
        }
        func line(_ s: BoundarySnapshot) -> String {
            // Not-a-number prints as "nan" (C's printf may write "-nan").
            func column(_ value: Double, _ width: Int, _ decimals: Int) -> String {
                value.isNaN ? String(repeating: " ", count: width - 3) + "nan" : String(format: "%\(width).\(decimals)f", value)
            }
            return String(format: "%6d ", s.epoch) + column(s.trainLosses.last ?? .nan, 11, 6) + " "
                + column(s.testLosses.last ?? .nan, 11, 6) + " " + column(s.trainAccuracy, 10, 4) + " " + column(s.testAccuracy, 10, 4) + "\n"
        }
        // ‖∂L/∂W⁽ˡ⁾‖_F per layer at each recorded epoch (the history's, or the final one).
        var gradientNorms: [CalcJSON] = []
        func norms(_ lab: BoundarySimulation) -> CalcJSON {
            .numbers(lab.trainer.network.layerGradientNorms(lab.dataset.train))
        }
        if request.every != nil { history.append(row(start)); gradientNorms.append(norms(lab)); text += line(start) }
        var stopped: String?
        for epoch in stride(from: 1, through: request.epochs, by: 1) {
            lab.step()
            let reason = lab.trainer.stopped
            // Every N epochs, the last, and the one training stopped in (the history ends where
            // `final` is).
            if let every = request.every, epoch % every == 0 || epoch == request.epochs || reason != nil {
                let s = lab.snapshot()
                history.append(row(s))
                gradientNorms.append(norms(lab))
                text += line(s)
            }
            if let reason { stopped = reason; break }
        }
        let final = lab.snapshot()
        if request.every == nil { text += line(final) }
        if let stopped { text += "stopped: \(stopped)\n" }
        var fields: [(String, CalcJSON)] = [("dataset", .string(final.dataset.kind.rawValue)), ("model", .string(modelText(final))),
                                            ("seed", .unsigned(request.seed))]
        if let stopped { fields.append(("stopped", .string(stopped))) }
        fields.append(("history", .array(history)))
        fields.append(("final", row(final)))
        fields.append(("layer_gradient_norms", .array(request.every == nil ? [norms(lab)] : gradientNorms)))
        return (.object(fields), text)
    }

    static func modelText(_ s: BoundarySnapshot) -> String {
        switch s.settings.kind {
        case .perceptron: return "perceptron"
        case .logistic: return "logistic regression"
        case .mlp: return "MLP " + s.network.sizes.map(String.init).joined(separator: "-") + " " + s.settings.activation.rawValue
        }
    }
}
