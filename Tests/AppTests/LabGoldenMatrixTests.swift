@testable import App
import Canvas
import Foundation
import SimulationCore
import TestSupport
import Testing
@testable import Labs

/// Golden frames of `gradscope render --pane LAB` (the same code path) for every mode of the
/// linear, information and optimizer labs at 80x24, 120x40 and 200x60, each without colour
/// (the tier a monochrome terminal gets: level lines and glyphs carry what colour would) and
/// in ASCII (`LANG=C`): `Tests/AppTests/Goldens/LAB/MODE-WxH[-ascii].txt`
/// (`GRADSCOPE_UPDATE_GOLDENS=1` rewrites them; look at the diff as pictures). Every frame is
/// exactly the size asked, ASCII frames are ASCII only, no NaN is shown, and the picture grows
/// with the screen.
struct LabGoldenMatrixTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]

    struct Case: Sendable, CustomTestStringConvertible {
        var pane: PaneID
        var name: String
        var settings: [String]
        var steps: Int
        var testDescription: String { "\(pane.rawValue)/\(name)" }
    }

    static let cases: [Case] = [
        Case(pane: .linear, name: "transform", settings: [], steps: 0),
        Case(pane: .linear, name: "svd", settings: ["mode=svd"], steps: 90),
        Case(pane: .linear, name: "eigen", settings: ["mode=eigen", "preset=shear"], steps: 0),
        Case(pane: .linear, name: "inverse", settings: ["mode=inverse"], steps: 0),
        Case(pane: .linear, name: "norms", settings: ["mode=norms"], steps: 0),
        Case(pane: .linear, name: "wide", settings: ["mode=wide"], steps: 0),
        Case(pane: .linear, name: "sensitivity", settings: ["mode=sensitivity"], steps: 0),
        Case(pane: .linear, name: "pca", settings: ["mode=pca"], steps: 0),
        Case(pane: .linear, name: "similarity", settings: ["mode=similarity"], steps: 0),
        Case(pane: .entropy, name: "binary", settings: ["mode=binary"], steps: 0),
        Case(pane: .entropy, name: "distributions", settings: ["mode=distributions"], steps: 0),
        Case(pane: .entropy, name: "softmax", settings: ["mode=softmax"], steps: 0),
        Case(pane: .entropy, name: "gradcheck", settings: ["mode=gradcheck"], steps: 0),
        Case(pane: .entropy, name: "sampling", settings: ["mode=sampling"], steps: 120),
        Case(pane: .optimizer, name: "race", settings: [], steps: 120),
        Case(pane: .optimizer, name: "quadratic", settings: ["surface=quadratic", "condition=20"], steps: 60),
        Case(pane: .optimizer, name: "phase", settings: ["view=phase", "surface=quadratic", "optimizers=momentum"], steps: 40),
        Case(pane: .optimizer, name: "kkt", settings: ["surface=quadratic", "constraint=x + y >= 1"], steps: 200),
        Case(pane: .optimizer, name: "dual", settings: ["view=dual", "surface=quadratic", "constraint=x + y >= 1"], steps: 200),
    ]
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    static func render(_ lab: Case, size: (Int, Int), ascii: Bool) throws -> String {
        var configuration = AppConfiguration()
        configuration.forceASCII = ascii
        configuration.settings = try lab.settings.map { try SettingParser.command($0, pane: lab.pane) }
        return try Launch.render(configuration, target: .pane(lab.pane), width: size.0, height: size.1, steps: lab.steps, format: .text)
    }

    @Test(arguments: cases)
    func everyModeAtEverySizeMatchesItsGolden(_ lab: Case) throws {
        let folder = Self.root + "/Tests/AppTests/Goldens/" + lab.pane.rawValue
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var pictures: [Int] = []
        for size in Self.sizes {
            for ascii in [false, true] {
                let frame = try Self.render(lab, size: size, ascii: ascii)
                let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(lines.count == size.1 && lines.allSatisfy { $0.displayWidth == size.0 }, "\(lab.name) \(size)")
                if ascii { #expect(frame.unicodeScalars.allSatisfy { $0.isASCII }, "\(lab.name) \(size): not ASCII") }
                #expect(!frame.lowercased().contains("nan"), "\(lab.name) \(size) shows NaN:\n\(frame)")
                if !ascii { pictures.append(Self.pictureArea(lines.map(String.init))) }
                let file = folder + "/\(lab.name)-\(size.0)x\(size.1)\(ascii ? "-ascii" : "").txt"
                try expectGoldenFile(frame, at: file)
            }
        }
        // The picture grows with the screen: the box its dots and blocks cover is larger at
        // 120x40 than at 80x24, and larger again at 200x60 (a layout that gives the extra space
        // to text or leaves it empty fails here).
        #expect(pictures[0] < pictures[1] && pictures[1] < pictures[2],
                "\(lab.name): picture area at 80x24, 120x40, 200x60: \(pictures) cells")
    }

    /// Cells in the bounding box of the frame's braille dots and block elements (the plots and
    /// bars, not the text or the frame's border).
    static func pictureArea(_ lines: [String]) -> Int {
        var rows: [Int] = [], columns: [Int] = []
        for (y, line) in lines.enumerated() {
            var x = 0
            for character in line {
                if let scalar = character.unicodeScalars.first, (0x2800...0x28FF).contains(scalar.value) || (0x2580...0x259F).contains(scalar.value) {
                    rows.append(y)
                    columns.append(x)
                }
                x += String(character).displayWidth
            }
        }
        guard let top = rows.min(), let bottom = rows.max(), let left = columns.min(), let right = columns.max() else { return 0 }
        return (bottom - top + 1) * (right - left + 1)
    }
}
