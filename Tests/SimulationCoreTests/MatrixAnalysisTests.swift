import Foundation
import Numerics
import SimulationCore
import Testing

/// A matrix from one of several families (generic, small integers, low rank, graded, huge/tiny).
func randomMatrix(_ rng: inout SeededRandom, rows: Int, columns: Int) -> Matrix {
    var m = Matrix(rows: rows, columns: columns)
    let family = rng.int(below: 6)
    switch family {
    case 0:  // small integers: exact singularity and repeated eigenvalues happen
        for i in 0..<rows { for j in 0..<columns { m[i, j] = Double(rng.int(below: 7) - 3) } }
    case 1:  // low rank r < min(m, n)
        let r = rng.int(below: Swift.max(1, Swift.min(rows, columns)))
        let left = Matrix(rows: rows, columns: r, elements: (0..<(rows * r)).map { _ in rng.gaussian() })
        let right = Matrix(rows: r, columns: columns, elements: (0..<(r * columns)).map { _ in rng.gaussian() })
        m = left * right
    case 2:  // graded rows
        for i in 0..<rows {
            let scale = pow(10, rng.uniform(-4...4))
            for j in 0..<columns { m[i, j] = rng.gaussian() * scale }
        }
    case 3:  // huge or tiny
        let scale = pow(10, rng.uniform(-200...200))
        for i in 0..<rows { for j in 0..<columns { m[i, j] = rng.gaussian() * scale } }
    default:
        for i in 0..<rows { for j in 0..<columns { m[i, j] = rng.gaussian() } }
    }
    return m
}

@Suite struct VectorNormTests {
    /// Seed 003: x = (3, −4, 1): ‖x‖₂ = √26 ≈ 5.099, ‖x‖₁ = 8, ‖x‖_∞ = 4.
    @Test func seedExample() {
        let x: [Double] = [3, -4, 1]
        #expect(VectorNorm.l2(x) == 26.0.squareRoot())
        #expect(String(format: "%.3f", VectorNorm.l2(x)) == "5.099")
        #expect(VectorNorm.l1(x) == 8)
        #expect(VectorNorm.lInfinity(x) == 4)
        #expect(VectorNorm.p(x, 1) == 8 && VectorNorm.p(x, 2) == 26.0.squareRoot() && VectorNorm.p(x, .infinity) == 4)
        #expect(close(VectorNorm.p(x, 3), pow(92, 1.0 / 3), 1e-15))
    }

    @Test func noOverflowOrUnderflow() {
        #expect(close(VectorNorm.l2([1e300, 1e300]), 2.0.squareRoot() * 1e300, 1e-15))
        #expect(close(VectorNorm.l2([3e-300, 4e-300]) / 1e-300, 5, 1e-15))
        #expect(close(VectorNorm.p([1e200, 1e200], 3) / 1e200, pow(2, 1.0 / 3), 1e-15))
        #expect(close(VectorNorm.p([3e-200, 4e-200], 2.5) / 1e-200, pow(pow(3, 2.5) + pow(4, 2.5), 1 / 2.5), 1e-15))
        #expect(VectorNorm.l2([Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]) == .infinity)
    }

    @Test func specialValues() {
        #expect(VectorNorm.l2([]) == 0 && VectorNorm.l1([]) == 0 && VectorNorm.lInfinity([]) == 0)
        #expect(VectorNorm.l2([0, 0]) == 0 && VectorNorm.p([0, -0.0], 3) == 0)
        #expect(VectorNorm.l2([1, .nan]).isNaN && VectorNorm.lInfinity([.nan, 1]).isNaN && VectorNorm.p([.nan], 3).isNaN)
        #expect(VectorNorm.l2([1, -.infinity]) == .infinity && VectorNorm.p([.infinity], 4) == .infinity)
        // Norms are ordered: ‖x‖_∞ ≤ ‖x‖₃ ≤ ‖x‖₂ ≤ ‖x‖₁.
        var rng = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let x = (0..<(1 + rng.int(below: 8))).map { _ in rng.gaussian() }
            let norms = [VectorNorm.lInfinity(x), VectorNorm.p(x, 3), VectorNorm.l2(x), VectorNorm.l1(x)]
            #expect(zip(norms, norms.dropFirst()).allSatisfy { $0 <= $1 * (1 + 1e-15) }, "\(x): \(norms)")
        }
    }
}

@Suite struct MatrixAnalysisTests {
    /// Seed 003: [[4, −3, 1, 3], [2, 0, 5, 1]] · (1, 1, 1, 1) = (5, 8).
    let wide = Matrix(rows: [[4, -3, 1, 3], [2, 0, 5, 1]])

    @Test func seedProductAndNorms() {
        #expect(wide * [1, 1, 1, 1] == [5, 8])
        #expect(wide.frobeniusNorm == 65.0.squareRoot())
        #expect(wide.oneNorm == 6 && wide.infinityNorm == 11)
        let seed = Matrix(rows: [[2, 1], [6, 4]])
        #expect(seed.frobeniusNorm == 57.0.squareRoot())
        #expect(seed.determinant == 2 && seed.trace == 6)
        #expect(seed.inverse() == Matrix(rows: [[2, -0.5], [-3, 1]]))
    }

    /// numpy.linalg.svd / cond / pinv / matrix_rank of the 2×4 seed matrix.
    @Test func wideMatrixAgainstNumpy() {
        let svd = wide.svd()
        #expect(svd.U.rows == 2 && svd.U.columns == 2 && svd.Vt.rows == 2 && svd.Vt.columns == 4)
        #expect(maxDifference(svd.singularValues, [6.978118280790435, 4.038052161537585]) <= 1e-14)
        #expect(wide.rank() == 2)
        #expect(close(wide.conditionNumber, 1.7280901785412672, 1e-14))
        #expect(close(wide.spectralNorm, 6.978118280790435, 1e-15))
        let pinv = Matrix(rows: [[0.11083123425692694, 0.0075566750629722755],
                                 [-0.11335012594458431, 0.06045340050377828],
                                 [-0.0629722921914357, 0.20025188916876566],
                                 [0.0931989924433249, -0.01637279596977328]])
        #expect(maxDifference(wide.pseudoInverse(), pinv) <= 1e-15)
        checkSVD(wide)
    }

    /// [[1, 2, 3], [4, 5, 6], [7, 8, 9]]: rank 2, so cond = ∞ and the pseudo-inverse is numpy's.
    @Test func singularThreeByThreeAgainstNumpy() throws {
        let m = Matrix(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        let svd = m.svd()
        #expect(maxDifference(Array(svd.singularValues.prefix(2)), [16.84810335261421, 1.0683695145547103]) <= 1e-14)
        #expect(svd.singularValues[2] < 1e-14)
        #expect(m.rank() == 2 && m.conditionNumber == .infinity)
        #expect(m.inverse() == nil)
        #expect(abs(m.determinant) < 1e-14)
        let pinv = Matrix(rows: [[-0.6388888888888883, -0.166666666666666, 0.3055555555555551],
                                 [-0.0555555555555556, 4.207564362702767e-17, 0.05555555555555558],
                                 [0.5277777777777771, 0.1666666666666661, -0.19444444444444398]])
        #expect(maxDifference(m.pseudoInverse(), pinv) <= 1e-14)
        let eigen = try #require(m.eigen())
        #expect(close(eigen.values[0].real, 16.116843969807043, 1e-14))
        #expect(abs(eigen.values[1].real) < 1e-14)
        #expect(close(eigen.values[2].real, -1.1168439698070427, 1e-14))
        #expect(eigen.values.allSatisfy { $0.imaginary == 0 })
        let numpyVectors: [[Double]] = [[0.23197068724628617, 0.5253220933012336, 0.8186734993561815],
                                        [-0.40824829046386363, 0.816496580927726, -0.4082482904638625],
                                        [0.7858302387420674, 0.08675133925662834, -0.6123275602288101]]
        for i in 0..<3 {
            #expect(maxDifference(eigen.vectors[i].map(\.real), numpyVectors[i]) <= 1e-14, "vector \(i)")
        }
    }

    /// Complex pair: [[4, −2, 1], [3, 6, −4], [2, 1, 8]] (numpy.linalg.eig, phase-normalised).
    @Test func complexEigenvaluesAgainstNumpy() throws {
        let m = Matrix(rows: [[4, -2, 1], [3, 6, -4], [2, 1, 8]])
        let eigen = try #require(m.eigen())
        let values = [(8.379939407702794, 0.0), (4.810030296148609, 2.8719477168382688), (4.810030296148609, -2.8719477168382688)]
        for (value, expected) in zip(eigen.values, values) {
            #expect(close(value.real, expected.0, 1e-14) && close(value.imaginary, expected.1, 1e-14), "\(value)")
        }
        let vectors: [[(Double, Double)]] = [
            [(0.42794724988431165, 0.0), (-0.5986249151398033, 0.0), (0.6771331939067217, 0.0)],
            [(-0.21408367113375823, 0.47940422273455274), (0.8162520920882185, 0.0), (0.08226606172225638, -0.2265051660083901)],
            [(-0.21408367113375823, -0.47940422273455274), (0.8162520920882185, 0.0), (0.08226606172225638, 0.2265051660083901)],
        ]
        for (vector, expected) in zip(eigen.vectors, vectors) {
            #expect(maxDifference(vector.map(\.real), expected.map(\.0)) <= 1e-14)
            #expect(maxDifference(vector.map(\.imaginary), expected.map(\.1)) <= 1e-14)
        }
        #expect(eigen.vectors[2] == eigen.vectors[1].map(\.conjugate))
        #expect(close(m.determinant, 263, 1e-14))
        checkEigen(m)
    }

    /// An 8×8 integer matrix, Aᵢⱼ = ((5i + 3j + ij) mod 11) − 5, against numpy (eig, svd, det, cond).
    @Test func eightByEightAgainstNumpy() throws {
        func entry(_ i: Int, _ j: Int) -> Double { Double((i * 5 + j * 3 + i * j) % 11 - 5) }
        let rows: [[Double]] = (0..<8).map { i in (0..<8).map { j in entry(i, j) } }
        let m = Matrix(rows: rows)
        let eigen = try #require(m.eigen())
        let values: [(Double, Double)] = [
            (9.90379277811444, 0.0), (4.762653692487318, 3.4297668767608185), (4.762653692487318, -3.4297668767608185),
            (4.202295940655729, 0.0), (-4.161359420532172, 6.500580013959031), (-4.161359420532172, -6.500580013959031),
            (-5.154338631340217, 3.8624278742098657), (-5.154338631340217, -3.8624278742098657),
        ]
        var worstValue = 0.0, worstVector = 0.0
        for (value, expected) in zip(eigen.values, values) {
            worstValue = Swift.max(worstValue, (value - Complex(expected.0, expected.1)).length)
        }
        #expect(worstValue <= 1e-13, "max eigenvalue difference \(worstValue)")
        let numpyFirst: [Double] = [0.14127125577278757, -0.392084089591426, -0.09705160903384462, -0.28661540458572776,
                                    -0.20212870156891202, 0.5782520179011464, 0.5455961714871619, 0.24867348767734185]
        let numpySecond: [(Double, Double)] = [
            (0.23107335685254582, -0.047030822410279054), (-0.0695177293716003, 0.05991001838963919),
            (-0.29757724039317396, -0.2608740685307042), (-0.1273683816814171, -0.01894742460546815),
            (0.1684148363148932, -0.15820778580882455), (0.012385637565502669, 0.3224096346139428),
            (0.4825231532507983, 0.23972220424043378), (0.561241580420132, 0.0),
        ]
        let first: [Double] = eigen.vectors[0].map { $0.real }
        let secondReal: [Double] = eigen.vectors[1].map { $0.real }
        let secondImaginary: [Double] = eigen.vectors[1].map { $0.imaginary }
        worstVector = Swift.max(maxDifference(first, numpyFirst),
                                maxDifference(secondReal, numpySecond.map { $0.0 }),
                                maxDifference(secondImaginary, numpySecond.map { $0.1 }))
        #expect(worstVector <= 1e-13, "max eigenvector difference \(worstVector)")
        let sv = [16.112365790622697, 12.323300859916912, 8.92289549714555, 8.104893080376481,
                  7.577282555307989, 6.164916613042172, 2.5533970485075566, 2.0686527963296215]
        #expect(maxDifference(m.svd().singularValues, sv) <= 1e-13)
        #expect(close(m.conditionNumber, 7.788820733576276, 1e-13))
        #expect(close(m.determinant, 3543122, 1e-13))
        checkEigen(m)
        checkSVD(m)
        // Scaled far out of range of naive squaring: same eigenvalues and singular values, scaled.
        for scale in [1e150, 1e-150, 1e290] {
            let scaled = Matrix(rows: m.rowArrays.map { $0.map { $0 * scale } })
            let e = try #require(scaled.eigen())
            for (value, expected) in zip(e.values, eigen.values) {
                #expect((Complex(value.real / scale, value.imaginary / scale) - expected).length <= 1e-13)
            }
            #expect(maxDifference(scaled.svd().singularValues.map { $0 / scale }, sv) <= 1e-13)
        }
    }

    /// numpy on a tall 5×3 matrix.
    @Test func tallMatrixAgainstNumpy() {
        let m = Matrix(rows: [[4.39, 0.35, -1.05], [-4.68, -1.05, 1.73], [4.88, 1.73, -2.38],
                              [-4.99, -2.38, 2.97], [4.99, 2.97, -3.51]])
        let svd = m.svd()
        #expect(svd.U.rows == 5 && svd.U.columns == 3 && svd.Vt.rows == 3 && svd.Vt.columns == 3)
        let sv = [12.632969317249257, 2.191149547184212, 0.007063378315451303]
        #expect(zip(svd.singularValues, sv).allSatisfy { close($0, $1, 1e-12) }, "\(svd.singularValues)")
        #expect(close(m.conditionNumber, 1788.5165926358986, 1e-11))
        let pinv = Matrix(rows: [
            [2.8781046257793874, 0.887881263806034, -10.309190547008997, -13.104613836580265, -4.521596827192564],
            [14.207236766669645, 5.49633743633023, -55.47650243701954, -70.42076996148596, -23.51126661699677],
            [16.18299180984694, 5.916256450894788, -61.697401930507205, -78.15718506384763, -26.508273728009026],
        ])
        #expect(maxDifference(m.pseudoInverse(), pinv) <= 1e-11)
        checkSVD(m)
    }

    /// The 4-cycle permutation: eigenvalues are the 4th roots of unity (a classic QR stall).
    @Test func cyclicPermutation() throws {
        let m = Matrix(rows: [[0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
        let eigen = try #require(m.eigen())
        let expected = [Complex(1.0, 0), Complex(0, 1), Complex(0, -1), Complex(-1, 0)]
        for (value, root) in zip(eigen.values, expected) {
            #expect((value - root).length <= 1e-14, "\(eigen.values)")
        }
        #expect(m.determinant == -1)
        #expect(m.svd().singularValues.allSatisfy { close($0, 1) })
        checkEigen(m)
        let three = Matrix(rows: [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
        let e3 = try #require(three.eigen())
        #expect((e3.values[0] - Complex(1, 0)).length <= 1e-14)
        #expect((e3.values[1] - Complex(-0.5, 3.0.squareRoot() / 2)).length <= 1e-14)
        checkEigen(three)
    }

    @Test func repeatedEigenvalues() throws {
        let identity = try #require(Matrix.identity(3).eigen())
        #expect(identity.values == Array(repeating: Complex(1, 0), count: 3))
        #expect(identity.vectors == (0..<3).map { j in (0..<3).map { Complex($0 == j ? 1 : 0, 0) } })
        let diagonal = try #require(Matrix(rows: [[2, 0, 0], [0, 2, 0], [0, 0, 3]]).eigen())
        #expect(diagonal.values == [Complex(3, 0), Complex(2, 0), Complex(2, 0)])
        #expect(diagonal.vectors.map { $0.map(\.real) } == [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
        // Defective: a Jordan block for 2 has one eigenvector, repeated.
        let jordan = try #require(Matrix(rows: [[2, 1, 0], [0, 2, 0], [0, 0, 3]]).eigen())
        #expect(jordan.values == [Complex(3, 0), Complex(2, 0), Complex(2, 0)])
        #expect(jordan.vectors[1].map(\.real) == [1, 0, 0] && jordan.vectors[2] == jordan.vectors[1])
        // A repeated complex pair with a two-dimensional eigenspace: two rotations by 90°.
        let blocks = Matrix(rows: [[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0]])
        let pair = try #require(blocks.eigen())
        #expect(pair.values.map { $0.imaginary.sign } == [.plus, .minus, .plus, .minus], "\(pair.values)")
        #expect(pair.values.allSatisfy { abs($0.real) < 1e-15 && abs(abs($0.imaginary) - 1) < 1e-15 })
        let plus = pair.values.indices.filter { pair.values[$0].imaginary > 0 }.map { pair.vectors[$0] }
        // The two vectors for +i are independent: |⟨v₁, v₂⟩| < 1.
        var inner = Complex<Double>.zero
        for i in 0..<4 { inner += plus[0][i].conjugate * plus[1][i] }
        #expect(inner.length < 0.5, "\(plus)")
        checkEigen(blocks)
        // Zero matrix.
        let zero = try #require(Matrix(rows: 3, columns: 3).eigen())
        #expect(zero.values == Array(repeating: .zero, count: 3))
        #expect(zero.vectors.map { $0.map(\.real) } == [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    }

    /// NaN or infinite entries (a diverged simulation) give NaN or nil, never a confident answer.
    @Test func nonFiniteEntries() {
        let bad = Matrix(rows: [[1, .nan, 0], [0, 1, 0], [0, 0, .infinity]])
        #expect(bad.svd().singularValues.allSatisfy(\.isNaN) && bad.svd().U.elements.allSatisfy(\.isNaN))
        #expect(bad.eigen() == nil && bad.inverse() == nil)
        #expect(Matrix(rows: [[1, .infinity], [0, 1]]).eigen() == nil)
        let m = Matrix2(.infinity, 0, 0, 1)
        #expect(m.svd.sigma1.isNaN && m.eigen.values[0].real.isNaN && m.inverse == nil && !m.isFinite)
    }

    @Test func zeroMatrixDecompositions() {
        let zero = Matrix(rows: 3, columns: 2)
        let svd = zero.svd()
        #expect(svd.singularValues == [0, 0])
        #expect(svd.U == Matrix(rows: [[1, 0], [0, 1], [0, 0]]) && svd.Vt == Matrix.identity(2))
        #expect(zero.rank() == 0 && zero.conditionNumber.isNaN)
        #expect(zero.pseudoInverse() == Matrix(rows: 2, columns: 3))
        #expect(Matrix(rows: 2, columns: 2).inverse() == nil)
        #expect(Matrix(rows: 3, columns: 3).inverse() == nil && Matrix(rows: 3, columns: 3).determinant == 0)
    }

    @Test func determinantAndInverse() throws {
        let m = Matrix(rows: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        #expect(close(m.determinant, 4, 1e-15))
        let inverse = try #require(m.inverse())
        let expected = Matrix(rows: [[0.75, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.75]])
        #expect(maxDifference(inverse, expected) <= 1e-15)
        #expect(maxDifference(inverse * m, .identity(3)) <= 1e-15)
        // Pivoting: a zero in the corner.
        let permuted = Matrix(rows: [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
        #expect(permuted.determinant == 1)
        #expect(try #require(permuted.inverse()) == permuted.transposed)
        // The determinant overflows only if it must.
        let graded = Matrix(rows: [[1e200, 0, 0], [0, 1e200, 0], [0, 0, 1e-300]])
        #expect(close(graded.determinant, 1e100, 1e-15))
        #expect(Matrix(rows: [[1e200, 0, 0], [0, 1e200, 0], [0, 0, 1]]).determinant == .infinity)
        #expect(Matrix(rows: [[5]]).determinant == 5 && Matrix(rows: 0, columns: 0).determinant == 1)
        #expect(Matrix(rows: [[4]]).inverse() == Matrix(rows: [[0.25]]))
        // Nearly singular but invertible.
        let near = Matrix(rows: [[1, 1], [1, 1 + 1e-10]])
        #expect(near.inverse() != nil && near.rank() == 2)
        #expect(close(near.conditionNumber, 2.00000000005 / 5.000000413576855e-11, 1e-6))
    }

    // MARK: Properties

    func checkSVD(_ m: Matrix, tolerance: Double = 1e-13, sourceLocation: SourceLocation = #_sourceLocation) {
        let svd = m.svd()
        let k = Swift.min(m.rows, m.columns)
        let size = m.frobeniusNorm
        #expect(svd.U.rows == m.rows && svd.U.columns == k && svd.Vt.rows == k && svd.Vt.columns == m.columns,
                sourceLocation: sourceLocation)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 }, sourceLocation: sourceLocation)
        #expect(svd.singularValues.allSatisfy { $0 >= 0 }, sourceLocation: sourceLocation)
        #expect(maxDifference(svd.recomposed, m) <= tolerance * size, "\(m)", sourceLocation: sourceLocation)
        #expect(maxDifference(svd.U.transposed * svd.U, .identity(k)) <= tolerance, "\(m)", sourceLocation: sourceLocation)
        #expect(maxDifference(svd.Vt * svd.Vt.transposed, .identity(k)) <= tolerance, "\(m)", sourceLocation: sourceLocation)
        for i in 0..<k {  // sign rule: the largest entry of each right singular vector is positive
            let row = svd.Vt.row(i)
            let largest = row.indices.max { abs(row[$0]) < abs(row[$1]) }!
            #expect(row[largest] > 0 || row.allSatisfy { abs($0) == abs(row[largest]) }, sourceLocation: sourceLocation)
        }
        #expect(close(m.spectralNorm, svd.singularValues.first ?? 0, 0), sourceLocation: sourceLocation)
    }

    func checkEigen(_ m: Matrix, tolerance: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let eigen = m.eigen() else {
            Issue.record("no eigen decomposition for \(m)", sourceLocation: sourceLocation)
            return
        }
        let n = m.rows
        let size = Swift.max(m.frobeniusNorm, .leastNormalMagnitude)
        #expect(eigen.values.count == n && eigen.vectors.count == n, sourceLocation: sourceLocation)
        for (index, (lambda, v)) in zip(eigen.values, eigen.vectors).enumerated() {
            #expect(abs(complexNorm(v) - 1) <= 1e-14, sourceLocation: sourceLocation)
            #expect(eigenResidual(m, lambda, v) <= tolerance * size,
                    "\(m)\nλ\(index) = \(lambda): residual \(eigenResidual(m, lambda, v) / size)", sourceLocation: sourceLocation)
            #expect(largestComponentIsRealPositive(v), "\(v)", sourceLocation: sourceLocation)
            if lambda.imaginary == 0 { #expect(v.allSatisfy { $0.imaginary == 0 }, sourceLocation: sourceLocation) }
            if lambda.imaginary < 0 {  // conjugate of the previous one
                #expect(eigen.values[index - 1] == lambda.conjugate, sourceLocation: sourceLocation)
                #expect(eigen.vectors[index - 1] == v.map(\.conjugate), sourceLocation: sourceLocation)
            }
        }
        // Ordering: descending real part, larger |imaginary| first; conjugates follow their partner.
        for (index, (x, y)) in zip(eigen.values, eigen.values.dropFirst()).enumerated() {
            let ordered = x.real > y.real || (x.real == y.real && abs(x.imaginary) >= abs(y.imaginary))
            #expect(ordered, "\(eigen.values)", sourceLocation: sourceLocation)
            if x.imaginary > 0 { #expect(y == x.conjugate, "\(index): \(eigen.values)", sourceLocation: sourceLocation) }
        }
        // Sum = trace; product = det = ±Π σ (relative to ‖A‖ⁿ).
        let sum = eigen.values.reduce(Complex<Double>.zero, +)
        #expect(abs(sum.real - m.trace) <= tolerance * size * Double(n) && abs(sum.imaginary) <= tolerance * size * Double(n),
                sourceLocation: sourceLocation)
        let scale = m.spectralNorm
        guard scale > 1e-30 && scale < 1e30 else { return }
        let product = eigen.values.reduce(Complex<Double>(1, 0), *)
        let volume = pow(scale, Double(n))
        #expect(abs(product.real - m.determinant) <= tolerance * volume, "\(product) vs \(m.determinant)", sourceLocation: sourceLocation)
        #expect(abs(product.imaginary) <= tolerance * volume, sourceLocation: sourceLocation)
        let sigmaProduct = m.svd().singularValues.reduce(1, *)
        #expect(abs(abs(m.determinant) - sigmaProduct) <= tolerance * volume, sourceLocation: sourceLocation)
    }

    func checkPseudoInverse(_ m: Matrix, sourceLocation: SourceLocation = #_sourceLocation) {
        let svd = m.svd()
        let pinv = m.pseudoInverse()
        #expect(pinv.rows == m.columns && pinv.columns == m.rows, sourceLocation: sourceLocation)
        guard let largest = svd.singularValues.first, largest > 0 else {
            #expect(pinv.elements.allSatisfy { $0 == 0 }, sourceLocation: sourceLocation)
            return
        }
        // Relative to the kept spectrum: σ_r is the smallest singular value above numpy's cutoff.
        let kept = svd.singularValues.filter { $0 > 1e-15 * largest }
        let condition = largest / kept.last!
        let tolerance = 1e-13 * condition
        let size = m.frobeniusNorm, inverseSize = pinv.frobeniusNorm
        let product1 = m * pinv, product2 = pinv * m
        // (1) A A⁺ A = A, (2) A⁺ A A⁺ = A⁺, (3) A A⁺ symmetric, (4) A⁺ A symmetric.
        #expect(maxDifference(product1 * m, m) <= tolerance * size, "\(m)", sourceLocation: sourceLocation)
        #expect(maxDifference(pinv * product1, pinv) <= tolerance * inverseSize, "\(m)", sourceLocation: sourceLocation)
        #expect(maxDifference(product1, product1.transposed) <= tolerance, "\(m)", sourceLocation: sourceLocation)
        #expect(maxDifference(product2, product2.transposed) <= tolerance, "\(m)", sourceLocation: sourceLocation)
    }

    @Test func propertiesOverRandomShapes() {
        var rng = SeededRandom(seed: 99)
        var squares = 0, invertible = 0
        for _ in 0..<600 {
            let rows = 1 + rng.int(below: 8), columns = 1 + rng.int(below: 8)
            let m = randomMatrix(&rng, rows: rows, columns: columns)
            checkSVD(m)
            checkPseudoInverse(m)
            let svd = m.svd()
            #expect(m.rank() == svd.singularValues.filter { $0 > svd.defaultRankTolerance }.count)
            if m.conditionNumber.isFinite {
                #expect(m.rank() == Swift.min(rows, columns))
            }
        }
        // Square matrices of every size for eigenvalues, determinants and inverses.
        for index in 0..<600 {
            let n = 1 + index % 8
            let m = randomMatrix(&rng, rows: n, columns: n)
            squares += 1
            checkEigen(m)
            if let inverse = m.inverse() {
                invertible += 1
                let condition = m.conditionNumber
                #expect(maxDifference(inverse * m, .identity(n)) <= 1e-14 * Double(n) * Swift.max(condition, 1), "\(m)")
            }
        }
        #expect(squares == 600 && invertible > 300)
    }
}
