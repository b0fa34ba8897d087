@testable import App
import Canvas
import Foundation
import SimulationCore
import TestSupport
import Testing
@testable import Labs

/// Golden frames of `gradscope render --pane boundary` (the same code path): every view `v`
/// cycles through (output, hidden, neurons, pr, vc, bound), with the states that tell most,
/// at 80x24, 120x40 and 200x60 without colour (theme tier none: level lines stand in for the
/// heatmap), in ASCII at 80x24 and 120x40, and the colour frame's glyphs at 120x40 for the
/// views with colour: `Tests/AppTests/Goldens/boundary/` (`GRADSCOPE_UPDATE_GOLDENS=1`
/// rewrites them). `BoundaryGoldenTests` spells a few frames out.
struct BoundaryViewGoldenTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    static let goldens = root + "/Tests/AppTests/Goldens/boundary"

    /// (name, settings, steps).
    static let cases: [(String, [String], Int)] = [
        ("output-xor", [], 150),
        ("output-perceptron", ["dataset=linear", "model=perceptron", "lr=0.1"], 30),
        ("output-blobs3", ["dataset=blobs3", "layers=4"], 60),
        ("output-regression", ["dataset=bumps", "layers=8,8", "lr=0.1"], 200),
        // The last hidden layer has 2 units: the output's line w·h + b = 0 separates the classes there.
        ("hidden-separable", ["view=hidden", "layers=4,2", "hiddenLayer=1", "lr=0.1"], 300),
        // 2-2-1 tanh on XOR: every point on an edge of [-1, 1]², no line can split them.
        ("hidden-2-2-1", ["view=hidden", "layers=2"], 300),
        // Blobs through a 2-unit layer: three classes, the softmax's boundaries.
        ("hidden-blobs3", ["view=hidden", "dataset=blobs3", "layers=2", "lr=0.1"], 100),
        // A first layer of 4: two of its units, no output line (it lives in the last layer).
        ("hidden-first-layer", ["view=hidden"], 150),
        ("neurons", ["view=neurons"], 150),
        ("pr", ["view=pr"], 150),
        ("vc", ["view=vc"], 0),
        ("bound", ["view=bound"], 150),
    ]
    static let sizes = [(80, 24), (120, 40), (200, 60)]
    /// Frames drawn in colour too (their text: half blocks where the heatmap is).
    static let coloured: Set<String> = ["output-xor", "hidden-separable"]

    enum Variant: String { case none = "", ascii = "-ascii", colour = "-colour" }

    static func render(_ settings: [String], steps: Int, size: (Int, Int), variant: Variant) throws -> String {
        var configuration = AppConfiguration()
        configuration.forceASCII = variant == .ascii
        if variant == .colour { configuration.colorOverride = .palette256 }
        configuration.settings = try settings.map { try SettingParser.command($0, pane: .boundary) }
        return try Launch.render(configuration, target: .pane(.boundary), width: size.0, height: size.1, steps: steps, format: .text)
    }

    static var arguments: [(String, Int)] { cases.indices.flatMap { index in sizes.indices.map { (cases[index].0, $0) } } }

    @Test(arguments: arguments)
    func matchesItsGolden(_ name: String, _ sizeIndex: Int) throws {
        let (_, settings, steps) = Self.cases.first { $0.0 == name }!
        let size = Self.sizes[sizeIndex]
        var variants: [Variant] = [.none]
        if sizeIndex < 2 { variants.append(.ascii) }
        if sizeIndex == 1 && Self.coloured.contains(name) { variants.append(.colour) }
        for variant in variants {
            let frame = try Self.render(settings, steps: steps, size: size, variant: variant)
            let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == size.1 && lines.allSatisfy { $0.displayWidth == size.0 }, "\(name) \(size)")
            if variant == .ascii { #expect(frame.unicodeScalars.allSatisfy { $0.isASCII }, "\(name) \(size) ASCII frame has other characters") }
            #expect(!frame.contains("nan") && !frame.contains("?"), "\(name) \(size)")
            let file = Self.goldens + "/\(name)-\(size.0)x\(size.1)\(variant.rawValue).txt"
            try expectGoldenFile(frame, at: file)
        }
    }
}
