import Foundation
import Numerics

/// A real 2x2 matrix [[a, b], [c, d]]: a linear map of the plane, x ↦ A x.
public struct Matrix2: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double

    public init(_ a: Double, _ b: Double, _ c: Double, _ d: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    public static let identity = Matrix2(1, 0, 0, 1)

    /// Counter-clockwise rotation by `angle` radians.
    public static func rotation(_ angle: Double) -> Matrix2 {
        let (s, co) = (sin(angle), cos(angle))
        return Matrix2(co, -s, s, co)
    }

    public var description: String { "[[\(a), \(b)], [\(c), \(d)]]" }

    /// The images of e1 and e2.
    public var columns: (Vec2, Vec2) { (Vec2(a, c), Vec2(b, d)) }
    public var transposed: Matrix2 { Matrix2(a, c, b, d) }

    public func apply(_ v: Vec2) -> Vec2 { Vec2(a * v.x + b * v.y, c * v.x + d * v.y) }
    public static func * (m: Matrix2, v: Vec2) -> Vec2 { m.apply(v) }
    public static func * (m: Matrix2, n: Matrix2) -> Matrix2 {
        Matrix2(m.a * n.a + m.b * n.c, m.a * n.b + m.b * n.d, m.c * n.a + m.d * n.c, m.c * n.b + m.d * n.d)
    }
    public static func * (s: Double, m: Matrix2) -> Matrix2 { Matrix2(s * m.a, s * m.b, s * m.c, s * m.d) }

    /// Entrywise (1 - t) m + t n: the straight path between two maps, for animation.
    public static func interpolate(from m: Matrix2, to n: Matrix2, t: Double) -> Matrix2 {
        Matrix2(m.a + t * (n.a - m.a), m.b + t * (n.b - m.b), m.c + t * (n.c - m.c), m.d + t * (n.d - m.d))
    }

    /// The largest entry magnitude (0 for the zero matrix).
    public var maxMagnitude: Double { max(abs(a), abs(b), abs(c), abs(d)) }

    /// ad - bc, with Kahan's fused multiply-add correction (accurate even when ad ≈ bc):
    /// the signed area of the image of the unit square.
    public var determinant: Double { Self.differenceOfProducts(a, d, b, c) }

    public var trace: Double { a + d }

    /// Singular when |det| ≤ 1e-14 · (max |entry|)², i.e. when A is within rounding of a
    /// rank-deficient matrix (every entry zero included).
    public var isSingular: Bool {
        let scale = maxMagnitude
        guard scale > 0, scale.isFinite else { return true }
        return abs(determinant) / scale / scale <= 1e-14
    }

    /// A⁻¹ = adj(A) / det A, or nil when A is singular (see `isSingular`).
    public var inverse: Matrix2? {
        guard !isSingular else { return nil }
        let det = determinant
        return Matrix2(d / det, -b / det, -c / det, a / det)
    }

    /// √(a² + b² + c² + d²), without overflow or underflow.
    public var frobeniusNorm: Double { hypot(hypot(a, b), hypot(c, d)) }
    /// Largest column sum of magnitudes.
    public var oneNorm: Double { max(abs(a) + abs(c), abs(b) + abs(d)) }
    /// Largest row sum of magnitudes.
    public var infinityNorm: Double { max(abs(a) + abs(b), abs(c) + abs(d)) }
    /// The operator 2-norm: the largest singular value.
    public var spectralNorm: Double { svd.sigma1 }

    /// a·b - c·d to within about one rounding (Kahan).
    static func differenceOfProducts(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        let cd = c * d
        let roundingOfCD = cd.addingProduct(-c, d)  // cd - c·d, exactly
        let abMinusCD = (-cd).addingProduct(a, b)   // a·b - cd, one rounding
        return abMinusCD + roundingOfCD
    }
}

// MARK: - Singular value decomposition

/// A = U · diag(σ1, σ2) · Vᵀ for a 2x2 matrix.
///
/// Conventions (fixed, so the playback and the readouts never jump):
/// - σ1 ≥ σ2 ≥ 0.
/// - Vᵀ is a pure rotation (det +1) by an angle in (-π/2, π/2], so the first right singular
///   vector v1 = (Vᵀ₁₁, Vᵀ₁₂) has a non-negative x component; any reflection is carried by U,
///   so det U = sign(det A) (+1 when det A = 0).
/// - When σ1 = σ2 (A is a scaled rotation or reflection, including I and 0), every direction
///   is singular: Vᵀ = I and U = A / σ1 (U = I for the zero matrix).
public struct SVD2: Sendable, Equatable {
    public var U: Matrix2
    public var sigma1: Double
    public var sigma2: Double
    public var Vt: Matrix2

    public init(U: Matrix2, sigma1: Double, sigma2: Double, Vt: Matrix2) {
        self.U = U
        self.sigma1 = sigma1
        self.sigma2 = sigma2
        self.Vt = Vt
    }

    /// σ1 / σ2: +∞ when σ2 = 0 (singular), NaN for the zero matrix (0/0, as numpy).
    public var conditionNumber: Double {
        if sigma1 == 0 { return .nan }
        return sigma2 == 0 ? .infinity : sigma1 / sigma2
    }

    /// The rotation angle of Vᵀ, in (-π/2, π/2].
    public var vtAngle: Double { atan2(Vt.c, Vt.a) }
    /// Whether U reflects (det U = -1).
    public var uIsReflection: Bool { U.determinant < 0 }
    /// The rotation part of U: U = rotation(uAngle) · (uIsReflection ? diag(1, -1) : I).
    public var uAngle: Double {
        let rotation = uIsReflection ? U * Matrix2(1, 0, 0, -1) : U
        return atan2(rotation.c, rotation.a)
    }
}

extension Matrix2 {
    /// The closed-form SVD (see `SVD2` for the conventions).
    ///
    /// With E = (a+d)/2, F = (a-d)/2, G = (c+b)/2, H = (c-b)/2: A = rotation(φ) ·
    /// diag(Q+R, Q-R) · rotation(θ) where Q = hypot(E, H), R = hypot(F, G),
    /// θ = (atan2(H, E) - atan2(G, F)) / 2 and φ = (atan2(H, E) + atan2(G, F)) / 2.
    public var svd: SVD2 {
        let scale = maxMagnitude
        guard scale > 0, scale.isFinite else {
            return SVD2(U: .identity, sigma1: scale.isFinite ? 0 : .nan, sigma2: scale.isFinite ? 0 : .nan, Vt: .identity)
        }
        // Work on A / scale so that nothing overflows or underflows, then scale σ back.
        let m = (1 / scale) * self
        let e = (m.a + m.d) / 2, f = (m.a - m.d) / 2, g = (m.c + m.b) / 2, h = (m.c - m.b) / 2
        let q = hypot(e, h), r = hypot(f, g)
        let sigma1 = (q + r) * scale
        let sigma2 = abs(q - r) * scale
        // σ1 = σ2: a scaled rotation (r = 0) or reflection (q = 0).
        if r <= q * 1e-15 || q <= r * 1e-15 {
            let s = max(q, r)
            return SVD2(U: (1 / s) * m, sigma1: sigma1, sigma2: sigma2, Vt: .identity)
        }
        let a1 = atan2(g, f), a2 = atan2(h, e)
        var theta = (a2 - a1) / 2
        var phi = (a2 + a1) / 2
        // Keep θ in (-π/2, π/2]: (U, Vᵀ) → (-U, -Vᵀ) leaves U Σ Vᵀ unchanged.
        if theta > .pi / 2 {
            theta -= .pi
            phi -= .pi
        } else if theta <= -.pi / 2 {
            theta += .pi
            phi += .pi
        }
        var u = Matrix2.rotation(phi)
        if q < r { u = u * Matrix2(1, 0, 0, -1) }  // diag(Q+R, Q-R) = diag(1, -1) · diag(σ1, σ2)
        return SVD2(U: u, sigma1: sigma1, sigma2: sigma2, Vt: Matrix2.rotation(theta))
    }
}

// MARK: - Eigen-decomposition

/// The eigenvalues and eigenvectors of a 2x2 real matrix.
///
/// Conventions: real eigenvalues in descending order; a complex pair as λ, λ̄ with Im λ > 0
/// first; eigenvectors of unit 2-norm (complex ones scaled so their first non-zero entry is
/// real and positive). Repeated and complex cases are decided exactly from the discriminant
/// ((a - d)/2)² + bc, computed with fused multiply-adds.
public struct Eigen2: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Two different real eigenvalues: an eigenbasis.
        case realDistinct
        /// A = λI: every direction is an eigen-direction.
        case repeatedDiagonalizable
        /// A repeated eigenvalue with a single eigen-direction (a shear): no eigenbasis.
        case defective
        /// λ, λ̄ not real: A rotates as it scales.
        case complexPair
    }

    public var values: [Complex<Double>]
    /// One unit eigenvector per eigenvalue (a defective matrix repeats its only one).
    public var vectors: [[Complex<Double>]]
    public var kind: Kind

    public var isDiagonalizable: Bool { kind == .realDistinct || kind == .repeatedDiagonalizable || kind == .complexPair }

    /// Unit real eigen-directions (none for a complex pair; e1, e2 for λI; one when defective).
    public var realDirections: [Vec2] {
        switch kind {
        case .complexPair: return []
        case .repeatedDiagonalizable: return [Vec2(1, 0), Vec2(0, 1)]
        case .defective: return [Vec2(vectors[0][0].real, vectors[0][1].real)]
        case .realDistinct: return vectors.map { Vec2($0[0].real, $0[1].real) }
        }
    }

    /// For a complex pair: arg λ (radians, in (0, π)), the turn per application.
    public var rotationAngle: Double? { kind == .complexPair ? atan2(values[0].imaginary, values[0].real) : nil }
    /// For a complex pair: |λ|, the scaling per application.
    public var modulus: Double? { kind == .complexPair ? values[0].length : nil }
}

extension Matrix2 {
    public var eigen: Eigen2 {
        let half = (a - d) / 2
        // ((a-d)/2)² + bc with one rounding each (fma), so a repeated root is seen exactly
        // when it is exact.
        let discriminant = (b * c).addingProduct(half, half)
        let mean = (a + d) / 2
        if discriminant < 0 {
            let lambda = Complex(mean, (-discriminant).squareRoot())
            let v = complexEigenvector(lambda)
            return Eigen2(values: [lambda, lambda.conjugate], vectors: [v, v.map(\.conjugate)], kind: .complexPair)
        }
        if discriminant == 0 {
            if b == 0 && c == 0 {
                return Eigen2(values: [Complex(mean), Complex(mean)], vectors: [[1, 0], [0, 1]], kind: .repeatedDiagonalizable)
            }
            let v = realEigenvector(mean)
            return Eigen2(values: [Complex(mean), Complex(mean)], vectors: [v, v], kind: .defective)
        }
        let root = discriminant.squareRoot()
        // The larger-magnitude root without cancellation; the other from det = λ1 λ2.
        let big = mean >= 0 ? mean + root : mean - root
        let small = big != 0 ? determinant / big : mean - root
        let (lambda1, lambda2) = (max(big, small), min(big, small))
        return Eigen2(values: [Complex(lambda1), Complex(lambda2)],
                      vectors: [realEigenvector(lambda1), realEigenvector(lambda2)], kind: .realDistinct)
    }

    /// A unit solution of (A - λI) v = 0 for real λ, from the better-conditioned row.
    private func realEigenvector(_ lambda: Double) -> [Complex<Double>] {
        let fromRow1 = Vec2(b, lambda - a), fromRow2 = Vec2(lambda - d, c)
        var v = fromRow1.norm >= fromRow2.norm ? fromRow1 : fromRow2
        if v.norm == 0 { v = Vec2(1, 0) }
        v = v / v.norm
        // Sign: first non-zero component positive.
        if v.x < 0 || (v.x == 0 && v.y < 0) { v = -v }
        return [Complex(v.x), Complex(v.y)]
    }

    /// A unit solution of (A - λI) v = 0 for complex λ, first non-zero entry real positive.
    private func complexEigenvector(_ lambda: Complex<Double>) -> [Complex<Double>] {
        let row1: [Complex<Double>] = [Complex(b), lambda - Complex(a)]
        let row2: [Complex<Double>] = [lambda - Complex(d), Complex(c)]
        func norm(_ v: [Complex<Double>]) -> Double { hypot(v[0].length, v[1].length) }
        var v = norm(row1) >= norm(row2) ? row1 : row2
        let length = norm(v)
        v = v.map { $0 / Complex(length) }
        let pivot = v[0].length > 0 ? v[0] : v[1]
        let phase = pivot / Complex(pivot.length)  // unit complex number
        return v.map { $0 / phase }
    }

    /// A = P · diag(λ1, λ2) · P⁻¹ with real eigenvectors as P's columns, when A has a real
    /// eigenbasis (distinct real eigenvalues, or A = λI with P = I); nil otherwise.
    public var eigenBasis: (P: Matrix2, D: (Double, Double), Pinv: Matrix2)? {
        let e = eigen
        switch e.kind {
        case .realDistinct:
            let (v1, v2) = (e.realDirections[0], e.realDirections[1])
            let p = Matrix2(v1.x, v2.x, v1.y, v2.y)
            guard let pInverse = p.inverse else { return nil }
            return (p, (e.values[0].real, e.values[1].real), pInverse)
        case .repeatedDiagonalizable:
            return (.identity, (e.values[0].real, e.values[1].real), .identity)
        case .defective, .complexPair:
            return nil
        }
    }
}

// MARK: - Vector norms

/// p-norms of vectors: ‖x‖_p = (Σ |xᵢ|^p)^(1/p) for p ≥ 1, and ‖x‖_∞ = max |xᵢ|.
/// Computed on x / max|xᵢ| so large and small entries neither overflow nor underflow.
public enum VectorNorm {
    /// NaN for p < 1 (not a norm) or a NaN entry.
    public static func p(_ x: [Double], _ p: Double) -> Double {
        guard p >= 1 else { return .nan }
        guard !x.contains(where: \.isNaN) else { return .nan }
        let largest = lInfinity(x)
        guard largest > 0, largest.isFinite else { return largest }
        if p == .infinity { return largest }
        if p == 1 { return l1(x) }
        if p == 2 { return l2(x) }
        let sum = x.reduce(0.0) { $0 + Foundation.pow(abs($1) / largest, p) }
        return largest * Foundation.pow(sum, 1 / p)
    }

    public static func l1(_ x: [Double]) -> Double { x.reduce(0.0) { $0 + abs($1) } }

    public static func l2(_ x: [Double]) -> Double {
        let largest = lInfinity(x)
        guard largest > 0, largest.isFinite else { return largest }
        return largest * x.reduce(0.0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
    }

    public static func lInfinity(_ x: [Double]) -> Double {
        if x.contains(where: \.isNaN) { return .nan }
        return x.reduce(0.0) { max($0, abs($1)) }
    }
}
