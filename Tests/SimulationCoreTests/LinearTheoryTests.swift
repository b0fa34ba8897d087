import Foundation
@testable import SimulationCore
import Testing

/// Conditioning as sensitivity, PCA and vector similarity against numpy and closed forms.
struct LinearTheoryTests {
    @Test func worstPerturbationReachesTheBoundWhenBIsAlongU1() throws {
        // A = diag(2, 0.5): κ = 4. x = e1 gives b = (2, 0) along u1; the worst Δb lies along
        // u2 = e2, Δx = Δb / 0.5: ‖Δx‖/‖x‖ = 0.05·2/0.5 = 0.2 = κ·0.05.
        let s = try #require(ConditioningSensitivity(matrix: Matrix2(2, 0, 0, 0.5), x: Vec2(1, 0), epsilon: 0.05))
        #expect(abs(s.relativeChange - 0.2) < 1e-12)
        #expect(abs(s.amplification - 4) < 1e-10 && s.conditionNumber == 4)
        #expect(abs(s.worstDeltaB.x) < 1e-12 && abs(abs(s.worstDeltaB.y) - 0.1) < 1e-12)
        // x along v2 instead: b = (0, 0.5) along u2, every Δb is amplified by at most 1.
        let calm = try #require(ConditioningSensitivity(matrix: Matrix2(2, 0, 0, 0.5), x: Vec2(0, 1), epsilon: 0.05))
        #expect(abs(calm.amplification - 1) < 1e-10)
    }

    @Test func nearlySingularMatchesNumpy() throws {
        // numpy: A = [[1, 1], [1, 1.02]], x = (cos 45°, sin 45°): np.linalg.cond(A) = 202.01504987375532;
        // worst ‖Δx‖/‖x‖ = 0.05 ‖b‖/σ2 = 10.10062624605489, amplification 202.0125249210978 (sampled
        // every 1°, the worst sample is within cos 0.5° of it).
        let s = try #require(ConditioningSensitivity(matrix: Matrix2(1, 1, 1, 1.02), x: Vec2.unit(angle: .pi / 4), epsilon: 0.05))
        #expect(abs(s.conditionNumber - 202.01504987375532) < 1e-9)
        #expect(abs(s.amplification - 202.0125249210978) / 202.0125249210978 < 1 - cos(0.5 * .pi / 180) + 1e-12)
        #expect(s.amplification <= s.conditionNumber)
        #expect(ConditioningSensitivity(matrix: Matrix2(1, 1, 1, 1), x: Vec2(1, 0), epsilon: 0.05) == nil)
    }

    @Test func principalComponentsMatchNumpysSVD() throws {
        // numpy: P = [(2,1),(3,4),(-1,0),(0,-2),(4,3)]; U, S, Vt = np.linalg.svd(P - P.mean(0)):
        // mean (1.6, 1.2), S = [6.05287597, 1.83376458], Vt[0] = (-0.6448657, -0.76429591) (our sign:
        // +x), S/√4 = [3.02643798, 0.91688229], S0²/ΣS² = 0.9159326868617085.
        let points = [Vec2(2, 1), Vec2(3, 4), Vec2(-1, 0), Vec2(0, -2), Vec2(4, 3)]
        let pca = try #require(PrincipalComponents(points))
        #expect(abs(pca.mean.x - 1.6) < 1e-15 && abs(pca.mean.y - 1.2) < 1e-15)
        #expect(abs(pca.singularValues.0 - 6.05287597) < 1e-8 && abs(pca.singularValues.1 - 1.83376458) < 1e-8)
        #expect(abs(pca.axes.0.x - 0.6448657) < 1e-7 && abs(pca.axes.0.y - 0.76429591) < 1e-8)
        #expect(abs(pca.axes.0.dot(pca.axes.1)) < 1e-15)
        #expect(abs(pca.standardDeviations.0 - 3.02643798) < 1e-8)
        #expect(abs(pca.explainedByFirst - 0.9159326868617085) < 1e-14)
        // Projecting onto v1 loses s2² of squared distance.
        let lost = points.reduce(0) { $0 + pow(($1 - pca.projectOntoFirst($1)).norm, 2) }
        #expect(abs(lost - pow(pca.singularValues.1, 2)) < 1e-12)
        #expect(PrincipalComponents([Vec2(1, 1)]) == nil)
    }

    @Test func aCloudThroughAMatrixHasItsSingularValues() throws {
        // z ~ N(0, I) through A = diag(2, 0.5): the spread along the axes is about 2 and 0.5.
        var lab = LinearSimulation(seed: 7)
        try lab.set("preset", to: .text("scaling"))
        try lab.setImmediately("mode", to: .text("pca"))
        let pca = try #require(PrincipalComponents(lab.snapshot().pcaPoints))
        #expect(abs(pca.standardDeviations.0 - 2) < 0.25 && abs(pca.standardDeviations.1 - 0.5) < 0.07, "\(pca.standardDeviations)")
        #expect(abs(abs(pca.axes.0.x) - 1) < 0.02)
    }

    @Test func pointsFromTextAreCheckedByLine() throws {
        #expect(try PointCloud.csv("x,y\n1,2\n3,4\n# note\n5,6,label\n") == [Vec2(1, 2), Vec2(3, 4), Vec2(5, 6)])
        #expect(throws: DatasetError(line: 3, message: "'1, nope' is not two finite numbers within ±1e6")) {
            try PointCloud.csv("1,2\n3,4\n1,nope\n")
        }
        #expect(throws: DatasetError(line: 1, message: "needs at least 2 points, found 1")) { try PointCloud.csv("1,2\n") }
        var lab = LinearSimulation(seed: 1)
        #expect(throws: ParameterError.self) { try lab.set("points", to: .vector([1, 2, 3])) }
        try lab.set("points", to: .vector([1, 2, 3, 4]))
        #expect(lab.snapshot().pcaPoints == [Vec2(1, 2), Vec2(3, 4)] && !lab.snapshot().cloudIsGenerated)
    }

    @Test func similarityAndDistances() {
        // u = (3, 1), v = (1, 2): u·v = 5, cos = 5/√50 = 1/√2 (45°), L1 = 3, L2 = √5, L∞ = 2.
        let c = VectorComparison(Vec2(3, 1), Vec2(1, 2))
        #expect(c.innerProduct == 5)
        #expect(abs(c.cosine - 0.5.squareRoot()) < 1e-15 && abs(c.angle - .pi / 4) < 1e-15)
        #expect(c.manhattan == 3 && abs(c.euclidean - 5.0.squareRoot()) < 1e-15 && c.chebyshev == 2)
        #expect(VectorComparison(Vec2(0, 0), Vec2(1, 2)).cosine.isNaN)
        // The notes' x = (3, -4, 1) has L2 length 5.099 from the origin: as a distance in the plane,
        // (3, -4) to (0, 0) is 5 (Euclidean) and 7 (Manhattan).
        let origin = VectorComparison(Vec2(3, -4), Vec2(0, 0))
        #expect(origin.euclidean == 5 && origin.manhattan == 7)
    }
}
