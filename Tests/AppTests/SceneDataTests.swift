@testable import App
import Foundation
import SimulationCore
import SimulationEngine
import Testing
@testable import Labs
@testable import Scenes

/// Where the bundled scenes and assets are found, scenes by name, and where sessions are saved.
@Suite struct SceneDataTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]

    /// A fresh empty folder under the system's temporary folder.
    func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "gradscope-data-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A data folder holding one scene, `name.yaml`, and an assets/themes folder.
    func dataFolder(scene name: String) throws -> String {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/scenes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/assets/themes", withIntermediateDirectories: true)
        try "title: {en: A test scene, ko: 시험 장면}\nsteps:\n  - caption: hello\n"
            .write(toFile: folder + "/scenes/\(name).yaml", atomically: true, encoding: .utf8)
        return folder
    }

    /// Folders named by the environment are echoed with their controls shown, not obeyed and
    /// not silently half-removed (ESC [31m would leave "[31m" looking like part of the name).
    @Test func environmentFoldersAreEchoedWithTheirControlsShown() {
        let locator = AssetLocator(environment: ["GRADSCOPE_DATA": "/tmp/\u{1b}[31mx", "GRADSCOPE_ASSETS": "/nowhere/\u{7}a"],
                                   executablePath: "/tmp/somewhere/gradscope", packageRoot: nil)
        #expect(locator.scenesOrigin.hasSuffix("($GRADSCOPE_DATA=/tmp/\\x1b[31mx is not a folder)"), "\(locator.scenesOrigin)")
        #expect(locator.origin == "built-in defaults ($GRADSCOPE_ASSETS=/nowhere/\\x07a is not a folder)")
        #expect(!(locator.scenesOrigin + locator.origin).unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func aCopiedBinaryFindsThePackageItWasBuiltFrom() {
        let locator = AssetLocator(environment: [:], executablePath: "/tmp/somewhere/gradscope")
        #expect(locator.scenesDirectory == Self.root + "/scenes")
        #expect(locator.directory == Self.root + "/assets")
        #expect(locator.scenesOrigin == "scenes from \(Self.root)/scenes (the package it was built from)")
        #expect(locator.scene(named: "svd") == Self.root + "/scenes/svd.yaml")
        #expect(locator.scene(named: "svd.yaml") == Self.root + "/scenes/svd.yaml")
        #expect(locator.scene(named: "../svd") == nil)
        #expect(locator.sceneNames.contains("perceptron"))
    }

    @Test func gradscopeDataComesFirstThenBesideTheExecutableThenXDG() throws {
        let data = try dataFolder(scene: "mine")
        let beside = try dataFolder(scene: "beside")
        let xdg = try dataFolder(scene: "xdg")
        try FileManager.default.createDirectory(atPath: xdg + "/gradscope", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: xdg + "/scenes", toPath: xdg + "/gradscope/scenes")
        defer { for folder in [data, beside, xdg] { try? FileManager.default.removeItem(atPath: folder) } }

        let all = AssetLocator(environment: ["GRADSCOPE_DATA": data, "XDG_DATA_HOME": xdg],
                               executablePath: beside + "/gradscope", packageRoot: nil)
        #expect(all.sceneNames == ["mine"])
        #expect(all.scenesOrigin == "scenes from \(data)/scenes ($GRADSCOPE_DATA)")
        #expect(all.directory == data + "/assets")

        let noVariable = AssetLocator(environment: ["XDG_DATA_HOME": xdg], executablePath: beside + "/gradscope", packageRoot: nil)
        #expect(noVariable.sceneNames == ["beside"])
        #expect(noVariable.scenesOrigin == "scenes from \(beside)/scenes (beside the executable)")

        let onlyXDG = AssetLocator(environment: ["XDG_DATA_HOME": xdg], executablePath: "/nonexistent/bin/gradscope", packageRoot: nil)
        #expect(onlyXDG.sceneNames == ["xdg"])
        #expect(onlyXDG.scenesOrigin == "scenes from \(xdg)/gradscope/scenes ($XDG_DATA_HOME/gradscope)")

        let shared = AssetLocator(environment: ["XDG_DATA_DIRS": "relative/ignored:" + xdg], executablePath: "", packageRoot: nil)
        #expect(shared.sceneNames == ["xdg"])
        #expect(shared.searched.map(\.folder) == [xdg + "/gradscope"])
    }

    @Test func nothingFoundSaysWhereItLookedAndABadVariableIsNamed() {
        let locator = AssetLocator(environment: ["GRADSCOPE_DATA": "/nonexistent/data", "XDG_DATA_DIRS": "/nonexistent/share"],
                                   executablePath: "", packageRoot: nil)
        #expect(locator.scenesDirectory == nil && locator.directory == nil)
        #expect(locator.scenesOrigin == "no bundled scenes (looked in /nonexistent/data, /nonexistent/share/gradscope; "
                + "set GRADSCOPE_DATA to a folder holding scenes/) ($GRADSCOPE_DATA=/nonexistent/data is not a folder)")
        #expect(locator.origin.hasPrefix("built-in defaults (no assets/ found: looked in /nonexistent/data"))
        #expect(SceneMenu.bundled(language: "en", assets: locator).entries.isEmpty)
    }

    @Test func aSceneArgumentIsAFileOrABundledName() throws {
        let data = try dataFolder(scene: "mine")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let locator = AssetLocator(environment: ["GRADSCOPE_DATA": data], executablePath: "", packageRoot: nil)
        #expect(try Launch.scenePath("mine", assets: locator) == data + "/scenes/mine.yaml")
        #expect(try Launch.scenePath("mine.yaml", assets: locator) == data + "/scenes/mine.yaml")
        #expect(try Launch.scenePath("some/file.yaml", assets: locator) == "some/file.yaml")
        #expect(throws: GradscopeError.self) { try Launch.scenePath("mne", assets: locator) }
        do {
            _ = try Launch.scenePath("mne", assets: locator)
        } catch let error as GradscopeError {
            #expect(error.message == "'mne' is neither a file nor a bundled scene; did you mean 'mine'? (bundled: mine)")
            #expect(error.status == 2)
        }
    }

    @Test func theListShowsNamesTitlesInTheLanguageAndWhereTheyAre() throws {
        let data = try dataFolder(scene: "mine")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let locator = AssetLocator(environment: ["GRADSCOPE_DATA": data], executablePath: "", packageRoot: nil)
        #expect(Launch.bundledSceneList(language: "ko", assets: locator) == """
            Bundled scenes (gradscope play NAME [--lang ko]):
              mine  시험 장면

            scenes from \(data)/scenes ($GRADSCOPE_DATA)

            """)
    }

    @Test func sessionsGoToTheDataHomeNotTheCurrentFolder() {
        #expect(SessionWriter.defaultFolder(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/u"]) == "/x/data/gradscope/sessions")
        #expect(SessionWriter.defaultFolder(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/gradscope/sessions")
        #expect(SessionWriter.defaultFolder(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"])
                == "/home/u/.local/share/gradscope/sessions")
        #expect(SessionWriter.defaultFolder(environment: [:]) == nil)
    }

    @Test func savingShowsTheFullPathAndNeverOverwritesWithoutYes() throws {
        let home = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let folder = home + "/gradscope/sessions"
        guard case .success(let scene) = SceneParser.parse("title: t\nsteps:\n  - caption: hi\n  - run: {steps: 3}\n",
                                                           file: "/anywhere/determinant.yaml"),
              case .success(let script) = SceneScript.compile(scene) else { Issue.record("scene"); return }
        let engine = SimulationEngine(seed: 1, simulations: LabRegistry.all.map(\.simulation))
        defer { engine.stop() }
        let session = SceneSession(script: script, language: "en", engine: engine, saveFolder: folder)
        let layout = DashboardState(panes: [.linear])

        guard case .prompt(let prompt) = session.handle(.character("S")) else { Issue.record("no save prompt"); return }
        #expect(prompt.label == "save session as")
        #expect(prompt.initial == folder + "/determinant-session.yaml")
        #expect(session.answer("save", text: prompt.initial, layout: layout) == .notice("saved \(folder)/determinant-session.yaml"))
        let saved = try String(contentsOfFile: folder + "/determinant-session.yaml", encoding: .utf8)
        #expect(saved.hasPrefix("# Saved by gradscope from /anywhere/determinant.yaml"))

        // The next prompt offers a name not taken; the taken one asks first, and "n" keeps it.
        guard case .prompt(let second) = session.handle(.character("S")) else { Issue.record("no second prompt"); return }
        #expect(second.initial == folder + "/determinant-session-2.yaml")
        guard case .prompt(let confirm) = session.answer("save", text: prompt.initial, layout: layout) else {
            Issue.record("an existing file was not confirmed"); return
        }
        #expect(confirm.label == "\(folder)/determinant-session.yaml exists; overwrite? y/n")
        try "mine\n".write(toFile: folder + "/determinant-session.yaml", atomically: true, encoding: .utf8)
        #expect(session.answer(confirm.playerAction ?? "", text: "n", layout: layout) == .notice("not saved"))
        #expect(try String(contentsOfFile: folder + "/determinant-session.yaml", encoding: .utf8) == "mine\n")

        // A bare name goes into the sessions folder, never the current one.
        #expect(session.answer("save", text: "lecture.yaml", layout: layout) == .notice("saved \(folder)/lecture.yaml"))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/lecture.yaml"))
    }
}
