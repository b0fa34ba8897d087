@testable import App
import Canvas
import Foundation
import SimulationCore
import TestSupport
import Testing
@testable import Labs

/// Golden frames of `gradscope render --pane backprop` (the same code path), every view at
/// 80x24, 120x40 and 200x60 without colour, and in ASCII: `Tests/AppTests/Goldens/backprop/`
/// (`GRADSCOPE_UPDATE_GOLDENS=1` rewrites them). A few frames are spelled out here too, to read.
struct BackpropGoldenTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    static let goldens = root + "/Tests/AppTests/Goldens/backprop"

    /// (name, settings, steps): each view, and a second state of each where it tells more.
    static let cases: [(String, [String], Int)] = [
        ("graph", [], 0),
        ("graph-walk", ["stage=4", "select=1,0"], 0),
        ("graph-deep", ["layers=3,4,4,2", "output=softmax", "activation=relu", "target=1", "input=0.5,-1,0.25"], 0),
        ("matrices", ["view=matrices"], 0),
        ("matrices-batch", ["view=matrices", "batch=4"], 0),
        ("flow", ["view=flow"], 60),
        ("flow-relu", ["view=flow", "flowActivation=relu", "flowInit=he"], 60),
        ("chain", ["view=chain"], 0),
        ("chain-xy", ["view=chain", "formula=x*y + sin(x*y)", "x=0.5", "y=2", "path=2"], 0),
        ("jacobian", ["view=jacobian"], 0),
        ("jacobian-polar", ["view=jacobian", "map=polar", "side=0.1"], 0),
        ("matrix", ["view=matrix"], 0),
        ("matrix-linear", ["view=matrix", "function=linear", "entry=1,2"], 0),
    ]
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    static func render(_ settings: [String], steps: Int, size: (Int, Int), ascii: Bool = false) throws -> String {
        var configuration = AppConfiguration()
        configuration.forceASCII = ascii
        configuration.settings = try settings.map { try SettingParser.command($0, pane: .backprop) }
        return try Launch.render(configuration, target: .pane(.backprop), width: size.0, height: size.1, steps: steps, format: .text)
    }

    static var arguments: [(String, Int)] { cases.indices.flatMap { index in sizes.indices.map { (cases[index].0, $0) } } }

    @Test(arguments: arguments)
    func matchesItsGolden(_ name: String, _ sizeIndex: Int) throws {
        let (_, settings, steps) = Self.cases.first { $0.0 == name }!
        let size = Self.sizes[sizeIndex]
        for ascii in sizeIndex == 2 ? [false] : [false, true] {
            let frame = try Self.render(settings, steps: steps, size: size, ascii: ascii)
            let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == size.1 && lines.allSatisfy { $0.displayWidth == size.0 }, "\(name) \(size)")
            if ascii { #expect(frame.unicodeScalars.allSatisfy { $0.isASCII }, "\(name) \(size) ASCII frame has other characters") }
            #expect(!frame.contains("nan") && !frame.contains("?"), "\(name) \(size)")
            let file = Self.goldens + "/\(name)-\(size.0)x\(size.1)\(ascii ? "-ascii" : "").txt"
            try expectGoldenFile(frame, at: file)
        }
    }

    /// The chain rule at 80x24, read as the screen: the seeds' z = √(x² + 3x) at x = 1, two paths
    /// to x, ½ + ¾ = 1.25.
    @Test func theChainRuleReadsAsTheSeedsExample() throws {
        let lines = try Self.render(["view=chain"], steps: 0, size: (80, 24)).split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(10)) == [
            "┌─ Backpropagation ────────────────────────────────────────────────────────────┐",
            "│chain rule: z = √(x² + 3·x) at x = 1.000                    4/6 chain rule (v)│",
            "│node        value     ∂up/∂node ∂z/∂node   local rule                         │",
            "│√           2.000     —         1.000                                         │",
            "│└─ +        4.000     0.250     0.250      ∂√u/∂u = 1/(2√u)                   │",
            "│   ├─ ²     1.000     1.000     0.250      ∂(u+v)/∂u = 1                      │",
            "│   │  └─ x  1.000     2.000     0.500      path 1  ∂(u²)/∂u = 2u              │",
            "│   └─ ·     3.000     1.000     0.250      ∂(u+v)/∂v = 1                      │",
            "│      ├─ 3  3.000     1.000     0.250      ∂(u·v)/∂u = v                      │",
            "│      └─ x  1.000     3.000     0.750      path 2  ∂(u·v)/∂v = u              │",
        ])
        #expect(lines.contains("│dz/dx  0.500 + 0.750 = 1.250  (sum over 2 paths)                              │"))
    }
}
