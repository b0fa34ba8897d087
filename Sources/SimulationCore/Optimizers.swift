import Foundation

/// The optimizers, with PyTorch's update rules and defaults (torch.optim, weight decay 0 unless
/// AdamW), so a trajectory here matches PyTorch's number for number. g is the gradient at the
/// current point x; t counts steps from 1.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// x ← x - lr g
    case sgd
    /// b ← μ b + g (b₁ = g);  x ← x - lr b
    case momentum
    /// b ← μ b + g;  x ← x - lr (g + μ b)
    case nesterov
    /// s ← s + g²;  x ← x - lr g / (√s + ε), ε = 1e-10
    case adagrad
    /// v ← α v + (1-α) g²;  x ← x - lr g / (√v + ε), α = 0.99, ε = 1e-8
    /// (centered: ḡ ← α ḡ + (1-α) g, denominator √(v - ḡ²) + ε; with momentum μ:
    /// b ← μ b + g / denominator, x ← x - lr b)
    case rmsprop
    /// m ← β1 m + (1-β1) g;  v ← β2 v + (1-β2) g²;  x ← x - lr (m / (1-β1ᵗ)) / (√(v / (1-β2ᵗ)) + ε)
    case adam
    /// x ← x - lr λ x (decoupled weight decay, λ = 0.01), then the Adam step.
    case adamw

    /// PyTorch's default learning rate (SGD's is required there; 1e-3 as in recent releases).
    public var defaultLearningRate: Double {
        switch self {
        case .sgd, .momentum, .nesterov: return 1e-3
        case .adagrad, .rmsprop: return 1e-2
        case .adam, .adamw: return 1e-3
        }
    }

    public var title: String {
        switch self {
        case .sgd: return "SGD"
        case .momentum: return "Momentum"
        case .nesterov: return "Nesterov"
        case .adagrad: return "AdaGrad"
        case .rmsprop: return "RMSprop"
        case .adam: return "Adam"
        case .adamw: return "AdamW"
        }
    }
}

/// Hyper-parameters; anything not set takes PyTorch's default.
public struct OptimizerSettings: Codable, Sendable, Equatable {
    public var learningRate: Double
    /// SGD momentum μ (momentum and Nesterov: default 0.9 here, as the race needs it; RMSprop: 0).
    public var momentum: Double
    public var beta1 = 0.9
    public var beta2 = 0.999
    /// ε: 1e-8 for Adam/AdamW/RMSprop, 1e-10 for AdaGrad.
    public var epsilon: Double
    /// RMSprop's α.
    public var alpha = 0.99
    public var centered = false
    /// AdamW's decoupled weight decay λ.
    public var weightDecay = 0.01

    public init(for kind: OptimizerKind, learningRate: Double? = nil, momentum: Double? = nil) {
        self.learningRate = learningRate ?? kind.defaultLearningRate
        self.momentum = momentum ?? (kind == .momentum || kind == .nesterov ? 0.9 : 0)
        self.epsilon = kind == .adagrad ? 1e-10 : 1e-8
    }
}

/// One optimizer's state on a 2-D problem.
public struct OptimizerState: Codable, Sendable, Equatable {
    public let kind: OptimizerKind
    public var settings: OptimizerSettings
    public private(set) var position: Vec2
    public private(set) var step = 0
    /// Momentum buffer b, or Adam's first moment m.
    public private(set) var velocity = Vec2.zero
    /// AdaGrad's sum s, RMSprop's v, Adam's second moment v.
    public private(set) var squares = Vec2.zero
    /// Centered RMSprop's running mean ḡ.
    public private(set) var meanGradient = Vec2.zero
    /// The last step taken (x_new - x_old).
    public private(set) var lastStep = Vec2.zero

    public init(kind: OptimizerKind, settings: OptimizerSettings, start: Vec2) {
        self.kind = kind
        self.settings = settings
        self.position = start
    }

    /// The per-coordinate scale the adaptive methods divide by (1 for SGD and momentum).
    public var adaptiveScale: Vec2 {
        switch kind {
        case .sgd, .momentum, .nesterov: return Vec2(1, 1)
        case .adagrad: return Vec2(squares.x.squareRoot() + settings.epsilon, squares.y.squareRoot() + settings.epsilon)
        case .rmsprop: return Vec2(squares.x.squareRoot() + settings.epsilon, squares.y.squareRoot() + settings.epsilon)
        case .adam, .adamw:
            let correction = 1 - pow(settings.beta2, Double(max(step, 1)))
            return Vec2((squares.x / correction).squareRoot() + settings.epsilon,
                        (squares.y / correction).squareRoot() + settings.epsilon)
        }
    }

    /// One update with gradient `g` at the current position.
    public mutating func update(gradient g: Vec2) {
        step += 1
        let s = settings
        let lr = s.learningRate
        let old = position
        func sq(_ v: Vec2) -> Vec2 { Vec2(v.x * v.x, v.y * v.y) }
        func divide(_ u: Vec2, _ v: Vec2) -> Vec2 { Vec2(u.x / v.x, u.y / v.y) }
        switch kind {
        case .sgd:
            position -= lr * g
        case .momentum, .nesterov:
            velocity = step == 1 ? g : s.momentum * velocity + g
            let direction = kind == .nesterov ? g + s.momentum * velocity : velocity
            position -= lr * direction
        case .adagrad:
            squares += sq(g)
            let denominator = Vec2(squares.x.squareRoot() + s.epsilon, squares.y.squareRoot() + s.epsilon)
            position -= lr * divide(g, denominator)
        case .rmsprop:
            squares = s.alpha * squares + (1 - s.alpha) * sq(g)
            var average = squares
            if s.centered {
                meanGradient = s.alpha * meanGradient + (1 - s.alpha) * g
                average = squares - sq(meanGradient)
            }
            let denominator = Vec2(average.x.squareRoot() + s.epsilon, average.y.squareRoot() + s.epsilon)
            if s.momentum > 0 {
                velocity = s.momentum * velocity + divide(g, denominator)
                position -= lr * velocity
            } else {
                position -= lr * divide(g, denominator)
            }
        case .adam, .adamw:
            if kind == .adamw { position = (1 - lr * s.weightDecay) * position }
            velocity = s.beta1 * velocity + (1 - s.beta1) * g
            squares = s.beta2 * squares + (1 - s.beta2) * sq(g)
            let c1 = 1 - pow(s.beta1, Double(step)), c2 = 1 - pow(s.beta2, Double(step))
            let mHat = velocity / c1
            let denominator = Vec2((squares.x / c2).squareRoot() + s.epsilon, (squares.y / c2).squareRoot() + s.epsilon)
            position -= lr * divide(mHat, denominator)
        }
        lastStep = position - old
    }
}

/// The quadratic model's advice (Distill, "Why Momentum Really Works"): for Hessian eigenvalues
/// 0 < λ_min ≤ λ_max, gradient descent converges fastest with step 2/(λ_min + λ_max) at rate
/// (κ-1)/(κ+1); momentum with step (2/(√λ_max + √λ_min))² and μ = ((√κ-1)/(√κ+1))² at rate
/// (√κ-1)/(√κ+1).
public struct QuadraticAdvice: Sendable, Equatable {
    public var lambdaMin: Double
    public var lambdaMax: Double
    public var conditionNumber: Double { lambdaMax / lambdaMin }
    public var bestStep: Double { 2 / (lambdaMin + lambdaMax) }
    public var gradientDescentRate: Double { (conditionNumber - 1) / (conditionNumber + 1) }
    public var momentumStep: Double { let r = 2 / (lambdaMax.squareRoot() + lambdaMin.squareRoot()); return r * r }
    public var momentumCoefficient: Double {
        let k = conditionNumber.squareRoot()
        return ((k - 1) / (k + 1)) * ((k - 1) / (k + 1))
    }
    public var momentumRate: Double { let k = conditionNumber.squareRoot(); return (k - 1) / (k + 1) }

    /// Advice for a symmetric Hessian, or nil when it is not positive definite.
    public init?(hessian: Matrix2) {
        let values = hessian.eigen.values.map(\.real)
        guard hessian.eigen.kind != .complexPair, let low = values.min(), let high = values.max(), low > 0 else { return nil }
        lambdaMin = low
        lambdaMax = high
    }
}

/// What the Hessian says about a critical point (second-order conditions).
public enum CriticalPointKind: String, Sendable {
    case minimum, maximum, saddle, degenerate

    public static func classify(_ hessian: Matrix2) -> CriticalPointKind {
        let values = hessian.eigen.values.map(\.real)
        let scale = max(1e-300, values.map(abs).max() ?? 0)
        if values.allSatisfy({ $0 > 1e-9 * scale }) { return .minimum }
        if values.allSatisfy({ $0 < -1e-9 * scale }) { return .maximum }
        if values.contains(where: { $0 > 1e-9 * scale }) && values.contains(where: { $0 < -1e-9 * scale }) { return .saddle }
        return .degenerate
    }
}

/// Convergence rates per step of the error ‖x - x*‖ on a quadratic with Hessian eigenvalues
/// λᵢ: predicted from the iteration matrix, and observed from a run's losses.
public enum ConvergenceRate {
    /// Gradient descent with step α: max |1 - α λᵢ|. Heavy-ball momentum (PyTorch's SGD with
    /// momentum β is this iteration): the largest |eigenvalue| of [[1 + β - αλ, -β], [1, 0]].
    /// Nil for the adaptive methods and Nesterov (no fixed linear iteration).
    public static func predicted(_ kind: OptimizerKind, learningRate α: Double, momentum β: Double,
                                 eigenvalues: [Double]) -> Double? {
        switch kind {
        case .sgd:
            return eigenvalues.map { abs(1 - α * $0) }.max()
        case .momentum:
            return eigenvalues.map { lambda -> Double in
                let values = Matrix2(1 + β - α * lambda, -β, 1, 0).eigen.values
                return values.map(\.length).max() ?? .nan
            }.max()
        default:
            return nil
        }
    }

    /// (ℓ_t / ℓ_{t-k})^(1/(2k)) over the last k steps of losses ℓ = f - f*: the error's rate
    /// (a loss near a minimum is quadratic in the error). Nil without two positive losses.
    public static func observed(losses: [Double], window k: Int = 20) -> Double? {
        guard losses.count > 1 else { return nil }
        let span = min(k, losses.count - 1)
        let last = losses[losses.count - 1], earlier = losses[losses.count - 1 - span]
        guard last > 0, earlier > 0, last.isFinite, earlier.isFinite else { return nil }
        return Foundation.pow(last / earlier, 1 / (2 * Double(span)))
    }
}

/// Heavy-ball momentum on a quadratic (Polyak; Distill, "Why Momentum Really Works"), the
/// iteration PyTorch's SGD with momentum β and learning rate α runs:
/// x_{k+1} = x_k - α ∇f(x_k) + β (x_k - x_{k-1}). Along an eigenvector of the Hessian with
/// eigenvalue λ the error pair (x_k, x_{k-1}) is multiplied by [[1 + β - αλ, -β], [1, 0]]
/// (Distill's R = [[β, λ], [-αβ, 1 - αλ]] is the same map in (velocity, error) coordinates:
/// trace 1 + β - αλ, determinant β), so the error shrinks per step by the largest spectral
/// radius over the eigenvalues. Its eigenvalues solve t² - (1 + β - αλ) t + β = 0.
public enum HeavyBall {
    /// The spectral radius for one eigenvalue λ: √β when the roots are a complex pair (the
    /// ball oscillates, |t|² = det = β), else the larger |root|.
    public static func radius(alpha: Double, beta: Double, lambda: Double) -> Double {
        let b = 1 + beta - alpha * lambda
        let discriminant = b * b - 4 * beta
        if discriminant < 0 { return beta.squareRoot() }
        let r = discriminant.squareRoot()
        // The larger root in magnitude without cancellation; the other is β / that root.
        return abs(b) + r == 0 ? 0 : (abs(b) + r) / 2
    }

    /// The convergence rate: the largest radius over the Hessian's eigenvalues (NaN without any).
    public static func rate(alpha: Double, beta: Double, eigenvalues: [Double]) -> Double {
        eigenvalues.map { radius(alpha: alpha, beta: beta, lambda: $0) }.max() ?? .nan
    }

    /// A rate map over α ∈ [0, alphaMax] (columns, left to right) and β ∈ [0, 1] (rows, top
    /// row β = 1): `columns` x `rows` samples at cell centres, row-major from the top.
    public static func phaseMap(eigenvalues: [Double], alphaMax: Double, columns: Int, rows: Int) -> [Double] {
        guard columns > 0, rows > 0 else { return [] }
        var map = [Double](repeating: .nan, count: columns * rows)
        for row in 0..<rows {
            let beta = 1 - (Double(row) + 0.5) / Double(rows)
            for column in 0..<columns {
                let alpha = (Double(column) + 0.5) / Double(columns) * alphaMax
                map[row * columns + column] = rate(alpha: alpha, beta: beta, eigenvalues: eigenvalues)
            }
        }
        return map
    }

    /// The largest step that converges for some β < 1: αλ_max < 2(1 + β) < 4.
    public static func alphaLimit(eigenvalues: [Double]) -> Double { 4 / (eigenvalues.max() ?? .nan) }
}
