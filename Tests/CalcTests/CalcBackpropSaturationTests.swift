@testable import Calc
import Foundation
import SimulationCore
import Testing

/// `calc backprop` where units saturate or numbers overflow (found by Benchmarks/verify/
/// backprop.py against an 800-digit reference): the tiny exact values, not 0, and a refusal
/// instead of inf or nan. Each expected number is the 50-digit value rounded to a Double.
struct CalcBackpropSaturationTests {
    func lines(_ weights: String, input: String = "1", target: String, output: String = "sigmoid", loss: String = "cross-entropy",
               layers: String? = nil) throws -> [String] {
        var request = CalcBackprop.Request()
        request.weightsJSON = weights
        request.input = input
        request.target = target
        request.output = output
        request.loss = loss
        request.layers = layers
        return try CalcBackprop.report(request).text.split(separator: "\n").map(String.init)
    }

    /// σ(40) rounds to 1, so p - y was 0 and the loss 0; δ = -σ(-40) and L = softplus(-40).
    @Test func aSaturatedSigmoidAtItsTargetKeepsItsTinyGradient() throws {
        let out = try lines(#"[{"W":[[40]],"b":[0]}]"#, target: "1")
        #expect(out.contains("  target y = [1]; loss L = 4.248354255291589e-18"))
        #expect(out.contains("  layer 1: dL/da = [-1], delta = dL/dz = [-4.248354255291589e-18]"))
    }

    /// ∂L/∂p = 1/(1 - p) with p = σ(50): e^50 + 1, which (p - y)/(p(1 - p)) made ∞.
    @Test func theOutputSlopeIsFiniteWhereTheProbabilityRoundsToOne() throws {
        let out = try lines(#"[{"W":[[50]],"b":[0]}]"#, target: "0")
        #expect(out.contains("  layer 1: dL/da = [5.184705528587072e+21], delta = dL/dz = [1]"))
    }

    /// tanh'(20) = sech²(20) = 1.7e-17; 1 - tanh²(20) is exactly 0.
    @Test func aSaturatedTanhUnitPassesItsGradientOn() throws {
        let out = try lines(#"[{"W":[[20]],"b":[0]},{"W":[[1]],"b":[0]}]"#, target: "0", layers: "1,1,1")
        #expect(out.contains("  layer 1: dL/da = [0.7310585786300049], delta = dL/dz = [1.2423183293560808e-17]"))
    }

    /// Softmax with squared error near one-hot: δ_j = p_j (r_j - Σ r_k p_k) cancelled.
    @Test func softmaxSquaredErrorNearOneHot() throws {
        let out = try lines(#"[{"W":[[40],[0]],"b":[0,0]}]"#, target: "1", output: "softmax", loss: "squared-error")
        #expect(out.contains("  layer 1: dL/da = [1, -1], delta = dL/dz = [8.496708510583178e-18, -8.496708510583178e-18]"))
    }

    /// The same when the target class is the one near 1: δ = ±2q²(1 - q), q = σ(-40); main gave
    /// half of it (1.804851387845415e-35) and ∂L/∂a_1 = 0.
    @Test func softmaxSquaredErrorAtTheLeadingClass() throws {
        let out = try lines(#"[{"W":[[0],[40]],"b":[0,0]}]"#, target: "1", output: "softmax", loss: "squared-error")
        #expect(out.contains("  layer 1: dL/da = [4.248354255291589e-18, -4.248354255291589e-18], "
                             + "delta = dL/dz = [3.60970277569083e-35, -3.60970277569083e-35]"))
    }

    /// -1/p_k = -e^(10^5) is beyond a Double: said so, while δ (the numbers that matter) is exact.
    @Test func anOverflowingOutputSlopeIsSaidNotPrintedAsInfinity() throws {
        let out = try lines(#"[{"W":[[1e5],[0]],"b":[0,0]}]"#, target: "1", output: "softmax")
        #expect(out.contains("  layer 1: dL/da = [0, below -1.8e308], delta = dL/dz = [1, -1]"))
    }

    /// Finite weights and input whose product overflows: refused, naming the number.
    @Test func overflowIsRefusedNotPrintedAsNaN() {
        func message(_ weights: String, input: String, target: String, output: String = "sigmoid") -> String {
            var request = CalcBackprop.Request()
            request.weightsJSON = weights
            request.input = input
            request.target = target
            request.output = output
            request.loss = output == "linear" ? "squared-error" : "cross-entropy"
            do { _ = try CalcBackprop.report(request); return "accepted" } catch let error as CalcInputError { return error.message } catch {
                return "\(error)"
            }
        }
        #expect(message(#"[{"W":[[1e200]],"b":[0]}]"#, input: "1e200", target: "1")
                == "the numbers overflow (z[1] entry 1 is inf): give smaller weights or inputs")
        #expect(message(#"[{"W":[[1e308,1e308]],"b":[0]}]"#, input: "1,1", target: "1", output: "linear")
                == "the numbers overflow (z[1] entry 1 is inf): give smaller weights or inputs")
        #expect(message(#"[{"W":[[1e200]],"b":[0]}]"#, input: "1", target: "0", output: "linear")
                == "the numbers overflow (the loss is inf): give smaller weights or inputs")
    }
}
