import Foundation

/// A map of the plane f: R² → R², (x, y) ↦ (f1(x, y), f2(x, y)), with its Jacobian
/// J = [[∂f1/∂x, ∂f1/∂y], [∂f2/∂x, ∂f2/∂y]] (rows: outputs, columns: inputs), exact by automatic
/// differentiation.
public struct PlaneMap: Sendable, Equatable {
    public enum Preset: String, Sendable, Codable, CaseIterable {
        /// (r, θ) ↦ (r cos θ, r sin θ): det J = r.
        case polar
        /// (x, y) ↦ (x + y/2, y + x²/2): a shear with a bend, det J = 1 − x/2.
        case shear
        /// The seeds' polynomial map, its first two components: (2x1 + x2², −x1² + 3x2).
        case seeds
        /// Two typed formulas.
        case custom
    }

    public let preset: Preset
    public let components: [Expression]
    /// The formulas as typed or preset, "f1, f2".
    public let text: String
    /// The domain drawn as a grid.
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    /// Where the point starts.
    public let start: Vec2
    /// The input variables' names as the map's lesson calls them.
    public let variableNames: (String, String)

    public static func == (a: PlaneMap, b: PlaneMap) -> Bool { a.preset == b.preset && a.text == b.text }

    /// A preset map (not `.custom`).
    public static func named(_ preset: Preset) -> PlaneMap {
        switch preset {
        case .polar:
            return try! PlaneMap(preset: .polar, text: "x*cos(y), x*sin(y)", xRange: 0...2, yRange: 0...3.2,
                                 start: Vec2(1, 0.8), names: ("r", "θ"))
        case .shear:
            return try! PlaneMap(preset: .shear, text: "x + y/2, y + x^2/2", xRange: -1.5...1.5, yRange: -1.5...1.5,
                                 start: Vec2(0.5, 0.5), names: ("x", "y"))
        case .seeds, .custom:
            return try! PlaneMap(preset: .seeds, text: "2*x1 + x2^2, -x1^2 + 3*x2", xRange: 0...3, yRange: -1...2,
                                 start: Vec2(2, 1), names: ("x1", "x2"))
        }
    }

    /// A typed map: two formulas in x and y separated by a comma, drawn over [-2, 2]².
    public static func custom(_ text: String) throws -> PlaneMap {
        try PlaneMap(preset: .custom, text: text, xRange: -2...2, yRange: -2...2, start: Vec2(0.5, 0.5), names: ("x", "y"))
    }

    init(preset: Preset, text: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, start: Vec2,
         names: (String, String)) throws {
        let parsed = try Expression.parseList(text)
        guard parsed.count == 2 else {
            throw ExpressionError(message: "a map of the plane needs two formulas f1, f2 (got \(parsed.count))", column: 1)
        }
        self.preset = preset
        self.text = text
        components = parsed
        self.xRange = xRange
        self.yRange = yRange
        self.start = start
        variableNames = names
    }

    public func callAsFunction(_ p: Vec2) -> Vec2 {
        Vec2(components[0].value(x: p.x, y: p.y), components[1].value(x: p.x, y: p.y))
    }

    public func jacobian(_ p: Vec2) -> Matrix2 {
        let g1 = components[0].gradient(x: p.x, y: p.y), g2 = components[1].gradient(x: p.x, y: p.y)
        return Matrix2(g1.0, g1.1, g2.0, g2.1)
    }

    /// The boundary of the square [p, p + (h, h)], counter-clockwise from p, `perSide` points a side.
    public static func square(at p: Vec2, side h: Double, perSide: Int = 16) -> [Vec2] {
        let corners = [p, p + Vec2(h, 0), p + Vec2(h, h), p + Vec2(0, h)]
        return (0..<4).flatMap { side in
            (0..<perSide).map { k in
                let t = Double(k) / Double(perSide)
                return corners[side] + t * (corners[(side + 1) % 4] - corners[side])
            }
        }
    }

    /// How far f is from its linearisation on the square of side h at p, relative to h:
    /// max over the square's boundary of ‖f(p + d) − f(p) − J d‖ / h. It shrinks like h
    /// (the remainder is O(h²)) where f is twice differentiable.
    public func linearisationError(at p: Vec2, side h: Double) -> Double {
        let j = jacobian(p), base = self(p)
        return Self.square(at: p, side: h, perSide: 8).reduce(0) { worst, q in
            let d = q - p
            return max(worst, (self(q) - base - j * d).norm / h)
        }
    }

    /// The area of f(square of side h at p) divided by h² (shoelace over the image of its
    /// boundary, signed: negative where f flips orientation). Tends to det J as h → 0.
    public func areaScale(at p: Vec2, side h: Double) -> Double {
        let image = Self.square(at: p, side: h, perSide: 32).map { self($0) }
        var twiceArea = 0.0
        for k in image.indices {
            let u = image[k], v = image[(k + 1) % image.count]
            twiceArea += u.x * v.y - v.x * u.y
        }
        return twiceArea / 2 / (h * h)
    }
}

/// The seeds' Jacobian example: f: R² → R³, f(x1, x2) = (2x1 + x2², −x1² + 3x2, 4x1x2), whose
/// Jacobian [[2, 2x2], [−2x1, 3], [4x2, 4x1]] is [[2, 2], [−4, 3], [4, 8]] at (2, 1).
public enum SeedsJacobianExample {
    public static let formulas = "2*x1 + x2^2, -x1^2 + 3*x2, 4*x1*x2"
    public static let components = try! Expression.parseList(formulas)

    /// The 3 x 2 Jacobian at p, rows f1, f2, f3.
    public static func jacobian(at p: Vec2) -> [[Double]] {
        components.map { let g = $0.gradient(x: p.x, y: p.y); return [g.0, g.1] }
    }
}
