@testable import Calc
import Foundation
import SimulationCore
import Testing

/// `calc backprop`: the issue's keys in order, numpy's numbers, the pane's numbers for the same
/// seed, refusals that name the option; and `calc train`'s per-layer gradient norms.
struct CalcBackpropTests {
    func json(_ request: CalcBackprop.Request) throws -> [String: Any] {
        let text = try CalcBackprop.report(request).json.text()
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static let numpyWeights = #"[{"W": [[0.4, -0.6], [0.7, 0.2]], "b": [0.1, -0.1]}, {"W": [[0.8, -0.5]], "b": [0.05]}]"#

    @Test func theKeysAreTheIssuesInOrder() throws {
        let text = try CalcBackprop.report(CalcBackprop.Request()).json.text()
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(keys.map(String.init) == ["layers", "activation", "output", "loss_function", "input", "target", "weights", "z", "a",
                                          "delta", "gradients", "loss", "check"])
    }

    /// numpy's numbers (the same case as the SimulationCore test): a given network, JSON out.
    @Test func numpysNumbers() throws {
        var request = CalcBackprop.Request()
        request.weightsJSON = Self.numpyWeights
        let out = try json(request)
        #expect(out["layers"] as? [Int] == [2, 2, 1])
        #expect(out["activation"] as? String == "tanh" && out["output"] as? String == "sigmoid")
        #expect(out["loss_function"] as? String == "cross-entropy")
        #expect(out["input"] as? [Double] == [0.5, -1] && out["target"] as? Double == 1)
        let loss = try #require(out["loss"] as? Double)
        #expect(abs(loss - 0.43817612408837364) < 1e-15)
        let z = try #require(out["z"] as? [[Double]]), a = try #require(out["a"] as? [[Double]])
        #expect(z.count == 3 && a.count == 3 && z[0] == [0.5, -1] && a[0] == [0.5, -1])
        #expect(abs(a[2][0] - 0.6452121354504016) < 1e-15)
        let delta = try #require(out["delta"] as? [[Double]])
        #expect(delta.count == 2 && abs(delta[1][0] + 0.35478786454959843) < 1e-15 && abs(delta[0][1] - 0.17695118553974196) < 1e-15)
        let gradients = try #require(out["gradients"] as? [[String: Any]])
        let w0 = try #require(gradients[0]["W"] as? [[Double]])
        #expect(abs(w0[1][0] - 0.08847559276987098) < 1e-15 && gradients[1]["b"] as? [Double] == delta[1])
        let weights = try #require(out["weights"] as? [[String: Any]])
        #expect(weights[0]["W"] as? [[Double]] == [[0.4, -0.6], [0.7, 0.2]])
        #expect(try #require(out["check"] as? Double) < 1e-8)
    }

    /// Without --weights, `--seed N` gives the network `gradscope --seed N` shows.
    @Test func theSeedGivesThePanesNetwork() throws {
        var request = CalcBackprop.Request()
        request.seed = 7
        // Compared as text: the JSON prints the shortest round-tripping decimal of each number.
        let text = try CalcBackprop.report(request).json.text()
        let lab = BackpropSimulation(seed: PaneID.backprop.seed(from: 7)).snapshot().graph
        #expect(text.contains("\"loss\": \(lab.forward.loss),"))
        let first = lab.network.layers[0].weights.row(0)
        #expect(text.contains("[\(first[0]), \(first[1])]"), "\(text)")
    }

    @Test func softmaxTakesAClassAndTheOtherCombinations() throws {
        var request = CalcBackprop.Request()
        request.layers = "3,4,3"
        request.output = "softmax"
        request.activation = "relu"
        request.input = "1,0.5,-0.5"
        request.target = "2"
        let out = try json(request)
        #expect(out["target"] as? Int == 2 && (out["a"] as? [[Double]])?.last?.reduce(0, +) ?? 0 > 0.999999)
        for (output, loss) in [("linear", "squared-error"), ("sigmoid", "squared-error"), ("softmax", "squared-error")] {
            var other = request
            other.output = output
            other.loss = loss
            other.target = output == "softmax" ? "0" : "0.5,0,1"
            #expect(try json(other)["check"] as? Double ?? 1 < 1e-7, "\(output) \(loss)")
        }
    }

    @Test func badInputNamesTheOptionAndWhy() {
        func refused(_ change: (inout CalcBackprop.Request) -> Void, _ fragment: String) {
            var request = CalcBackprop.Request()
            change(&request)
            do {
                _ = try CalcBackprop.report(request)
                Issue.record("accepted: expected \(fragment)")
            } catch let error as CalcInputError {
                #expect(error.message.contains(fragment), "\(error.message)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        refused({ $0.input = "0.5,nan" }, "--input: entry 2 is nan")
        refused({ $0.input = "1,2,3" }, "--input: the input has 3 entries but the first layer takes 2")
        refused({ $0.target = "2" }, "--target: target entry 1 is 2: a sigmoid output's targets are in [0, 1]")
        refused({ $0.output = "softmax"; $0.layers = "2,3" ; $0.target = "3" }, "--target: the target class 3 is outside 0...2")
        refused({ $0.output = "softmax"; $0.layers = "2,2,2"; $0.target = "0.5" }, "--target: a softmax output's target is one class index")
        refused({ $0.output = "softmax" }, "--layers: a softmax output needs at least 2 units")
        refused({ $0.output = "linear" }, "cross-entropy needs probabilities")
        refused({ $0.layers = "2,9,1" }, "--layers: layers are 2-5 comma-separated sizes of 1-8 units")
        refused({ $0.activation = "gelu" }, "--activation: 'gelu' is not an activation")
        refused({ $0.loss = "hinge" }, "--loss: 'hinge' is not a loss")
        refused({ $0.weightsJSON = #"[{"W": [[1, 2], [3]], "b": [0, 0]}]"# }, "--weights: layer 1: W row 2 has 1 entries but row 1 has 2")
        refused({ $0.weightsJSON = Self.numpyWeights; $0.layers = "2,3,1" }, "--layers is 2,3,1 but --weights has layers 2,2,1")
    }

    /// `calc train --json` gains `layer_gradient_norms`: per recorded epoch, one Frobenius norm per
    /// layer, equal to the scalar reference backpropagation's gradient at that epoch.
    @Test func trainReportsEachLayersGradientNorm() throws {
        var request = CalcTrain.Request()
        request.layers = "4,4"
        request.epochs = 20
        request.every = 10
        let text = try CalcTrain.report(request).json.text()
        let out = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let norms = try #require(out["layer_gradient_norms"] as? [[Double]])
        #expect(norms.count == 3 && norms.allSatisfy { $0.count == 3 })
        var lab = try CalcTrain.simulation(request)
        for _ in 0..<20 { lab.step() }
        let network = lab.trainer.network
        let gradient = network.lossAndGradient(lab.dataset.train, scalar: true).gradient
        for (l, range) in network.weightRanges.enumerated() {
            let reference = gradient[range].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norms[2][l] - reference) <= 1e-12 * reference, "layer \(l): \(norms[2][l]) vs \(reference)")
        }
        request.every = nil
        let final = try JSONSerialization.jsonObject(with: Data(try CalcTrain.report(request).json.text().utf8)) as? [String: Any]
        #expect((final?["layer_gradient_norms"] as? [[Double]]) == [norms[2]])
    }
}
