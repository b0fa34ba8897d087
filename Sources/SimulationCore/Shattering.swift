import Foundation

/// Which labellings of a few points a linear classifier in the plane can realise (VC
/// dimension), and the empirical Rademacher complexity that follows from them.
///
/// A labelling is realisable by some w·x + b iff the convex hulls of its two classes do not
/// meet (exact test: no hull edge of one crosses or touches a hull edge of the other, and no
/// point of one lies inside the other's hull). Three points in general position are
/// shattered (all 8 labellings realisable); four never are (VC dimension 3).
public struct Shattering: Sendable, Codable, Equatable {
    public var points: [Vec2]
    /// For labelling bits k (bit i = class of point i), whether a line realises it.
    public var realisable: [Bool]

    public init(points: [Vec2]) {
        self.points = points
        let n = points.count
        realisable = (0..<(1 << n)).map { bits in
            let a = points.indices.filter { bits & (1 << $0) != 0 }.map { points[$0] }
            let b = points.indices.filter { bits & (1 << $0) == 0 }.map { points[$0] }
            return Shattering.separable(a, b)
        }
    }

    public var labellingCount: Int { realisable.count }
    public var realisableCount: Int { realisable.filter { $0 }.count }
    public var isShattered: Bool { realisable.allSatisfy { $0 } }

    /// The label (0/1) of point i in labelling k.
    public static func label(_ i: Int, in labelling: Int) -> Int { (labelling >> i) & 1 }

    /// R̂ = E_σ [ sup_h (1/n) Σ σ_i h(x_i) ] over σ uniform in {±1}ⁿ, h the realisable
    /// labellings (as ±1): exact, by enumeration. 1 when shattered.
    public var empiricalRademacher: Double {
        let n = points.count
        guard n > 0 else { return 0 }
        let hypotheses = realisable.indices.filter { realisable[$0] }
        var total = 0.0
        for sigma in 0..<(1 << n) {
            var best = -Double(n)
            for h in hypotheses {
                var agreement = 0
                for i in 0..<n { agreement += ((sigma >> i) & 1) == ((h >> i) & 1) ? 1 : -1 }
                best = max(best, Double(agreement))
            }
            total += best / Double(n)
        }
        return total / Double(1 << n)
    }

    /// Named point sets for the lab.
    public static let presets: [(name: String, points: [Vec2])] = [
        ("3 points in general position", [Vec2(-3, -2), Vec2(3, -2), Vec2(0, 3)]),
        ("3 collinear points", [Vec2(-4, -2), Vec2(0, 0), Vec2(4, 2)]),
        ("4 points: a square (XOR)", [Vec2(-3, -3), Vec2(3, -3), Vec2(3, 3), Vec2(-3, 3)]),
        ("4 points: one inside a triangle", [Vec2(-4, -3), Vec2(4, -3), Vec2(0, 4), Vec2(0, -0.5)]),
        ("2 points", [Vec2(-3, 0), Vec2(3, 0)]),
    ]

    // MARK: Geometry

    static func cross(_ o: Vec2, _ a: Vec2, _ b: Vec2) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }

    /// The convex hull, counter-clockwise, without collinear points (Andrew's monotone chain).
    static func hull(_ points: [Vec2]) -> [Vec2] {
        let sorted = Array(Set(points.map { [$0.x, $0.y] })).map { Vec2($0[0], $0[1]) }.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        guard sorted.count > 2 else { return sorted }
        var lower: [Vec2] = [], upper: [Vec2] = []
        for p in sorted {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in sorted.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    static func onSegment(_ p: Vec2, _ a: Vec2, _ b: Vec2) -> Bool {
        cross(a, b, p) == 0 && min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y)
    }

    /// Whether closed segments ab and cd share a point.
    static func segmentsMeet(_ a: Vec2, _ b: Vec2, _ c: Vec2, _ d: Vec2) -> Bool {
        let d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b)
    }

    /// Whether p lies in the closed convex polygon (counter-clockwise, 3+ vertices).
    static func inside(_ p: Vec2, _ polygon: [Vec2]) -> Bool {
        guard polygon.count >= 3 else { return false }
        for i in polygon.indices where cross(polygon[i], polygon[(i + 1) % polygon.count], p) < 0 { return false }
        return true
    }

    /// Whether a line strictly separates a from b (an empty class is always separable).
    public static func separable(_ a: [Vec2], _ b: [Vec2]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return true }
        let ha = hull(a), hb = hull(b)
        func edges(_ h: [Vec2]) -> [(Vec2, Vec2)] {
            h.count == 1 ? [(h[0], h[0])] : (h.count == 2 ? [(h[0], h[1])] : h.indices.map { (h[$0], h[($0 + 1) % h.count]) })
        }
        for (p, q) in edges(ha) { for (r, s) in edges(hb) where segmentsMeet(p, q, r, s) { return false } }
        if ha.contains(where: { inside($0, hb) }) || hb.contains(where: { inside($0, ha) }) { return false }
        return true
    }
}
