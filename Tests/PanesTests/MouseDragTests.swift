import Canvas
import Panes
import SimulationCore
import Testing

/// Dragging in the pictures, as a student's mouse would: find a label on the rendered screen,
/// press there, drag, and read the commands and the new picture.
struct MouseDragTests {
    static func render(_ pane: any Pane, _ snapshot: any SimulationSnapshot, width: Int, height: Int,
                       charset: Charset = .unicode) -> [String] {
        let context = PaneContext(width: width, height: height, theme: Theme.builtIn(tier: .palette256), charset: charset,
                                  snapshot: snapshot)
        return pane.render(context).plainLines()
    }

    /// The cell where `text` first shows (column in cells, the lines being plain text).
    static func find(_ text: String, in lines: [String]) -> (x: Int, y: Int)? {
        for (y, line) in lines.enumerated() {
            if let range = line.range(of: text) { return (line.distance(from: line.startIndex, to: range.lowerBound), y) }
        }
        return nil
    }

    static func pointer(_ phase: PanePointer.Phase, _ x: Int, _ y: Int, _ width: Int, _ height: Int,
                        button: PanePointer.Button = .left, modified: Bool = false, grabbed: String? = nil) -> PaneKey {
        .pointer(PanePointer(phase, x: x, y: y, width: width, height: height, button: button, modified: modified, grabbed: grabbed))
    }

    static func identity(spin: Bool = false) throws -> LinearSimulation {
        var lab = LinearSimulation(seed: 1)
        try lab.apply("spin", .flag(false))
        try lab.apply("matrix", .matrix([[1, 0], [0, 1]]))
        for _ in 0..<30 { lab.step() }
        try lab.apply("spin", .flag(spin))  // the probe at 30 degrees
        return lab
    }

    /// Press on Ae1's tip, drag four cells right and two up: the first column of A goes to the
    /// point under the pointer (on the plot's 0.05 grid), the second stays, and the picture and
    /// the readout follow.
    @Test func draggingAe1sTipMovesTheFirstColumn() throws {
        var lab = try Self.identity()
        let pane = LinearPane()
        let before = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        let tip = try #require(Self.find("Ae1", in: before))
        #expect(tip.y == 9)  // beside the tip (1, 0), on the row above the x axis (labels keep off it)
        #expect(pane.input(for: Self.pointer(.press, tip.x, tip.y, 80, 24), snapshot: lab.snapshot()) == .grab("e1", command: nil))
        let moved = pane.input(for: Self.pointer(.drag, tip.x + 4, tip.y - 2, 80, 24, grabbed: "e1"), snapshot: lab.snapshot())
        #expect(moved == .command(.setFrame(pane: .linear, parameter: "matrix", value: .matrix([[1.4, 0], [0.5, 1]]))))
        try lab.setImmediately("matrix", to: .matrix([[1.4, 0], [0.5, 1]]))
        let after = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        #expect(after[0].hasSuffix("A = [   1.400   0.000 ] "))
        #expect(after[1].hasSuffix("    [   0.500   1.000 ] "))
        // The label went up with the tip.
        #expect(try #require(Self.find("Ae1", in: after)).y < tip.y)
        // Ae2's drag moves only the second column.
        let e2 = try #require(Self.find("Ae2", in: after))
        #expect(pane.input(for: Self.pointer(.press, e2.x, e2.y, 80, 24), snapshot: lab.snapshot()) == .grab("e2", command: nil))
        #expect(pane.input(for: Self.pointer(.drag, e2.x - 3, e2.y, 80, 24, grabbed: "e2"), snapshot: lab.snapshot())
                == .command(.setFrame(pane: .linear, parameter: "matrix", value: .matrix([[1.4, -0.6], [0.5, 1.2]]))))
    }

    /// In ASCII the readout column is wider ("||A||inf" for "‖A‖∞") and the plot narrower: a
    /// pointer told the spelling hits the tips where that frame drew them.
    @Test func asciiTipsAreHitWhereASCIIDrawsThem() throws {
        let lab = try Self.identity()
        let pane = LinearPane()
        let ascii = Self.render(pane, lab.snapshot(), width: 80, height: 24, charset: .ascii)
        let unicode = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        let tip = try #require(Self.find("Ae1", in: ascii))
        #expect(tip.x < (try #require(Self.find("Ae1", in: unicode))).x)
        let press = PanePointer(.press, x: tip.x, y: tip.y, width: 80, height: 24, charset: .ascii)
        #expect(pane.input(for: .pointer(press), snapshot: lab.snapshot()) == .grab("e1", command: nil))
        var drag = PanePointer(.drag, x: tip.x, y: tip.y - 2, width: 80, height: 24, grabbed: "e1", charset: .ascii)
        guard case .command(.setFrame(_, _, .matrix(let m))) = pane.input(for: .pointer(drag), snapshot: lab.snapshot()) else {
            Issue.record("no drag command"); return
        }
        // Two rows up from the label: the first column's tip comes to the pointer, above the axis.
        #expect(m[1][0] > 0 && m[0][1] == 0 && m[1][1] == 1)
        // The same cell read in the Unicode layout is another point of the plane.
        drag.charset = .unicode
        #expect(pane.input(for: .pointer(drag), snapshot: lab.snapshot()) != .command(.setFrame(pane: .linear, parameter: "matrix", value: .matrix(m))))
    }

    /// The probe turns to the pointer's direction in whole degrees; a press on a spinning probe
    /// stops the spin first.
    @Test func draggingTheProbeTurnsIt() throws {
        var lab = try Self.identity(spin: true)
        let pane = LinearPane()
        let lines = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        // The probe's label, "x" alone (A is the identity, so Ax is drawn beside it).
        let (column, row) = try #require(Self.standaloneX(in: lines))
        #expect(pane.input(for: Self.pointer(.press, column, row, 80, 24), snapshot: lab.snapshot())
                == .grab("x", command: .set(pane: .linear, parameter: "spin", value: .flag(false))))
        try lab.apply("spin", .flag(false))
        // Left of the origin, on the axis: 180 degrees.
        #expect(pane.input(for: Self.pointer(.drag, 3, 10, 80, 24, grabbed: "x"), snapshot: lab.snapshot())
                == .command(.set(pane: .linear, parameter: "probe", value: .number(Double.pi))))
        // Up near the y axis, two cells left of it: 109 degrees.
        let up = pane.input(for: Self.pointer(.drag, 24, 2, 80, 24, grabbed: "x"), snapshot: lab.snapshot())
        #expect(up == .command(.set(pane: .linear, parameter: "probe", value: .number(109 * Double.pi / 180))))
        try lab.apply("probe", .number(109 * Double.pi / 180))
        #expect(Self.render(pane, lab.snapshot(), width: 80, height: 24)[13].hasSuffix("x  = (-0.326, 0.946)    "))
    }

    /// Where the probe's label "x" is: an x in the plot with no letter either side ("Ax" is the
    /// image's label).
    static func standaloneX(in lines: [String]) -> (x: Int, y: Int)? {
        for (row, line) in lines.enumerated() {
            let cells = Array(line.prefix(48))
            for column in cells.indices where cells[column] == "x" {
                let before = column > 0 ? cells[column - 1] : " ", after = column + 1 < cells.count ? cells[column + 1] : " "
                if !before.isLetter && !after.isLetter { return (column, row) }
            }
        }
        return nil
    }

    /// Only a left press near a tip takes hold; nothing to take in the views without tips.
    @Test func pressesThatTakeNothing() throws {
        var lab = try Self.identity()
        let pane = LinearPane()
        let tip = try #require(Self.find("Ae1", in: Self.render(pane, lab.snapshot(), width: 80, height: 24)))
        #expect(pane.input(for: Self.pointer(.press, 2, 20, 80, 24), snapshot: lab.snapshot()) == nil)
        #expect(pane.input(for: Self.pointer(.press, tip.x, tip.y, 80, 24, button: .right), snapshot: lab.snapshot()) == nil)
        #expect(pane.input(for: Self.pointer(.release, tip.x, tip.y, 80, 24, grabbed: "e1"), snapshot: lab.snapshot()) == nil)
        try lab.apply("mode", .text("svd"))
        #expect(pane.input(for: Self.pointer(.press, tip.x, tip.y, 80, 24), snapshot: lab.snapshot()) == nil)
        try lab.apply("mode", .text("sensitivity"))
        #expect(pane.input(for: Self.pointer(.drag, tip.x, tip.y, 80, 24, grabbed: "e1"), snapshot: lab.snapshot()) == nil)
    }

    static func distributions() throws -> EntropySimulation {
        var lab = EntropySimulation(seed: 1)
        try lab.apply("mode", .text("distributions"))
        try lab.apply("p", .vector([1, 1, 1, 1]))
        try lab.apply("q", .vector([4, 3, 2, 1]))
        for _ in 0..<30 { lab.step() }
        return lab
    }

    /// At 80x24 the bars stand on row 20 and a full bar is 0.40 (21 rows): a press on P1's bar
    /// at row 10 sets p1 to 11/21 of 0.40 on a 0.01 grid, 0.21, and the other three share the
    /// remaining 0.79 as they shared the rest before (equally); the readouts follow.
    @Test func draggingABarOfPRenormalisesTheRest() throws {
        var lab = try Self.distributions()
        let pane = EntropyPane()
        let lines = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        #expect(lines[0].hasPrefix("0.40    ▓▓▓ "))
        #expect(lines[20].hasPrefix("   0 ███▓▓▓  ███▓▓▓  ███▓▓▓  ███▓▓▓ "))
        let rest: Double = 0.79 / 3
        let p1 = PaneInput.grab("P1", command: .setFrame(pane: .entropy, parameter: "p", value: .vector([0.21, rest, rest, rest])))
        for x in 5...7 { #expect(pane.input(for: Self.pointer(.press, x, 10, 80, 24), snapshot: lab.snapshot()) == p1) }
        // Q1's bar is the next three columns; between the outcomes there is nothing to take.
        guard case .grab("Q1", _)? = pane.input(for: Self.pointer(.press, 8, 10, 80, 24), snapshot: lab.snapshot()) else {
            Issue.record("no Q1 bar at column 8")
            return
        }
        #expect(pane.input(for: Self.pointer(.press, 11, 10, 80, 24), snapshot: lab.snapshot()) == nil)
        try lab.setImmediately("p", to: .vector([0.21, rest, rest, rest]))
        let after = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        #expect(after[2].hasSuffix("H(P)   1.9936 bits          "))
        #expect(after[8].hasSuffix("outcome 1: p=0.210 q=0.400  "))
        // Dragged down below the bars: p1 = 0, the rest 1/3 each.
        let third: Double = 1.0 / 3
        let emptied = PaneInput.command(.setFrame(pane: .entropy, parameter: "p", value: .vector([0, third, third, third])))
        #expect(pane.input(for: Self.pointer(.drag, 6, 23, 80, 24, grabbed: "P1"), snapshot: lab.snapshot()) == emptied)
        // The top row goes past the scale (0.40 -> 0.50), so a bar can outgrow it.
        guard case .command(.setFrame(_, "q", .vector(let q)))? =
                pane.input(for: Self.pointer(.drag, 9, 0, 80, 24, grabbed: "Q1"), snapshot: lab.snapshot()) else {
            Issue.record("no q from the drag")
            return
        }
        #expect(q[0] == 0.5)
        #expect(abs(q.reduce(0, +) - 1) < 1e-12)
        #expect(abs(q[1] / q[2] - 1.5) < 1e-12)  // the rest keep their proportions (3 : 2 : 1)
    }

    /// In the softmax view a drag to the right warms T (x2 every 8 cells), to the left cools it;
    /// in the binary view p follows the pointer along the curve.
    @Test func draggingTheTemperatureAndTheCoin() throws {
        var lab = EntropySimulation(seed: 1)
        try lab.apply("mode", .text("softmax"))
        try lab.apply("temperature", .number(1))
        let pane = EntropyPane()
        let grab = pane.input(for: Self.pointer(.press, 20, 10, 80, 24), snapshot: lab.snapshot())
        #expect(grab == .grab("T 1.0 20", command: nil))
        func dragged(to x: Int) -> PaneInput? {
            pane.input(for: Self.pointer(.drag, x, 12, 80, 24, grabbed: "T 1.0 20"), snapshot: lab.snapshot())
        }
        #expect(dragged(to: 28) == .command(.set(pane: .entropy, parameter: "temperature", value: .number(2))))
        #expect(dragged(to: 4) == .command(.set(pane: .entropy, parameter: "temperature", value: .number(0.25))))
        #expect(dragged(to: 23) == .command(.set(pane: .entropy, parameter: "temperature", value: .number(1.3))))
        try lab.apply("mode", .text("binary"))
        guard case .grab("coin", .set(_, "coin", .number(let coin))?)? =
                pane.input(for: Self.pointer(.press, 30, 10, 80, 24), snapshot: lab.snapshot()) else {
            Issue.record("the press on the curve took no coin")
            return
        }
        #expect(coin > 0.5 && coin < 0.7)
        #expect(coin == (coin * 100).rounded() / 100)
    }

    /// A click in the output view adds a training point under the pointer, on the plot's round
    /// step (0.2 at 80x24): left class 0, right class 1 (or a modified left), middle class 2
    /// where there is one.
    @Test func clicksAddTrainingPoints() throws {
        var lab = BoundarySimulation(seed: 1)
        let pane = BoundaryPane()
        let lines = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        #expect(lines[10].hasPrefix(" 0┤"))                          // row 10 is y = 0
        #expect(lines[22].hasPrefix("   -6      -4     -2      0 "))  // column 26 is just right of x = 0
        func click(_ x: Int, _ y: Int, _ button: PanePointer.Button = .left, modified: Bool = false) -> PaneInput? {
            pane.input(for: Self.pointer(.press, x, y, 80, 24, button: button, modified: modified), snapshot: lab.snapshot())
        }
        func point(_ x: Double, _ y: Double, _ label: Double) -> PaneInput {
            .command(.set(pane: .boundary, parameter: "addPoint", value: .vector([x, y, label])))
        }
        #expect(click(26, 10) == point(0.2, 0, 0))
        #expect(click(26, 10, .right) == point(0.2, 0, 1))
        #expect(click(26, 10, modified: true) == point(0.2, 0, 1))
        #expect(click(26, 10, .middle) == nil)  // xor has two classes
        #expect(click(36, 6) == point(3, 2.2, 0))
        #expect(click(79, 0) == nil)  // the readout column
        // Drags and releases add nothing (one point a click).
        #expect(pane.input(for: Self.pointer(.drag, 26, 10, 80, 24, grabbed: "x"), snapshot: lab.snapshot()) == nil)
        #expect(lines[6].dropFirst(36).hasPrefix("△▲△▲▲▲"))
        try lab.apply("addPoint", .vector([3, 2.2, 0]))
        let after = Self.render(pane, lab.snapshot(), width: 80, height: 24)
        #expect(after[1].hasSuffix("data   251/250 +1 added       "))
        #expect(after[6].dropFirst(36).hasPrefix("●▲△▲▲▲"))  // the new class-0 point among class 1
        #expect(pane.input(for: .backspace, snapshot: lab.snapshot())
                == .command(.set(pane: .boundary, parameter: "addedPoints", value: .vector([]))))
        // t / T: the split in tenths.
        #expect(pane.input(for: .character("T"), snapshot: lab.snapshot())
                == .command(.set(pane: .boundary, parameter: "trainFraction", value: .number(0.6))))
        #expect(pane.input(for: .character("t"), snapshot: lab.snapshot())
                == .command(.set(pane: .boundary, parameter: "trainFraction", value: .number(0.4))))
    }

    /// At every size the mouse maps through the layout the pane draws with: a press on the
    /// drawn Ae1, Ae2 and x labels takes those tips, and a click on the boundary plot's 0 ticks
    /// lands within a cell of the origin.
    @Test(arguments: [(80, 24), (100, 30), (120, 40), (200, 60), (60, 20)])
    func theMouseFollowsThePictureAtEverySize(width: Int, height: Int) throws {
        let lab = try Self.identity()
        let pane = LinearPane()
        var moved = lab
        try moved.setImmediately("matrix", to: .matrix([[2, -1], [0.5, 1.5]]))
        try moved.apply("probe", .number(2.5))
        let lines = Self.render(pane, moved.snapshot(), width: width, height: height)
        for (label, name) in [("Ae1", "e1"), ("Ae2", "e2")] {
            let at = try #require(Self.find(label, in: lines), "\(label) not drawn at \(width)x\(height)")
            #expect(pane.input(for: Self.pointer(.press, at.x, at.y, width, height), snapshot: moved.snapshot()) == .grab(name, command: nil),
                    "\(label) at \(width)x\(height)")
        }
        var boundary = BoundarySimulation(seed: 1)
        try boundary.apply("view", .text("output"))
        let plot = Self.render(BoundaryPane(), boundary.snapshot(), width: width, height: height)
        guard let row = plot.firstIndex(where: { $0.hasPrefix(" 0┤") || $0.hasPrefix("0┤") }) else { return }  // no axes when small
        let input = BoundaryPane().input(for: Self.pointer(.press, plot[row].count / 4, row, width, height), snapshot: boundary.snapshot())
        guard case .command(.set(_, "addPoint", .vector(let point)))? = input else {
            Issue.record("no point from a click on the 0 row at \(width)x\(height)")
            return
        }
        let cell = 12.0 / Double(height)  // at most one cell's height in the world (the plot is at most this tall)
        #expect(abs(point[1]) <= 2 * cell, "the 0 row at \(width)x\(height) is y = \(point[1])")
    }
}
