#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics

/// A real 2×2 matrix `[[a, b], [c, d]]`: the linear maps of the plane the labs animate.
///
/// Everything here is closed form (no iteration) and deterministic. Functions that square
/// entries first scale the matrix by a power of two (exact) so that entries up to ~1e300 and down
/// to ~1e-300 neither overflow nor underflow in intermediate results.
public struct Matrix2: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double

    /// The matrix with rows `[a, b]` and `[c, d]`.
    public init(_ a: Double, _ b: Double, _ c: Double, _ d: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// The matrix whose columns are `first` and `second`.
    public init(columns first: Vec2, _ second: Vec2) {
        self.init(first.x, second.x, first.y, second.y)
    }

    /// A general `Matrix` that happens to be 2×2; nil for any other shape.
    public init?(_ matrix: Matrix) {
        guard matrix.rows == 2, matrix.columns == 2 else { return nil }
        self.init(matrix[0, 0], matrix[0, 1], matrix[1, 0], matrix[1, 1])
    }

    public static let identity = Matrix2(1, 0, 0, 1)
    public static let zero = Matrix2(0, 0, 0, 0)

    /// Counter-clockwise rotation by `angle` radians: `[[cos θ, −sin θ], [sin θ, cos θ]]`.
    public static func rotation(_ angle: Double) -> Matrix2 {
        let (cosine, sine) = (cos(angle), sin(angle))
        return Matrix2(cosine, -sine, sine, cosine)
    }

    /// `diag(x, y)`.
    public static func diagonal(_ x: Double, _ y: Double) -> Matrix2 { Matrix2(x, 0, 0, y) }

    /// The columns `(A e₁, A e₂) = ((a, c), (b, d))`.
    public var columns: (Vec2, Vec2) { (Vec2(a, c), Vec2(b, d)) }

    /// The entries row-major: `[a, b, c, d]`.
    public var entries: [Double] { [a, b, c, d] }

    /// `A v = (a vₓ + b v_y, c vₓ + d v_y)`.
    public func apply(_ v: Vec2) -> Vec2 { Vec2(a * v.x + b * v.y, c * v.x + d * v.y) }

    public static func * (m: Matrix2, v: Vec2) -> Vec2 { m.apply(v) }

    /// The product `AB` (apply `B` first, then `A`).
    public static func * (m: Matrix2, n: Matrix2) -> Matrix2 {
        Matrix2(m.a * n.a + m.b * n.c, m.a * n.b + m.b * n.d,
                m.c * n.a + m.d * n.c, m.c * n.b + m.d * n.d)
    }

    public static func * (s: Double, m: Matrix2) -> Matrix2 { Matrix2(s * m.a, s * m.b, s * m.c, s * m.d) }
    public static func + (m: Matrix2, n: Matrix2) -> Matrix2 { Matrix2(m.a + n.a, m.b + n.b, m.c + n.c, m.d + n.d) }
    public static func - (m: Matrix2, n: Matrix2) -> Matrix2 { Matrix2(m.a - n.a, m.b - n.b, m.c - n.c, m.d - n.d) }

    /// `Aᵀ = [[a, c], [b, d]]`.
    public var transposed: Matrix2 { Matrix2(a, c, b, d) }

    /// `det A = ad − bc`, with Kahan's fused-multiply-add scheme: correct to a few ulps even when
    /// the two products nearly cancel (e.g. `[[1, 1], [1, 1 + 1e-10]]` gives its exact 1e-10-ish
    /// determinant, and integer matrices give exact integers). Computed on the matrix scaled by a
    /// power of two, so it is `±∞` (not NaN) when the determinant overflows and keeps its sign
    /// (`−0`) when it underflows.
    public var determinant: Double {
        guard let (scaled, exponent) = normalized() else { return unscaledDeterminant }
        return Self.timesPowerOfTwo(scaled.unscaledDeterminant, 2 * exponent)
    }

    /// Kahan's `ad − bc` on the entries as they are.
    var unscaledDeterminant: Double { Self.differenceOfProducts(a, d, b, c) }

    /// `tr A = a + d`.
    public var trace: Double { a + d }

    /// Whether every entry is finite (not NaN or infinite).
    public var isFinite: Bool { a.isFinite && b.isFinite && c.isFinite && d.isFinite }

    /// `max |entry|`.
    public var maxMagnitude: Double { Swift.max(Swift.max(abs(a), abs(b)), Swift.max(abs(c), abs(d))) }

    /// `A⁻¹ = [[d, −b], [−c, a]] / det A`, or nil when `A` is singular to working precision:
    /// all entries zero, or `|det A| ≤ 1e-14 · (max |entry|)²` (judged on the matrix scaled to
    /// max |entry| ≈ 1, so huge and tiny matrices are judged alike).
    public var inverse: Matrix2? { inverse(singularAtOrBelow: 1e-14) }

    /// The closed-form inverse, nil when `|det A| ≤ tolerance · (max |entry|)²` on the scaled
    /// matrix (tolerance 0: only an exactly singular matrix has none).
    public func inverse(singularAtOrBelow tolerance: Double) -> Matrix2? {
        guard let (scaled, exponent) = normalized() else { return nil }
        let det = scaled.unscaledDeterminant
        let size = scaled.maxMagnitude
        guard abs(det) > tolerance * size * size else { return nil }
        // A = 2^k A'  ⇒  A⁻¹ = 2^−k A'⁻¹.
        return Matrix2(scaled.d / det, -scaled.b / det, -scaled.c / det, scaled.a / det).scaled(by: -exponent)
    }

    /// True exactly when `inverse` is nil.
    public var isSingular: Bool { inverse == nil }

    /// `‖A‖_F = √(a² + b² + c² + d²)`, without intermediate overflow.
    public var frobeniusNorm: Double { VectorNorm.l2(entries) }

    /// `‖A‖₁ = max over columns of Σ |entry|`.
    public var oneNorm: Double { Swift.max(abs(a) + abs(c), abs(b) + abs(d)) }

    /// `‖A‖_∞ = max over rows of Σ |entry|`.
    public var infinityNorm: Double { Swift.max(abs(a) + abs(b), abs(c) + abs(d)) }

    /// `‖A‖₂ = σ₁`, the largest singular value: how far `A` can stretch a unit vector.
    public var spectralNorm: Double { svd.sigma1 }

    /// Entry-wise `(1 − t)·from + t·to`: exactly `from` at `t = 0` and exactly `to` at `t = 1`.
    public static func interpolate(from: Matrix2, to: Matrix2, t: Double) -> Matrix2 {
        func mix(_ x: Double, _ y: Double) -> Double { (1 - t) * x + t * y }
        return Matrix2(mix(from.a, to.a), mix(from.b, to.b), mix(from.c, to.c), mix(from.d, to.d))
    }

    public var description: String { "[[\(a), \(b)], [\(c), \(d)]]" }

    // MARK: - Scaling helpers

    /// `x·y − z·w` to within a few ulps (Kahan): the rounding error of `z·w` is recovered with a
    /// fused multiply-add and added back.
    static func differenceOfProducts(_ x: Double, _ y: Double, _ z: Double, _ w: Double) -> Double {
        let zw = z * w
        let error = zw.addingProduct(-z, w)   // zw − z·w exactly
        let difference = (-zw).addingProduct(x, y)  // x·y − zw, rounded once
        return difference + error
    }

    /// `2^exponent · A`, exact unless the result leaves the normal range.
    func scaled(by exponent: Int) -> Matrix2 {
        Matrix2(Self.timesPowerOfTwo(a, exponent), Self.timesPowerOfTwo(b, exponent),
                Self.timesPowerOfTwo(c, exponent), Self.timesPowerOfTwo(d, exponent))
    }

    static func timesPowerOfTwo(_ x: Double, _ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: x)
    }

    /// `(A', k)` with `A = 2^k · A'` and `max |A'ᵢⱼ| ∈ [1, 2)`; nil for the zero matrix.
    func normalized() -> (Matrix2, Int)? {
        let size = maxMagnitude
        guard size > 0, size.isFinite else { return nil }
        let exponent = Int(size.exponent)
        return (scaled(by: -exponent), exponent)
    }
}

extension Matrix {
    /// The general `Matrix` with the same entries.
    public init(_ m: Matrix2) {
        self.init(rows: 2, columns: 2, elements: [m.a, m.b, m.c, m.d])
    }
}

// MARK: - Singular value decomposition

/// `A = U · diag(σ₁, σ₂) · Vt`: rotate (Vt), stretch along the axes (σ₁, σ₂), rotate or reflect (U).
///
/// Conventions (all hold exactly as stated for every matrix, including the special cases):
/// - `σ₁ ≥ σ₂ ≥ 0`.
/// - `Vt` is a pure rotation, `Vt = rotation(vtAngle)` with `det Vt = +1` and
///   `vtAngle ∈ [−π/2, π/2)`. The first right singular vector `v₁` (first row of `Vt`,
///   `(cos vtAngle, −sin vtAngle)`) therefore has non-negative x, and `y > 0` when `x = 0`.
/// - Any reflection is carried by `U`: `det U = sign(det A)`, where `det A = 0` counts as `+1`.
///   `U = rotation(uAngle)` when `det U = +1`, and `U = rotation(uAngle) · diag(1, −1)` when
///   `det U = −1`; either way the first column of `U` (the first left singular vector `u₁`)
///   is `(cos uAngle, sin uAngle)` with `uAngle ∈ (−π, π]`.
/// - When `σ₁ = σ₂` (rotations, reflections and their multiples, e.g. the identity) every
///   orthonormal basis works; `Vt = I` and `U = A / σ₁`.
/// - The zero matrix has `U = Vt = I` and `σ₁ = σ₂ = 0`.
/// - A matrix with a NaN or infinite entry gives NaN everywhere (nothing above then holds).
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

    /// The angle of the first left singular vector `u₁` (first column of `U`), in (−π, π].
    /// `U = rotation(uAngle)`, composed with `diag(1, −1)` on the right when `uIsReflection`.
    public var uAngle: Double { atan2(U.c, U.a) }

    /// The rotation angle of `Vt` (`Vt = rotation(vtAngle)`), in [−π/2, π/2).
    public var vtAngle: Double { atan2(Vt.c, Vt.a) }

    /// Whether `U` reverses orientation (`det U = −1`), which happens exactly when `det A < 0`
    /// (judged before rounding to the double range: a negative determinant that underflows to
    /// `−0` still counts as negative).
    public var uIsReflection: Bool { U.determinant < 0 }

    /// `σ₁ / σ₂`: how much `A` can amplify relative errors. `+∞` when `σ₂ = 0` or
    /// `σ₂ ≤ 1e-15 · σ₁` (singular to working precision); NaN for the zero matrix (0/0: no
    /// direction is stretched more than another, but nothing is invertible either).
    public var conditionNumber: Double {
        if sigma1 == 0 { return .nan }
        if sigma2 == 0 || sigma2 <= 1e-15 * sigma1 { return .infinity }
        return sigma1 / sigma2
    }

    /// `U · diag(σ₁, σ₂) · Vt`, which reproduces `A` to rounding.
    public var recomposed: Matrix2 { U * Matrix2.diagonal(sigma1, sigma2) * Vt }
}

extension Matrix2 {
    /// The singular value decomposition by the closed form for 2×2 matrices.
    ///
    /// With `E = (a+d)/2`, `F = (a−d)/2`, `G = (c+b)/2`, `H = (c−b)/2`, the matrix splits into a
    /// scaled rotation `[[E, −H], [H, E]]` plus a scaled reflection `[[F, G], [G, −F]]`, and
    /// `A = rotation(φ) · diag(Q + R, Q − R) · rotation(θ)` with `Q = hypot(E, H)`,
    /// `R = hypot(F, G)`, `θ = (atan2(H, E) − atan2(G, F))/2`, `φ = (atan2(H, E) + atan2(G, F))/2`.
    /// `σ₂` is computed as `|det A| / σ₁` (not `|Q − R|`), so it keeps full relative accuracy for
    /// nearly singular matrices. Signs and angles are then fixed as documented on `SVD2`.
    public var svd: SVD2 {
        guard isFinite else {
            let nan = Matrix2(.nan, .nan, .nan, .nan)
            return SVD2(U: nan, sigma1: .nan, sigma2: .nan, Vt: nan)
        }
        guard let (m, exponent) = normalized() else {
            return SVD2(U: .identity, sigma1: 0, sigma2: 0, Vt: .identity)
        }
        let e = (m.a + m.d) / 2, f = (m.a - m.d) / 2
        let g = (m.c + m.b) / 2, h = (m.c - m.b) / 2
        let q = hypot(e, h), r = hypot(f, g)
        func unscale(_ x: Double) -> Double { Self.timesPowerOfTwo(x, exponent) }

        if r == 0 {  // A = q · rotation: every basis is singular; Vt = I.
            return SVD2(U: Matrix2(e / q, -h / q, h / q, e / q), sigma1: unscale(q), sigma2: unscale(q), Vt: .identity)
        }
        if q == 0 {  // A = r · reflection.
            return SVD2(U: Matrix2(f / r, g / r, g / r, -f / r), sigma1: unscale(r), sigma2: unscale(r), Vt: .identity)
        }
        let sx = q + r
        let det = m.unscaledDeterminant
        let sy = det / sx  // = Q − R, with full relative accuracy
        let a1 = atan2(g, f), a2 = atan2(h, e)
        var theta = (a2 - a1) / 2  // in (−π, π)
        var phi = (a2 + a1) / 2
        // Vt = rotation(θ) with θ ∈ [−π/2, π/2): shifting θ by π negates Vt, so negate U too (φ ± π).
        if theta >= .pi / 2 {
            theta -= .pi
            phi -= .pi
        } else if theta < -.pi / 2 {
            theta += .pi
            phi += .pi
        }
        var u = Matrix2.rotation(phi)
        if sy < 0 {  // reflection carried by U: U = rotation(φ) · diag(1, −1)
            u = Matrix2(u.a, -u.b, u.c, -u.d)
        }
        let sigma1 = unscale(sx)
        let sigma2 = Swift.min(unscale(abs(sy)), sigma1)
        return SVD2(U: u, sigma1: sigma1, sigma2: sigma2, Vt: .rotation(theta))
    }
}

// MARK: - Eigenvalues and eigenvectors

/// The eigenvalues and eigenvectors of a real 2×2 matrix: `A vᵢ = λᵢ vᵢ`.
///
/// Conventions:
/// - `values` has two entries. Real eigenvalues are in descending order; a complex pair is
///   `[m + iω, m − iω]` with `ω > 0` (positive imaginary part first).
/// - `vectors[i]` is a unit (2-norm) column vector for `values[i]`, scaled so that its
///   component of largest modulus is real and positive (the first component on an exact tie;
///   when moduli tie, rounding may leave the other one larger by an ulp).
///   For a complex pair the two vectors are exact complex conjugates.
/// - `kind == .repeatedDiagonalizable` means `A = λI`; its vectors are `e₁, e₂`.
/// - `kind == .defective` (repeated eigenvalue, one eigen-direction, e.g. a shear): `vectors`
///   holds that one direction twice.
/// - The zero matrix is `.repeatedDiagonalizable` with eigenvalue 0.
/// - A matrix with a NaN or infinite entry gives NaN values and vectors (kind `.realDistinct`).
public struct Eigen2: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// Two different real eigenvalues, two independent real eigen-directions.
        case realDistinct
        /// `A = λI`: every direction is an eigen-direction.
        case repeatedDiagonalizable
        /// One real eigenvalue twice but only one eigen-direction (a Jordan block).
        case defective
        /// `m ± iω` with `ω > 0`: a rotation-scaling in a suitable basis, no real direction kept.
        case complexPair
    }

    public var values: [Complex<Double>]
    public var vectors: [[Complex<Double>]]
    public var kind: Kind

    public init(values: [Complex<Double>], vectors: [[Complex<Double>]], kind: Kind) {
        self.values = values
        self.vectors = vectors
        self.kind = kind
    }

    /// Whether two independent eigenvectors exist (every kind except `.defective`).
    public var isDiagonalizable: Bool { kind != .defective }

    /// The distinct unit eigen-directions of real eigenvalues: two for `.realDistinct` and
    /// `.repeatedDiagonalizable` (then `e₁, e₂`), one for `.defective`, none for `.complexPair`.
    public var realDirections: [Vec2] {
        switch kind {
        case .realDistinct, .repeatedDiagonalizable: return vectors.map { Vec2($0[0].real, $0[1].real) }
        case .defective: return [Vec2(vectors[0][0].real, vectors[0][1].real)]
        case .complexPair: return []
        }
    }

    /// For a complex pair, `arg λ ∈ (0, π)` of the eigenvalue with positive imaginary part: in the
    /// basis `rotationScalingBasis` the matrix rotates by this angle and scales by `modulus`.
    public var rotationAngle: Double? {
        kind == .complexPair ? atan2(values[0].imaginary, values[0].real) : nil
    }

    /// For a complex pair, `|λ| = √(det A)`.
    public var modulus: Double? {
        kind == .complexPair ? hypot(values[0].real, values[0].imaginary) : nil
    }

    /// For a complex pair `λ = m + iω` with eigenvector `v = x + iy`: `P = [x, −y]` (columns), with
    /// `A = P · (modulus · rotation(rotationAngle)) · P⁻¹`, since `A x = m x − ω y` and
    /// `A (−y) = ω x + m (−y)`.
    public var rotationScalingBasis: Matrix2? {
        guard kind == .complexPair else { return nil }
        let v = vectors[0]
        return Matrix2(columns: Vec2(v[0].real, v[1].real), Vec2(-v[0].imaginary, -v[1].imaginary))
    }

    /// For diagonalizable matrices with real eigenvalues, `A = P · diag(D) · P⁻¹` with the
    /// eigenvectors as the columns of `P` (in the order of `values`); nil otherwise.
    public var eigenBasis: (P: Matrix2, D: (Double, Double), Pinv: Matrix2)? {
        guard kind == .realDistinct || kind == .repeatedDiagonalizable else { return nil }
        let p = Matrix2(columns: Vec2(vectors[0][0].real, vectors[0][1].real),
                        Vec2(vectors[1][0].real, vectors[1][1].real))
        guard let inverse = p.inverse else { return nil }
        return (p, (values[0].real, values[1].real), inverse)
    }

    /// `v / ‖v‖₂`, multiplied by a unit complex number so that its largest-modulus component
    /// (the first on an exact tie) is real and positive.
    static func normalizedVector(_ v: [Complex<Double>]) -> [Complex<Double>] {
        var largest = 0
        for index in v.indices where v[index].length > v[largest].length { largest = index }
        let pivot = v[largest]
        let size = pivot.length
        guard size > 0, size.isFinite else { return v }
        // Multiply by conj(pivot)/|pivot| (unit modulus) so the pivot becomes |pivot|.
        let phase = Complex(pivot.real / size, -pivot.imaginary / size)
        var rotated = v.map { $0 * phase }
        rotated[largest] = Complex(size, 0)
        let norm = VectorNorm.l2(rotated.flatMap { [$0.real, $0.imaginary] })
        return rotated.map { Complex($0.real / norm, $0.imaginary / norm) }
    }

    static func realVector(_ x: Double, _ y: Double) -> [Complex<Double>] {
        normalizedVector([Complex(x, 0), Complex(y, 0)])
    }
}

extension Matrix2 {
    /// Eigenvalues and eigenvectors in closed form (see `Eigen2` for the conventions).
    ///
    /// With `m = tr A / 2`, `p = (a − d)/2` and the half-discriminant `Δ = p² + bc`
    /// (`= m² − det A`, computed with a fused multiply-add so that it is exact when `bc`
    /// nearly cancels `p²`), the eigenvalues are `m ± √Δ`. The one of larger magnitude is
    /// `m + sign(m)√Δ`; the other is `det A` divided by it, so neither suffers cancellation.
    /// Eigenvectors are perpendicular to a row of `A − λI` chosen so that no entry is a
    /// difference of nearly equal numbers (e.g. `(p + √Δ, c)` for `λ₁` when `p ≥ 0`).
    public var eigen: Eigen2 {
        guard isFinite else {
            let nan = Complex<Double>(.nan, .nan)
            return Eigen2(values: [nan, nan], vectors: [[nan, nan], [nan, nan]], kind: .realDistinct)
        }
        guard let (m, exponent) = normalized() else {
            return Eigen2(values: [.zero, .zero], vectors: [Eigen2.realVector(1, 0), Eigen2.realVector(0, 1)],
                          kind: .repeatedDiagonalizable)
        }
        func unscale(_ x: Double) -> Double { Self.timesPowerOfTwo(x, exponent) }
        let mean = (m.a + m.d) / 2
        let p = (m.a - m.d) / 2
        let bc = m.b * m.c
        let bcError = (-bc).addingProduct(m.b, m.c)  // b·c − bc exactly
        let delta = bc.addingProduct(p, p) + bcError

        if delta > 0 {
            let s = delta.squareRoot()
            let det = m.unscaledDeterminant
            var (lambda1, lambda2): (Double, Double)
            if mean >= 0 {
                lambda1 = mean + s
                lambda2 = det / lambda1
            } else {
                lambda2 = mean - s
                lambda1 = det / lambda2
            }
            var (v1, v2): ([Complex<Double>], [Complex<Double>])
            if p >= 0 {
                v1 = Eigen2.realVector(p + s, m.c)
                v2 = Eigen2.realVector(m.b, -(p + s))
            } else {
                v1 = Eigen2.realVector(m.b, s - p)
                v2 = Eigen2.realVector(p - s, m.c)
            }
            if lambda2 > lambda1 {  // only possible through rounding when √Δ is negligible
                swap(&lambda1, &lambda2)
                swap(&v1, &v2)
            }
            return Eigen2(values: [Complex(unscale(lambda1), 0), Complex(unscale(lambda2), 0)],
                          vectors: [v1, v2], kind: .realDistinct)
        }
        if delta == 0 {
            let lambda = Complex(unscale(mean), 0)
            if m.b == 0 && m.c == 0 && p == 0 {
                return Eigen2(values: [lambda, lambda], vectors: [Eigen2.realVector(1, 0), Eigen2.realVector(0, 1)],
                              kind: .repeatedDiagonalizable)
            }
            // A − λI = [[p, b], [c, −p]] has rank one; take the null vector of its larger row.
            let v = abs(m.b) >= abs(m.c) ? Eigen2.realVector(m.b, -p) : Eigen2.realVector(p, m.c)
            return Eigen2(values: [lambda, lambda], vectors: [v, v], kind: .defective)
        }
        // Δ < 0: λ = m ± iω. Here bc < −p² ≤ 0, so b and c are both non-zero.
        let omega = (-delta).squareRoot()
        let v: [Complex<Double>]
        if abs(m.b) >= abs(m.c) {
            v = Eigen2.normalizedVector([Complex(m.b, 0), Complex(-p, omega)])  // ⟂ row (p − iω, b)
        } else {
            v = Eigen2.normalizedVector([Complex(p, omega), Complex(m.c, 0)])  // ⟂ row (c, −p − iω)
        }
        let conjugate = v.map(\.conjugate)
        return Eigen2(values: [Complex(unscale(mean), unscale(omega)), Complex(unscale(mean), -unscale(omega))],
                      vectors: [v, conjugate], kind: .complexPair)
    }

    /// `eigen.eigenBasis`: `A = P · diag(D) · P⁻¹` when `A` is diagonalizable over the reals.
    public var eigenBasis: (P: Matrix2, D: (Double, Double), Pinv: Matrix2)? { eigen.eigenBasis }
}
