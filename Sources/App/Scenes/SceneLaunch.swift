import Canvas
import Foundation
import SimulationCore
import SimulationEngine
import TerminalUI
import Labs
import Scenes
import Lecture

/// Where a headless scene frame is taken.
public enum SceneMoment: Sendable, Equatable {
    /// Seconds into the scene played by itself.
    case seconds(Double)
    /// The moment step N (1-based) is complete; 0 is the start.
    case step(Int)
}

extension Launch {
    /// `gradscope check FILE...`: every problem of every file, one `file:line:column: message`
    /// per line. Returns the report and the exit status (0 all good, 2 any problem).
    public static func check(paths: [String]) -> (report: String, status: Int32) {
        let assets = AssetLocator()
        var lines: [String] = []
        var failed = false
        for argument in paths {
            let path: String
            do { path = try scenePath(argument, assets: assets) } catch {
                failed = true
                lines.append("\(SceneLocation.shown(argument)): \((error as? GradscopeError)?.message ?? "\(error)")")
                continue
            }
            switch SceneScript.load(path: path, assets: assets) {
            case .failure(let problems):
                failed = true
                // Enough to act on; a file that is not a scene at all is not listed line by line.
                lines += problems.diagnostics.prefix(50).map(\.description)
                if problems.diagnostics.count > 50 {
                    lines.append("\(SceneLocation.shown(path)): ... and \(problems.diagnostics.count - 50) more problems")
                }
            case .success(let script):
                let scene = script.scene
                lines.append("\(SceneLocation.shown(path)): ok: \(scene.steps.count) steps, \(script.sections.count) sections, "
                             + SceneClock.format(script.duration) + " played by itself, languages "
                             + script.languages.joined(separator: ", "))
            }
        }
        return (lines.joined(separator: "\n") + "\n", failed ? 2 : 0)
    }

    /// `gradscope play FILE`: the dashboard playing a scene in presenter mode.
    public static func play(_ configuration: AppConfiguration, path: String, language: String) throws -> Int32 {
        let script = try loadScript(path)
        try Launch.requireTerminal(for: "play")
        let runner = DashboardRunner(configuration: configuration, assets: AssetLocator())
        do {
            return try runner.run(labs: LabRegistry.all, scene: script, language: language)
        } catch let error as TerminalError {
            throw GradscopeError(error.description)
        }
    }

    /// `gradscope record FILE -o OUT`: the scene played by itself as an asciinema v2 cast.
    /// Refuses to replace an existing OUT unless `overwrite`.
    public static func record(_ configuration: AppConfiguration, path: String, output: String, width: Int, height: Int,
                              framesPerSecond: Double, language: String, overwrite: Bool) throws -> String {
        let script = try loadScript(path)
        let tier = configuration.colorOverride ?? .palette256
        let charset: Charset = configuration.forceASCII ? .ascii : .unicode
        let (theme, _) = AssetLocator().theme(named: configuration.themeName, tier: tier)
        let stage = SceneStage(script: script, width: width, height: height, theme: theme, charset: charset, language: language)
        let cast = CastRecorder.cast(stage: stage, framesPerSecond: framesPerSecond,
                                     title: script.scene.title.text(in: stage.language))
        if output == "-" { return cast }
        do {
            try UserFile.write(cast, to: output, replacing: overwrite)
        } catch {
            throw GradscopeError("cannot record to \(error)" + (overwrite ? "" : " (--force replaces a regular file)"), status: 2)
        }
        return "\(SceneLocation.shown(output)): \(SceneClock.format(script.duration)), \(cast.utf8.count) bytes, \(script.sections.count) markers\n"
    }

    /// The bundled scenes with their titles in `language`, as `gradscope scenes` (and `play`
    /// with no scene) lists them: the `O` menu's list, names aligned, then where they are.
    public static func bundledSceneList(language: String, assets: AssetLocator = AssetLocator()) -> String {
        let menu = SceneMenu.bundled(language: language, assets: assets)
        guard !menu.entries.isEmpty else { return assets.scenesOrigin + "\n" }
        let names = menu.entries.map { URL(fileURLWithPath: $0.path).deletingPathExtension().lastPathComponent }
        let width = names.map(\.count).max() ?? 0
        let rows = zip(names, menu.entries).map { name, entry in
            "  " + name + String(repeating: " ", count: width - name.count + 2) + entry.title
        }
        return (["Bundled scenes (gradscope play NAME [--lang ko]):"] + rows + ["", assets.scenesOrigin])
            .joined(separator: "\n") + "\n"
    }

    /// `gradscope serve [SCENE]`: the presenter's dashboard (or scene), published on a socket.
    public static func serve(_ configuration: AppConfiguration, scenePath: String?, socketPath: String?, group: String?,
                             language: String) throws -> Int32 {
        let script = try scenePath.map(loadScript)
        try applySettings(configuration.settings,
                          to: SimulationEngine(seed: configuration.seed, simulations: LabRegistry.all.map(\.simulation)))
        try Launch.requireTerminal(for: "serve")
        let start = LectureStart(seed: script?.scene.seed ?? configuration.seed,
                                 stepsPerSecond: script?.scene.rate ?? configuration.stepsPerSecond,
                                 scene: script?.scene, language: language,
                                 title: script?.scene.title.text(in: language) ?? "Gradscope dashboard")
        let server = try LectureServer.open(socketPath: socketPath, group: group, start: start)
        defer { server.stop() }
        let runner = DashboardRunner(configuration: configuration, assets: AssetLocator())
        do {
            return try runner.run(labs: LabRegistry.all, scene: script, language: language, lecture: server)
        } catch let error as TerminalError {
            throw GradscopeError(error.description)
        }
    }

    /// `gradscope follow [SOCKET]`: a read-only copy of a presenter's lecture at this terminal's
    /// size, colours and charset.
    public static func follow(_ configuration: AppConfiguration, socketPath: String?, language: String?) throws -> Int32 {
        // Whether there is a lecture to follow is said first; then the terminal is needed.
        let client = try LectureClient.join(socketPath: socketPath)
        try Launch.requireTerminal(for: "follow")
        let follower = LectureFollower(client: client, start: client.start, labs: LabRegistry.all, language: language)
        let runner = DashboardRunner(configuration: configuration, assets: AssetLocator())
        do {
            return try runner.run(labs: LabRegistry.all, language: follower.language, follower: follower)
        } catch let error as TerminalError {
            throw GradscopeError(error.description)
        }
    }

    /// The file a scene argument names: a file that exists as given, else the bundled scene
    /// of that name (`svd`, `svd.yaml`). A bare name that is neither is refused with the
    /// bundled names (and a near miss); a path is left for the loader to report.
    public static func scenePath(_ argument: String, assets: AssetLocator = AssetLocator()) throws -> String {
        if FileManager.default.fileExists(atPath: argument) || argument.contains("/") { return argument }
        if let bundled = assets.scene(named: argument) { return bundled }
        guard AssetLocator.isSceneName(argument) else { return argument }
        let names = assets.sceneNames
        guard !names.isEmpty else {
            throw GradscopeError("'\(argument)' is neither a file nor a bundled scene: \(assets.scenesOrigin)", status: 2)
        }
        let base = argument.hasSuffix(".yaml") ? String(argument.dropLast(5)) : argument
        let near = Suggest.nearest(base, among: names).map { "; did you mean '\($0)'?" } ?? ""
        throw GradscopeError("'\(argument)' is neither a file nor a bundled scene\(near) (bundled: \(names.joined(separator: ", ")))",
                             status: 2)
    }

    /// Loads a scene (a file or a bundled scene's name) or throws its problems as a usage
    /// error (status 2).
    static func loadScript(_ argument: String) throws -> SceneScript {
        let assets = AssetLocator()
        switch SceneScript.load(path: try scenePath(argument, assets: assets), assets: assets) {
        case .success(let script): return script
        case .failure(let problems): throw GradscopeError(problems.description, status: 2)
        }
    }

    /// `gradscope render --scene FILE --at S | --step N`: one moment of a scene, headless.
    public static func renderScene(_ configuration: AppConfiguration, path: String, moment: SceneMoment,
                                   width: Int, height: Int, format: RenderFormat, language: String) throws -> String {
        let script = try loadScript(path)
        let tier = configuration.colorOverride ?? (format == .ansi ? .palette256 : ColorTier.none)
        let charset: Charset = configuration.forceASCII ? .ascii : .unicode
        let (theme, _) = AssetLocator().theme(named: configuration.themeName, tier: tier)
        let stage = SceneStage(script: script, width: width, height: height, theme: theme, charset: charset, language: language)
        switch moment {
        case .seconds(let seconds):
            return dump(stage.frame(at: seconds), format: format)
        case .step(let number):
            guard (0...script.scene.steps.count).contains(number) else {
                throw GradscopeError("--step must be in 0...\(script.scene.steps.count) for \(SceneLocation.shown(path)) (got \(number))", status: 2)
            }
            return dump(stage.frame(at: script.time(afterStep: number), throughStep: number), format: format)
        }
    }
}
