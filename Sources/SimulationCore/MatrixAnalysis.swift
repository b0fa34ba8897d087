#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics

// Decompositions and norms of the small dense `Matrix` (any shape; the command line allows up to
// 8×8). Everything is deterministic: fixed sweep orders, stable sorts, documented sign rules.
// Routines that square entries first scale the matrix by a power of two (exact), so entries from
// ~1e-300 to ~1e300 neither overflow nor underflow in intermediate results.

// MARK: - Vector norms

/// The p-norms of a vector, `‖x‖_p = (Σ |xᵢ|^p)^(1/p)` for `p ≥ 1`, and `‖x‖_∞ = max |xᵢ|`.
///
/// Invariants: the result is ≥ 0; 0 for the empty and the zero vector; NaN if any entry is NaN,
/// otherwise `+∞` if any entry is infinite. The 2- and p-norms scale by a power of two before
/// raising to the power p, so they overflow only when the norm itself is out of range, and for
/// in-range vectors equal the naive formula's correctly rounded terms (e.g. `‖(3, −4, 1)‖₂` is
/// exactly the double nearest √26).
public enum VectorNorm {
    /// `‖x‖_p` for `p ≥ 1` (`p = .infinity` allowed); NaN for p < 1 or NaN p (not a norm).
    public static func p(_ x: [Double], _ p: Double) -> Double {
        guard p >= 1 else { return .nan }
        if p == 1 { return l1(x) }
        if p == 2 { return l2(x) }
        if p == .infinity { return lInfinity(x) }
        guard let scale = powerOfTwoScale(x) else { return specialNorm(x) }
        var sum = 0.0
        for value in x { sum += pow(abs(value) / scale, p) }
        return pow(sum, 1 / p) * scale
    }

    /// `‖x‖₁ = Σ |xᵢ|` (Manhattan length).
    public static func l1(_ x: [Double]) -> Double {
        var sum = 0.0
        for value in x { sum += abs(value) }
        return sum
    }

    /// `‖x‖₂ = √(Σ xᵢ²)` (Euclidean length).
    public static func l2(_ x: [Double]) -> Double {
        guard let scale = powerOfTwoScale(x) else { return specialNorm(x) }
        var sum = 0.0
        for value in x {
            let scaled = value / scale
            sum += scaled * scaled
        }
        return sum.squareRoot() * scale
    }

    /// `‖x‖_∞ = max |xᵢ|` (0 for the empty vector, NaN if any entry is NaN).
    public static func lInfinity(_ x: [Double]) -> Double {
        var largest = 0.0
        for value in x {
            if value.isNaN { return .nan }
            largest = Swift.max(largest, abs(value))
        }
        return largest
    }

    /// The power of two at or below `max |xᵢ|`, or nil when that is zero or not finite.
    static func powerOfTwoScale(_ x: [Double]) -> Double? {
        let largest = lInfinity(x)
        guard largest > 0, largest.isFinite else { return nil }
        return Double(sign: .plus, exponent: largest.exponent, significand: 1)
    }

    /// The norm of a vector that is zero or has a non-finite entry.
    static func specialNorm(_ x: [Double]) -> Double {
        if x.contains(where: \.isNaN) { return .nan }
        if x.contains(where: \.isInfinite) { return .infinity }
        return 0
    }
}

// MARK: - Singular value decomposition

/// The thin singular value decomposition `A = U · diag(singularValues) · Vt` of an `m × n` matrix.
///
/// Invariants, with `k = min(m, n)`:
/// - `U` is `m × k` with orthonormal columns (`UᵀU = I_k`), `Vt` is `k × n` with orthonormal
///   rows (`Vt Vtᵀ = I_k`); columns of `U` for zero singular values are completed to an
///   orthonormal set from the standard basis.
/// - `singularValues` has `k` entries, `σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0`.
/// - The singular values are kept as `2^scaleExponent · scaledSingularValues`, those of the
///   matrix scaled by a power of two to `max |Aᵢⱼ| ∈ [1, 2)`: finite for every finite matrix,
///   even when `σ₁` itself overflows (`[[1e308, 1e308], [1e308, 1e308]]` has `σ₁ = 2e308`).
///   Rank, condition number and pseudo-inverse are judged on the scaled values, so they are the
///   same for `A` and `2^k A` (rank 1 there, as for `[[1, 1], [1, 1]]`).
/// - Sign rule (for `Matrix.svd()`): in every row of `Vt` (right singular vector `vᵢ`), the entry of
///   largest magnitude is positive (the first such entry on an exact tie); `uᵢ` carries the
///   matching sign.
public struct SingularValueDecomposition: Sendable, Equatable {
    public var U: Matrix
    /// `σᵢ / 2^scaleExponent`, descending.
    public var scaledSingularValues: [Double]
    public var scaleExponent: Int
    public var Vt: Matrix

    /// `σ₁ ≥ … ≥ σ_k` (`+∞` only where the value itself is beyond the largest double).
    public var singularValues: [Double] { scaledSingularValues.map { Self.timesPowerOfTwo($0, scaleExponent) } }

    public init(U: Matrix, scaledSingularValues: [Double], scaleExponent: Int, Vt: Matrix) {
        precondition(U.columns == scaledSingularValues.count && Vt.rows == scaledSingularValues.count,
                     "U is \(U.rows)x\(U.columns), Vt is \(Vt.rows)x\(Vt.columns) for \(scaledSingularValues.count) singular values")
        self.U = U
        self.scaledSingularValues = scaledSingularValues
        self.scaleExponent = scaleExponent
        self.Vt = Vt
    }

    /// A decomposition from singular values as they are (scaled here when they are finite).
    public init(U: Matrix, singularValues: [Double], Vt: Matrix) {
        let largest = singularValues.first ?? 0
        let exponent = largest > 0 && largest.isFinite ? Int(largest.exponent) : 0
        self.init(U: U, scaledSingularValues: singularValues.map { Self.timesPowerOfTwo($0, -exponent) },
                  scaleExponent: exponent, Vt: Vt)
    }

    /// The closed-form 2×2 decomposition (`Matrix2.svd`, keeping its sign conventions), taken
    /// of the matrix scaled to `max |entry| ∈ [1, 2)` so no singular value overflows.
    public init(closedForm m: Matrix2) {
        guard m.isFinite, let (scaled, exponent) = m.normalized() else {
            self.init(m.svd)
            return
        }
        let svd = scaled.svd
        self.init(U: Matrix(svd.U), scaledSingularValues: [svd.sigma1, svd.sigma2], scaleExponent: exponent, Vt: Matrix(svd.Vt))
    }

    /// The closed-form 2×2 decomposition as general matrices (keeping `SVD2`'s sign conventions).
    public init(_ svd: SVD2) {
        self.init(U: Matrix(svd.U), singularValues: [svd.sigma1, svd.sigma2], Vt: Matrix(svd.Vt))
    }

    /// `m`, the number of rows of the decomposed matrix.
    public var rows: Int { U.rows }
    /// `n`, the number of columns of the decomposed matrix.
    public var columns: Int { Vt.columns }

    /// `max(m, n) · ε · σ₁`: numpy.linalg.matrix_rank's default threshold.
    public var defaultRankTolerance: Double {
        Self.timesPowerOfTwo(scaledRankTolerance, scaleExponent)
    }

    /// `defaultRankTolerance` for the scaled singular values.
    var scaledRankTolerance: Double {
        Double(Swift.max(rows, columns)) * Double.ulpOfOne * (scaledSingularValues.first ?? 0)
    }

    /// The number of singular values strictly above `tolerance` (default
    /// `defaultRankTolerance`, as numpy.linalg.matrix_rank, judged on the scaled values).
    public func rank(tolerance: Double? = nil) -> Int {
        guard let tolerance else { return scaledSingularValues.filter { $0 > scaledRankTolerance }.count }
        return singularValues.filter { $0 > tolerance }.count
    }

    /// `σ₁ / σ_k` (2-norm condition number, as numpy.linalg.cond): `+∞` when the matrix is
    /// rank-deficient (`rank() < k`), NaN for the zero matrix and for empty shapes.
    public var conditionNumber: Double {
        guard let largest = scaledSingularValues.first, let smallest = scaledSingularValues.last, largest > 0 else { return .nan }
        if rank() < scaledSingularValues.count { return .infinity }
        return largest / smallest
    }

    /// The Moore–Penrose pseudo-inverse `A⁺ = V · diag(1/σᵢ) · Uᵀ` (`n × m`), where singular values
    /// `σᵢ ≤ rcond · σ₁` count as zero (numpy.linalg.pinv's rule and default `rcond`). Computed
    /// from the scaled values, then scaled back, so it is right even when `σ₁` overflows.
    public func pseudoInverse(rcond: Double = 1e-15) -> Matrix {
        let cutoff = rcond * (scaledSingularValues.first ?? 0)
        var result = Matrix(rows: columns, columns: rows)
        for (i, sigma) in scaledSingularValues.enumerated() where sigma > cutoff {
            let inverse = 1 / sigma
            for r in 0..<columns {
                let v = Vt[i, r] * inverse
                if v == 0 { continue }
                for c in 0..<rows { result[r, c] += v * U[c, i] }
            }
        }
        return Matrix(rows: result.rows, columns: result.columns,
                      elements: result.elements.map { Self.timesPowerOfTwo($0, -scaleExponent) })
    }

    static func timesPowerOfTwo(_ x: Double, _ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: x)
    }

    /// `U · diag(σ) · Vt`, which reproduces the decomposed matrix to rounding.
    public var recomposed: Matrix {
        var scaledU = U
        for r in 0..<U.rows {
            for c in 0..<U.columns { scaledU[r, c] *= singularValues[c] }
        }
        return scaledU * Vt
    }
}

/// The eigenvalues and eigenvectors of a real square matrix, `A vᵢ = λᵢ vᵢ`.
///
/// Conventions (matching numpy.linalg.eig up to ordering and the phase of each vector):
/// - Order: descending real part; among equal real parts, larger `|imaginary|` first. Each
///   eigenvalue with positive imaginary part is immediately followed by its conjugate.
///   Real eigenvalues have imaginary part exactly 0.
/// - `vectors[i]` is a column vector for `values[i]` with unit 2-norm, multiplied by a unit
///   complex number so that its component of largest modulus is real and positive (the first
///   on an exact tie; when moduli tie, rounding may leave another larger by an ulp). Real
///   eigenvalues have real vectors; a conjugate pair has conjugate vectors.
/// - A repeated eigenvalue with a multi-dimensional eigenspace gets independent vectors from
///   that space; a defective one (fewer independent eigenvectors than its multiplicity) repeats
///   a vector, as numpy's nearly parallel columns do.
/// - 2×2 matrices use the closed form `Matrix2.eigen` (same conventions).
public struct EigenDecomposition: Sendable, Equatable {
    public var values: [Complex<Double>]
    public var vectors: [[Complex<Double>]]

    public init(values: [Complex<Double>], vectors: [[Complex<Double>]]) {
        self.values = values
        self.vectors = vectors
    }

    public init(_ eigen: Eigen2) {
        self.init(values: eigen.values, vectors: eigen.vectors)
    }
}

extension Matrix {
    /// `max |Aᵢⱼ|` (0 for an empty matrix).
    public var maxMagnitude: Double { elements.reduce(0) { Swift.max($0, abs($1)) } }

    /// `2^exponent · A`, exact unless entries leave the normal range.
    func scaled(by exponent: Int) -> Matrix {
        Matrix(rows: rows, columns: columns,
               elements: elements.map { Double(sign: .plus, exponent: exponent, significand: $0) })
    }

    /// The exponent `k` with `max |2^−k Aᵢⱼ| ∈ [1, 2)`, or nil for a zero or non-finite matrix.
    var normalizingExponent: Int? {
        let size = maxMagnitude
        guard size > 0, size.isFinite else { return nil }
        return Int(size.exponent)
    }

    // MARK: Norms

    /// `‖A‖_F = √(Σ Aᵢⱼ²)`.
    public var frobeniusNorm: Double { VectorNorm.l2(elements) }

    /// `‖A‖₁ = max over columns of Σᵢ |Aᵢⱼ|`.
    public var oneNorm: Double {
        (0..<columns).map { j in (0..<rows).reduce(0) { $0 + abs(self[$1, j]) } }.max() ?? 0
    }

    /// `‖A‖_∞ = max over rows of Σⱼ |Aᵢⱼ|`.
    public var infinityNorm: Double {
        (0..<rows).map { i in VectorNorm.l1(row(i)) }.max() ?? 0
    }

    /// `‖A‖₂ = σ₁`.
    public var spectralNorm: Double { svd().singularValues.first ?? 0 }

    // MARK: SVD and what follows from it

    /// The thin SVD by one-sided Jacobi (Hestenes): plane rotations applied to pairs of columns,
    /// in cyclic order, until the cosine between every pair is at most `m·ε`;
    /// column lengths are then the singular values. Wide matrices are decomposed through `Aᵀ`.
    /// Singular values come out with small relative error for well-scaled matrices. See
    /// `SingularValueDecomposition` for the shape and sign conventions. A matrix with a NaN or
    /// infinite entry gives NaN everywhere.
    public func svd() -> SingularValueDecomposition {
        let k = Swift.min(rows, columns)
        guard elements.allSatisfy(\.isFinite) else {
            return SingularValueDecomposition(U: Matrix(rows: rows, columns: k, repeating: .nan),
                                              singularValues: Array(repeating: .nan, count: k),
                                              Vt: Matrix(rows: k, columns: columns, repeating: .nan))
        }
        let exponent = normalizingExponent ?? 0
        let work = scaled(by: -exponent)
        var uColumns: [[Double]], sigma: [Double], vColumns: [[Double]]
        if rows >= columns {
            (uColumns, sigma, vColumns) = Self.oneSidedJacobi(work)
        } else {
            // Aᵀ = U'ΣV'ᵀ  ⇒  A = V'ΣU'ᵀ.
            (vColumns, sigma, uColumns) = Self.oneSidedJacobi(work.transposed)
        }
        // Sign rule: the largest-magnitude entry of every right singular vector is positive.
        for i in 0..<k {
            var largest = 0
            for r in vColumns[i].indices where abs(vColumns[i][r]) > abs(vColumns[i][largest]) { largest = r }
            if vColumns[i][largest] < 0 {
                vColumns[i] = vColumns[i].map { -$0 }
                uColumns[i] = uColumns[i].map { -$0 }
            }
        }
        var u = Matrix(rows: rows, columns: k)
        var vt = Matrix(rows: k, columns: columns)
        for i in 0..<k {
            for r in 0..<rows { u[r, i] = uColumns[i][r] }
            for c in 0..<columns { vt[i, c] = vColumns[i][c] }
        }
        return SingularValueDecomposition(U: u, scaledSingularValues: sigma, scaleExponent: exponent, Vt: vt)
    }

    /// One-sided Jacobi for `m × n` with `m ≥ n`: returns the `n` columns of `U` (length `m`), the
    /// singular values descending, and the `n` columns of `V` (length `n`).
    static func oneSidedJacobi(_ a: Matrix) -> (u: [[Double]], sigma: [Double], v: [[Double]]) {
        let m = a.rows, n = a.columns
        var work = (0..<n).map { j in (0..<m).map { a[$0, j] } }
        var v = (0..<n).map { j in (0..<n).map { $0 == j ? 1.0 : 0.0 } }
        let tolerance = Double(Swift.max(m, 2)) * Double.ulpOfOne
        func dot(_ x: [Double], _ y: [Double]) -> Double {
            var sum = 0.0
            for i in x.indices { sum += x[i] * y[i] }
            return sum
        }
        func rotate(_ vectors: inout [[Double]], _ first: Int, _ second: Int, cosine: Double, sine: Double) {
            var x = vectors[first], y = vectors[second]
            for i in x.indices {
                let (p, q) = (x[i], y[i])
                x[i] = cosine * p - sine * q
                y[i] = sine * p + cosine * q
            }
            vectors[first] = x
            vectors[second] = y
        }
        var sweep = 0
        var rotated = n > 1
        while rotated && sweep < 100 {
            rotated = false
            sweep += 1
            for i in 0..<(n - 1) {
                for j in (i + 1)..<n {
                    // Lengths and the cosine between the columns, computed without squaring the
                    // entries so that tiny columns (noise of a rank-deficient matrix) are still
                    // made orthogonal instead of underflowing to "already orthogonal".
                    let lengthI = VectorNorm.l2(work[i]), lengthJ = VectorNorm.l2(work[j])
                    guard lengthI > 0, lengthJ > 0 else { continue }
                    var cosine = 0.0
                    for r in 0..<m { cosine += (work[i][r] / lengthI) * (work[j][r] / lengthJ) }
                    guard abs(cosine) > tolerance else { continue }
                    rotated = true
                    // Choose t = tan θ, the smaller root of t² + 2ζt − 1 = 0, with
                    // ζ = (β − α)/(2γ) = (‖aⱼ‖/‖aᵢ‖ − ‖aᵢ‖/‖aⱼ‖) / (2 cos).
                    let zeta = (lengthJ / lengthI - lengthI / lengthJ) / (2 * cosine)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + hypot(1, zeta))
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    rotate(&work, i, j, cosine: c, sine: s)
                    rotate(&v, i, j, cosine: c, sine: s)
                }
            }
        }
        let lengths = work.map { VectorNorm.l2($0) }
        let order = lengths.indices.sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
        let sigma = order.map { lengths[$0] }
        let vSorted = order.map { v[$0] }
        // Columns for (numerically) zero singular values are completed afterwards.
        let negligible = Double.leastNormalMagnitude / Double.ulpOfOne
        var u: [[Double]?] = order.map { index in
            lengths[index] > negligible ? work[index].map { $0 / lengths[index] } : nil
        }
        for slot in u.indices where u[slot] == nil {
            let basis = u.compactMap { $0 }
            var best: [Double] = [], bestNorm = -1.0
            for r in 0..<m {
                var candidate = (0..<m).map { $0 == r ? 1.0 : 0.0 }
                for _ in 0..<2 {  // Gram–Schmidt twice for orthogonality to rounding
                    for q in basis {
                        let projection = dot(q, candidate)
                        for i in 0..<m { candidate[i] -= projection * q[i] }
                    }
                }
                let length = VectorNorm.l2(candidate)
                if length > bestNorm {
                    best = candidate
                    bestNorm = length
                }
            }
            u[slot] = best.map { $0 / bestNorm }
        }
        return (u.map { $0! }, sigma, vSorted)
    }

    /// The numerical rank: singular values above `tolerance` (default `max(m, n) · ε · σ₁`,
    /// as numpy.linalg.matrix_rank).
    public func rank(tolerance: Double? = nil) -> Int { svd().rank(tolerance: tolerance) }

    /// The Moore–Penrose pseudo-inverse (`n × m`), as numpy.linalg.pinv with `rcond = 1e-15`.
    public func pseudoInverse(rcond: Double = 1e-15) -> Matrix { svd().pseudoInverse(rcond: rcond) }

    /// `σ_max / σ_min` (2-norm): `+∞` when rank-deficient, NaN for a zero or empty matrix.
    public var conditionNumber: Double { svd().conditionNumber }

    // MARK: Square matrices

    /// `tr A = Σ Aᵢᵢ`. - Precondition: square.
    public var trace: Double {
        precondition(rows == columns, "trace needs a square matrix, got \(rows)x\(columns)")
        return (0..<rows).reduce(0) { $0 + self[$1, $1] }
    }

    /// `det A`: for 2×2 `ad − bc` (Kahan, exact for small integers), otherwise the signed product
    /// of the pivots of LU with partial pivoting, accumulated as significand and exponent so that
    /// it overflows only when the determinant itself does. 1 for the 0×0 matrix.
    /// - Precondition: square.
    public var determinant: Double {
        precondition(rows == columns, "determinant needs a square matrix, got \(rows)x\(columns)")
        if rows == 2, let m = Matrix2(self) { return m.determinant }
        // A = diag(2^kᵢ) B with every row of B at most 2 in magnitude: det A = 2^Σkᵢ det B, and
        // elimination on B cannot overflow (nor lose a row of tiny entries to underflow).
        let (work, rowExponents) = rowNormalized()
        let (factors, _, sign) = work.luFactors()
        var significand = sign, exponent = rowExponents.reduce(0, +)
        for i in 0..<rows {
            let pivot = factors[i * rows + i]
            if pivot == 0 { return 0 }
            significand *= pivot.significand * (pivot < 0 ? -1 : 1)
            exponent += Int(pivot.exponent)
            // Keep the running significand in [1, 2).
            let shift = Int(significand.exponent)
            significand = Double(sign: .plus, exponent: -shift, significand: significand)
            exponent += shift
        }
        return Double(sign: .plus, exponent: exponent, significand: significand)
    }

    /// `A⁻¹` by LU with partial pivoting on `A` with its rows scaled by powers of two to a
    /// largest entry in [1, 2), or nil when `A` is singular to working precision: some pivot
    /// `|uₖₖ| ≤ n · ε · max |Bᵢⱼ|` of that scaled matrix B, or the result is not finite. 2×2 matrices use the
    /// closed form, nil only when exactly singular (callers judge rank first: the lab's
    /// `Matrix2.inverse` is stricter, 1e-14, for what it draws).
    /// - Precondition: square.
    public func inverse() -> Matrix? {
        precondition(rows == columns, "inverse needs a square matrix, got \(rows)x\(columns)")
        let n = rows
        if n == 0 { return self }
        if n == 2, let m = Matrix2(self) { return m.inverse(singularAtOrBelow: 0).map(Matrix.init) }
        // A = diag(2^kᵢ) B  ⇒  A⁻¹ = B⁻¹ diag(2^−kⱼ): eliminate on B, whose rows are at most 2 in
        // magnitude, so no intermediate sum overflows; then scale column j of B⁻¹ by 2^−kⱼ.
        guard elements.allSatisfy(\.isFinite) else { return nil }
        let (work, rowExponents) = rowNormalized()
        let (factors, permutation, _) = work.luFactors()
        let threshold = Double(n) * Double.ulpOfOne * work.maxMagnitude
        for i in 0..<n where !(abs(factors[i * n + i]) > threshold) { return nil }
        var result = Matrix(rows: n, columns: n)
        for column in 0..<n {
            // Solve L y = P eⱼ, then U x = y.
            var x = permutation.map { $0 == column ? 1.0 : 0.0 }
            for i in 0..<n {
                for k in 0..<i { x[i] -= factors[i * n + k] * x[k] }
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                for k in (i + 1)..<n { x[i] -= factors[i * n + k] * x[k] }
                x[i] /= factors[i * n + i]
            }
            for i in 0..<n { result[i, column] = x[i] }
        }
        for i in 0..<n {
            for j in 0..<n { result[i, j] = Double(sign: .plus, exponent: -rowExponents[j], significand: result[i, j]) }
        }
        return result.elements.allSatisfy(\.isFinite) ? result : nil
    }

    /// `(B, k)` with `A = diag(2^k₀, 2^k₁, ...) · B` and every non-zero row of B having its
    /// largest entry in [1, 2) in magnitude (zero and non-finite rows are left as they are, kᵢ = 0).
    /// Exact: only exponents change.
    func rowNormalized() -> (Matrix, [Int]) {
        var work = self
        var exponents = Array(repeating: 0, count: rows)
        for i in 0..<rows {
            let largest = VectorNorm.lInfinity(row(i))
            guard largest > 0, largest.isFinite else { continue }
            exponents[i] = Int(largest.exponent)
            for j in 0..<columns { work[i, j] = Double(sign: .plus, exponent: -exponents[i], significand: self[i, j]) }
        }
        return (work, exponents)
    }

    /// `PA = LU` with partial pivoting: L (unit lower, below the diagonal) and U packed row-major
    /// in `factors`; `permutation[i]` is the original row now at row `i`; `sign = det P`.
    func luFactors() -> (factors: [Double], permutation: [Int], sign: Double) {
        let n = rows
        var lu = elements
        var permutation = Array(0..<n)
        var sign = 1.0
        for k in 0..<n {
            var pivotRow = k
            for i in (k + 1)..<n where abs(lu[i * n + k]) > abs(lu[pivotRow * n + k]) { pivotRow = i }
            if pivotRow != k {
                for j in 0..<n { lu.swapAt(k * n + j, pivotRow * n + j) }
                permutation.swapAt(k, pivotRow)
                sign = -sign
            }
            let pivot = lu[k * n + k]
            guard pivot != 0 else { continue }
            for i in (k + 1)..<n {
                let factor = lu[i * n + k] / pivot
                lu[i * n + k] = factor
                if factor == 0 { continue }
                for j in (k + 1)..<n { lu[i * n + j] -= factor * lu[k * n + j] }
            }
        }
        return (lu, permutation, sign)
    }

    // MARK: Eigenvalues and eigenvectors

    /// Eigenvalues and unit eigenvectors (see `EigenDecomposition` for order and phase).
    ///
    /// 1×1 and 2×2 are closed form. Larger matrices: balancing (exact power-of-two diagonal
    /// similarity), Householder reduction to upper Hessenberg form, then the Francis double-shift
    /// QR iteration with exceptional shifts for the eigenvalues; each eigenvector is the right
    /// singular vector of `A − λI` for its smallest singular value (for complex `λ`, through the
    /// real 2n×2n form of `A − λI`), which is what inverse iteration converges to.
    /// Eigenvalues equal to within `1e-12 · ‖A‖_F` count as one repeated eigenvalue: they get
    /// independent vectors from the null space of `A − λI` while it has that many dimensions
    /// (singular values `≤ 1e-8 · ‖A‖_F`, residual `≤ 1e-10 · ‖A‖_F`); beyond that (defective)
    /// each gets the best vector for itself, which repeats the direction.
    /// Returns nil if an entry is NaN or infinite, or if the QR iteration does not converge
    /// (100 iterations per eigenvalue; not observed in testing).
    /// - Precondition: square.
    public func eigen() -> EigenDecomposition? {
        precondition(rows == columns, "eigen needs a square matrix, got \(rows)x\(columns)")
        let n = rows
        guard elements.allSatisfy(\.isFinite) else { return nil }
        if n == 0 { return EigenDecomposition(values: [], vectors: []) }
        if n == 1 { return EigenDecomposition(values: [Complex(self[0, 0], 0)], vectors: [[Complex(1, 0)]]) }
        if n == 2, let m = Matrix2(self) { return EigenDecomposition(m.eigen) }
        guard let exponent = normalizingExponent else {
            // The zero matrix: eigenvalue 0, eigenvectors e₁…eₙ.
            return EigenDecomposition(values: Array(repeating: .zero, count: n),
                                      vectors: (0..<n).map { j in (0..<n).map { Complex($0 == j ? 1 : 0, 0) } })
        }
        let work = scaled(by: -exponent)
        guard let raw = Self.hessenbergQR(Self.hessenberg(Self.balanced(work))) else { return nil }
        // Complex eigenvalues come in exact conjugate pairs: order the upper ones, then put each
        // conjugate right after its partner.
        let values = raw.filter { $0.imaginary >= 0 }
            .sorted { x, y in x.real != y.real ? x.real > y.real : x.imaginary > y.imaginary }
            .flatMap { $0.imaginary > 0 ? [$0, $0.conjugate] : [$0] }
        guard values.count == n else { return nil }
        let size = work.frobeniusNorm
        // Eigenvalues this close (relative to ‖A‖) are treated as one repeated eigenvalue and share
        // the null space of A − λI; others each get their own vector.
        let clusterTolerance = 1e-12 * size
        var vectors: [[Complex<Double>]?] = Array(repeating: nil, count: n)
        for i in 0..<n where vectors[i] == nil {
            let lambda = values[i]
            if lambda.imaginary < 0 {
                // The conjugate partner comes right after its pair with positive imaginary part.
                if i > 0, values[i - 1] == lambda.conjugate, let partner = vectors[i - 1] {
                    vectors[i] = partner.map(\.conjugate)
                    continue
                }
            }
            let cluster = (i..<n).filter { j in
                vectors[j] == nil && (values[j].imaginary == 0) == (lambda.imaginary == 0)
                    && (values[j].imaginary >= 0) == (lambda.imaginary >= 0)
                    && (values[j] - lambda).length <= clusterTolerance
            }
            let basis = Self.nullVectors(work, lambda, count: cluster.count, tolerance: 1e-8 * size)
            for (position, j) in cluster.enumerated() {
                if position < basis.count && Self.residual(work, values[j], basis[position]) <= 1e-10 * size {
                    vectors[j] = basis[position]
                } else {
                    vectors[j] = Self.nullVectors(work, values[j], count: 1, tolerance: 0)[0]
                }
            }
        }
        let unscaled = values.map { Complex(Double(sign: .plus, exponent: exponent, significand: $0.real),
                                            Double(sign: .plus, exponent: exponent, significand: $0.imaginary)) }
        return EigenDecomposition(values: unscaled, vectors: vectors.map { Eigen2.normalizedVector($0!) })
    }

    /// Up to `count` independent unit vectors `x` with `(A − λI) x ≈ 0`: the right singular vectors
    /// of `A − λI` (real λ) or of its real form `[[A − re I, im I], [−im I, A − re I]]` acting on
    /// `(Re x, Im x)` (complex λ) whose singular values are at most `tolerance`, always including
    /// the one for the smallest singular value. Complex candidates are picked greedily by how much
    /// of them is independent of those already picked (pivoted Gram–Schmidt).
    static func nullVectors(_ a: Matrix, _ lambda: Complex<Double>, count: Int, tolerance: Double) -> [[Complex<Double>]] {
        let n = a.rows
        let isReal = lambda.imaginary == 0
        let size = isReal ? n : 2 * n
        var shifted = Matrix(rows: size, columns: size)
        for i in 0..<n {
            for j in 0..<n {
                shifted[i, j] = a[i, j] - (i == j ? lambda.real : 0)
                if !isReal { shifted[n + i, n + j] = shifted[i, j] }
            }
            if !isReal {
                shifted[i, n + i] = lambda.imaginary
                shifted[n + i, i] = -lambda.imaginary
            }
        }
        let decomposition = shifted.svd()
        let sigma = decomposition.singularValues
        // The `wanted` smallest singular values within tolerance (the smallest always), smallest
        // first; equal singular values (e.g. all zero for A = λI) keep their row order.
        let wanted = isReal ? count : 2 * count
        let rowsWithin = (0..<size).filter { sigma[$0] <= tolerance || $0 == size - 1 }
            .sorted { sigma[$0] < sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
            .prefix(wanted)
        var candidates: [[Complex<Double>]] = rowsWithin.map { r in
            (0..<n).map { i in Complex(decomposition.Vt[r, i], isReal ? 0 : decomposition.Vt[r, n + i]) }
        }
        func inner(_ x: [Complex<Double>], _ y: [Complex<Double>]) -> Complex<Double> {
            var sum = Complex<Double>.zero
            for i in x.indices { sum += x[i].conjugate * y[i] }
            return sum
        }
        func length(_ x: [Complex<Double>]) -> Double { VectorNorm.l2(x.flatMap { [$0.real, $0.imaginary] }) }
        var picked: [[Complex<Double>]] = []
        while picked.count < count, !candidates.isEmpty {
            var bestIndex = 0, bestLength = -1.0
            for (index, candidate) in candidates.enumerated() {
                var remainder = candidate
                for _ in 0..<2 {
                    for q in picked {
                        let projection = inner(q, remainder)
                        for i in remainder.indices { remainder[i] -= projection * q[i] }
                    }
                }
                candidates[index] = remainder
                let l = length(remainder)
                if l > bestLength {
                    bestIndex = index
                    bestLength = l
                }
            }
            // The first pick is the singular vector of the smallest singular value; later ones
            // must be clearly independent of those picked.
            if picked.isEmpty {
                bestIndex = 0
                bestLength = length(candidates[0])
            }
            guard picked.isEmpty || bestLength > 0.5 else { break }
            let chosen = candidates.remove(at: bestIndex)
            picked.append(chosen.map { Complex($0.real / bestLength, $0.imaginary / bestLength) })
        }
        return picked
    }

    /// `max |((A − λI) x)ᵢ|`.
    static func residual(_ a: Matrix, _ lambda: Complex<Double>, _ x: [Complex<Double>]) -> Double {
        var worst = 0.0
        for i in 0..<a.rows {
            var sum = -lambda * x[i]
            for j in 0..<a.columns { sum += Complex(a[i, j], 0) * x[j] }
            worst = Swift.max(worst, sum.length)
        }
        return worst
    }

    /// `D⁻¹AD` with `D` a diagonal of powers of two chosen so that each row and column have
    /// similar 1-norms (Parlett–Reinsch balancing, as LAPACK's gebal "scale"): same eigenvalues,
    /// better conditioned for the QR iteration. Exact: only exponents change.
    static func balanced(_ a: Matrix) -> Matrix {
        let n = a.rows
        var m = a
        var done = false
        var passes = 0
        while !done && passes < 100 {
            done = true
            passes += 1
            for i in 0..<n {
                var c = 0.0, r = 0.0
                for j in 0..<n where j != i {
                    c += abs(m[j, i])
                    r += abs(m[i, j])
                }
                guard c > 0, r > 0 else { continue }
                var g = r / 2, f = 1.0
                let s = c + r
                while c < g {
                    f *= 2
                    c *= 4
                }
                g = r * 2
                while c > g {
                    f /= 2
                    c /= 4
                }
                if (c + r) / f < 0.95 * s {
                    done = false
                    for j in 0..<n { m[i, j] /= f }
                    for j in 0..<n { m[j, i] *= f }
                }
            }
        }
        return m
    }

    /// An orthogonally similar upper Hessenberg matrix (zero below the first subdiagonal), by
    /// Householder reflections `H = I − 2vvᵀ/vᵀv` applied on both sides.
    static func hessenberg(_ a: Matrix) -> Matrix {
        let n = a.rows
        var m = a
        guard n > 2 else { return m }
        for k in 0..<(n - 2) {
            let scale = ((k + 1)..<n).reduce(0.0) { $0 + abs(m[$1, k]) }
            if scale == 0 { continue }
            var v = [Double](repeating: 0, count: n)
            for i in (k + 1)..<n { v[i] = m[i, k] / scale }
            let norm = VectorNorm.l2(Array(v[(k + 1)...]))
            let alpha = v[k + 1] >= 0 ? -norm : norm
            v[k + 1] -= alpha
            let vv = ((k + 1)..<n).reduce(0.0) { $0 + v[$1] * v[$1] }
            if vv == 0 { continue }
            for j in k..<n {  // rows k+1..n−1 from the left
                var f = 0.0
                for i in (k + 1)..<n { f += v[i] * m[i, j] }
                f *= 2 / vv
                for i in (k + 1)..<n { m[i, j] -= f * v[i] }
            }
            for i in 0..<n {  // columns k+1..n−1 from the right
                var f = 0.0
                for j in (k + 1)..<n { f += m[i, j] * v[j] }
                f *= 2 / vv
                for j in (k + 1)..<n { m[i, j] -= f * v[j] }
            }
            m[k + 1, k] = alpha * scale
            for i in (k + 2)..<n { m[i, k] = 0 }
        }
        return m
    }

    /// The eigenvalues of an upper Hessenberg matrix by the Francis double-shift QR iteration
    /// (the EISPACK hqr scheme, as in Numerical Recipes), deflating when a subdiagonal entry is
    /// negligible next to its diagonal neighbours; exceptional shifts every 10 iterations.
    /// Complex pairs come out as exact conjugates. Nil after 100 iterations without deflation.
    static func hessenbergQR(_ h: Matrix) -> [Complex<Double>]? {
        let n = h.rows
        // 1-based working copy, as in the classic formulation.
        var a = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n + 1)
        for i in 0..<n {
            for j in 0..<n { a[i + 1][j + 1] = h[i, j] }
        }
        var wr = [Double](repeating: 0, count: n + 1), wi = wr
        var anorm = 0.0
        for i in 1...n {
            for j in Swift.max(i - 1, 1)...n { anorm += abs(a[i][j]) }
        }
        func sign(_ magnitude: Double, _ of: Double) -> Double { of >= 0 ? abs(magnitude) : -abs(magnitude) }
        var nn = n
        var t = 0.0
        var p = 0.0, q = 0.0, r = 0.0, s = 0.0, w = 0.0, x = 0.0, y = 0.0, z = 0.0
        while nn >= 1 {
            var its = 0
            var l = 0
            repeat {
                l = nn
                while l >= 2 {
                    s = abs(a[l - 1][l - 1]) + abs(a[l][l])
                    if s == 0 { s = anorm }
                    if abs(a[l][l - 1]) + s == s {
                        a[l][l - 1] = 0
                        break
                    }
                    l -= 1
                }
                x = a[nn][nn]
                if l == nn {  // one root found
                    wr[nn] = x + t
                    wi[nn] = 0
                    nn -= 1
                } else {
                    y = a[nn - 1][nn - 1]
                    w = a[nn][nn - 1] * a[nn - 1][nn]
                    if l == nn - 1 {  // two roots found
                        p = 0.5 * (y - x)
                        q = p * p + w
                        z = abs(q).squareRoot()
                        x += t
                        if q >= 0 {  // a real pair
                            z = p + sign(z, p)
                            wr[nn - 1] = x + z
                            wr[nn] = x + z
                            if z != 0 { wr[nn] = x - w / z }
                            wi[nn - 1] = 0
                            wi[nn] = 0
                        } else {  // a complex pair
                            wr[nn - 1] = x + p
                            wr[nn] = x + p
                            wi[nn - 1] = -z
                            wi[nn] = z
                        }
                        nn -= 2
                    } else {  // no roots yet: a double-shift QR step
                        if its == 100 { return nil }
                        if its > 0 && its % 10 == 0 {  // exceptional shift
                            t += x
                            for i in 1...nn { a[i][i] -= x }
                            s = abs(a[nn][nn - 1]) + abs(a[nn - 1][nn - 2])
                            x = 0.75 * s
                            y = x
                            w = -0.4375 * s * s
                        }
                        its += 1
                        var m = nn - 2
                        while m >= l {
                            z = a[m][m]
                            r = x - z
                            s = y - z
                            p = (r * s - w) / a[m + 1][m] + a[m][m + 1]
                            q = a[m + 1][m + 1] - z - r - s
                            r = a[m + 2][m + 1]
                            s = abs(p) + abs(q) + abs(r)
                            p /= s
                            q /= s
                            r /= s
                            if m == l { break }
                            let u = abs(a[m][m - 1]) * (abs(q) + abs(r))
                            let v = abs(p) * (abs(a[m - 1][m - 1]) + abs(z) + abs(a[m + 1][m + 1]))
                            if u + v == v { break }
                            m -= 1
                        }
                        for i in (m + 2)...nn {
                            a[i][i - 2] = 0
                            if i != m + 2 { a[i][i - 3] = 0 }
                        }
                        for k in m...(nn - 1) {
                            if k != m {
                                p = a[k][k - 1]
                                q = a[k + 1][k - 1]
                                r = 0
                                if k != nn - 1 { r = a[k + 2][k - 1] }
                                x = abs(p) + abs(q) + abs(r)
                                if x != 0 {
                                    p /= x
                                    q /= x
                                    r /= x
                                }
                            }
                            s = sign((p * p + q * q + r * r).squareRoot(), p)
                            if s != 0 {
                                if k == m {
                                    if l != m { a[k][k - 1] = -a[k][k - 1] }
                                } else {
                                    a[k][k - 1] = -s * x
                                }
                                p += s
                                x = p / s
                                y = q / s
                                z = r / s
                                q /= p
                                r /= p
                                for j in k...nn {
                                    p = a[k][j] + q * a[k + 1][j]
                                    if k != nn - 1 {
                                        p += r * a[k + 2][j]
                                        a[k + 2][j] -= p * z
                                    }
                                    a[k + 1][j] -= p * y
                                    a[k][j] -= p * x
                                }
                                let mmin = nn < k + 3 ? nn : k + 3
                                for i in l...mmin {
                                    p = x * a[i][k] + y * a[i][k + 1]
                                    if k != nn - 1 {
                                        p += z * a[i][k + 2]
                                        a[i][k + 2] -= p * r
                                    }
                                    a[i][k + 1] -= p * q
                                    a[i][k] -= p
                                }
                            }
                        }
                    }
                }
            } while l < nn - 1
        }
        return (1...n).map { Complex(wr[$0], wi[$0]) }
    }
}
