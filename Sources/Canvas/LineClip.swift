/// Where a straight line crosses a rectangle: for drawing a line given by its equation (a
/// decision boundary w·h + b = 0) only inside a plot.
public enum LineClip {
    /// The two points where the line a·x + b·y + c = 0 meets the border of the rectangle
    /// `xRange` x `yRange`, ordered by x (then y); nil when it misses the rectangle, only
    /// touches a corner, or is no line (a = b = 0, or a number is not finite).
    public static func segment(a: Double, b: Double, c: Double, xRange: ClosedRange<Double>,
                               yRange: ClosedRange<Double>) -> (start: (x: Double, y: Double), end: (x: Double, y: Double))? {
        guard a.isFinite, b.isFinite, c.isFinite, a != 0 || b != 0 else { return nil }
        let (x0, x1, y0, y1) = (xRange.lowerBound, xRange.upperBound, yRange.lowerBound, yRange.upperBound)
        var points: [(x: Double, y: Double)] = []
        // The vertical sides (b ≠ 0: y on the line at x = x0, x1) and the horizontal ones.
        if b != 0 {
            for x in [x0, x1] {
                let y = -(a * x + c) / b
                if y >= y0 && y <= y1 { points.append((x, y)) }
            }
        }
        if a != 0 {
            for y in [y0, y1] {
                let x = -(b * y + c) / a
                if x >= x0 && x <= x1 { points.append((x, y)) }
            }
        }
        // A corner is found from both of its sides: keep the two points farthest apart.
        var best: ((x: Double, y: Double), (x: Double, y: Double))?
        var longest = 0.0
        for i in points.indices {
            for j in points.indices where j > i {
                let d = (points[i].x - points[j].x) * (points[i].x - points[j].x) + (points[i].y - points[j].y) * (points[i].y - points[j].y)
                if d > longest { longest = d; best = (points[i], points[j]) }
            }
        }
        guard let (p, q) = best else { return nil }
        return (p.x, p.y) < (q.x, q.y) ? (p, q) : (q, p)
    }
}
