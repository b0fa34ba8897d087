import App
import Canvas
import Foundation
import TestSupport
import Testing
import Labs
import Scenes

/// Every bundled scene in `scenes/`: it passes `check`, plays to the end headlessly (every step's
/// moment drawn, in both languages), and its last step matches its golden frame
/// (`Tests/AppTests/Goldens/scenes/NAME.txt`; `GRADSCOPE_UPDATE_GOLDENS=1 swift test` rewrites them).
@Suite struct BundledSceneTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    static let goldens = root + "/Tests/AppTests/Goldens/scenes"
    static var sceneFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/scenes")) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// One scene per topic of the seeds (the lecture series).
    @Test func theSeriesCoversEveryTopic() {
        let topics = ["matrix-transformation", "determinant", "eigenvectors", "svd", "condition-number", "norms",
                      "perceptron", "representation-learning", "classifier-metrics", "vc-dimension", "entropy",
                      "cross-entropy-kl", "softmax-temperature", "softmax-derivative", "gradient-check",
                      "backpropagation", "step-size", "momentum", "adaptive-optimizers", "saddle-points",
                      "kkt-constraints", "sgd-noise", "importance-sampling", "chain-rule", "vanishing-gradients", "jacobian", "pca"]
        let present = Set(Self.sceneFiles.map { String($0.dropLast(5)) })
        #expect(topics.filter { !present.contains($0) } == [])
    }

    @Test(arguments: sceneFiles) func playsToTheEndAndMatchesItsGolden(_ file: String) throws {
        let path = Self.root + "/scenes/" + file
        let script: SceneScript
        switch SceneScript.load(path: path, assets: AssetLocator(environment: [:], executablePath: "", packageRoot: Self.root)) {
        case .success(let loaded): script = loaded
        case .failure(let problems):
            Issue.record("\(file) does not pass check:\n\(problems)")
            return
        }
        #expect(script.languages.contains("en") && script.languages.contains("ko"), "\(file) needs en and ko")
        for language in ["en", "ko"] {
            let stage = SceneStage(script: script, width: 80, height: 24, theme: Theme.builtIn(tier: .none),
                                   charset: .unicode, language: language)
            for step in 0...script.scene.steps.count {
                let frame = stage.frame(at: script.time(afterStep: step)).plainLines()
                #expect(frame.count == 24)
            }
        }
        let last = SceneStage(script: script, width: 80, height: 24, theme: Theme.builtIn(tier: .none),
                              charset: .unicode, language: "en")
            .frame(at: script.time(afterStep: script.scene.steps.count)).plainText() + "\n"
        let golden = Self.goldens + "/" + file.replacingOccurrences(of: ".yaml", with: ".txt")
        try expectGoldenFile(last, at: golden)
    }

    @Test func headlessFramesAreByteIdenticalAcrossRuns() throws {
        let path = Self.root + "/scenes/determinant.yaml"
        guard case .success(let script) = SceneScript.load(path: path) else { Issue.record("no scene"); return }
        func ansi() -> String {
            SceneStage(script: script, width: 100, height: 30, theme: Theme.builtIn(tier: .palette256),
                       charset: .unicode, language: "ko").frame(at: 7.3).ansiText()
        }
        #expect(ansi() == ansi())
        let cast = CastRecorder.cast(stage: SceneStage(script: script, width: 80, height: 24, theme: Theme.builtIn(tier: .palette256),
                                                       charset: .unicode, language: "en"), framesPerSecond: 5, title: "t")
        let lines = cast.split(separator: "\n")
        #expect(lines.first == #"{"version": 2, "width": 80, "height": 24, "title": "t", "env": {"TERM": "xterm-256color"}}"#)
        #expect(lines.filter { $0.contains(#", "m", "#) }.count == script.sections.count)
        // Every event is a JSON array [time, kind, text] with times that never go back.
        var last = -1.0
        for line in lines.dropFirst() {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any]
            let time = event?.first as? Double ?? -2
            #expect(time >= last)
            last = time
        }
    }
}
