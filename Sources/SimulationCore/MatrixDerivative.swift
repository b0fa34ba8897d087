import Foundation

/// A scalar function of a matrix X, and its derivative df/dX: the matrix of ∂f/∂X_ij, the same
/// shape as X (the seeds' definition, and the shape PyTorch's `X.grad` has).
public enum MatrixFunction: String, Sendable, Codable, CaseIterable {
    /// f = aᵀXb; df/dX = a bᵀ.
    case bilinear
    /// f = tr(AX); df/dX = Aᵀ.
    case trace
    /// f = ‖X‖F² = Σ X_ij²; df/dX = 2X.
    case frobenius
    /// A linear layer's loss L = ½‖Xx + b − y‖² (X the weights W); dL/dX = (Xx + b − y) xᵀ = δ xᵀ.
    case linearLayer = "linear"

    public var formula: String {
        switch self {
        case .bilinear: return "f = aᵀXb"
        case .trace: return "f = tr(AX)"
        case .frobenius: return "f = ‖X‖F²"
        case .linearLayer: return "L = ½‖Wx + b − y‖²"
        }
    }

    /// The closed form of the derivative, as the pane writes it.
    public var derivativeFormula: String {
        switch self {
        case .bilinear: return "df/dX = a bᵀ"
        case .trace: return "df/dX = Aᵀ"
        case .frobenius: return "df/dX = 2X"
        case .linearLayer: return "dL/dW = (Wx + b − y) xᵀ = δ xᵀ"
        }
    }
}

/// One worked case: X (m x n) and the vectors and matrices f needs, the value, the closed-form
/// derivative and its central-difference estimate entry by entry.
///
/// Invariant: every f here is a polynomial of degree ≤ 2 in X, so a central difference has no
/// truncation error: analytic and numeric agree to rounding (~1e-11).
public struct MatrixDerivativeCase: Sendable, Codable, Equatable {
    public var function: MatrixFunction
    /// X (the weights W for the linear layer), m x n.
    public var x: Matrix
    /// a ∈ Rᵐ and b ∈ Rⁿ for aᵀXb.
    public var left: [Double]
    public var right: [Double]
    /// A, n x m, for tr(AX).
    public var a: Matrix
    /// The layer's input x ∈ Rⁿ, bias b ∈ Rᵐ and target y ∈ Rᵐ.
    public var input: [Double]
    public var bias: [Double]
    public var target: [Double]

    /// Numbers with one decimal in [-2, 2] (easy to follow by hand), drawn from `seed`.
    public init(function: MatrixFunction, rows m: Int = 2, columns n: Int = 3, seed: UInt64) {
        var random = SeededRandom(seed: seed ^ 0x0DF_D0A7)
        func draw(_ count: Int) -> [Double] { (0..<count).map { _ in (random.uniform(-2...2) * 10).rounded() / 10 } }
        self.function = function
        x = Matrix(rows: m, columns: n, elements: draw(m * n))
        left = draw(m)
        right = draw(n)
        a = Matrix(rows: n, columns: m, elements: draw(n * m))
        input = draw(n)
        bias = draw(m)
        target = draw(m)
    }

    /// f at X.
    public func value(_ x: Matrix) -> Double {
        switch function {
        case .bilinear:
            return zip(left, x * right).reduce(0) { $0 + $1.0 * $1.1 }
        case .trace:
            let product = a * x
            return (0..<product.rows).reduce(0) { $0 + product[$1, $1] }
        case .frobenius:
            return x.elements.reduce(0) { $0 + $1 * $1 }
        case .linearLayer:
            return residual(x).reduce(0) { $0 + 0.5 * $1 * $1 }
        }
    }

    public var value: Double { value(x) }

    /// Xx + b − y: the linear layer's δ.
    public func residual(_ x: Matrix) -> [Double] {
        zip(zip(x * input, bias).map { $0 + $1 }, target).map { $0 - $1 }
    }

    /// The closed form: a bᵀ, Aᵀ, 2X or δ xᵀ.
    public var analytic: Matrix {
        switch function {
        case .bilinear: return Matrix.outer(left, right)
        case .trace: return a.transposed
        case .frobenius: return 2 * x
        case .linearLayer: return Matrix.outer(residual(x), input)
        }
    }

    /// ∂f/∂X_ij ≈ (f(X + h E_ij) − f(X − h E_ij)) / 2h for every entry.
    public func numeric(step h: Double = 1e-5) -> Matrix {
        var estimate = Matrix(rows: x.rows, columns: x.columns)
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                var plus = x, minus = x
                plus[i, j] += h
                minus[i, j] -= h
                estimate[i, j] = (value(plus) - value(minus)) / (2 * h)
            }
        }
        return estimate
    }

    /// max |analytic − numeric| / max(|analytic|, |numeric|, 1e-8) over the entries.
    public func maximumRelativeError(step h: Double = 1e-5) -> Double {
        zip(analytic.elements, numeric(step: h).elements).reduce(0) { worst, pair in
            max(worst, abs(pair.0 - pair.1) / max(abs(pair.0), abs(pair.1), 1e-8))
        }
    }
}

extension Matrix {
    /// u vᵀ: the matrix with entries u_i v_j.
    public static func outer(_ u: [Double], _ v: [Double]) -> Matrix {
        Matrix(rows: u.count, columns: v.count, elements: u.flatMap { ui in v.map { ui * $0 } })
    }
}
