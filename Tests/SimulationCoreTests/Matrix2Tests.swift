import Foundation
import Numerics
import SimulationCore
import Testing

/// 2x2 linear algebra against closed forms, numpy (values in comments were printed by
/// numpy 2.4.6: np.linalg.svd / eig / cond / norm), and properties on random matrices.
struct Matrix2PropertyTests {
    func close(_ x: Double, _ y: Double, _ tolerance: Double = 1e-12) -> Bool {
        x == y || abs(x - y) <= tolerance * max(1, abs(x), abs(y))
    }

    func close(_ m: Matrix2, _ n: Matrix2, scale: Double, _ tolerance: Double = 1e-12) -> Bool {
        [m.a - n.a, m.b - n.b, m.c - n.c, m.d - n.d].allSatisfy { abs($0) <= tolerance * max(scale, .leastNormalMagnitude) }
    }

    @Test func seedAndSetosaExamples() {
        let setosa = Matrix2(1, 2, 8, 1)
        #expect(setosa.eigen.values == [Complex(5), Complex(-3)])
        #expect(setosa.determinant == -15)
        #expect(close(setosa.svd.sigma1, 8.16227766016838))     // numpy
        #expect(close(setosa.svd.sigma2, 1.8377223398316207))   // numpy
        #expect(close(setosa.svd.conditionNumber, 4.441518440112254))
        let frobenius = Matrix2(2, 1, 6, 4)
        #expect(close(frobenius.frobeniusNorm, 57.0.squareRoot()))
        #expect(String(format: "%.3f", frobenius.frobeniusNorm) == "7.550")
        #expect(close(frobenius.svd.sigma1, 7.5451797825935865))
        #expect(close(frobenius.svd.conditionNumber, 28.46486897582945, 1e-11))
        #expect(close(frobenius.eigen.values[0].real, 5.645751311064591))
        #expect(close(frobenius.eigen.values[1].real, 0.3542486889354093))
        let nearlySingular = Matrix2(1, 1, 1, 1.02)
        #expect(close(nearlySingular.svd.conditionNumber, 202.01504987375532, 1e-10))
    }

    @Test func vectorNormsOfTheSeedExample() {
        let x = [3.0, -4.0, 1.0]
        #expect(VectorNorm.l1(x) == 8)
        #expect(VectorNorm.l2(x) == 26.0.squareRoot())
        #expect(String(format: "%.3f", VectorNorm.l2(x)) == "5.099")
        #expect(VectorNorm.lInfinity(x) == 4)
        #expect(close(VectorNorm.p(x, 3), 4.514357435474001))  // numpy norm(x, 3)
        #expect(VectorNorm.p(x, .infinity) == 4)
        #expect(VectorNorm.p(x, 0.5).isNaN)
        #expect(VectorNorm.l2([1e200, 1e200]) == 1e200 * 2.0.squareRoot())  // no overflow
        #expect(VectorNorm.l2([3e-200, 4e-200]) == 5e-200)                 // no underflow
    }

    @Test func complexPairsAsRotationAndScaling() {
        let m = Matrix2(0.9, -0.4, 0.4, 0.9)
        let e = m.eigen
        #expect(e.kind == .complexPair)
        #expect(close(e.values[0].real, 0.9) && close(e.values[0].imaginary, 0.4))
        #expect(e.values[1] == e.values[0].conjugate)
        #expect(close(e.modulus!, 0.9848857801796105))
        #expect(close(e.rotationAngle!, atan2(0.4, 0.9)))
        let r = Matrix2.rotation(.pi / 6).eigen
        #expect(close(r.rotationAngle!, .pi / 6) && close(r.modulus!, 1))
        let numpyCase = Matrix2(3, -1, 2, 0.5).eigen  // numpy: 1.75 ± 0.6614378277661476i
        #expect(close(numpyCase.values[0].imaginary, 0.6614378277661476))
    }

    @Test func repeatedAndDefective() {
        #expect(Matrix2(1, 1, 0, 1).eigen.kind == .defective)
        #expect(Matrix2(1, 1, 0, 1).eigen.realDirections == [Vec2(1, 0)])
        #expect(Matrix2(1, 1, 0, 1).eigenBasis == nil)
        #expect(Matrix2(2, 0, 0, 2).eigen.kind == .repeatedDiagonalizable)
        #expect(Matrix2.identity.svd == SVD2(U: .identity, sigma1: 1, sigma2: 1, Vt: .identity))
        let zero = Matrix2(0, 0, 0, 0)
        #expect(zero.svd.sigma1 == 0 && zero.svd.sigma2 == 0 && zero.svd.conditionNumber.isNaN)
        #expect(zero.inverse == nil && zero.isSingular)
    }

    @Test func singularAndIllConditioned() {
        let projection = Matrix2(0.5, 0.5, 0.5, 0.5)
        #expect(projection.isSingular && projection.inverse == nil)
        #expect(projection.svd.sigma2 == 0 && projection.svd.conditionNumber == .infinity)
        let rank1 = Matrix2(1, 2, 2, 4)
        #expect(rank1.determinant == 0 && rank1.inverse == nil)
        // Kahan's determinant: exact where the naive ad - bc loses everything.
        let tight = Matrix2(1 + 0x1p-30, 1, 1, 1 - 0x1p-30)
        #expect(tight.determinant == -0x1p-60)
        // Huge and tiny entries neither overflow nor underflow.
        let huge = Matrix2(1e300, 0, 0, 1e300)
        #expect(huge.svd.sigma1 == 1e300 && huge.frobeniusNorm == 1e300 * 2.0.squareRoot())
        let tiny = Matrix2(3e-300, 0, 0, 4e-300)
        #expect(tiny.svd.sigma1 == 4e-300 && tiny.svd.sigma2 == 3e-300)
    }

    /// The documented sign conventions, and the decompositions reconstruct A, on 2000 random
    /// matrices (uniform entries, log-uniform scales, some exactly singular).
    @Test func propertiesOnRandomMatrices() {
        var random = SeededRandom(seed: 2024)
        for trial in 0..<2000 {
            let scale = pow(10, Double(Int(random.uniform(-6...6))))
            var m = Matrix2(random.uniform(-1...1), random.uniform(-1...1),
                            random.uniform(-1...1), random.uniform(-1...1))
            if trial % 10 == 0 { m.d = m.b * m.c / m.a }  // (nearly) rank one
            m = scale * m
            let size = m.frobeniusNorm
            let s = m.svd
            let sigma = Matrix2(s.sigma1, 0, 0, s.sigma2)
            #expect(close(s.U * sigma * s.Vt, m, scale: size), "U S Vt != A for \(m)")
            #expect(close(s.U.transposed * s.U, .identity, scale: 1), "U not orthogonal for \(m)")
            #expect(close(s.Vt * s.Vt.transposed, .identity, scale: 1), "Vt not orthogonal for \(m)")
            #expect(s.sigma1 >= s.sigma2 && s.sigma2 >= 0)
            #expect(close(s.Vt.determinant, 1, 1e-12), "Vt must be a rotation")
            #expect(s.Vt.a >= 0, "v1 must have a non-negative x component")
            let det = m.determinant
            #expect(abs(abs(det) - s.sigma1 * s.sigma2) <= 1e-12 * size * size, "|det| != s1 s2 for \(m)")
            let e = m.eigen
            let product = e.values[0] * e.values[1]
            #expect(abs(product.real - det) <= 1e-12 * size * size && abs(product.imaginary) <= 1e-12 * size * size)
            for (value, vector) in zip(e.values, e.vectors) {
                // A v = λ v, in complex arithmetic.
                let av0 = Complex(m.a) * vector[0] + Complex(m.b) * vector[1]
                let av1 = Complex(m.c) * vector[0] + Complex(m.d) * vector[1]
                let r0 = av0 - value * vector[0], r1 = av1 - value * vector[1]
                #expect(hypot(r0.length, r1.length) <= 1e-12 * size, "A v != lambda v for \(m)")
                #expect(close(hypot(vector[0].length, vector[1].length), 1))
            }
            if let inverse = m.inverse {
                let cond = s.conditionNumber
                #expect(close(inverse * m, .identity, scale: 1, 1e-13 * max(1, cond)), "A^-1 A != I for \(m)")
            }
        }
    }
}
