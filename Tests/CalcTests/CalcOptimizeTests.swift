@testable import Calc
import Foundation
import SimulationCore
import Testing

/// Trajectories against PyTorch 2.15 (float64, torch.optim with the same settings) on
/// Rosenbrock from (-2, 2): the positions after 200 steps, printed by torch.
struct CalcOptimizeTests {
    static let torch: [(String, Double, [Double])] = [
        ("sgd", 1e-3, [-1.142631307599833, 1.313474449306781]),
        ("momentum", 1e-4, [-0.9954083217527305, 0.9987871404135819]),
        ("nesterov", 1e-4, [-1.259141640571701, 1.5931818638452382]),
        ("adagrad", 0.01, [-1.7738403659662347, 2.231640303891496]),
        ("rmsprop", 0.01, [-1.5497666130960497, 2.4076897977520315]),
        ("adam", 0.05, [-1.4945600095675569, 2.2396816421517274]),
        ("adamw", 0.05, [-1.396317334027958, 1.9572357590093785]),
    ]

    @Test(arguments: torch)
    func matchesPyTorchAfter200Steps(_ name: String, _ lr: Double, _ expected: [Double]) throws {
        let report = try CalcOptimize.report(.init(surface: "rosenbrock", optimizer: name, learningRate: lr,
                                                   start: [-2, 2], steps: 200, every: 200))
        let json = try JSONSerialization.jsonObject(with: Data(report.json.text().utf8)) as? [String: Any]
        let trajectory = json?["trajectory"] as? [[String: Any]] ?? []
        #expect(trajectory.count == 2)  // step 0 and step 200
        #expect(trajectory.first?["step"] as? Int == 0 && trajectory.last?["step"] as? Int == 200)
        let x = trajectory.last?["x"] as? Double ?? .nan, y = trajectory.last?["y"] as? Double ?? .nan
        #expect(abs(x - expected[0]) <= 1e-12 * max(1, abs(expected[0])), "\(name) x \(x) vs torch \(expected[0])")
        #expect(abs(y - expected[1]) <= 1e-12 * max(1, abs(expected[1])), "\(name) y \(y) vs torch \(expected[1])")
    }

    @Test func divergenceEndsTheTrajectoryWithoutNaN() throws {
        let report = try CalcOptimize.report(.init(surface: "rosenbrock", optimizer: "sgd", learningRate: 0.1,
                                                   start: [-2, 2], steps: 1000))
        let text = report.json.text()
        #expect(text.contains("\"diverged_at\""))
        #expect(!text.contains("nan"))
    }

    @Test func badOptionsSayWhy() {
        func problem(_ request: CalcOptimize.Request) -> String {
            do { _ = try CalcOptimize.report(request); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem(.init(surface: "rosenbrock", optimizer: "lbfgs"))
                == "--optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (got 'lbfgs')")
        #expect(problem(.init(surface: "rosenbrock", optimizer: "sgd", learningRate: -1)) == "--lr must be a positive number (got -1.0)")
        #expect(problem(.init(surface: "rosenbrock", optimizer: "sgd", start: [1])) == "--start needs two numbers x,y (got 1)")
        // An option the optimizer has no use for is refused, not silently ignored.
        #expect(problem(.init(surface: "booth", optimizer: "adam", momentum: 0.5))
                == "--momentum does not apply to adam (its moments are set by --betas)")
        #expect(problem(.init(surface: "booth", optimizer: "adagrad", momentum: 0.1))
                == "--momentum does not apply to adagrad (it has no momentum)")
        #expect(problem(.init(surface: "booth", optimizer: "rmsprop", betas: (0.9, 0.99)))
                == "--betas applies only to adam and adamw (got --optimizer rmsprop)")
        #expect(problem(.init(surface: "booth", optimizer: "nesterov", momentum: 0))
                == "--momentum 0 with nesterov: Nesterov momentum needs a momentum above 0 (PyTorch refuses it too)")
    }

    /// `--optimizer sgd --momentum 0.5` is torch.optim.SGD(momentum=0.5): on Booth from (-8, -6)
    /// with lr 0.01 torch prints (-4.2416, -2.2416) after two steps and (-2.228912, -0.228912) after three.
    @Test func sgdWithMomentumIsTheHeavyBall() throws {
        let report = try CalcOptimize.report(.init(surface: "booth", optimizer: "sgd", learningRate: 0.01, momentum: 0.5,
                                                   steps: 3))
        let json = try JSONSerialization.jsonObject(with: Data(report.json.text().utf8)) as? [String: Any]
        #expect(json?["optimizer"] as? String == "sgd" && json?["momentum"] as? Double == 0.5)
        let points = (json?["trajectory"] as? [[String: Any]] ?? []).map { [$0["x"] as? Double ?? .nan, $0["y"] as? Double ?? .nan] }
        for (point, torch) in zip(points.dropFirst(2), [[-4.2416, -2.2416], [-2.228912, -0.228912]]) {
            #expect(abs(point[0] - torch[0]) < 1e-12 && abs(point[1] - torch[1]) < 1e-12, "\(point) vs torch \(torch)")
        }
        #expect(points.count == 4)
        #expect(report.text.hasPrefix("SGD with momentum on booth"))
    }
}
