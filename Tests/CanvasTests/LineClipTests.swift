import Canvas
import Testing

/// `LineClip.segment` against points worked out by hand.
struct LineClipTests {
    func clip(_ a: Double, _ b: Double, _ c: Double, _ x: ClosedRange<Double> = -1...1,
              _ y: ClosedRange<Double> = -1...1) -> [Double]? {
        LineClip.segment(a: a, b: b, c: c, xRange: x, yRange: y).map { [$0.start.x, $0.start.y, $0.end.x, $0.end.y] }
    }

    @Test func theDiagonal() {
        // x - y = 0 runs corner to corner.
        #expect(clip(1, -1, 0) == [-1, -1, 1, 1])
        // x + y = 0: the other diagonal.
        #expect(clip(1, 1, 0) == [-1, 1, 1, -1])
    }

    @Test func axisParallelLines() {
        // x = 0.5 (a vertical line), y = -0.25 (a horizontal one).
        #expect(clip(2, 0, -1) == [0.5, -1, 0.5, 1])
        #expect(clip(0, 4, 1) == [-1, -0.25, 1, -0.25])
    }

    @Test func aSlopedLineThroughTwoSides() {
        // y = x/2 + 1 in [-2, 2]²: enters at (-2, 0), leaves through the top at (2, 2).
        #expect(clip(0.5, -1, 1, -2...2, -2...2) == [-2, 0, 2, 2])
        // x + 2y = 1 in [-1.15, 1.15]² style ranges: x = 1 - 2y, from (1.15, -0.075) to (-1.15, 1.075).
        let s = LineClip.segment(a: 1, b: 2, c: -1, xRange: -1.15...1.15, yRange: -1.15...1.15)!
        #expect(abs(s.start.x + 1.15) < 1e-12 && abs(s.start.y - 1.075) < 1e-12)
        #expect(abs(s.end.x - 1.15) < 1e-12 && abs(s.end.y + 0.075) < 1e-12)
    }

    @Test func missesAndNonLines() {
        #expect(clip(1, 1, 5) == nil)            // x + y = -5 passes below the square
        #expect(clip(1, 1, 2) == nil)            // x + y = -2 only touches the corner (-1, -1)
        #expect(clip(0, 0, 1) == nil)            // 0 = -1: no line
        #expect(clip(.nan, 1, 0) == nil)
    }
}
