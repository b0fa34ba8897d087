import Canvas
import Testing

@Suite struct FrameTests {
    func framed(width: Int, height: Int, title: String?, glyphs: Glyphs) -> [String] {
        var grid = CellGrid(width: width, height: height)
        grid.drawFrame(Rect(width: width, height: height), title: title, style: .plain, glyphs: glyphs)
        #expect(wideCharacterViolations(grid).isEmpty)
        return grid.plainLines()
    }

    @Test func titleThatFits() {
        #expect(framed(width: 12, height: 3, title: "Loss", glyphs: .unicode) == [
            "┌─ Loss ───┐",
            "│          │",
            "└──────────┘",
        ])
        #expect(framed(width: 12, height: 3, title: "Loss", glyphs: .ascii) == [
            "+- Loss ---+",
            "|          |",
            "+----------+",
        ])
    }

    @Test func titleThatMustBeTruncated() {
        #expect(framed(width: 10, height: 3, title: "Parameters", glyphs: .unicode) == [
            "┌─ Para…─┐",
            "│        │",
            "└────────┘",
        ])
        #expect(framed(width: 10, height: 3, title: "Parameters", glyphs: .ascii) == [
            "+- Para~-+",
            "|        |",
            "+--------+",
        ])
    }

    @Test func heavyVariants() {
        #expect(framed(width: 10, height: 3, title: "Parameters", glyphs: Glyphs.unicode.heavy) == [
            "┏━ Para…━┓",
            "┃        ┃",
            "┗━━━━━━━━┛",
        ])
        #expect(framed(width: 10, height: 3, title: "Parameters", glyphs: Glyphs.ascii.heavy) == [
            "#= Para~=#",
            "|        |",
            "#========#",
        ])
        #expect(Glyphs.forCharset(.ascii) == .ascii && Glyphs.forCharset(.unicode) == .unicode)
    }

    @Test func koreanTitleAtOddWidth() {
        #expect(framed(width: 9, height: 2, title: "안녕", glyphs: .unicode) == [
            "┌─ 안…──┐",
            "└───────┘",
        ])
        #expect(framed(width: 10, height: 2, title: "안녕", glyphs: .unicode) == [
            "┌─ 안녕 ─┐",
            "└────────┘",
        ])
    }

    @Test func hostileTitleIsSanitised() {
        #expect(framed(width: 12, height: 2, title: "a\u{1b}[2Jb", glyphs: .unicode) == [
            "┌─ a[2Jb ──┐",
            "└──────────┘",
        ])
    }

    @Test func narrowFramesDropTheTitle() {
        #expect(framed(width: 5, height: 2, title: "Title", glyphs: .unicode) == ["┌───┐", "└───┘"])
        #expect(framed(width: 2, height: 2, title: "T", glyphs: .unicode) == ["┌┐", "└┘"])
        #expect(framed(width: 2, height: 3, title: nil, glyphs: .ascii) == ["++", "||", "++"])
    }

    @Test func framesSmallerThanTwoByTwoDrawNothing() {
        #expect(framed(width: 1, height: 3, title: "T", glyphs: .unicode) == [" ", " ", " "])
        #expect(framed(width: 4, height: 1, title: "T", glyphs: .unicode) == ["    "])
        #expect(framed(width: 0, height: 0, title: "T", glyphs: .unicode) == [])
        var grid = CellGrid(width: 3, height: 3)
        grid.drawFrame(Rect(x: 1, y: 1, width: -4, height: 9), title: nil, style: .plain, glyphs: .unicode)
        #expect(grid.plainLines() == ["   ", "   ", "   "])
    }

    @Test func frameClippedByTheGrid() {
        var grid = CellGrid(width: 4, height: 3)
        grid.drawFrame(Rect(x: 1, y: 1, width: 6, height: 5), title: nil, style: .plain, glyphs: .unicode)
        #expect(grid.plainLines() == ["    ", " ┌──", " │  "])
    }

    @Test func frameStyle() {
        let style = Style(foreground: .ansi(3))
        var grid = CellGrid(width: 8, height: 2)
        grid.drawFrame(grid.bounds, title: "T", style: style, glyphs: .unicode)
        #expect(grid.cells.allSatisfy { $0.style == style })
    }
}

@Suite struct LayoutTests {
    @Test func splitThirdsOfTen() {
        #expect(Layout.split(Rect(x: 3, y: 1, width: 10, height: 2), axis: .horizontal, fractions: [1, 1, 1]) == [
            Rect(x: 3, y: 1, width: 4, height: 2), Rect(x: 7, y: 1, width: 3, height: 2),
            Rect(x: 10, y: 1, width: 3, height: 2),
        ])
    }

    @Test func splitVerticalAwkwardFractions() {
        let parts = Layout.split(Rect(width: 5, height: 7), axis: .vertical, fractions: [0.1, 0.2, 0.7])
        #expect(parts.map(\.height) == [1, 2, 4])
        #expect(parts.map(\.y) == [0, 1, 3])
        #expect(parts.allSatisfy { $0.width == 5 && $0.x == 0 })
    }

    @Test func splitZeroNaNAndNegativeWeights() {
        let r = Rect(width: 10, height: 1)
        #expect(Layout.split(r, axis: .horizontal, fractions: [0, 1, 0]).map(\.width) == [0, 10, 0])
        #expect(Layout.split(r, axis: .horizontal, fractions: [.nan, 1]).map(\.width) == [0, 10])
        #expect(Layout.split(r, axis: .horizontal, fractions: [-3, 1, 1]).map(\.width) == [0, 5, 5])
        #expect(Layout.split(r, axis: .horizontal, fractions: [0, 0]).map(\.width) == [5, 5])
        #expect(Layout.split(r, axis: .horizontal, fractions: [.nan, .nan, .nan]).map(\.width) == [4, 3, 3])
        #expect(Layout.split(r, axis: .horizontal, fractions: []) == [])
        #expect(Layout.split(Rect(width: 0, height: 0), axis: .horizontal, fractions: [1, 2]).map(\.width) == [0, 0])
    }

    @Test func splitHugeWeights() {
        let r = Rect(width: 10, height: 1)
        #expect(Layout.split(r, axis: .horizontal, fractions: [.greatestFiniteMagnitude, 1]).map(\.width) == [10, 0])
        #expect(Layout.split(r, axis: .horizontal, fractions: [1e308, 1e308]).map(\.width) == [5, 5])
    }

    @Test func splitAlwaysSumsExactly() {
        let weightSets: [[Double]] = [[1, 1, 1], [1, 2, 3, 4], [0.3, 0.3, 0.3], [1e-300, 1], [7, 0, 0.5], [1, 1, 1, 1, 1, 1, 1]]
        for total in 0...23 {
            for weights in weightSets {
                let parts = Layout.split(Rect(x: 2, y: 0, width: total, height: 1), axis: .horizontal, fractions: weights)
                #expect(parts.map(\.width).reduce(0, +) == total)
                var x = 2
                for part in parts {
                    #expect(part.x == x)
                    x += part.width
                }
            }
        }
    }

    @Test func dashboardTwoPanesWideAndTall() {
        #expect(Layout.dashboard(Rect(width: 80, height: 24), paneCount: 2) == [
            Rect(x: 0, y: 0, width: 40, height: 24), Rect(x: 40, y: 0, width: 40, height: 24),
        ])
        #expect(Layout.dashboard(Rect(width: 40, height: 24), paneCount: 2) == [
            Rect(x: 0, y: 0, width: 40, height: 12), Rect(x: 0, y: 12, width: 40, height: 12),
        ])
    }

    @Test func dashboardThreePanes() {
        #expect(Layout.dashboard(Rect(x: 1, y: 1, width: 81, height: 25), paneCount: 3) == [
            Rect(x: 1, y: 1, width: 41, height: 25), Rect(x: 42, y: 1, width: 40, height: 13),
            Rect(x: 42, y: 14, width: 40, height: 12),
        ])
    }

    @Test func dashboardFourPanes() {
        #expect(Layout.dashboard(Rect(width: 9, height: 5), paneCount: 4) == [
            Rect(x: 0, y: 0, width: 5, height: 3), Rect(x: 5, y: 0, width: 4, height: 3),
            Rect(x: 0, y: 3, width: 5, height: 2), Rect(x: 5, y: 3, width: 4, height: 2),
        ])
    }

    @Test func dashboardTilesEveryCellExactlyOnce() {
        let rects = [Rect(width: 80, height: 24), Rect(x: 3, y: 2, width: 41, height: 17), Rect(width: 7, height: 3),
                     Rect(width: 1, height: 1), Rect(width: 2, height: 9), Rect(width: 200, height: 3)]
        for rect in rects {
            for count in 1...4 {
                let panes = Layout.dashboard(rect, paneCount: count)
                #expect(panes.count == count, "\(rect) \(count)")
                var covered = [Int](repeating: 0, count: rect.width * rect.height)
                for pane in panes {
                    #expect(pane.intersection(rect) == pane, "pane \(pane) outside \(rect)")
                    for y in pane.y..<pane.maxY {
                        for x in pane.x..<pane.maxX where rect.contains(x: x, y: y) {
                            covered[(y - rect.y) * rect.width + (x - rect.x)] += 1
                        }
                    }
                }
                #expect(covered.allSatisfy { $0 == 1 }, "\(rect) with \(count) panes")
            }
        }
        #expect(Layout.dashboard(Rect(width: 10, height: 10), paneCount: 0) == [])
        // More than four: rows of two, an odd last pane across its whole row.
        #expect(Layout.dashboard(Rect(width: 10, height: 9), paneCount: 5) == [
            Rect(x: 0, y: 0, width: 5, height: 3), Rect(x: 5, y: 0, width: 5, height: 3),
            Rect(x: 0, y: 3, width: 5, height: 3), Rect(x: 5, y: 3, width: 5, height: 3),
            Rect(x: 0, y: 6, width: 10, height: 3),
        ])
        #expect(Layout.dashboard(Rect(width: 0, height: 0), paneCount: 4).count == 4)
    }
}

@Suite struct GridAndRectTests {
    @Test func rectBasics() {
        let r = Rect(x: 2, y: 3, width: 4, height: -1)
        #expect(r.height == 0 && r.isEmpty)
        let s = Rect(x: 1, y: 1, width: 5, height: 4)
        #expect(s.maxX == 6 && s.maxY == 5)
        #expect(s.contains(x: 1, y: 1) && !s.contains(x: 6, y: 1) && !s.contains(x: 0, y: 2))
        #expect(s.inset(by: 1) == Rect(x: 2, y: 2, width: 3, height: 2))
        #expect(s.inset(by: 3).isEmpty)
        #expect(s.intersection(Rect(x: 4, y: 0, width: 10, height: 2)) == Rect(x: 4, y: 1, width: 2, height: 1))
        #expect(s.intersection(Rect(x: 20, y: 20, width: 1, height: 1)).isEmpty)
    }

    @Test func gridFillBlitAndRows() {
        var grid = CellGrid(width: 4, height: 3)
        grid.fill(Rect(x: -1, y: 1, width: 3, height: 5), with: Cell("#"))
        #expect(grid.plainLines() == ["    ", "##  ", "##  "])
        var stamp = CellGrid(width: 2, height: 2, fill: Cell("o"))
        stamp[1, 1] = Cell("x")
        grid.blit(stamp, atX: 3, y: -1)
        #expect(grid.plainLines() == ["   o", "##  ", "##  "])  // stamp row 0 is above the grid
        #expect(grid.row(1).map(\.grapheme).joined() == "##  ")
        #expect(grid.row(3).isEmpty && grid.row(-1).isEmpty)
        #expect(grid[9, 9] == .blank && grid[-1, 0] == .blank)
        grid[9, 9] = Cell("z")
        #expect(grid.cells.count == 12)
    }
}
