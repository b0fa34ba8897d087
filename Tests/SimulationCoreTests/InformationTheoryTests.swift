import Foundation
@testable import SimulationCore
import Testing

/// KL's and cross-entropy's derivative with respect to q against central differences, and
/// inverse-transform sampling against its target.
struct InformationTheoryTests {
    @Test func klAndCrossEntropySlopesInQMatchCentralDifferences() {
        // The yut P against a uniform Q: ∂/∂q_j = -p_j / (q_j ln 2) for both, at every j.
        let p = DistributionPreset.all[3].probabilities, q = [Double](repeating: 0.2, count: 5)
        for function in [CheckedFunction.klQ, .crossEntropyQ] {
            for j in p.indices {
                let (f, derivative) = function.pair(p: p, q: q, outcome: j)
                let exact = derivative(q[j]), central = FiniteDifference.central(f, at: q[j], step: 1e-5)
                #expect(abs(exact - (-p[j] / (0.2 * log(2)))) < 1e-15)
                #expect(FiniteDifference.relativeError(exact, central) < 1e-9, "\(function) j=\(j): \(exact) vs \(central)")
            }
        }
        // The seed's formula in nats is -p/q; the lab's own gradient agrees with it in bits.
        #expect(zip(InfoTheory.klGradientWithRespectToQ(p, q), p).allSatisfy { abs($0 + $1 / (0.2 * log(2))) < 1e-15 })
    }

    @Test func theLabChecksTheSelectedQ() throws {
        var lab = EntropySimulation(seed: 1)
        try lab.set("mode", to: .text("gradcheck"))
        try lab.set("select", to: .integer(1))
        try lab.set("function", to: .text("kl-q"))
        let s = lab.snapshot()
        #expect(s.point == 0.2)
        // p2 = 6/16: -0.375 / (0.2 ln 2) = -2.7050532...
        #expect(abs(s.checkedPair.derivative(s.point) + 0.375 / (0.2 * log(2))) < 1e-15)
    }

    @Test func inverseCDFsInvertTheCDFs() {
        for target in InverseTransformSampler.Target.allCases {
            for u in [1e-9, 0.1, 0.5, 0.9, 1 - 1e-9] {
                #expect(abs(target.cdf(target.inverseCDF(u)) - u) < 1e-12, "\(target) at \(u)")
            }
        }
        #expect(InverseTransformSampler.Target.exponential.inverseCDF(0.5) == log(2))
        #expect(InverseTransformSampler.Target.logistic.inverseCDF(0.5) == 0)
    }

    @Test func samplesConvergeToTheTarget() {
        for target in InverseTransformSampler.Target.allCases {
            var sampler = InverseTransformSampler(target: target)
            var random = SeededRandom(seed: 11)
            for _ in 0..<1000 { sampler.sample(using: &random) }
            let early = sampler.histogramDistance
            for _ in 0..<99_000 { sampler.sample(using: &random) }
            // The mean within 4 standard errors; the histogram's distance from the pdf falls ~1/√n
            // (down to the bins' own discretisation, which ½Σ|P̂ - P| does not see).
            #expect(abs(sampler.moments.mean - target.mean) < 4 * (target.variance / 1e5).squareRoot(), "\(target)")
            #expect(abs(sampler.moments.variance - target.variance) < 0.05 * target.variance, "\(target)")
            #expect(sampler.histogramDistance < early / 3, "\(target): \(early) -> \(sampler.histogramDistance)")
            #expect(sampler.counts.reduce(0, +) + sampler.below + sampler.above == 100_000)
        }
    }
}
