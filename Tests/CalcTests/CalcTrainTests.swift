@testable import Calc
import Foundation
import SimulationCore
import Testing

/// `calc train`: the issue's targets, determinism, the JSON shape and clear refusals.
struct CalcTrainTests {
    func final(_ request: CalcTrain.Request) throws -> [String: Any] {
        let report = try CalcTrain.report(request)
        let json = try JSONSerialization.jsonObject(with: Data(report.json.text().utf8)) as? [String: Any]
        return json?["final"] as? [String: Any] ?? [:]
    }

    @Test func reachesTheTargetAccuracies() throws {
        for (dataset, layers, lr, epochs, target) in [("xor", "8,8", 0.03, 300, 0.95), ("circle", "8,8", 0.03, 300, 0.95),
                                                       ("gaussians", "4", 0.03, 100, 0.95), ("spirals", "8,8,8", 0.1, 1500, 0.90)] {
            var request = CalcTrain.Request()
            request.dataset = dataset
            request.layers = layers
            request.learningRate = lr
            request.epochs = epochs
            let accuracy = try final(request)["test_accuracy"] as? Double ?? 0
            #expect(accuracy >= target, "\(dataset): \(accuracy)")
        }
    }

    @Test func sameSeedSameNumbersAndTheHistoryShape() throws {
        var request = CalcTrain.Request()
        request.epochs = 20
        request.every = 10
        let a = try CalcTrain.report(request).json.text(), b = try CalcTrain.report(request).json.text()
        #expect(a == b)
        let json = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any]
        let history = json?["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["epoch"] as? Int } == [0, 10, 20])
        #expect(Set(history[0].keys) == ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"])
        #expect((json?["final"] as? [String: Any])?["epoch"] as? Int == 20)
        request.seed = 2
        #expect(try CalcTrain.report(request).json.text() != a)
    }

    @Test func refusalsNameTheOption() {
        func refused(_ change: (inout CalcTrain.Request) -> Void, _ fragment: String) {
            var request = CalcTrain.Request()
            change(&request)
            do {
                _ = try CalcTrain.report(request)
                Issue.record("accepted: expected \(fragment)")
            } catch let error as CalcInputError {
                #expect(error.message.contains(fragment), "\(error.message)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        refused({ $0.dataset = "mnist" }, "--dataset: 'mnist' is not a dataset")
        refused({ $0.layers = "8,9" }, "--layers: layers are 1-6")
        refused({ $0.layers = "8,,8" }, "--layers: layers are 1-6")
        refused({ $0.activation = "gelu" }, "--activation: 'gelu' is not an activation")
        refused({ $0.model = "perceptron"; $0.dataset = "blobs3" }, "--model: the perceptron separates two classes")
        refused({ $0.csvText = "x,y,label\n1,2,0\n1,2\n" }, "--csv: CSV line 3: expected 3 fields")
        refused({ $0.learningRate = -1 }, "--lr: the learning rate must be in (0, 10]")
    }

    /// Training that stops shows the epoch it stopped in, with its non-finite losses, as the last
    /// row of the history, the same epoch as `final` and as the message.
    @Test func aStopEndsTheHistoryAtTheEpochItNames() throws {
        var request = CalcTrain.Request()
        request.dataset = "bumps"
        request.layers = "1,4,1,7,7"
        request.activation = "linear"
        request.learningRate = 0.5
        request.batch = 1
        request.epochs = 30
        request.seed = 3
        request.points = 100
        request.features = "x1,x2,x1^2,x2^2,x1x2"
        request.every = 10
        let report = try CalcTrain.report(request)
        let json = try JSONSerialization.jsonObject(with: Data(report.json.text().utf8)) as? [String: Any]
        let stopped = try #require(json?["stopped"] as? String)
        let history = json?["history"] as? [[String: Any]] ?? []
        let last = try #require(history.last), final = try #require(json?["final"] as? [String: Any])
        let epoch = try #require(last["epoch"] as? Int)
        #expect(history.map { $0["epoch"] as? Int } == [0, 10, 20, epoch])
        #expect(final["epoch"] as? Int == epoch)
        #expect(stopped.contains("at epoch \(epoch):"), "\(stopped)")
        #expect(report.text.contains(String(format: "%6d         nan         nan", epoch)), "\(report.text)")
    }
}
