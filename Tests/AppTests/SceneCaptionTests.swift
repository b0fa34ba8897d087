import App
import Canvas
import Foundation
import Panes
import SimulationCore
import Testing
import Labs
import Scenes

/// Every bundled scene played step by step: at each step the caption, question and answer
/// (in every language) agree with the frame that step draws — every `{pane.readout}` filled,
/// and no literal number beside a readout's label that differs from that readout there.
@Suite struct SceneCaptionTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    static var sceneFiles: [String] { BundledSceneTests.sceneFiles }

    /// The problems at each step of the scene at `path`: (step, message).
    static func problems(_ path: String) throws -> [(step: Int, message: String)] {
        let script = try #require(try? SceneScript.load(path: path, assets: AssetLocator(environment: [:], executablePath: "", packageRoot: root)).get())
        var found: [(Int, String)] = []
        for language in script.languages {
            let stage = SceneStage(script: script, width: 120, height: 40, theme: Theme.builtIn(tier: .none),
                                   charset: .unicode, language: language)
            // The moments a presenter stops at: each wait and question (its answer shown), and the end.
            let holds = script.scene.steps.indices.filter { index in
                switch script.scene.steps[index].action {
                case .wait, .question: return true
                default: return false
                }
            }.map { $0 + 1 } + [script.scene.steps.count]
            for step in Set(holds).sorted() {
                let moment = stage.moment(afterStep: step)
                for text in [moment.narration.caption, moment.narration.question, moment.narration.answer].compactMap({ $0 }) {
                    for problem in CaptionConsistency.problems(in: text, snapshots: moment.snapshots, panes: script.scene.layout.panes) {
                        found.append((step, "\(language) step \(step): \(problem)"))
                    }
                }
            }
        }
        return found
    }

    @Test(arguments: sceneFiles) func everyCaptionMatchesItsFrame(_ file: String) throws {
        let problems = try Self.problems(Self.root + "/scenes/" + file)
        #expect(problems.isEmpty, Comment(rawValue: "\(file):\n" + problems.map(\.message).joined(separator: "\n")))
    }

    /// The captions the scenes had before they quoted live readouts: the check finds the three
    /// a teacher found (issue 16), at their steps.
    @Test func catchesTheStaleCaptions() throws {
        let backprop = try Self.problems(Self.root + "/Tests/AppTests/Goldens/fixtures/stale-backpropagation.yaml")
        let sgd = try Self.problems(Self.root + "/Tests/AppTests/Goldens/fixtures/stale-sgd-noise.yaml")
        func english(_ problems: [(step: Int, message: String)]) -> [String] {
            problems.map(\.message).filter { $0.hasPrefix("en ") }
        }
        // backpropagation.yaml, the η = 10 step: "epoch 100: train loss 2.4337 ... 62.4%".
        #expect(english(backprop).contains { $0.contains("'epoch 100' but boundary.epoch shows 200") }, "\(english(backprop))")
        #expect(english(backprop).contains { $0.contains("'loss 2.4337' but boundary.loss shows") }, "\(english(backprop))")
        // sgd-noise.yaml: the batch-1 step and the unshuffled step.
        #expect(english(sgd).contains { $0.contains("'epoch 60' but boundary.epoch shows 120") }, "\(english(sgd))")
        #expect(english(sgd).contains { $0.contains("'loss 0.2318' but boundary.loss shows 0.0798") }, "\(english(sgd))")
        #expect(english(sgd).contains { $0.contains("'loss 1.8388' but boundary.loss shows") }, "\(english(sgd))")
        #expect(english(sgd).contains { $0.contains("'accuracy 63.6%' but boundary.accuracy shows") }, "\(english(sgd))")
    }

    /// The checker itself, on literal captions.
    @Test func literalsBesideALabelAreCompared() {
        let found = CaptionConsistency.problems(in: "epoch 60: train loss 0.2318, acc 92.4%", snapshots: [:], panes: [])
        #expect(found.isEmpty)  // no snapshot: nothing to compare against
        #expect(CaptionConsistency.problems(in: "loss [n/a]", snapshots: [:], panes: []).count == 1)
        #expect(CaptionConsistency.problems(in: "loss {boundary.loss}", snapshots: [:], panes: []).count == 1)
    }
}

/// A readout's value reader and its pane agree: in every view of every lab, each readout the
/// snapshot shows reads the very text the pane draws beside its label.
@Suite struct ReadoutReadingTests {
    @Test func everyReadingIsTheTextThePaneDraws() {
        var checked = 0
        for lab in LabRegistry.all {
            for snapshot in LabDescriptionTests.views(of: lab) {
                let context = PaneContext(width: 118, height: 37, theme: Theme.builtIn(tier: .none), charset: .unicode,
                                          snapshot: snapshot, isFocused: true, isZoomed: true)
                let drawn = lab.pane.render(context).plainText()
                for spec in lab.readouts {
                    guard let reading = spec.read(snapshot, .unicode), !reading.text.isEmpty else { continue }
                    checked += 1
                    // A long text may be cut at the readout column's edge: its start must be drawn.
                    let shown = drawn.contains(reading.text) || (reading.text.count > 20 && drawn.contains(reading.text.prefix(20)))
                    #expect(shown, "\(lab.id.rawValue).\(spec.name) reads '\(reading.text)', not drawn:\n\(drawn)")
                }
            }
        }
        #expect(checked > 500)
    }

    @Test func anUnavailableReadoutShowsAMarkerNotANumber() {
        #expect(CaptionTemplate.resolve("loss {boundary.loss}, det {linear.det:.2f}", snapshots: [:]) == "loss [n/a], det [n/a]")
        #expect(CaptionTemplate.resolve("no {placeholder} here {0,1}", snapshots: [:]) == "no {placeholder} here {0,1}")
    }
}
