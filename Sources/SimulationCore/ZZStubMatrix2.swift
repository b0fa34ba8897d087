// TEMPORARY STUB (not committed): replaced by the real Matrix2 from wt-linalg.
import Foundation
import Numerics

public struct Matrix2: Sendable, Codable, Equatable, Hashable {
    public var a, b, c, d: Double
    public init(_ a: Double, _ b: Double, _ c: Double, _ d: Double) { self.a = a; self.b = b; self.c = c; self.d = d }
    public static let identity = Matrix2(1, 0, 0, 1)
    public static func rotation(_ t: Double) -> Matrix2 { Matrix2(cos(t), -sin(t), sin(t), cos(t)) }
    public func apply(_ v: Vec2) -> Vec2 { Vec2(a * v.x + b * v.y, c * v.x + d * v.y) }
    public static func * (m: Matrix2, n: Matrix2) -> Matrix2 {
        Matrix2(m.a * n.a + m.b * n.c, m.a * n.b + m.b * n.d, m.c * n.a + m.d * n.c, m.c * n.b + m.d * n.d)
    }
    public var determinant: Double { a * d - b * c }
    public var trace: Double { a + d }
    public var columns: (Vec2, Vec2) { (Vec2(a, c), Vec2(b, d)) }
    public var isSingular: Bool { abs(determinant) <= 1e-14 * max(abs(a), abs(b), abs(c), abs(d)) * max(abs(a), abs(b), abs(c), abs(d)) }
    public var inverse: Matrix2? { isSingular ? nil : Matrix2(d / determinant, -b / determinant, -c / determinant, a / determinant) }
    public var frobeniusNorm: Double { (a * a + b * b + c * c + d * d).squareRoot() }
    public var oneNorm: Double { max(abs(a) + abs(c), abs(b) + abs(d)) }
    public var infinityNorm: Double { max(abs(a) + abs(b), abs(c) + abs(d)) }
    public var spectralNorm: Double { svd.sigma1 }
    public static func interpolate(from m: Matrix2, to n: Matrix2, t: Double) -> Matrix2 {
        Matrix2(m.a + t * (n.a - m.a), m.b + t * (n.b - m.b), m.c + t * (n.c - m.c), m.d + t * (n.d - m.d))
    }
    public var svd: SVD2 {
        let e = (a + d) / 2, f = (a - d) / 2, g = (c + b) / 2, h = (c - b) / 2
        let q = hypot(e, h), r = hypot(f, g)
        let s1 = q + r, s2 = abs(q - r)
        let a1 = atan2(g, f), a2 = atan2(h, e)
        let theta = (a2 - a1) / 2, phi = (a2 + a1) / 2
        let sign: Double = q - r < 0 ? -1 : 1
        let u = Matrix2.rotation(phi)
        let vt = Matrix2(1, 0, 0, sign) * Matrix2.rotation(theta)
        return SVD2(U: u * Matrix2(1, 0, 0, 1), sigma1: s1, sigma2: s2, Vt: vt)
    }
    public var eigen: Eigen2 {
        let tr = trace, det = determinant, disc = tr * tr / 4 - det
        if disc < 0 {
            let re = tr / 2, im = (-disc).squareRoot()
            return Eigen2(values: [Complex(re, im), Complex(re, -im)], vectors: [], kind: .complexPair, realDirections: [],
                          rotationAngle: atan2(im, re), modulus: hypot(re, im))
        }
        let l1 = tr / 2 + disc.squareRoot(), l2 = tr / 2 - disc.squareRoot()
        func dir(_ l: Double) -> Vec2? {
            let v1 = Vec2(b, l - a), v2 = Vec2(l - d, c)
            let v = v1.norm >= v2.norm ? v1 : v2
            return v.norm > 1e-12 ? v / v.norm : nil
        }
        if disc == 0 && b == 0 && c == 0 {
            return Eigen2(values: [Complex(l1, 0), Complex(l2, 0)], vectors: [], kind: .repeatedDiagonalizable,
                          realDirections: [Vec2(1, 0), Vec2(0, 1)], rotationAngle: nil, modulus: nil)
        }
        if disc == 0 {
            return Eigen2(values: [Complex(l1, 0), Complex(l2, 0)], vectors: [], kind: .defective,
                          realDirections: [dir(l1) ?? Vec2(1, 0)], rotationAngle: nil, modulus: nil)
        }
        return Eigen2(values: [Complex(l1, 0), Complex(l2, 0)], vectors: [], kind: .realDistinct,
                      realDirections: [dir(l1) ?? Vec2(1, 0), dir(l2) ?? Vec2(0, 1)], rotationAngle: nil, modulus: nil)
    }
    public var eigenBasis: (P: Matrix2, D: (Double, Double), Pinv: Matrix2)? {
        let e = eigen
        switch e.kind {
        case .realDistinct:
            let p = Matrix2(e.realDirections[0].x, e.realDirections[1].x, e.realDirections[0].y, e.realDirections[1].y)
            guard let pinv = p.inverse else { return nil }
            return (p, (e.values[0].real, e.values[1].real), pinv)
        case .repeatedDiagonalizable: return (.identity, (e.values[0].real, e.values[1].real), .identity)
        default: return nil
        }
    }
}
public struct SVD2: Sendable, Equatable {
    public var U: Matrix2, sigma1: Double, sigma2: Double, Vt: Matrix2
    public var conditionNumber: Double { sigma2 <= 1e-15 * sigma1 ? .infinity : sigma1 / sigma2 }
}
public struct Eigen2: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case realDistinct, repeatedDiagonalizable, defective, complexPair }
    public var values: [Complex<Double>]
    public var vectors: [[Complex<Double>]]
    public var kind: Kind
    public var realDirections: [Vec2]
    public var rotationAngle: Double?
    public var modulus: Double?
}
public enum VectorNorm {
    public static func p(_ x: [Double], _ p: Double) -> Double { pow(x.map { pow(abs($0), p) }.reduce(0, +), 1 / p) }
    public static func l1(_ x: [Double]) -> Double { x.map(abs).reduce(0, +) }
    public static func l2(_ x: [Double]) -> Double { x.map { $0 * $0 }.reduce(0, +).squareRoot() }
    public static func lInfinity(_ x: [Double]) -> Double { x.map(abs).max() ?? 0 }
}
