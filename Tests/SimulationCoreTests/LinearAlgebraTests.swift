import Foundation
import Numerics
import SimulationCore
import Testing

// MARK: - Shared helpers (also used by MatrixAnalysisTests)

/// `max |xᵢ − yᵢ|`.
func maxDifference(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count)
    return zip(x, y).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
}

func maxDifference(_ x: Matrix2, _ y: Matrix2) -> Double { maxDifference(x.entries, y.entries) }

func maxDifference(_ x: Vec2, _ y: Vec2) -> Double { Swift.max(abs(x.x - y.x), abs(x.y - y.y)) }

func maxDifference(_ x: Matrix, _ y: Matrix) -> Double {
    precondition(x.rows == y.rows && x.columns == y.columns, "\(x.rows)x\(x.columns) vs \(y.rows)x\(y.columns)")
    return maxDifference(x.elements, y.elements)
}

/// `|x − y| ≤ tolerance · max(1, |y|)`: relative for large values, absolute for small ones.
func close(_ x: Double, _ y: Double, _ tolerance: Double = 1e-14) -> Bool {
    if x == y { return true }
    return abs(x - y) <= tolerance * Swift.max(1, abs(y))
}

extension Matrix2 {
    func scaled(_ factor: Double) -> Matrix2 { factor * self }
}

/// Whether the largest-modulus component of `v` is real and positive (ties within rounding).
func largestComponentIsRealPositive(_ v: [Complex<Double>]) -> Bool {
    let largest = v.map(\.length).max() ?? 0
    return v.contains { $0.imaginary == 0 && $0.real > 0 && $0.real >= largest * (1 - 4e-16) }
}

/// `max |(A v − λ v)ᵢ|` for a complex eigenpair of a real matrix.
func eigenResidual(_ a: Matrix, _ lambda: Complex<Double>, _ v: [Complex<Double>]) -> Double {
    var worst = 0.0
    for i in 0..<a.rows {
        var sum = Complex<Double>.zero
        for j in 0..<a.columns { sum += Complex(a[i, j], 0) * v[j] }
        worst = Swift.max(worst, (sum - lambda * v[i]).length)
    }
    return worst
}

func complexNorm(_ v: [Complex<Double>]) -> Double {
    v.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
}

/// A 2×2 matrix from one of several families, so that property tests see generic, singular,
/// orthogonal, repeated-eigenvalue and badly scaled matrices.
func randomMatrix2(_ rng: inout SeededRandom) -> Matrix2 {
    let scale = pow(10, rng.uniform(-6...6))
    switch rng.int(below: 9) {
    case 0:  // exact small integers: repeated eigenvalues and exact singularity happen
        return Matrix2(Double(rng.int(below: 7) - 3), Double(rng.int(below: 7) - 3),
                       Double(rng.int(below: 7) - 3), Double(rng.int(below: 7) - 3))
    case 1:  // rank one
        let (u, v) = (Vec2(rng.gaussian(), rng.gaussian()), Vec2(rng.gaussian(), rng.gaussian()))
        return scale * Matrix2(u.x * v.x, u.x * v.y, u.y * v.x, u.y * v.y)
    case 2:  // scaled rotation or reflection
        let r = Matrix2.rotation(rng.uniform(-4...4))
        return scale * (rng.int(below: 2) == 0 ? r : r * Matrix2.diagonal(1, -1))
    case 3:  // huge or tiny
        let exponent = rng.uniform(-200...200)
        return pow(10, exponent) * Matrix2(rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian())
    case 4:  // λI
        return Matrix2(1, 0, 0, 1).scaled(Double(rng.int(below: 7) - 3) * scale)
    case 5:  // graded rows
        return Matrix2(rng.gaussian() * 1e8, rng.gaussian() * 1e8, rng.gaussian(), rng.gaussian())
    default:
        return scale * Matrix2(rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian())
    }
}

// MARK: - Matrix2 basics

@Suite struct Matrix2Tests {
    let seed = Matrix2(2, 1, 6, 4)

    @Test func basics() {
        #expect(seed.determinant == 2)
        #expect(seed.trace == 6)
        #expect(seed.transposed == Matrix2(2, 6, 1, 4))
        #expect(seed.apply(Vec2(1, 1)) == Vec2(3, 10))
        #expect(seed * Vec2(1, -1) == Vec2(1, 2))
        #expect(seed * Matrix2.identity == seed)
        #expect(seed * Matrix2(1, 2, 3, 4) == Matrix2(5, 8, 18, 28))
        #expect(seed.columns.0 == Vec2(2, 6) && seed.columns.1 == Vec2(1, 4))
        #expect(Matrix2(columns: Vec2(2, 6), Vec2(1, 4)) == seed)
        #expect(Matrix2(Matrix(rows: [[2, 1], [6, 4]])) == seed)
        #expect(Matrix2(Matrix(rows: [[1, 2, 3]])) == nil)
        #expect(Matrix(seed) == Matrix(rows: [[2, 1], [6, 4]]))
    }

    /// Seed 003: ‖[[2, 1], [6, 4]]‖_F = √57 ≈ 7.550.
    @Test func seedNorms() {
        #expect(seed.frobeniusNorm == 57.0.squareRoot())
        #expect(String(format: "%.3f", seed.frobeniusNorm) == "7.550")
        #expect(seed.oneNorm == 8)
        #expect(seed.infinityNorm == 10)
        // numpy.linalg.norm(A, 2)
        #expect(close(seed.spectralNorm, 7.5451797825935865, 1e-15))
    }

    @Test func inverse() throws {
        let inverse = try #require(seed.inverse)
        #expect(inverse == Matrix2(2, -0.5, -3, 1))  // exact: adj(A)/det with det = 2
        #expect(seed * inverse == .identity)
        #expect(Matrix2(1, 2, 2, 4).inverse == nil)
        #expect(Matrix2(1, 2, 2, 4).isSingular)
        #expect(Matrix2.zero.inverse == nil)
        #expect(!Matrix2.identity.isSingular)
        // 1e-14 · max² is the threshold: just above is invertible, at it is not.
        #expect(Matrix2(1, 0, 0, 2e-14).inverse != nil)
        #expect(Matrix2(1, 0, 0, 1e-14).inverse == nil)
        // Scale does not matter.
        #expect(try #require(Matrix2(1e200, 0, 0, 2e200).inverse) == Matrix2(1e-200, 0, 0, 5e-201))
        #expect(Matrix2(1e-200, 2e-200, 2e-200, 4e-200).inverse == nil)
        let tiny = try #require(Matrix2(1e-150, 0, 0, 1e-150).inverse)
        #expect(close(tiny.a, 1e150) && tiny.b == 0)
    }

    @Test func rotationAndInterpolation() {
        let quarter = Matrix2.rotation(.pi / 2)
        #expect(abs(quarter.apply(Vec2(1, 0)).x) < 1e-16)
        #expect(close(quarter.apply(Vec2(1, 0)).y, 1))
        #expect(Matrix2.rotation(0) == .identity)
        let from = Matrix2(1, 2, 3, 4), to = Matrix2(-1, 0.5, 7, 0.1)
        #expect(Matrix2.interpolate(from: from, to: to, t: 0) == from)
        #expect(Matrix2.interpolate(from: from, to: to, t: 1) == to)
        #expect(Matrix2.interpolate(from: from, to: to, t: 0.5) == Matrix2(0, 1.25, 5, 2.05))
    }

    /// Kahan's determinant: exact where the naive `ad − bc` cancels.
    @Test func determinantWithoutCancellation() {
        let d = 1 + 1e-10
        #expect(Matrix2(1, 1, 1, d).determinant == d - 1)
        let big = 94906267.0  // (big)² and (big+1)(big−1) differ by 1 but round to the same double
        #expect(Matrix2(big, big - 1, big + 1, big).determinant == 1)
    }
}

// MARK: - SVD2

@Suite struct SVD2Tests {
    /// Checks every documented convention and the reconstruction.
    func checkConventions(_ m: Matrix2, tolerance: Double = 4e-15, sourceLocation: SourceLocation = #_sourceLocation) {
        let svd = m.svd
        let size = m.maxMagnitude
        #expect(svd.sigma1 >= svd.sigma2 && svd.sigma2 >= 0, "\(m): \(svd)", sourceLocation: sourceLocation)
        #expect(maxDifference(svd.recomposed, m) <= tolerance * size, "\(m): \(svd)", sourceLocation: sourceLocation)
        #expect(maxDifference(svd.U.transposed * svd.U, .identity) <= 4e-16, sourceLocation: sourceLocation)
        #expect(maxDifference(svd.Vt * svd.Vt.transposed, .identity) <= 4e-16, sourceLocation: sourceLocation)
        // Vt is a rotation by an angle in [−π/2, π/2): v₁ has x ≥ 0.
        #expect(abs(svd.Vt.determinant - 1) <= 4e-16, sourceLocation: sourceLocation)
        #expect(svd.Vt.b == -svd.Vt.c && svd.Vt.a == svd.Vt.d, "Vt \(svd.Vt) is not a rotation", sourceLocation: sourceLocation)
        #expect(svd.vtAngle >= -.pi / 2 && svd.vtAngle < .pi / 2, "vtAngle \(svd.vtAngle)", sourceLocation: sourceLocation)
        #expect(svd.Vt.a >= 0, sourceLocation: sourceLocation)
        // The reflection lives in U, exactly when det A < 0 (judged on A scaled by a power of two,
        // as the determinant of huge or tiny matrices leaves the double range).
        let det = size == 0 ? 0 : (Double(sign: .plus, exponent: -size.exponent, significand: 1) * m).determinant
        #expect(svd.uIsReflection == (det < 0), "\(m): det \(det), U \(svd.U)", sourceLocation: sourceLocation)
        #expect(abs(svd.U.determinant - (det < 0 ? -1 : 1)) <= 4e-16, sourceLocation: sourceLocation)
        let u1 = Vec2.unit(angle: svd.uAngle)
        #expect(abs(u1.x - svd.U.a) <= 4e-16 && abs(u1.y - svd.U.c) <= 4e-16, sourceLocation: sourceLocation)
        let rebuiltU = svd.uIsReflection ? Matrix2.rotation(svd.uAngle) * Matrix2.diagonal(1, -1) : Matrix2.rotation(svd.uAngle)
        #expect(maxDifference(rebuiltU, svd.U) <= 4e-16, sourceLocation: sourceLocation)
        // σ₁σ₂ = |det A| to full relative precision.
        if m.determinant.isNormal && (svd.sigma1 * svd.sigma2).isNormal {
            #expect(close(svd.sigma1 * svd.sigma2, abs(m.determinant), 1e-15 * 4), "\(m)", sourceLocation: sourceLocation)
        }
    }

    @Test func rotationsKeepVtIdentity() {
        for angle in [0.0, 0.3, -1.2, .pi / 2, 3.0, -.pi] {
            let r = Matrix2.rotation(angle)
            let svd = r.svd
            #expect(svd.Vt == .identity)
            #expect(close(svd.sigma1, 1) && close(svd.sigma2, 1))
            #expect(maxDifference(svd.U, r) <= 2e-16)
            #expect(close(svd.uAngle, atan2(sin(angle), cos(angle)), 1e-15))
            #expect(close(svd.conditionNumber, 1))
            checkConventions(r)
            checkConventions(3 * r)
        }
        let identity = Matrix2.identity.svd
        #expect(identity == SVD2(U: .identity, sigma1: 1, sigma2: 1, Vt: .identity))
        #expect(identity.conditionNumber == 1)
    }

    @Test func zeroMatrix() {
        let svd = Matrix2.zero.svd
        #expect(svd == SVD2(U: .identity, sigma1: 0, sigma2: 0, Vt: .identity))
        #expect(svd.conditionNumber.isNaN)
        #expect(svd.uAngle == 0 && svd.vtAngle == 0 && !svd.uIsReflection)
    }

    @Test func reflections() {
        let flip = Matrix2.diagonal(1, -1)
        #expect(flip.svd == SVD2(U: flip, sigma1: 1, sigma2: 1, Vt: .identity))
        let swap = Matrix2(0, 1, 1, 0)
        #expect(swap.svd.Vt == .identity && swap.svd.U == swap && swap.svd.uIsReflection)
        checkConventions(Matrix2.rotation(0.7) * flip)
    }

    @Test func diagonal() {
        let a = Matrix2.diagonal(3, -2).svd
        #expect(a.sigma1 == 3 && a.sigma2 == 2)
        #expect(a.Vt == .identity && a.U == Matrix2.diagonal(1, -1))
        #expect(a.uIsReflection)
        // σ₁ along y: v₁ = (0, 1) (vtAngle = −π/2), u₁ = (0, 1).
        let b = Matrix2.diagonal(2, 3).svd
        #expect(b.sigma1 == 3 && b.sigma2 == 2)
        #expect(close(b.vtAngle, -.pi / 2, 1e-16))
        #expect(maxDifference(b.Vt, Matrix2(0, 1, -1, 0)) <= 1e-16)
        #expect(maxDifference(b.U, Matrix2(0, -1, 1, 0)) <= 1e-16)
        checkConventions(Matrix2.diagonal(2, 3))
    }

    /// Shear [[1, k], [0, 1]]: σ = (√(k² + 4) ± k)/2.
    @Test func shear() {
        for k in [0.5, 1, 3, -2] {
            let svd = Matrix2(1, k, 0, 1).svd
            let root = (k * k + 4).squareRoot()
            #expect(close(svd.sigma1, (root + abs(k)) / 2))
            #expect(close(svd.sigma2, (root - abs(k)) / 2))
            #expect(close(svd.sigma1 * svd.sigma2, 1))
            checkConventions(Matrix2(1, k, 0, 1))
        }
    }

    /// Projections are singular: σ₂ = 0, condition number +∞, U stays a rotation.
    @Test func projection() {
        let p = Matrix2(0.5, 0.5, 0.5, 0.5)
        let svd = p.svd
        #expect(close(svd.sigma1, 1) && svd.sigma2 == 0)
        #expect(svd.conditionNumber == .infinity)
        #expect(!svd.uIsReflection)
        #expect(maxDifference(svd.Vt.transposed.apply(Vec2(1, 0)), Vec2(1, 1).scaledTo(1)) <= 2e-16)
        checkConventions(p)
        let axis = Matrix2(1, 0, 0, 0).svd
        #expect(axis == SVD2(U: .identity, sigma1: 1, sigma2: 0, Vt: .identity))
    }

    /// numpy.linalg.svd(A, compute_uv=False) for the seed matrix; our σ₂ = det/σ₁ agrees to 1 ulp.
    @Test func seedMatrixAgainstNumpy() {
        let svd = Matrix2(2, 1, 6, 4).svd
        #expect(close(svd.sigma1, 7.5451797825935865, 1e-15))
        #expect(close(svd.sigma2, 0.2650698933130685, 1e-15))
        #expect(close(svd.conditionNumber, 28.46486897582945, 1e-14))
        checkConventions(Matrix2(2, 1, 6, 4))
    }

    /// [[1, 1], [1, 1 + 1e-10]]: σ₂ = det/σ₁ keeps full precision. Exact values (50-digit mpmath):
    /// σ₁ = 2.00000000005000000041…, σ₂ = 5.0000004135768549…e-11. (numpy gives
    /// σ₂ = 5.000006537327243e-11, off in the 6th digit.)
    @Test func nearlySingularKeepsRelativeAccuracy() {
        let m = Matrix2(1, 1, 1, 1 + 1e-10)
        let svd = m.svd
        #expect(close(svd.sigma1, 2.00000000005, 1e-15))
        #expect(abs(svd.sigma2 - 5.000000413576855e-11) <= 2e-15 * 5e-11)
        #expect(m.inverse != nil)
        #expect(close(svd.conditionNumber, 2.00000000005 / 5.000000413576855e-11, 1e-14))
        checkConventions(m)
    }

    @Test func hugeAndTinyEntries() {
        let base = Matrix2(1, 2, 3, 4).svd
        // mpmath: σ(A) = 5.464985704219043, 0.36596619062625785
        #expect(close(base.sigma1, 5.464985704219043, 1e-15) && close(base.sigma2, 0.36596619062625785, 1e-15))
        for scale in [1e150, 1e-150, 1e300, 1e-300] {
            let m = scale * Matrix2(1, 2, 3, 4)
            let svd = m.svd
            #expect(svd.sigma1.isFinite && svd.sigma2 > 0)
            #expect(abs(svd.sigma1 / scale - base.sigma1) <= 4e-15 * base.sigma1, "scale \(scale)")
            #expect(abs(svd.sigma2 / scale - base.sigma2) <= 4e-15 * base.sigma1, "scale \(scale)")
            #expect(close(svd.conditionNumber, base.conditionNumber, 1e-13))
            #expect(maxDifference(svd.U, base.U) <= 1e-15 && maxDifference(svd.Vt, base.Vt) <= 1e-15)
        }
    }

    /// Over 600 seeded matrices from every family: reconstruction, orthogonality, conventions.
    @Test func propertiesOverRandomMatrices() {
        var rng = SeededRandom(seed: 2024)
        for _ in 0..<600 {
            let m = randomMatrix2(&rng)
            checkConventions(m)
            let svd = m.svd
            #expect(close(svd.sigma1, m.spectralNorm, 0))
            // Agrees with the general Jacobi SVD.
            let jacobi = Matrix(m).svd().singularValues
            #expect(abs(jacobi[0] - svd.sigma1) <= 1e-14 * svd.sigma1, "\(m)")
            #expect(abs(jacobi[1] - svd.sigma2) <= 1e-14 * svd.sigma1, "\(m)")
        }
    }
}

extension Vec2 {
    fileprivate func scaledTo(_ length: Double) -> Vec2 { self * (length / norm) }
}

// MARK: - Eigen2

@Suite struct Eigen2Tests {
    func check(_ m: Matrix2, tolerance: Double = 1e-14, sourceLocation: SourceLocation = #_sourceLocation) {
        let eigen = m.eigen
        let a = Matrix(m)
        let size = Swift.max(m.frobeniusNorm, .leastNormalMagnitude)
        #expect(eigen.values.count == 2 && eigen.vectors.count == 2, sourceLocation: sourceLocation)
        for (lambda, v) in zip(eigen.values, eigen.vectors) {
            #expect(abs(complexNorm(v) - 1) <= 1e-15, "\(m): \(v)", sourceLocation: sourceLocation)
            #expect(eigenResidual(a, lambda, v) <= tolerance * size, "\(m): λ \(lambda), v \(v)", sourceLocation: sourceLocation)
            // Largest component real and positive.
            #expect(largestComponentIsRealPositive(v), "\(v)", sourceLocation: sourceLocation)
        }
        let (l1, l2) = (eigen.values[0], eigen.values[1])
        // Sum = trace, product = det (relative to ‖A‖ and ‖A‖²).
        #expect(abs(l1.real + l2.real - m.trace) <= tolerance * size, sourceLocation: sourceLocation)
        #expect(abs(l1.imaginary + l2.imaginary) <= tolerance * size, sourceLocation: sourceLocation)
        let product = l1 * l2
        if size < 1e150 && size > 1e-150 {
            #expect(abs(product.real - m.determinant) <= tolerance * size * size, "\(m)", sourceLocation: sourceLocation)
        }
        switch eigen.kind {
        case .complexPair:
            #expect(l1.imaginary > 0 && l2 == l1.conjugate, sourceLocation: sourceLocation)
            #expect(eigen.vectors[1] == eigen.vectors[0].map(\.conjugate), sourceLocation: sourceLocation)
            #expect(eigen.realDirections.isEmpty && eigen.eigenBasis == nil, sourceLocation: sourceLocation)
            let basis = eigen.rotationScalingBasis!
            if let inverse = basis.inverse {
                let model = eigen.modulus! * Matrix2.rotation(eigen.rotationAngle!)
                #expect(maxDifference(basis * model * inverse, m) <= 1e-12 * size, "\(m)", sourceLocation: sourceLocation)
            }
        default:
            #expect(l1.imaginary == 0 && l2.imaginary == 0 && l1.real >= l2.real, sourceLocation: sourceLocation)
            #expect(eigen.vectors.allSatisfy { $0.allSatisfy { $0.imaginary == 0 } }, sourceLocation: sourceLocation)
            #expect(eigen.rotationAngle == nil && eigen.modulus == nil, sourceLocation: sourceLocation)
        }
    }

    /// [[1, 2], [8, 1]]: λ = 5, −3 with v = (1, 2)/√5, (−1, 2)/√5 (numpy.linalg.eig, same phase).
    @Test func oneTwoEightOne() {
        let eigen = Matrix2(1, 2, 8, 1).eigen
        #expect(eigen.kind == .realDistinct && eigen.isDiagonalizable)
        #expect(eigen.values == [Complex(5, 0), Complex(-3, 0)])
        let s = 1 / 5.0.squareRoot()
        #expect(maxDifference(eigen.vectors[0].map(\.real), [s, 2 * s]) <= 1e-16)
        #expect(maxDifference(eigen.vectors[1].map(\.real), [-s, 2 * s]) <= 1e-16)
        let basis = try! #require(eigen.eigenBasis)
        #expect(basis.D == (5, -3))
        #expect(maxDifference(basis.P * Matrix2.diagonal(5, -3) * basis.Pinv, Matrix2(1, 2, 8, 1)) <= 1e-15)
        check(Matrix2(1, 2, 8, 1))
    }

    /// The seed matrix against numpy.linalg.eig (vectors phase-normalised as ours).
    @Test func seedMatrixAgainstNumpy() {
        let eigen = Matrix2(2, 1, 6, 4).eigen
        #expect(close(eigen.values[0].real, 5.645751311064591, 1e-15))
        #expect(close(eigen.values[1].real, 0.3542486889354093, 1e-15))
        #expect(maxDifference(eigen.vectors[0].map(\.real), [0.2645215466442612, 0.9643797754831486]) <= 2e-16)
        #expect(maxDifference(eigen.vectors[1].map(\.real), [-0.519279301407597, 0.8546045911002574]) <= 2e-16)
    }

    /// Rotation-scaling [[3, −4], [4, 3]] = 5 · rotation(atan2(4, 3)): λ = 3 ± 4i.
    @Test func rotationScaling() {
        let m = Matrix2(3, -4, 4, 3)
        let eigen = m.eigen
        #expect(eigen.kind == .complexPair && eigen.isDiagonalizable)
        #expect(eigen.values == [Complex(3, 4), Complex(3, -4)])
        #expect(eigen.modulus == 5)
        #expect(eigen.rotationAngle == atan2(4, 3))
        let s = 1 / 2.0.squareRoot()
        // numpy: [0.7071, −0.7071i] for 3 + 4i.
        #expect(maxDifference(eigen.vectors[0].map(\.real), [s, 0]) <= 1e-16)
        #expect(maxDifference(eigen.vectors[0].map(\.imaginary), [0, -s]) <= 1e-16)
        check(m)
        for angle in [0.5, 2.0, -1.0, 3.1] {
            let r = Matrix2.rotation(angle).eigen
            #expect(r.kind == .complexPair)
            #expect(close(r.modulus!, 1) && close(r.rotationAngle!, abs(angle), 1e-15))
            check(Matrix2.rotation(angle))
        }
    }

    @Test func repeatedAndDefective() {
        let zero = Matrix2.zero.eigen
        #expect(zero.kind == .repeatedDiagonalizable && zero.values == [.zero, .zero])
        #expect(zero.realDirections == [Vec2(1, 0), Vec2(0, 1)])
        let twice = (2 * Matrix2.identity).eigen
        #expect(twice.kind == .repeatedDiagonalizable && twice.values == [Complex(2, 0), Complex(2, 0)])
        #expect(twice.eigenBasis.map { $0.P == .identity && $0.Pinv == .identity } == true)
        let shear = Matrix2(1, 1, 0, 1).eigen
        #expect(shear.kind == .defective && !shear.isDiagonalizable)
        #expect(shear.values == [Complex(1, 0), Complex(1, 0)])
        #expect(shear.vectors[0] == [Complex(1, 0), Complex(0, 0)] && shear.vectors[1] == shear.vectors[0])
        #expect(shear.realDirections == [Vec2(1, 0)])
        #expect(shear.eigenBasis == nil)
        let lower = Matrix2(2, 0, -3, 2).eigen
        #expect(lower.kind == .defective && lower.realDirections == [Vec2(0, 1)])
        // A nilpotent: [[2, −4], [1, −2]]² = 0.
        let nilpotent = Matrix2(2, -4, 1, -2).eigen
        #expect(nilpotent.kind == .defective && nilpotent.values == [.zero, .zero])
        check(Matrix2(2, -4, 1, -2))
        // Diagonal, projection, reflection.
        #expect(Matrix2.diagonal(2, 3).eigen.realDirections == [Vec2(0, 1), Vec2(1, 0)])
        let projection = Matrix2(0.5, 0.5, 0.5, 0.5).eigen
        #expect(projection.values == [Complex(1, 0), Complex(0, 0)])
        check(Matrix2(0.5, 0.5, 0.5, 0.5))
        let reflection = Matrix2(0, 1, 1, 0).eigen
        #expect(reflection.values == [Complex(1, 0), Complex(-1, 0)])
        check(Matrix2(0, 1, 1, 0))
    }

    /// The larger-magnitude root is computed without cancellation, the smaller as det/λ₁.
    @Test func noCancellation() {
        // λ = 1e8 and 1e-8 (trace 1e8 + 1e-8, det 1).
        let m = Matrix2(1e8, 0, 1, 1e-8)
        let eigen = m.eigen
        #expect(eigen.values[0].real == 1e8)
        #expect(close(eigen.values[1].real, 1e-8, 1e-15))
        // Nearly repeated: [[1, 1e-10], [1e-10, 1]] has λ = 1 ± 1e-10.
        let near = Matrix2(1, 1e-10, 1e-10, 1).eigen
        #expect(near.kind == .realDistinct)
        #expect(close(near.values[0].real - 1, 1e-10, 1e-6) && close(1 - near.values[1].real, 1e-10, 1e-6))
    }

    @Test func hugeAndTinyEntries() {
        let base = Matrix2(1, 2, 3, 4).eigen
        for scale in [1e150, 1e-150, 1e300, 1e-300] {
            let eigen = (scale * Matrix2(1, 2, 3, 4)).eigen
            #expect(eigen.kind == .realDistinct)
            for i in 0..<2 {
                #expect(close(eigen.values[i].real / scale, base.values[i].real, 1e-14), "\(scale)")
                #expect(maxDifference(eigen.vectors[i].map(\.real), base.vectors[i].map(\.real)) <= 1e-15)
            }
            let complex = (scale * Matrix2(3, -4, 4, 3)).eigen
            #expect(close(complex.modulus! / scale, 5, 1e-15) && close(complex.rotationAngle!, atan2(4, 3), 1e-15))
        }
    }

    @Test func propertiesOverRandomMatrices() {
        var rng = SeededRandom(seed: 7)
        var kinds: [Eigen2.Kind: Int] = [:]
        for _ in 0..<600 {
            let m = randomMatrix2(&rng)
            check(m)
            kinds[m.eigen.kind, default: 0] += 1
        }
        // The families reach every kind.
        #expect(Set(kinds.keys) == Set(Eigen2.Kind.allCases), "\(kinds)")
    }
}
