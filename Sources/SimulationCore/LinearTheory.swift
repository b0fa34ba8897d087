import Foundation

/// Conditioning as sensitivity (the notes' derivation): solve A x = b, perturb b by Δb on a
/// circle of radius ε‖b‖, and follow x + Δx = A⁻¹(b + Δb). Then
///
///     ‖Δx‖/‖x‖ ≤ κ(A) ‖Δb‖/‖b‖,   κ = σ₁/σ₂,
///
/// the worst Δb lies along u₂ (A's smallest left singular vector), moving x along v₂ by
/// ε‖b‖/σ₂, and the bound is reached when b lies along u₁ as well. The images x + Δx form an
/// ellipse with semi-axes ε‖b‖/σ₂ (along v₂) and ε‖b‖/σ₁.
public struct ConditioningSensitivity: Sendable, Equatable {
    public var x: Vec2
    public var b: Vec2
    /// ‖Δb‖/‖b‖.
    public var epsilon: Double
    /// b + Δb around the circle, and the matching x + Δx (same order).
    public var perturbedB: [Vec2]
    public var perturbedX: [Vec2]
    /// Where the amplification is largest.
    public var worstIndex: Int
    /// max over the circle of (‖Δx‖/‖x‖) / (‖Δb‖/‖b‖), as measured on the samples.
    public var amplification: Double
    /// ‖Δx‖/‖x‖ at the worst Δb.
    public var relativeChange: Double
    /// κ(A), the bound on the amplification for every b.
    public var conditionNumber: Double

    /// Nil when A is singular (no unique x) or x = 0.
    public init?(matrix a: Matrix2, x: Vec2, epsilon: Double, samples: Int = 360) {
        guard let inverse = a.inverse, x.norm > 0, epsilon > 0, epsilon.isFinite else { return nil }
        self.x = x
        b = a.apply(x)
        self.epsilon = epsilon
        let radius = epsilon * b.norm
        var perturbedB: [Vec2] = [], perturbedX: [Vec2] = []
        var worst = 0, largest = -Double.infinity
        for k in 0..<max(4, samples) {
            let deltaB = radius * Vec2.unit(angle: Double(k) / Double(max(4, samples)) * 2 * .pi)
            let deltaX = inverse.apply(deltaB)
            perturbedB.append(b + deltaB)
            perturbedX.append(x + deltaX)
            if deltaX.norm > largest { (worst, largest) = (k, deltaX.norm) }
        }
        self.perturbedB = perturbedB
        self.perturbedX = perturbedX
        worstIndex = worst
        relativeChange = largest / x.norm
        amplification = relativeChange / epsilon
        conditionNumber = a.svd.conditionNumber
    }

    /// The worst Δb and the Δx it causes.
    public var worstDeltaB: Vec2 { perturbedB[worstIndex] - b }
    public var worstDeltaX: Vec2 { perturbedX[worstIndex] - x }
}

/// Principal component analysis as the SVD of centred data: the rows of X are the points
/// minus their mean; X = U S Vᵀ, the principal axes are the rows of Vᵀ (v₁, v₂), and the
/// singular values s₁ ≥ s₂ give the spread along them (standard deviation sᵢ/√(n-1), variance
/// explained s₁²/(s₁² + s₂²)). Projecting onto v₁ loses exactly s₂² of squared distance.
///
/// Sign convention: each axis points into the half-plane x > 0 (or along +y when vertical),
/// as `Matrix.svd()` fixes its signs.
public struct PrincipalComponents: Sendable, Equatable {
    public var count: Int
    public var mean: Vec2
    /// s₁ ≥ s₂, the singular values of the centred data matrix.
    public var singularValues: (Double, Double)
    /// v₁, v₂: unit, orthogonal.
    public var axes: (Vec2, Vec2)

    public static func == (a: PrincipalComponents, b: PrincipalComponents) -> Bool {
        a.count == b.count && a.mean == b.mean && a.singularValues == b.singularValues && a.axes == b.axes
    }

    /// Nil for fewer than two points.
    public init?(_ points: [Vec2]) {
        guard points.count >= 2 else { return nil }
        count = points.count
        let sum = points.reduce(Vec2.zero, +)
        mean = sum / Double(points.count)
        // XᵀX, the 2x2 scatter matrix of the centred points.
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for p in points {
            let d = p - mean
            sxx += d.x * d.x
            sxy += d.x * d.y
            syy += d.y * d.y
        }
        let (low, high) = SmallLinearSystem.symmetricEigenvalues(Matrix2(sxx, sxy, sxy, syy))
        singularValues = (max(0, high).squareRoot(), max(0, low).squareRoot())
        // The eigenvector of the larger eigenvalue: (b, λ - a) or (λ - d, b), whichever is longer
        // (the other may vanish to rounding).
        let first = Vec2(sxy, high - sxx), second = Vec2(high - syy, sxy)
        var v1 = first.norm >= second.norm ? first : second
        if v1.norm == 0 { v1 = Vec2(1, 0) }  // all points equal, or a round cloud: any axis
        v1 = v1 / v1.norm
        if v1.x < 0 || (v1.x == 0 && v1.y < 0) { v1 = -1 * v1 }
        axes = (v1, Vec2(-v1.y, v1.x))
    }

    /// sᵢ / √(n - 1): the sample standard deviation along each axis.
    public var standardDeviations: (Double, Double) {
        let scale = Double(count - 1).squareRoot()
        return (singularValues.0 / scale, singularValues.1 / scale)
    }

    /// s₁² / (s₁² + s₂²) (NaN when every point is the same).
    public var explainedByFirst: Double {
        let (s1, s2) = singularValues
        return s1 * s1 / (s1 * s1 + s2 * s2)
    }

    /// The point's projection onto the first axis: mean + (v₁ · (p - mean)) v₁.
    public func projectOntoFirst(_ p: Vec2) -> Vec2 { mean + axes.0.dot(p - mean) * axes.0 }
}

/// A cloud of points for PCA: from "x,y" lines (a header line and a third column allowed,
/// '#' comments skipped), or from a flat list x1, y1, x2, y2, ...
public enum PointCloud {
    public static let maximumPoints = 5000

    public static func csv(_ text: String) throws -> [Vec2] {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var points: [Vec2] = []
        var sawContent = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.prefix(2).map { Double($0) }
            defer { sawContent = true }
            if !sawContent, numbers.contains(where: { $0 == nil }) { continue }  // a header such as "x,y"
            guard fields.count == 2 || fields.count == 3 else {
                throw DatasetError(line: index + 1, message: "expected x,y (or x,y,label), found \(fields.count) fields")
            }
            guard let x = numbers[0], let y = numbers[1], x.isFinite, y.isFinite, abs(x) <= 1e6, abs(y) <= 1e6 else {
                throw DatasetError(line: index + 1, message: "'\(fields[0]), \(fields[1])' is not two finite numbers within ±1e6")
            }
            points.append(Vec2(x, y))
            guard points.count <= maximumPoints else {
                throw DatasetError(line: index + 1, message: "more than \(maximumPoints) points")
            }
        }
        guard points.count >= 2 else { throw DatasetError(line: 1, message: "needs at least 2 points, found \(points.count)") }
        return points
    }

    /// x1, y1, x2, y2, ... as points; nil for an odd count.
    public static func pairs(_ values: [Double]) -> [Vec2]? {
        guard values.count % 2 == 0 else { return nil }
        return stride(from: 0, to: values.count, by: 2).map { Vec2(values[$0], values[$0 + 1]) }
    }
}

/// Two vectors as similarity and distance (the notes' inner product, cosine similarity,
/// Manhattan and Euclidean distance).
public struct VectorComparison: Sendable, Equatable {
    public var u: Vec2
    public var v: Vec2

    public init(_ u: Vec2, _ v: Vec2) {
        self.u = u
        self.v = v
    }

    /// u · v.
    public var innerProduct: Double { u.dot(v) }
    /// u·v / (‖u‖‖v‖), NaN when either is 0 (no direction to compare).
    public var cosine: Double {
        let lengths = u.norm * v.norm
        return lengths == 0 ? .nan : min(1, max(-1, innerProduct / lengths))
    }
    /// The angle between them in radians (NaN with a zero vector).
    public var angle: Double { acos(cosine) }
    /// ‖u - v‖₁ = |u₁ - v₁| + |u₂ - v₂|: the taxicab distance.
    public var manhattan: Double { VectorNorm.l1([u.x - v.x, u.y - v.y]) }
    /// ‖u - v‖₂.
    public var euclidean: Double { VectorNorm.l2([u.x - v.x, u.y - v.y]) }
    /// ‖u - v‖∞.
    public var chebyshev: Double { VectorNorm.lInfinity([u.x - v.x, u.y - v.y]) }
}
