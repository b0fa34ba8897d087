import Foundation
@testable import SimulationCore
import Testing

/// The VC bound's closed form, and per-class AP / mAP against scikit-learn.
struct BoundaryTheoryTests {
    @Test func vcConfidenceTerm() {
        // math.sqrt((h*(math.log(2*n/h)+1) - math.log(d/4))/n):
        // (3, 250, 0.05) -> 0.30152952799973753, (3, 1e6, 0.05) -> 0.0069001567362084034,
        // (10, 100, 0.1) -> 0.6606527241270852.
        #expect(abs(VCBound.confidence(dimension: 3, samples: 250, delta: 0.05) - 0.30152952799973753) < 1e-15)
        #expect(abs(VCBound.confidence(dimension: 3, samples: 1e6, delta: 0.05) - 0.0069001567362084034) < 1e-16)
        #expect(abs(VCBound.confidence(dimension: 10, samples: 100, delta: 0.1) - 0.6606527241270852) < 1e-15)
        #expect(VCBound.confidence(dimension: 3, samples: 0, delta: 0.05).isNaN)
        #expect(VCBound.confidence(dimension: 3, samples: 10, delta: 1).isNaN)
        #expect(VCBound.testErrorBound(trainError: 0.1, dimension: 3, samples: 250, delta: 0.05) == 0.1 + 0.30152952799973753)
    }

    @Test func theVCDimensionOfTheModel() throws {
        // Logistic regression on x1, x2: h = d + 1 = 3, exact; an MLP gets its parameter count, rough.
        var lab = BoundarySimulation(seed: 1)
        try lab.set("model", to: .text("logistic"))
        let linear = VCBound.dimension(of: lab.snapshot().network, kind: .logistic)
        #expect(linear.value == 3 && linear.exact)
        try lab.set("model", to: .text("mlp"))
        let mlp = VCBound.dimension(of: lab.snapshot().network, kind: .mlp)
        #expect(mlp.value == lab.snapshot().network.parameters.count && !mlp.exact)
    }

    @Test func perClassAveragePrecisionMatchesScikitLearn() {
        // sklearn.metrics.average_precision_score(np.eye(3)[y][:, c], S[:, c]) for
        // y = [0,1,2,2,1,0,1,2,0,2] and the rows of S below: [0.8333333333333333, 1.0,
        // 0.8928571428571428]; average='macro': 0.9087301587301587. The rows are probabilities,
        // so their logs as logits give back the same softmax.
        let y = [0, 1, 2, 2, 1, 0, 1, 2, 0, 2]
        let s: [[Double]] = [[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.1, 0.3, 0.6], [0.2, 0.2, 0.6], [0.5, 0.4, 0.1],
                             [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.4, 0.3, 0.3], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8]]
        let curves = PrecisionRecallCurve.perClass(logits: s.flatMap { $0.map(log) }, classes: 3, labels: y)
        let expected = [0.8333333333333333, 1.0, 0.8928571428571428]
        #expect(zip(curves.map(\.averagePrecision), expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(curves.map(\.averagePrecision))")
        #expect(abs(PrecisionRecallCurve.meanAveragePrecision(curves) - 0.9087301587301587) < 1e-12)
    }

    @Test func threeClassesGetCurvesTwoClassesOne() throws {
        var lab = BoundarySimulation(seed: 1)
        try lab.set("dataset", to: .text("blobs3"))
        for _ in 0..<5 { lab.step() }
        let s = lab.snapshot()
        #expect(s.classPrecisionRecall.count == 3 && s.precisionRecall == nil)
        #expect(s.meanAveragePrecision.isFinite && s.meanAveragePrecision <= 1)
        try lab.set("dataset", to: .text("xor"))
        #expect(lab.snapshot().classPrecisionRecall.isEmpty && lab.snapshot().precisionRecall != nil)
    }
}
