/// The world rectangle a plot shows. World y grows upwards; screen y downwards.
public struct Viewport: Sendable, Equatable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The smallest viewport containing both ranges in which one world unit is as long across
    /// as up on a `dotWidth x dotHeight` surface of square dots (a circle stays round): the
    /// shorter range grows about its centre.
    public static func fitting(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                               dotWidth: Int, dotHeight: Int) -> Viewport {
        guard dotWidth > 0, dotHeight > 0 else { return Viewport(xRange: xRange, yRange: yRange) }
        let xSpan = max(xRange.upperBound - xRange.lowerBound, .leastNormalMagnitude)
        let ySpan = max(yRange.upperBound - yRange.lowerBound, .leastNormalMagnitude)
        let unitsPerDot = max(xSpan / Double(dotWidth), ySpan / Double(dotHeight))
        let xMid = (xRange.lowerBound + xRange.upperBound) / 2
        let yMid = (yRange.lowerBound + yRange.upperBound) / 2
        let halfWidth = unitsPerDot * Double(dotWidth) / 2, halfHeight = unitsPerDot * Double(dotHeight) / 2
        return Viewport(xRange: (xMid - halfWidth)...(xMid + halfWidth), yRange: (yMid - halfHeight)...(yMid + halfHeight))
    }

    /// `fitting` for a dot canvas.
    public static func fitting(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, canvas: DotCanvas) -> Viewport {
        fitting(xRange: xRange, yRange: yRange, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight)
    }
}

/// Draws world-coordinate shapes onto a `DotCanvas`. Every primitive is safe with any input:
/// NaN and infinite coordinates are skipped, huge ones clipped, nothing loops without bound.
public struct Painter: Sendable {
    public var canvas: DotCanvas
    public var viewport: Viewport

    public init(canvas: DotCanvas, viewport: Viewport) {
        self.canvas = canvas
        self.viewport = viewport
    }

    /// Continuous dot coordinates of a world point (dot centres at integer + 0.5).
    public func dot(_ p: (Double, Double)) -> (x: Double, y: Double) {
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        let ySpan = viewport.yRange.upperBound - viewport.yRange.lowerBound
        let x = (p.0 - viewport.xRange.lowerBound) / xSpan * Double(canvas.dotWidth)
        let y = (viewport.yRange.upperBound - p.1) / ySpan * Double(canvas.dotHeight)
        return (x, y)
    }

    /// The world point at the centre of dot (x, y).
    public func world(dotX x: Int, dotY y: Int) -> (Double, Double) {
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        let ySpan = viewport.yRange.upperBound - viewport.yRange.lowerBound
        return (viewport.xRange.lowerBound + (Double(x) + 0.5) / Double(canvas.dotWidth) * xSpan,
                viewport.yRange.upperBound - (Double(y) + 0.5) / Double(canvas.dotHeight) * ySpan)
    }

    public mutating func point(_ p: (Double, Double), style: Style = .plain) {
        let d = dot(p)
        guard d.x.isFinite, d.y.isFinite, d.x >= 0, d.y >= 0,
              d.x < Double(canvas.dotWidth), d.y < Double(canvas.dotHeight) else { return }
        canvas.set(x: Int(d.x), y: Int(d.y), style: style)
    }

    /// A straight segment, clipped to the canvas first (Liang-Barsky), then stepped dot by dot.
    public mutating func line(from a: (Double, Double), to b: (Double, Double), style: Style = .plain) {
        let p = dot(a), q = dot(b)
        guard p.x.isFinite, p.y.isFinite, q.x.isFinite, q.y.isFinite else { return }
        guard let (s, e) = Self.clip(p, q, width: Double(canvas.dotWidth), height: Double(canvas.dotHeight)) else { return }
        let x0 = Int(s.x.rounded(.down)), y0 = Int(s.y.rounded(.down))
        let x1 = Int(e.x.rounded(.down)), y1 = Int(e.y.rounded(.down))
        // Bresenham between the clipped integer ends.
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        var x = x0, y = y0
        while true {
            canvas.set(x: x, y: y, style: style)
            if x == x1 && y == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Clips segment p-q to [0, width) x [0, height); nil when it misses.
    ///
    /// One boundary at a time, an end outside it moves onto it along the segment, so each step
    /// works with the already clipped (moderate) coordinates: huge finite ends keep the visible
    /// part exact (a single parameter t over the whole segment has no resolution left there).
    static func clip(_ p: (x: Double, y: Double), _ q: (x: Double, y: Double),
                     width: Double, height: Double) -> ((x: Double, y: Double), (x: Double, y: Double))? {
        let limitX = width - 1e-9, limitY = height - 1e-9
        guard limitX >= 0, limitY >= 0 else { return nil }
        // How far inside boundary `side` a point is (negative: outside).
        func inside(_ a: (x: Double, y: Double), _ side: Int) -> Double {
            switch side {
            case 0: return a.x
            case 1: return limitX - a.x
            case 2: return a.y
            default: return limitY - a.y
            }
        }
        // The point of segment out-in on boundary `side` (halves: differences may overflow).
        func cut(_ out: (x: Double, y: Double), _ into: (x: Double, y: Double), _ side: Int) -> (x: Double, y: Double) {
            let dOut = inside(out, side) / 2, dIn = inside(into, side) / 2
            let t = dOut / (dOut - dIn)
            let hx = into.x / 2 - out.x / 2, hy = into.y / 2 - out.y / 2
            var point = (x: out.x + t * hx + t * hx, y: out.y + t * hy + t * hy)
            switch side {
            case 0: point.x = 0
            case 1: point.x = limitX
            case 2: point.y = 0
            default: point.y = limitY
            }
            return point
        }
        var a = p, b = q
        for side in 0..<4 {
            let aIn = inside(a, side) >= 0, bIn = inside(b, side) >= 0
            if !aIn && !bIn { return nil }
            if !aIn { a = cut(a, b, side) } else if !bIn { b = cut(b, a, side) }
        }
        // Rounding in a later cut can step a hair outside an earlier boundary.
        func clamped(_ c: (x: Double, y: Double)) -> (x: Double, y: Double) {
            (min(limitX, max(0, c.x)), min(limitY, max(0, c.y)))
        }
        return (clamped(a), clamped(b))
    }

    public mutating func polyline(_ points: [(Double, Double)], style: Style = .plain) {
        guard points.count > 1 else {
            if let only = points.first { point(only, style: style) }
            return
        }
        // A segment inside one dot sets only the dot the segment before it ended on: skipped
        // (a converged optimizer's trail is hundreds of them), the picture unchanged.
        var previous = dot(points[0])
        for i in 1..<points.count {
            let next = dot(points[i])
            if Self.sameDotInside(previous, next, width: canvas.dotWidth, height: canvas.dotHeight) {
                if i == 1 { point(points[0], style: style) }  // nothing drew the start's dot yet
                continue
            }
            line(from: points[i - 1], to: points[i], style: style)
            previous = next
        }
    }

    /// Whether two dot positions fall in the same dot of the canvas, inside it.
    static func sameDotInside(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), width: Int, height: Int) -> Bool {
        guard a.x >= 0, a.y >= 0, a.x < Double(width), a.y < Double(height) else { return false }
        return a.x.rounded(.down) == b.x.rounded(.down) && a.y.rounded(.down) == b.y.rounded(.down)
    }

    /// An ellipse with semi-axes (a, b) rotated by `rotation` radians about its centre, drawn as
    /// a closed polygon fine enough to leave no gaps.
    public mutating func ellipse(center: (Double, Double), semiAxes: (Double, Double), rotation: Double = 0,
                                 style: Style = .plain) {
        let (a, b) = semiAxes
        guard center.0.isFinite, center.1.isFinite, a.isFinite, b.isFinite, rotation.isFinite else { return }
        // Enough vertices that each edge spans at most ~2 dots on screen (bounded for huge ellipses).
        let scale = Double(canvas.dotWidth) / (viewport.xRange.upperBound - viewport.xRange.lowerBound)
        let circumference = 2 * Double.pi * max(abs(a), abs(b)) * scale
        // Compared before converting: the estimate is infinite or NaN for huge radii or an empty
        // viewport. A multiple of 4 keeps the polygon symmetric about both axes.
        let edges = circumference / 2
        let count = edges >= 4096 ? 4096 : edges > 16 ? (Int(edges) + 3) / 4 * 4 : 16
        let c = cosine(rotation), s = sine(rotation)
        let points = (0...count).map { i -> (Double, Double) in
            let t = 2 * Double.pi * Double(i) / Double(count)
            let x = a * cosine(t), y = b * sine(t)
            return (center.0 + c * x - s * y, center.1 + s * x + c * y)
        }
        // Each edge both ways: a stepped line depends on its direction, and the mirror image of
        // an edge is traversed backwards, so one way only leaves the outline lopsided.
        for i in 1..<points.count {
            line(from: points[i - 1], to: points[i], style: style)
            line(from: points[i], to: points[i - 1], style: style)
        }
    }

    public mutating func circle(center: (Double, Double), radius: Double, style: Style = .plain) {
        ellipse(center: center, semiAxes: (radius, radius), style: style)
    }

    /// A segment with a two-stroke head at `to`, the strokes a fixed number of dots long.
    public mutating func arrow(from a: (Double, Double), to b: (Double, Double), style: Style = .plain) {
        line(from: a, to: b, style: style)
        let p = dot(a), q = dot(b)
        let dx = q.x - p.x, dy = q.y - p.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 1, length.isFinite else { return }
        let headDots = min(5.0, length / 2)
        let ux = dx / length, uy = dy / length
        for side in [-1.0, 1.0] {
            // Strokes at ±30° back from the tip (in dot space, which is square).
            let hx = -ux * 0.866 - side * uy * 0.5, hy = -uy * 0.866 + side * ux * 0.5
            let end = (q.x + hx * headDots, q.y + hy * headDots)
            line(from: world(dot: q), to: world(dot: end), style: style)
        }
    }

    /// The world point at continuous dot coordinates.
    func world(dot d: (x: Double, y: Double)) -> (Double, Double) {
        let xSpan = viewport.xRange.upperBound - viewport.xRange.lowerBound
        let ySpan = viewport.yRange.upperBound - viewport.yRange.lowerBound
        return (viewport.xRange.lowerBound + d.x / Double(canvas.dotWidth) * xSpan,
                viewport.yRange.upperBound - d.y / Double(canvas.dotHeight) * ySpan)
    }

    /// Sets every dot whose centre satisfies `predicate` (a filled region).
    public mutating func fill(style: Style = .plain, where predicate: (Double, Double) -> Bool) {
        for y in 0..<canvas.dotHeight {
            for x in 0..<canvas.dotWidth {
                let p = world(dotX: x, dotY: y)
                if predicate(p.0, p.1) { canvas.set(x: x, y: y, style: style) }
            }
        }
    }

    /// The graph of y = f(x) across the viewport, joined where consecutive values are finite.
    public mutating func plot(style: Style = .plain, _ f: (Double) -> Double) {
        var previous: (Double, Double)?
        for x in 0..<canvas.dotWidth {
            let wx = world(dotX: x, dotY: 0).0
            let wy = f(wx)
            guard wy.isFinite else { previous = nil; continue }
            if let previous { line(from: previous, to: (wx, wy), style: style) } else { point((wx, wy), style: style) }
            previous = (wx, wy)
        }
    }
}
