import App
import Canvas
import Foundation
import Testing
import Labs
import Scenes

/// The backprop lab's scenes: every decimal number a caption or an answer states is on the pane
/// when the scene holds on that text (read off the screen at 80x24, rounded as the caption writes it),
/// and the Korean texts state the same numbers as the English ones.
struct BackpropSceneTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    static let scenes = ["backpropagation", "chain-rule", "vanishing-gradients", "jacobian"]
    /// Numbers stated as theory or as the scene's settings, not read off the pane.
    static let stated: [String: Set<String>] = [
        "vanishing-gradients": ["-0.5", "0.5"],
    ]

    static func numbers(_ text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"-?\d+\.\d+(?:e[-+]?\d+)?"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
    }

    /// Whether the screen shows `claim` as written: the same digits after rounding, or for
    /// scientific notation the same two significant digits.
    static func shown(_ claim: String, on screen: [Double]) -> Bool {
        guard let value = Double(claim) else { return false }
        if claim.contains("e") { return screen.contains { abs($0 - value) <= 0.051 * abs(value) } }
        let decimals = claim.split(separator: ".").last?.count ?? 0
        let half = 0.5 * pow(10, -Double(decimals)) + 1e-12
        return screen.contains { abs($0 - value) <= half }
    }

    @Test(arguments: scenes)
    func everyNumberSaidIsOnThePane(_ name: String) throws {
        guard case .success(let script) = SceneScript.load(path: Self.root + "/scenes/\(name).yaml",
                                                            assets: AssetLocator(environment: [:], executablePath: "", packageRoot: Self.root)) else {
            Issue.record("\(name) does not load")
            return
        }
        let stage = SceneStage(script: script, width: 80, height: 24, theme: .builtIn(tier: .none), charset: .unicode, language: "en")
        let steps = script.scene.steps
        func text(_ index: Int, _ language: String) -> String? {
            switch steps[index].action {
            case .caption(let caption): return caption.text(in: language)
            case .question(let ask, let answer): return ask.text(in: language) + " " + answer.text(in: language)
            default: return nil
            }
        }
        var checked = 0
        for index in steps.indices {
            guard let english = text(index, "en") else { continue }
            #expect(Self.numbers(english) == Self.numbers(text(index, "ko") ?? ""), "\(name) step \(index + 1): en and ko differ")
            // The last moment the scene holds (waits for a key) before the next text: the pane
            // as the class sees it while this text is read.
            let next = steps.indices.first { $0 > index && text($0, "en") != nil } ?? steps.count
            let hold = (index..<next).last { k in
                if case .wait(seconds: nil) = steps[k].action { return true }
                if case .question = steps[k].action { return true }
                return false
            }
            let frame = stage.frame(at: script.time(afterStep: hold.map { $0 + 1 } ?? next)).plainLines()
            let pane = frame.prefix { !$0.hasPrefix("──") }.joined(separator: "\n")
            let screen = Self.numbers(pane).compactMap(Double.init)
            for claim in Self.numbers(english) where !(Self.stated[name] ?? []).contains(claim) {
                #expect(Self.shown(claim, on: screen), "\(name) step \(index + 1): \(claim) is not on the pane:\n\(pane)")
                checked += 1
            }
        }
        #expect(checked >= 5, "\(name): only \(checked) numbers checked")
    }
}
