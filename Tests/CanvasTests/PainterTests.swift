import Canvas
import Testing

/// A painter whose world units are dots: x in 0...dotWidth, y in 0...dotHeight (y up).
func unitPainter(width: Int, height: Int, charset: Charset = .unicode) -> Painter {
    let canvas = DotCanvas(width: width, height: height, charset: charset)
    return Painter(canvas: canvas, viewport: Viewport(xRange: 0...Double(canvas.dotWidth),
                                                      yRange: 0...Double(canvas.dotHeight)))
}

func setDots(_ canvas: DotCanvas) -> Set<[Int]> {
    var dots = Set<[Int]>()
    for y in 0..<canvas.dotHeight { for x in 0..<canvas.dotWidth where canvas.isSet(x: x, y: y) { dots.insert([x, y]) } }
    return dots
}

@Suite struct PainterTests {
    @Test func horizontalLine() {
        var p = unitPainter(width: 2, height: 2)   // 4 x 8 dots
        p.line(from: (0.5, 4.5), to: (3.5, 4.5))  // dot row 3: bits 0x40 | 0x80
        #expect(p.canvas.render().plainLines() == ["⣀⣀", "  "])
    }

    @Test func verticalLine() {
        var p = unitPainter(width: 2, height: 2)
        p.line(from: (2.5, 0.5), to: (2.5, 7.5))  // dot column 2: left column of cell 1
        #expect(p.canvas.render().plainLines() == [" ⡇", " ⡇"])
    }

    @Test func crossingLines() {
        var p = unitPainter(width: 2, height: 2)
        p.line(from: (0.5, 4.5), to: (3.5, 4.5))
        p.line(from: (2.5, 7.5), to: (2.5, 0.5))
        #expect(p.canvas.render().plainLines() == ["⣀⣇", " ⡇"])
    }

    @Test func asciiLines() {
        var p = unitPainter(width: 4, height: 2, charset: .ascii)  // 4 x 4 dots
        p.line(from: (0.5, 3.5), to: (3.5, 3.5))  // dot row 0: upper
        p.line(from: (0.5, 0.5), to: (3.5, 0.5))  // dot row 3: lower of row 1
        #expect(p.canvas.render().plainLines() == ["''''", "...."])
    }

    @Test func antiDiagonal() {
        var p = unitPainter(width: 2, height: 1)   // 4 x 4 dots, world y up
        p.line(from: (0.5, 0.5), to: (3.5, 3.5))  // dots (0,3) (1,2) (2,1) (3,0)
        #expect(p.canvas.render().plainLines() == ["⡠⠊"])
    }

    @Test func linesFarOutsideDrawOnlyTheVisiblePart() {
        var p = unitPainter(width: 2, height: 1)
        p.line(from: (-1e6, 3.5), to: (1e6, 3.5))
        #expect(p.canvas.render().plainLines() == ["⠉⠉"])
        var q = unitPainter(width: 2, height: 1)
        q.line(from: (-1e6, -1e6), to: (1e6, 1e6))
        #expect(q.canvas.render().plainLines() == ["⡠⠊"])
        var r = unitPainter(width: 2, height: 1)
        r.line(from: (-100, 50), to: (-50, 80))   // misses entirely
        r.line(from: (10, 0.5), to: (20, 0.5))
        #expect(r.canvas.render().plainLines() == ["  "])
    }

    @Test func linesWithHugeFiniteEndpoints() {
        // 20 x 4 dots, one world unit per dot: the dot coordinates are finite but their
        // difference overflows.
        var p = unitPainter(width: 10, height: 1)
        p.line(from: (-1.5e308, 3.5), to: (1.5e308, 3.5))
        #expect(p.canvas.render().plainLines() == ["⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉"])
        var q = unitPainter(width: 10, height: 1)
        q.line(from: (0.5, -1.5e308), to: (0.5, 1.5e308))
        #expect(q.canvas.render().plainLines() == ["⡇         "])
        var r = unitPainter(width: 10, height: 1)
        r.line(from: (-.greatestFiniteMagnitude, -.greatestFiniteMagnitude),
               to: (.greatestFiniteMagnitude, .greatestFiniteMagnitude))
        #expect(r.canvas.render().plainLines().count == 1)  // no crash
    }

    @Test func nanAndInfinityAreSkipped() {
        var p = unitPainter(width: 2, height: 1)
        p.line(from: (.nan, 1), to: (2, 2))
        p.line(from: (1, 1), to: (2, .nan))
        p.line(from: (-.infinity, 3.5), to: (.infinity, 3.5))
        p.line(from: (0.5, .infinity), to: (0.5, 0.5))
        p.point((.nan, .nan))
        p.point((.infinity, 1))
        p.polyline([(.nan, 0), (.infinity, -.infinity)])
        p.ellipse(center: (.nan, 1), semiAxes: (1, 1))
        p.ellipse(center: (2, 2), semiAxes: (.infinity, 1))
        p.circle(center: (2, 2), radius: .nan)
        p.arrow(from: (.nan, 0), to: (1, 1))
        #expect(p.canvas.render().plainLines() == ["  "])
    }

    @Test func pointsAndPolyline() {
        var p = unitPainter(width: 2, height: 1)
        p.point((0.5, 3.5))
        p.point((4.0, 0.5))     // right edge: outside
        p.point((3.9, 0.1))     // dot (3, 3)
        #expect(p.canvas.render().plainLines() == ["⠁⢀"])
        var q = unitPainter(width: 2, height: 1)
        q.polyline([(0.5, 3.5), (3.5, 3.5), (3.5, 0.5)])
        // Row 0 all, then column 3 down: right cell 0x08|0x01 + 0x10|0x20|0x80.
        #expect(q.canvas.render().plainLines() == ["⠉⢹"])
        var r = unitPainter(width: 1, height: 1)
        r.polyline([(1.5, 0.5)])
        #expect(r.canvas.render().plainLines() == ["⢀"])
    }

    @Test func circleIsSymmetricAndRound() {
        let canvas = DotCanvas(width: 10, height: 5, charset: .unicode)   // 20 x 20 dots
        var p = Painter(canvas: canvas, viewport: .fitting(xRange: -1...1, yRange: -1...1, canvas: canvas))
        p.circle(center: (0, 0), radius: 0.75)   // 7.5 dots: extremes at dot centres 2.5 and 17.5
        let dots = setDots(p.canvas)
        #expect(!dots.isEmpty)
        let mirroredLR = Set(dots.map { [19 - $0[0], $0[1]] })
        let mirroredTB = Set(dots.map { [$0[0], 19 - $0[1]] })
        let transposed = Set(dots.map { [$0[1], $0[0]] })
        #expect(dots == mirroredLR)
        #expect(dots == mirroredTB)
        #expect(dots == transposed)
        let xs = dots.map { $0[0] }, ys = dots.map { $0[1] }
        #expect(xs.min() == 2 && xs.max() == 17)
        #expect(ys.min() == 2 && ys.max() == 17)
        // The centre is empty: it is an outline.
        #expect(!p.canvas.isSet(x: 10, y: 10))
    }

    @Test func ellipseRotatedQuarterTurnEqualsSwappedAxes() {
        let canvas = DotCanvas(width: 10, height: 5, charset: .unicode)
        let viewport = Viewport.fitting(xRange: -1...1, yRange: -1...1, canvas: canvas)
        var rotated = Painter(canvas: canvas, viewport: viewport)
        rotated.ellipse(center: (0, 0), semiAxes: (0.85, 0.35), rotation: .pi / 2)
        var swapped = Painter(canvas: canvas, viewport: viewport)
        swapped.ellipse(center: (0, 0), semiAxes: (0.35, 0.85))
        #expect(rotated.canvas.render().plainLines() == swapped.canvas.render().plainLines())
        let dots = setDots(swapped.canvas)
        #expect(dots.map { $0[1] }.min() == 1 && dots.map { $0[1] }.max() == 18)
        #expect(dots.map { $0[0] }.min() == 6 && dots.map { $0[0] }.max() == 13)
    }

    @Test func ellipseWithHugeRadiusOrDegenerateViewport() {
        var p = unitPainter(width: 10, height: 1)
        p.circle(center: (0, 0), radius: 1e308)
        p.circle(center: (0, 0), radius: .greatestFiniteMagnitude)
        #expect(p.canvas.render().plainLines() == ["          "])
        var q = Painter(canvas: DotCanvas(width: 2, height: 1, charset: .unicode),
                        viewport: Viewport(xRange: 0...0, yRange: 0...0))
        q.circle(center: (0, 0), radius: 1)
        q.line(from: (0, 0), to: (1, 1))
        q.fill { _, _ in true }
        #expect(q.canvas.render().plainLines().count == 1)
    }

    @Test func viewportFittingKeepsUnitsPerDotEqual() {
        let wide = Viewport.fitting(xRange: 0...4, yRange: 0...1, dotWidth: 20, dotHeight: 20)
        #expect(wide == Viewport(xRange: 0...4, yRange: -1.5...2.5))
        let tall = Viewport.fitting(xRange: -1...1, yRange: -2...2, dotWidth: 40, dotHeight: 8)
        // 4 units over 8 dots = 0.5 per dot; 40 dots across = 20 units about x = 0.
        #expect(tall == Viewport(xRange: -10...10, yRange: -2...2))
        let canvas = DotCanvas(width: 10, height: 5, charset: .unicode)
        let fitted = Viewport.fitting(xRange: -2...2, yRange: -1...1, canvas: canvas)
        #expect(fitted == Viewport(xRange: -2...2, yRange: -2...2))
        let degenerate = Viewport.fitting(xRange: 0...1, yRange: 0...1, dotWidth: 0, dotHeight: 4)
        #expect(degenerate == Viewport(xRange: 0...1, yRange: 0...1))
    }

    @Test func fillSetsDotsWhoseCentreSatisfies() {
        var p = unitPainter(width: 2, height: 1)
        p.fill { x, _ in x < 2 }
        #expect(p.canvas.render().plainLines() == ["⣿ "])
        var q = unitPainter(width: 2, height: 1)
        q.fill { _, y in y > 2 }   // world up: the top two dot rows
        #expect(q.canvas.render().plainLines() == ["⠛⠛"])
        var r = unitPainter(width: 2, height: 1)
        r.fill { x, y in (x - 2) * (x - 2) + (y - 2) * (y - 2) < 1 }  // dot centres 1.5 and 2.5
        #expect(r.canvas.render().plainLines() == ["⠰⠆"])
    }

    @Test func plotJoinsFiniteValuesAndSkipsNaN() {
        var p = unitPainter(width: 2, height: 1)
        p.plot { _ in 3.5 }
        #expect(p.canvas.render().plainLines() == ["⠉⠉"])
        var q = unitPainter(width: 2, height: 1)
        q.plot { x in x > 1 && x < 2 ? .nan : 3.5 }   // dot column 1 is NaN
        #expect(q.canvas.render().plainLines() == ["⠁⠉"])
        var r = unitPainter(width: 2, height: 1)
        r.plot { x in 4 - x }   // dots (0,0) (1,1) (2,2) (3,3)
        #expect(r.canvas.render().plainLines() == ["⠑⢄"])
        var s = unitPainter(width: 2, height: 1)
        s.plot { _ in .infinity }
        #expect(s.canvas.render().plainLines() == ["  "])
    }

    @Test func arrowHasAHeadAtTheTip() {
        var p = unitPainter(width: 6, height: 3)   // 12 x 12 dots
        p.arrow(from: (0.5, 6.5), to: (10.5, 6.5))
        let dots = setDots(p.canvas)
        #expect((0...10).allSatisfy { dots.contains([$0, 5]) })       // the shaft
        #expect(!dots.contains([11, 5]))                                  // nothing past the tip
        #expect(dots.contains { $0[1] < 5 && $0[0] >= 6 })               // a stroke above
        #expect(dots.contains { $0[1] > 5 && $0[0] >= 6 })               // and one below
        #expect(!dots.contains { $0[0] < 6 && $0[1] != 5 })              // strokes only near the tip
        var dot = unitPainter(width: 1, height: 1)
        dot.arrow(from: (0.5, 3.5), to: (0.5, 3.5))
        #expect(dot.canvas.render().plainLines() == ["⠁"])
    }

    @Test func everyPrimitiveOnEmptyAndOneCellCanvases() {
        for (w, h) in [(0, 0), (1, 1), (0, 3), (3, 0)] {
            for charset in Charset.allCases {
                var p = unitPainter(width: w, height: h, charset: charset)
                p.point((0.5, 0.5))
                p.line(from: (-5, -5), to: (5, 5))
                p.polyline([(0, 0), (1, 1), (0, 1)])
                p.ellipse(center: (0.5, 0.5), semiAxes: (3, 1), rotation: 1)
                p.circle(center: (0, 0), radius: 0)
                p.arrow(from: (0, 0), to: (2, 2))
                p.fill { _, _ in true }
                p.plot { $0 }
                let lines = p.canvas.render().plainLines()
                #expect(lines.count == h)
                #expect(lines.allSatisfy { $0.count == w })
            }
        }
        var one = unitPainter(width: 1, height: 1)
        one.fill { _, _ in true }
        #expect(one.canvas.render().plainLines() == ["⣿"])
        var oneAscii = unitPainter(width: 1, height: 1, charset: .ascii)
        oneAscii.line(from: (0.5, 0.2), to: (0.5, 1.8))
        #expect(oneAscii.canvas.render().plainLines() == [":"])
    }
}

/// A polyline skips the segments that stay inside one dot; what it draws is what drawing every
/// segment draws, for paths that crawl (a converging optimizer), leave the canvas and come back.
struct PolylineSkipTests {
    @Test func aPolylineDrawsWhatItsSegmentsDraw() {
        var seed: UInt64 = 0x2545F4914F6CDD1D
        func unit() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / 9007199254740992 }
        for trial in 0..<200 {
            var points: [(Double, Double)] = [(unit() * 40 - 5, unit() * 48 - 4)]
            for _ in 0..<(1 + trial % 60) {
                let step = trial % 3 == 0 ? 0.05 : (trial % 3 == 1 ? 0.6 : 9)
                let last = points[points.count - 1]
                points.append((last.0 + (unit() - 0.5) * step, last.1 + (unit() - 0.5) * step))
            }
            var whole = unitPainter(width: 15, height: 10), bySegment = unitPainter(width: 15, height: 10)
            whole.polyline(points)
            if points.count == 1 { bySegment.point(points[0]) }
            for i in points.indices.dropFirst() { bySegment.line(from: points[i - 1], to: points[i]) }
            #expect(setDots(whole.canvas) == setDots(bySegment.canvas), "trial \(trial)")
        }
    }
}
