#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point or direction in the plane.
///
/// Plain value arithmetic: `+`, `−`, scalar `·`, the dot product `u·v = uₓvₓ + u_yv_y`, the
/// Euclidean norm `‖v‖ = √(v·v)` and the angle `atan2(y, x) ∈ (−π, π]` from the positive x axis.
public struct Vec2: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public init(x: Double, y: Double) {
        self.init(x, y)
    }

    public static let zero = Vec2(0, 0)

    /// The unit vector at `angle` radians from the positive x axis: `(cos θ, sin θ)`.
    public static func unit(angle: Double) -> Vec2 {
        Vec2(cos(angle), sin(angle))
    }

    public static func + (u: Vec2, v: Vec2) -> Vec2 { Vec2(u.x + v.x, u.y + v.y) }
    public static func - (u: Vec2, v: Vec2) -> Vec2 { Vec2(u.x - v.x, u.y - v.y) }
    public static prefix func - (v: Vec2) -> Vec2 { Vec2(-v.x, -v.y) }
    public static func * (a: Double, v: Vec2) -> Vec2 { Vec2(a * v.x, a * v.y) }
    public static func * (v: Vec2, a: Double) -> Vec2 { a * v }
    public static func / (v: Vec2, a: Double) -> Vec2 { Vec2(v.x / a, v.y / a) }
    public static func += (u: inout Vec2, v: Vec2) { u = u + v }
    public static func -= (u: inout Vec2, v: Vec2) { u = u - v }

    /// `u·v = uₓvₓ + u_yv_y`.
    public func dot(_ other: Vec2) -> Double { x * other.x + y * other.y }

    /// `‖v‖ = √(x² + y²)`, computed without intermediate overflow.
    public var norm: Double { hypot(x, y) }

    /// `atan2(y, x)`: the angle from the positive x axis, in (−π, π].
    public var angle: Double { atan2(y, x) }

    public var description: String { "(\(x), \(y))" }
}
