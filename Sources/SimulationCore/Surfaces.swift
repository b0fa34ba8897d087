import Foundation

/// A number that carries exact first and second derivatives along two directions:
/// a + b ε1 + c ε2 + d ε1 ε2 with ε1² = ε2² = 0 (hyper-dual numbers, Fike & Alonso 2011).
/// Evaluating f at (x + ε1 u, y + ε2 w) gives f, ∂f/∂u in b, ∂f/∂w in c and ∂²f/∂u∂w in d,
/// exact to rounding (no step size, unlike finite differences).
public struct HyperDual: Sendable, Equatable {
    public var a, b, c, d: Double
    public init(_ a: Double, _ b: Double = 0, _ c: Double = 0, _ d: Double = 0) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    public static func + (x: HyperDual, y: HyperDual) -> HyperDual { HyperDual(x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d) }
    public static func - (x: HyperDual, y: HyperDual) -> HyperDual { HyperDual(x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d) }
    public static prefix func - (x: HyperDual) -> HyperDual { HyperDual(-x.a, -x.b, -x.c, -x.d) }
    public static func * (x: HyperDual, y: HyperDual) -> HyperDual {
        HyperDual(x.a * y.a, along(x.a, y.b) + along(y.a, x.b), along(x.a, y.c) + along(y.a, x.c),
                  along(x.a, y.d) + alongBoth(x.b, y.c) + alongBoth(x.c, y.b) + along(y.a, x.d))
    }
    public static func / (x: HyperDual, y: HyperDual) -> HyperDual { x * y.reciprocal }

    /// g(a) + g'(a)(b ε1 + c ε2) + (g'(a) d + g''(a) b c) ε1 ε2 for a scalar function g.
    public func applying(_ g: Double, _ g1: Double, _ g2: Double) -> HyperDual {
        HyperDual(g, HyperDual.along(g1, b), HyperDual.along(g1, c),
                  HyperDual.along(g1, d) + HyperDual.along(g2, HyperDual.alongBoth(b, c)))
    }

    /// k·t for a derivative part t, where an exactly zero part means "does not depend on this
    /// variable" and stays zero even when k is infinite or NaN (0·∞ would be NaN): d/dx (x + √0)
    /// = 1 and d/dy (√y + x) at y = 0 leaves ∂/∂x = 1, as PyTorch's autograd and forward-mode AD
    /// with symbolic zeros give. A zero k with an infinite t stays NaN (cos(√x) at 0 really has
    /// slope -1/2, which 0·∞ cannot know). For finite factors it is exactly k·t.
    @inline(__always) static func along(_ k: Double, _ t: Double) -> Double {
        t == 0 && !k.isFinite ? 0 : k * t
    }

    /// u·v for two derivative parts: zero when either is exactly zero.
    @inline(__always) static func alongBoth(_ u: Double, _ v: Double) -> Double {
        (u == 0 && !v.isFinite) || (v == 0 && !u.isFinite) ? 0 : u * v
    }

    public var reciprocal: HyperDual { applying(1 / a, -1 / (a * a), 2 / (a * a * a)) }
}

/// What a surface's formula needs from its number type: Double for speed, HyperDual for exact
/// derivatives, from one generic formula.
public protocol SurfaceScalar: Sendable {
    init(_ value: Double)
    static func + (x: Self, y: Self) -> Self
    static func - (x: Self, y: Self) -> Self
    static func * (x: Self, y: Self) -> Self
    static func / (x: Self, y: Self) -> Self
    static prefix func - (x: Self) -> Self
    func exponential() -> Self
    func cosine() -> Self
    func sine() -> Self
    func tangent() -> Self
    func logarithm() -> Self
    func squareRoot() -> Self
    func magnitude() -> Self
    func hyperbolicTangent() -> Self
    /// self^n by repeated multiplication (n may be negative).
    func integerPower(_ n: Int) -> Self
    /// self^p = exp(p log self) (NaN for a negative base).
    func power(_ p: Self) -> Self
    /// self^p for a constant p, as C's pow: defined for a negative base when p is whole.
    func power(constant p: Double) -> Self
}

/// base^n by repeated squaring (n may be negative: 1 / base^|n|).
func repeatedProduct<T: SurfaceScalar>(_ base: T, _ n: Int) -> T {
    var result = T(1), square = base, k = n.magnitude
    while k > 0 {
        if k & 1 == 1 { result = result * square }
        square = square * square
        k >>= 1
    }
    return n < 0 ? T(1) / result : result
}

extension SurfaceScalar {
    public func integerPower(_ n: Int) -> Self { repeatedProduct(self, n) }

    public func power(_ p: Self) -> Self { (p * logarithm()).exponential() }
}

extension Double: SurfaceScalar {
    public func exponential() -> Double { Foundation.exp(self) }
    public func cosine() -> Double { Foundation.cos(self) }
    public func sine() -> Double { Foundation.sin(self) }
    public func tangent() -> Double { Foundation.tan(self) }
    public func logarithm() -> Double { Foundation.log(self) }
    public func squareRoot() -> Double { Foundation.sqrt(self) }
    public func magnitude() -> Double { Swift.abs(self) }
    public func hyperbolicTangent() -> Double { Foundation.tanh(self) }
    public func power(_ p: Double) -> Double { Foundation.pow(self, p) }
    public func power(constant p: Double) -> Double { Foundation.pow(self, p) }
}

extension HyperDual: SurfaceScalar {
    public init(_ value: Double) { self.init(value, 0, 0, 0) }
    /// By repeated multiplication, except a negative power of 0, where the product's derivatives
    /// have already vanished (d(x·x) = 2x dx = 0) and only the closed form keeps them (∓∞).
    public func integerPower(_ n: Int) -> HyperDual {
        n < 0 && a == 0 ? power(constant: Double(n)) : repeatedProduct(self, n)
    }
    /// (a^p)' = p a^(p-1), (a^p)'' = p (p-1) a^(p-2); the factors that are exactly zero stay zero
    /// (x^1 at 0 has second derivative 0, not 0·∞).
    public func power(constant p: Double) -> HyperDual {
        let first = p == 0 ? 0 : p * Foundation.pow(a, p - 1)
        let second = p == 0 || p == 1 ? 0 : p * (p - 1) * Foundation.pow(a, p - 2)
        return applying(Foundation.pow(a, p), first, second)
    }
    public func exponential() -> HyperDual { let e = Foundation.exp(a); return applying(e, e, e) }
    public func cosine() -> HyperDual { applying(Foundation.cos(a), -Foundation.sin(a), -Foundation.cos(a)) }
    public func sine() -> HyperDual { applying(Foundation.sin(a), Foundation.cos(a), -Foundation.sin(a)) }
    public func tangent() -> HyperDual {
        let t = Foundation.tan(a), sec2 = 1 + t * t
        return applying(t, sec2, 2 * t * sec2)
    }
    public func logarithm() -> HyperDual { applying(Foundation.log(a), 1 / a, -1 / (a * a)) }
    public func squareRoot() -> HyperDual {
        let r = Foundation.sqrt(a)
        return applying(r, 0.5 / r, -0.25 / (r * a))
    }
    /// |x|: derivative sign(x) (0 at 0, the subgradient the optimizers then see).
    public func magnitude() -> HyperDual { applying(Swift.abs(a), a > 0 ? 1 : (a < 0 ? -1 : 0), 0) }
    public func hyperbolicTangent() -> HyperDual {
        let t = Foundation.tanh(a), d1 = 1 - t * t
        return applying(t, d1, -2 * t * d1)
    }
}

func square<T: SurfaceScalar>(_ v: T) -> T { v * v }

/// A loss surface f(x, y) with exact gradient and Hessian.
public struct Surface: Sendable {
    public var name: String
    /// The formula as text (for the screen and the README).
    public var formula: String
    public var minima: [Vec2]
    /// A view that shows the interesting part.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Where the racers start unless moved.
    public var start: Vec2
    let valueOf: @Sendable (Double, Double) -> Double
    let dualOf: @Sendable (HyperDual, HyperDual) -> HyperDual

    init(name: String, formula: String, minima: [Vec2], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
         start: Vec2, _ f: @escaping @Sendable (Double, Double) -> Double,
         _ dual: @escaping @Sendable (HyperDual, HyperDual) -> HyperDual) {
        self.name = name
        self.formula = formula
        self.minima = minima
        self.xRange = xRange
        self.yRange = yRange
        self.start = start
        self.valueOf = f
        self.dualOf = dual
    }

    /// A surface from any generic formula (the same code gives values and derivatives).
    static func make(_ name: String, _ formula: String, minima: [Vec2], x: ClosedRange<Double>, y: ClosedRange<Double>,
                     start: Vec2, _ f: @escaping @Sendable (Double, Double) -> Double,
                     _ g: @escaping @Sendable (HyperDual, HyperDual) -> HyperDual) -> Surface {
        Surface(name: name, formula: formula, minima: minima, xRange: x, yRange: y, start: start, f, g)
    }

    public func value(_ p: Vec2) -> Double { valueOf(p.x, p.y) }

    /// ∇f, exact.
    public func gradient(_ p: Vec2) -> Vec2 {
        let r = dualOf(HyperDual(p.x, 1, 0, 0), HyperDual(p.y, 0, 1, 0))
        return Vec2(r.b, r.c)
    }

    /// The Hessian [[f_xx, f_xy], [f_yx, f_yy]], exact.
    public func hessian(_ p: Vec2) -> Matrix2 {
        let xx = dualOf(HyperDual(p.x, 1, 1, 0), HyperDual(p.y)).d
        let yy = dualOf(HyperDual(p.x), HyperDual(p.y, 1, 1, 0)).d
        let xy = dualOf(HyperDual(p.x, 1, 0, 0), HyperDual(p.y, 0, 1, 0)).d
        return Matrix2(xx, xy, xy, yy)
    }

    /// The smallest value at a known minimum (0 when there is none, e.g. the saddle).
    public var minimumValue: Double { minima.map(value).min() ?? 0 }

    // MARK: Built-in surfaces

    /// ½ pᵀ R diag(1, κ) Rᵀ p with R a rotation by 30°: eigenvalues 1 and κ (Distill's 1 and 100).
    public static func quadratic(condition kappa: Double = 100) -> Surface {
        let angle = Double.pi / 6
        let (c, s) = (cos(angle), sin(angle))
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T {
            let u = T(c) * x + T(s) * y, v = T(-s) * x + T(c) * y
            return T(0.5) * (u * u + T(kappa) * v * v)
        }
        return make("quadratic", "½(u² + \(format(kappa)) v²), (u, v) = x, y rotated by 30°", minima: [Vec2(0, 0)],
                    x: -2.5...2.5, y: -2.5...2.5, start: Vec2(-2, 1.2), f, f)
    }

    public static let rosenbrock: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { square(T(1) - x) + T(100) * square(y - x * x) }
        return make("rosenbrock", "(1-x)² + 100(y-x²)²", minima: [Vec2(1, 1)], x: -2.5...2.5, y: -1.5...3.5,
                    start: Vec2(-2, 2), f, f)
    }()

    /// A gentler Rosenbrock valley (b = 10): the classic curved "banana".
    public static let banana: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { square(T(1) - x) + T(10) * square(y - x * x) }
        return make("banana", "(1-x)² + 10(y-x²)²", minima: [Vec2(1, 1)], x: -2.5...2.5, y: -1.5...3.5,
                    start: Vec2(-2, 2), f, f)
    }()

    public static let beale: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T {
            square(T(1.5) - x + x * y) + square(T(2.25) - x + x * y * y) + square(T(2.625) - x + x * y * y * y)
        }
        return make("beale", "(1.5-x+xy)² + (2.25-x+xy²)² + (2.625-x+xy³)²", minima: [Vec2(3, 0.5)],
                    x: -4.5...4.5, y: -4.5...4.5, start: Vec2(1, 1.5), f, f)
    }()

    public static let booth: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { square(x + T(2) * y - T(7)) + square(T(2) * x + y - T(5)) }
        return make("booth", "(x+2y-7)² + (2x+y-5)²", minima: [Vec2(1, 3)], x: -10...10, y: -10...10,
                    start: Vec2(-8, -6), f, f)
    }()

    public static let himmelblau: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { square(x * x + y - T(11)) + square(x + y * y - T(7)) }
        return make("himmelblau", "(x²+y-11)² + (x+y²-7)²",
                    minima: [Vec2(3, 2), Vec2(-2.805118086952745, 3.131312518250573),
                             Vec2(-3.779310253377747, -3.283185991286170), Vec2(3.584428340330492, -1.848126526964404)],
                    x: -5...5, y: -5...5, start: Vec2(0, -0.5), f, f)
    }()

    public static let rastrigin: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T {
            T(20) + x * x - T(10) * (T(2 * Double.pi) * x).cosine() + y * y - T(10) * (T(2 * Double.pi) * y).cosine()
        }
        return make("rastrigin", "20 + x² - 10cos 2πx + y² - 10cos 2πy", minima: [Vec2(0, 0)],
                    x: -5.12...5.12, y: -5.12...5.12, start: Vec2(3.2, 2.3), f, f)
    }()

    public static let matyas: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { T(0.26) * (x * x + y * y) - T(0.48) * x * y }
        return make("matyas", "0.26(x²+y²) - 0.48xy", minima: [Vec2(0, 0)], x: -10...10, y: -10...10,
                    start: Vec2(-8, 6), f, f)
    }()

    public static let goldsteinPrice: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T {
            let a = T(1) + square(x + y + T(1))
                * (T(19) - T(14) * x + T(3) * x * x - T(14) * y + T(6) * x * y + T(3) * y * y)
            let b = T(30) + square(T(2) * x - T(3) * y)
                * (T(18) - T(32) * x + T(12) * x * x + T(48) * y - T(36) * x * y + T(27) * y * y)
            return a * b
        }
        return make("goldstein-price", "Goldstein-Price (minimum 3 at (0, -1))", minima: [Vec2(0, -1)],
                    x: -2...2, y: -2...2, start: Vec2(-1.5, 1.5), f, f)
    }()

    /// x² - y²: a saddle at the origin, a minimum in x and a maximum in y; no minimum.
    public static let saddle: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { x * x - y * y }
        return make("saddle", "x² - y²", minima: [], x: -2...2, y: -2...2, start: Vec2(-1.8, 0.001), f, f)
    }()

    /// 1 - e^(-(x² + y²)): flat far from the origin, so gradients vanish there.
    public static let plateau: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { T(1) - (-(x * x + y * y)).exponential() }
        return make("plateau", "1 - exp(-(x² + y²))", minima: [Vec2(0, 0)], x: -3...3, y: -3...3,
                    start: Vec2(-2.2, 1.6), f, f)
    }()

    // Degenerate critical points at the origin, where the Hessian test says too little (the
    // second-order conditions view): the necessary conditions hold at all four.

    /// x³ + y²: H = diag(0, 2) is only semidefinite and f drops along -x: not a minimum.
    public static let cubic: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { x * x * x + y * y }
        return make("cubic", "x³ + y²", minima: [], x: -2...2, y: -2...2, start: Vec2(1.5, 1.2), f, f)
    }()

    /// x⁴ - y⁴: H = 0 at the origin; f drops along y: not a minimum.
    public static let quarticDifference: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { x * x * x * x - y * y * y * y }
        return make("quartic-difference", "x⁴ - y⁴", minima: [], x: -2...2, y: -2...2, start: Vec2(1.5, 0), f, f)
    }()

    /// The monkey saddle x³ - 3xy²: H = 0, three valleys for a monkey's legs and tail.
    public static let monkeySaddle: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { x * x * x - T(3) * x * y * y }
        return make("monkey-saddle", "x³ - 3xy²", minima: [], x: -2...2, y: -2...2, start: Vec2(1.5, 0), f, f)
    }()

    /// x⁴ + y²: H = diag(0, 2) only semidefinite, yet the origin is the minimum.
    public static let quartic: Surface = {
        @Sendable func f<T: SurfaceScalar>(_ x: T, _ y: T) -> T { x * x * x * x + y * y }
        return make("quartic", "x⁴ + y²", minima: [Vec2(0, 0)], x: -2...2, y: -2...2, start: Vec2(1.5, 1.2), f, f)
    }()

    /// A surface typed by the user, with exact derivatives from the expression tree. The view
    /// is [-3, 3]² and the start (-2, 2) unless given.
    public static func custom(_ text: String, xRange: ClosedRange<Double> = -3...3, yRange: ClosedRange<Double> = -3...3,
                              start: Vec2 = Vec2(-2, 2)) throws -> Surface {
        let expression = try Expression.parse(text)
        return Surface(name: "custom", formula: text, minima: [], xRange: xRange, yRange: yRange, start: start,
                       { expression.evaluate(x: $0, y: $1) }, { expression.evaluate(x: $0, y: $1) })
    }

    /// Every built-in surface, by its command-line name.
    public static func named(_ name: String, condition: Double = 100) -> Surface? {
        switch name.lowercased() {
        case "quadratic": return quadratic(condition: condition)
        case "rosenbrock": return rosenbrock
        case "banana": return banana
        case "beale": return beale
        case "booth": return booth
        case "himmelblau": return himmelblau
        case "rastrigin": return rastrigin
        case "matyas": return matyas
        case "goldstein-price", "goldsteinprice": return goldsteinPrice
        case "saddle": return saddle
        case "plateau": return plateau
        case "cubic": return cubic
        case "quartic-difference": return quarticDifference
        case "monkey-saddle": return monkeySaddle
        case "quartic": return quartic
        default: return nil
        }
    }

    public static let builtInNames = ["quadratic", "banana", "rosenbrock", "beale", "booth", "himmelblau", "rastrigin",
                                      "matyas", "goldstein-price", "saddle", "plateau", "cubic",
                                      "quartic-difference", "monkey-saddle", "quartic"]

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
