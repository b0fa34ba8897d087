import Foundation
import SimulationCore
import Testing

/// Information theory, softmax and derivatives against known values, scipy (values printed by
/// scipy 1.17.1: stats.entropy, special.softmax / log_softmax, stats.norm.sf) and finite
/// differences.
struct InformationTests {
    let yut = [4.0 / 16, 6.0 / 16, 4.0 / 16, 1.0 / 16, 1.0 / 16]

    @Test func seedExamplesComeOutExactly() {
        #expect(InfoTheory.entropy([0.5, 0.5]) == 1)
        #expect(abs(InfoTheory.entropy(Array(repeating: 1.0 / 6, count: 6)) - 2.584962500721156) < 1e-14)
        #expect(String(format: "%.3f", InfoTheory.entropy(Array(repeating: 1.0 / 6, count: 6))) == "2.585")
        #expect(abs(InfoTheory.entropy(yut) - 2.0306390622295667) < 1e-14)  // scipy
        #expect(String(format: "%.4f", InfoTheory.entropy(yut)) == "2.0306")
        #expect(abs(InfoTheory.selfInformation(1.0 / 6) - log2(6.0)) < 1e-15)  // a die showing 1
        #expect(InfoTheory.binaryEntropy(0.5) == 1)
        #expect(InfoTheory.binaryEntropy(0) == 0 && InfoTheory.binaryEntropy(1) == 0)
    }

    @Test func crossEntropyAndKLMatchScipyAndTheIdentity() {
        let p = [0.5, 0.3, 0.2], q = [0.4, 0.4, 0.2]
        #expect(abs(InfoTheory.klDivergence(p, q) - 0.036452797660027965) < 1e-15)
        #expect(abs(InfoTheory.klDivergence(q, p) - 0.03724376175659267) < 1e-15)
        #expect(abs(InfoTheory.crossEntropy(p, q) - 1.5219280948873621) < 1e-14)
        #expect(InfoTheory.klDivergence(p, p) == 0)
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let k = 2 + random.int(below: 9)
            let p = InfoTheory.normalized((0..<k).map { _ in random.nextUnit() })!
            let q = InfoTheory.normalized((0..<k).map { _ in random.nextUnit() + 1e-3 })!
            let identity = InfoTheory.entropy(p) + InfoTheory.klDivergence(p, q)
            #expect(abs(InfoTheory.crossEntropy(p, q) - identity) < 1e-12)
            #expect(InfoTheory.klDivergence(p, q) >= 0)
        }
    }

    @Test func zeroProbabilitiesFollowTheConventions() {
        #expect(InfoTheory.entropy([1, 0, 0]) == 0)
        #expect(InfoTheory.selfInformation(0) == .infinity)
        #expect(InfoTheory.crossEntropy([0.5, 0.5], [1, 0]) == .infinity)
        #expect(InfoTheory.klDivergence([0.5, 0.5], [1, 0]) == .infinity)
        #expect(InfoTheory.klDivergence([1, 0], [0.5, 0.5]) == 1)  // 0 · log 0 = 0
        #expect(!InfoTheory.klDivergence([0, 1], [0, 1]).isNaN)
        #expect(InfoTheory.crossEntropy([0, 1], [0, 1]) == 0)
        #expect(InfoTheory.normalized([0, 0]) == nil && InfoTheory.normalized([-1, 2]) == nil)
    }

    @Test func softmaxIsStableAndRight() {
        let s = Logistic.softmax([1, 2, 3])
        for (mine, scipy) in zip(s, [0.09003057317038046, 0.24472847105479764, 0.6652409557748218]) {
            #expect(abs(mine - scipy) < 1e-15)
        }
        #expect(Logistic.softmax([1000, -1000, 0]) == [1, 0, 0])
        #expect(Logistic.logSoftmax([1000, -1000, 0]) == [0, -2000, -1000])  // scipy log_softmax
        #expect(Logistic.softmax([7, 7, 7, 7]).allSatisfy { $0 == 0.25 })
        // Temperature: near one-hot when cold, near uniform when hot.
        #expect(Logistic.softmax([1, 2, 3], temperature: 0.01)[2] > 0.999999)
        #expect(Logistic.softmax([1, 2, 3], temperature: 1e6).allSatisfy { abs($0 - 1.0 / 3) < 1e-6 })
        #expect(Logistic.sigmoid(1000) == 1 && Logistic.sigmoid(-1000) == 0)
        #expect(Logistic.logSigmoid(-1000) == -1000 && Logistic.logSigmoid(1000) == 0)
        #expect(Logistic.logit(0.5) == 0 && Logistic.logit(1) == .infinity && Logistic.logit(0) == -.infinity)
        // Two classes: softmax([z, 0]) is sigmoid(z).
        for z in [-30.0, -2, 0, 0.7, 5, 40] {
            #expect(abs(Logistic.softmax([z, 0])[0] - Logistic.sigmoid(z)) < 1e-15)
        }
    }

    /// Every analytic derivative against central differences: relative error < 1e-6, or an
    /// absolute error below 1e-9 where the derivative itself is tiny (central differences of a
    /// function of size ~1 cannot resolve more than about ε/h ≈ 1e-11 absolute).
    @Test func everyDerivativePassesTheGradientCheck() {
        var random = SeededRandom(seed: 11)
        func check(_ analytic: Double, _ numeric: Double, _ what: String) {
            let passes = FiniteDifference.relativeError(analytic, numeric) < 1e-6 || abs(analytic - numeric) < 1e-9
            #expect(passes, "\(what): \(analytic) vs \(numeric)")
        }
        for _ in 0..<200 {
            let x = random.uniform(-6...6)
            check(Logistic.sigmoidDerivative(x), FiniteDifference.central(Logistic.sigmoid, at: x, step: 1e-5), "sigmoid' at \(x)")
            let p = random.uniform(0.02...0.98)
            check(Logistic.logitDerivative(p), FiniteDifference.central(Logistic.logit, at: p, step: 1e-6), "logit' at \(p)")
            check(InfoTheory.binaryEntropyDerivative(p),
                  FiniteDifference.central({ InfoTheory.binaryEntropy($0) }, at: p, step: 1e-6), "H' at \(p)")
            let k = 2 + random.int(below: 6)
            let z = (0..<k).map { _ in random.uniform(-4...4) }
            let t = random.uniform(0.3...3)
            let jacobian = Logistic.softmaxJacobian(z, temperature: t)
            for j in 0..<k {
                for i in 0..<k {
                    let numeric = FiniteDifference.gradient({ Logistic.softmax($0, temperature: t)[i] }, at: z)[j]
                    check(jacobian[i][j], numeric, "softmax Jacobian [\(i)][\(j)]")
                }
            }
            let target = random.int(below: k)
            let gradient = Logistic.crossEntropyGradient(z, target: target, temperature: t)
            let numericCE = FiniteDifference.gradient({ -Logistic.logSoftmax($0, temperature: t)[target] }, at: z)
            for j in 0..<k { check(gradient[j], numericCE[j], "CE gradient [\(j)]") }
            let pd = InfoTheory.normalized((0..<k).map { _ in random.uniform(0.05...1) })!
            let qd = InfoTheory.normalized((0..<k).map { _ in random.uniform(0.05...1) })!
            let klGradient = InfoTheory.klGradientWithRespectToQ(pd, qd)
            let numericKL = FiniteDifference.gradient({ InfoTheory.klDivergence(pd, $0) }, at: qd)
            for j in 0..<k { check(klGradient[j], numericKL[j], "KL gradient [\(j)]") }
        }
    }

    /// Truncation error falls with h, then round-off takes over: the best central step is near
    /// 1e-5, the best forward step near 1e-8 (for sin at 1).
    @Test func errorVersusStepHasTheTextbookShape() {
        let rows = FiniteDifference.errorVersusStep(sin, derivative: cos(1), at: 1)
        let bestCentral = rows.min { $0.central < $1.central }!.step
        let bestForward = rows.min { $0.forward < $1.forward }!.step
        #expect((1e-7...1e-4).contains(bestCentral))
        #expect((1e-10...1e-6).contains(bestForward))
        #expect(rows.first!.forward > rows.first!.central)  // h = 0.1: O(h) vs O(h²)
        #expect(rows.last!.central > 1e-3)                   // h = 1e-15: round-off dominates
    }

    /// Importance sampling: unbiased, and far less variance for the rare event P(X > 3).
    @Test func importanceSamplingBeatsPlainMonteCarloOnARareEvent() {
        var estimate = RareEventEstimate(threshold: 3, proposalMean: 3)
        #expect(abs(estimate.exact - 0.0013498980316300933) < 1e-16)  // scipy norm.sf(3)
        var random = SeededRandom(seed: 42)
        for _ in 0..<20_000 { estimate.sample(using: &random) }
        #expect(abs(estimate.importance.mean - estimate.exact) < 3 * estimate.importance.standardError)
        #expect(abs(estimate.plain.mean - estimate.exact) < 4 * estimate.plain.standardError)
        #expect(estimate.importance.standardError * 10 < estimate.plain.standardError)
        var again = RareEventEstimate()
        var sameSeed = SeededRandom(seed: 42)
        for _ in 0..<20_000 { again.sample(using: &sameSeed) }
        #expect(again == estimate, "seeded: the same draws every run")
    }
}
