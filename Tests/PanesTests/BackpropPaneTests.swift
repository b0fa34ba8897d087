import Canvas
@testable import Panes
import SimulationCore
import Testing

/// The backprop pane's pieces: links that say their sign without colour, matrices as heatmaps
/// with numbers, keys that send the lab's commands, clicks that select nodes; every view at
/// every size down to nothing.
struct BackpropPaneTests {
    func snapshot(_ changes: [(String, ParameterValue)] = []) throws -> BackpropSnapshot {
        var lab = BackpropSimulation(seed: 42)
        for (name, value) in changes { try lab.apply(name, value) }
        return lab.snapshot()
    }

    /// Positive weights: a solid line; negative: dashed (two dots on, two off); |w| ≥ 0.5 two dots
    /// thick, ≥ 1.5 three.
    @Test func linksShowTheSignAndSizeOfTheirWeight() {
        func dots(_ weight: Double) -> (row: [Bool], rows: Set<Int>) {
            var canvas = DotCanvas(width: 20, height: 3, charset: .unicode)
            BackpropDrawing.link(&canvas, from: (0, 5), to: (39, 5), weight: weight, style: .plain)
            let rows = Set((0..<12).filter { y in (0..<40).contains { canvas.isSet(x: $0, y: y) } })
            return ((0..<40).map { canvas.isSet(x: $0, y: 5) }, rows)
        }
        #expect(dots(0.3).row.allSatisfy { $0 } && dots(0.3).rows == [5])
        #expect(dots(1).rows == [5, 6] && dots(2).rows == [4, 5, 6])
        let dashed = dots(-0.3).row
        #expect(Array(dashed.prefix(8)) == [true, true, false, false, true, true, false, false])
    }

    @Test func aMatrixIsAHeatmapWithItsNumbers() {
        var grid = CellGrid(width: 20, height: 2)
        let context = PaneContext(width: 20, height: 2, theme: .builtIn(tier: .none), charset: .unicode)
        BackpropDrawing.drawMatrix(&grid, [[1, -0.5], [0, 2]], x: 0, y: 0, decimals: 1, context: context)
        #expect(grid.plainLines() == ["⎡▒ 1.0 ░-0.5⎤       ", "⎣· 0.0 █ 2.0⎦       "])
        var ascii = CellGrid(width: 20, height: 2)
        BackpropDrawing.drawMatrix(&ascii, [[1, -0.5], [0, 2]], x: 0, y: 0, decimals: 1,
                                   context: PaneContext(width: 20, height: 2, theme: .builtIn(tier: .none), charset: .ascii))
        #expect(ascii.plainLines() == ["[+ 1.0 :-0.5]       ", "[. 0.0 # 2.0]       "])
    }

    @Test func keysSendTheLabsCommands() throws {
        let pane = BackpropPane(), s = try snapshot()
        func command(_ key: PaneKey, _ s: BackpropSnapshot) -> Command? {
            if case .command(let command)? = pane.input(for: key, snapshot: s) { return command }
            return nil
        }
        func set(_ parameter: String, _ value: ParameterValue) -> Command { .set(pane: .backprop, parameter: parameter, value: value) }
        #expect(command(.character("v"), s) == set("view", .text("matrices")))
        #expect(command(.character("V"), s) == set("view", .text("matrix")))
        #expect(command(.left, s) == set("stage", .integer(8)))
        #expect(command(.right, s) == set("stage", .integer(9)))
        #expect(command(.down, s) == set("select", .vector([0, 0])))
        #expect(command(.character("L"), s) == set("layers", .text("2,2,2,1")))
        #expect(command(.character("o"), s) == set("output", .text("softmax")))
        if case .prompt(let prompt)? = pane.input(for: .character("e"), snapshot: s) {
            #expect(prompt.parameter == "incoming" && prompt.kind == .text)
        } else {
            Issue.record("e does not prompt for the node's weights")
        }
        let chain = try snapshot([("view", .text("chain"))])
        #expect(command(.right, chain) == set("x", .number(1.1)))
        #expect(command(.character("p"), chain) == set("path", .integer(1)))
        let jacobian = try snapshot([("view", .text("jacobian"))])
        #expect(command(.character("m"), jacobian) == set("map", .text("polar")))
        #expect(command(.character("]"), jacobian) == set("side", .number(0.5)))
        let matrix = try snapshot([("view", .text("matrix"))])
        #expect(command(.left, matrix) == set("entry", .vector([0, 2])))
        #expect(command(.character("f"), matrix) == set("function", .text("trace")))
    }

    /// A click on a node's box selects that node (the same layout the pane draws with).
    @Test func clickingANodeSelectsIt() throws {
        let s = try snapshot()
        let layout = BackpropGraphView.layout(width: 98, height: 28, sizes: [2, 2, 1])
        let h2 = layout.rect(GraphNode(layer: 1, unit: 1))
        let input = BackpropPane().input(for: .click(x: h2.x + 2, y: h2.y + 1, width: 98, height: 28), snapshot: s)
        #expect(input == .command(.set(pane: .backprop, parameter: "select", value: .vector([1, 1]))))
        #expect(BackpropPane().input(for: .click(x: 0, y: 0, width: 98, height: 28), snapshot: s) == nil)
    }

    @Test func everyViewDrawsAtEverySizeAndInASCII() throws {
        for view in BackpropView.allCases {
            let s = try snapshot([("view", .text(view.rawValue))])
            for (width, height) in [(198, 58), (118, 38), (78, 22), (58, 11), (38, 9), (30, 8), (5, 2), (0, 0)] {
                for charset in [Charset.unicode, .ascii] {
                    let context = PaneContext(width: width, height: height, theme: .builtIn(tier: .palette256), charset: charset, snapshot: s)
                    let grid = BackpropPane().render(context)
                    #expect(grid.width == width && grid.height == height)
                    if charset == .ascii {
                        let text = grid.plainLines().joined()
                        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(view) \(width)x\(height)")
                    }
                }
            }
        }
    }
}

/// Every readout a scene can `highlight:` in the backprop lab is drawn under its label in some
/// view: highlighting it changes the frame (the line in reverse video).
struct BackpropReadoutTests {
    @Test func everyHighlightableReadoutIsOnSomeView() throws {
        let readouts = BackpropPane().readouts.map { ($0.name, $0.label) }
        #expect(readouts.count >= 10)
        var lab = BackpropSimulation(seed: 42)
        try lab.apply("batch", .integer(4))
        try lab.apply("formula", .text("x*y + sin(x*y)"))  // dz/dy needs a y
        for (name, label) in readouts {
            var found = false
            for view in BackpropView.allCases where !found {
                try lab.apply("view", .text(view.rawValue))
                for _ in 0..<(view == .flow ? 2 : 0) { lab.step() }
                let s = lab.snapshot()
                func frame(_ highlight: String?) -> CellGrid {
                    BackpropPane().render(PaneContext(width: 120, height: 40, theme: .builtIn(tier: .none), charset: .unicode,
                                                      snapshot: s, highlightedReadout: highlight))
                }
                found = frame(label) != frame(nil)
            }
            #expect(found, "readout \(name) ('\(label)') is drawn in no view")
        }
    }
}
