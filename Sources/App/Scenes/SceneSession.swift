import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import TerminalUI
import Labs
import Scenes

/// A scene being played in the dashboard: the player, the engine it drives, and the keys that
/// belong to playback. The run loop asks it first about every key and every frame.
final class SceneSession {
    private(set) var player: ScenePlayer
    let engine: SimulationEngine
    /// Where a session is saved unless a full path is typed (`SessionWriter.defaultFolder`);
    /// nil when there is no home to put it in (then only a full path is accepted).
    let saveFolder: String?
    private var lastAdvance: ContinuousClock.Instant?
    private var seekedPosition: ScriptPosition?
    /// The engine's log length and tick when exploring began.
    private var exploreLogStart = 0
    private var exploreTickStart: UInt64 = 0
    /// The scene layout (focus, zoom) last applied, so a user's own zoom stays until the scene
    /// changes it.
    private var appliedLayout: (focus: PaneID?, zoom: Bool)?
    private var captions: CaptionBarLayout
    /// The scene moment whose caption is shown: the last one the engine's publication reached.
    private var shownMoment: ShownMoment?

    init(script: SceneScript, language: String, engine: SimulationEngine,
         saveFolder: String? = SessionWriter.defaultFolder()) {
        player = ScenePlayer(script: script)
        captions = CaptionBarLayout(script: script, language: language)
        self.engine = engine
        self.saveFolder = saveFolder
        engine.load(script: script.commands)
        seek()
    }

    var isExploring: Bool { player.mode == .exploring }

    /// Whether the engine's published state is at the player's position (the screen shows the
    /// moment the player is at).
    var isCaughtUp: Bool { shows(engine.publishedScript().position) }

    /// Whether a publication at `position` shows the player's moment (exploring: always).
    private func shows(_ position: ScriptPosition?) -> Bool { isExploring || position == player.position }

    /// What a key did (`.pass`: not a playback key, the dashboard's usual handling applies).
    typealias KeyOutcome = ModeKeyOutcome

    /// The playback keys. While exploring only `b`/Escape (back) and `S` (save) are taken.
    func handle(_ key: Key) -> KeyOutcome {
        if case .character("S") = key { return .prompt(savePrompt()) }
        if isExploring {
            if key == .escape || key == .character("b") {
                engine.stop()
                player.backToScript()
                seekedPosition = nil
                seek()
                return .handled
            }
            return .pass
        }
        switch key {
        case .character(" "), .right, .pageDown:
            player.next(shown: isCaughtUp)
        case .left, .pageUp:
            player.previous()
        case .home:
            player.go(toStep: 0)
        case .end:
            player.go(toStep: player.script.scene.steps.count)
        case .character("a"):
            player.toggleAuto()
        case .character("+"), .character("="):
            player.changeSpeed(faster: true)
        case .character("-"), .character("_"):
            player.changeSpeed(faster: false)
        case .character("g"):
            let count = player.script.scene.steps.count, sections = player.script.sections.count
            return .prompt(PanePrompt(pane: .linear, label: "go to step 0-\(count)" + (sections > 0 ? " or s1-s\(sections)" : ""),
                                      parameter: "go", kind: .text, playerAction: "go"))
        case .character("e"):
            // Exact hand-over: the engine is brought to the current moment before its clock starts.
            engine.seekNow(to: player.position)
            player.explore()
            exploreLogStart = engine.log.count
            exploreTickStart = engine.status.tick
            engine.send(.resume)
            engine.start()
            return .notice("exploring: the lab's keys work; b returns to the script")
        case .character("r"), .character("."):
            return .notice("the scene drives the clock: e to explore first")
        default:
            return .pass
        }
        lastAdvance = nil
        seek()
        return .handled
    }

    /// A prompt's answer: `go` (a step number or sN), `save` (a path) or `overwrite|PATH` (y/n).
    func answer(_ playerAction: String, text: String, layout: DashboardState) -> KeyOutcome {
        let parts = playerAction.split(separator: "|", maxSplits: 1).map(String.init)
        let action = parts.first ?? ""
        switch action {
        case "go":
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            if trimmed.hasPrefix("s"), let number = DecimalText.integer(trimmed.dropFirst()),
               player.script.sections.contains(where: { $0.number == number }) {
                player.go(toSection: number)
            } else if let number = DecimalText.integer(trimmed), (0...player.script.scene.steps.count).contains(number) {
                player.go(toStep: number)
            } else {
                return .notice("'\(text)' is not a step (0-\(player.script.scene.steps.count)) or a section (s1-s\(player.script.sections.count))")
            }
            lastAdvance = nil
            seek()
            return .handled
        case "save", "overwrite":
            let path: String
            var overwrite = false
            if action == "overwrite" {
                guard text.lowercased().hasPrefix("y"), parts.count == 2 else { return .notice("not saved") }
                path = parts[1]
                overwrite = true
            } else {
                let typed = text.trimmingCharacters(in: .whitespaces)
                guard !typed.isEmpty else { return .notice("not saved: no file name") }
                if typed.hasPrefix("/") {
                    path = typed
                } else if typed.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], home.hasPrefix("/") {
                    path = home + typed.dropFirst()
                } else if let saveFolder {
                    path = saveFolder + "/" + typed
                } else {
                    return .notice("not saved: give a full path (no $HOME or $XDG_DATA_HOME for a sessions folder)")
                }
                if let saveFolder, URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path == saveFolder {
                    // The documented sessions folder is made on first use, private to the user.
                    try? FileManager.default.createDirectory(atPath: saveFolder, withIntermediateDirectories: true,
                                                             attributes: [.posixPermissions: 0o700])
                }
                if FileManager.default.fileExists(atPath: path) {
                    return .prompt(PanePrompt(pane: .linear, label: "\(path) exists; overwrite? y/n", parameter: "overwrite",
                                              initial: "", kind: .text, playerAction: "overwrite|" + path))
                }
            }
            do {
                try UserFile.write(sessionText(layout: layout), to: path, replacing: overwrite)
                return .notice("saved \(path)")
            } catch {
                return .notice("not saved: \(error)")
            }
        default:
            return .pass
        }
    }

    /// The session as scene text: the script up to now (or to where exploring began) plus the
    /// exploration.
    func sessionText(layout: DashboardState) -> String {
        let time = player.exploreTime ?? player.time
        let log = engine.log
        let explored = isExploring ? Array(log.dropFirst(exploreLogStart)) : []
        let endTick = isExploring ? engine.status.tick : exploreTickStart
        return SessionWriter.yaml(script: player.script, leftAt: time, explored: explored,
                                  startTick: isExploring ? exploreTickStart : endTick, endTick: endTick,
                                  focus: layout.focused, zoom: layout.isZoomed)
    }

    /// The save prompt, holding the full path it will write (a name not taken in the sessions
    /// folder); a relative name typed instead goes into that folder.
    private func savePrompt() -> PanePrompt {
        guard let saveFolder else {
            return PanePrompt(pane: .linear, label: "save session as (full path)", parameter: "save",
                              initial: "", kind: .text, playerAction: "save")
        }
        return PanePrompt(pane: .linear, label: "save session as", parameter: "save",
                          initial: SessionWriter.freshPath(for: player.script.scene.file, in: saveFolder), kind: .text,
                          playerAction: "save")
    }

    /// Moves time on; returns whether anything to draw changed.
    func tick(now: ContinuousClock.Instant) -> Bool {
        defer { lastAdvance = player.isPlaying ? now : nil }
        guard player.isPlaying, let last = lastAdvance else { return false }
        let elapsed = now - last
        let (seconds, attoseconds) = elapsed.components
        let before = (player.time, player.isPlaying)
        player.advance(by: min(0.5, Double(seconds) + Double(attoseconds) * 1e-18))
        let moved = seek()
        return moved || before != (player.time, player.isPlaying)
    }

    /// Asks the engine for the current position (on its queue) if it changed.
    @discardableResult
    private func seek() -> Bool {
        guard !isExploring else { return false }
        let position = player.position
        guard position != seekedPosition else { return false }
        seekedPosition = position
        engine.seek(to: position)
        return true
    }

    /// The caption bar for the moment the engine has published: the player's moment once the
    /// engine's published snapshots are at its script position, until then the last moment
    /// reached (so a caption never runs ahead of the panes, however loaded the machine). Its
    /// readouts are filled from those same snapshots.
    func narration(width: Int, height: Int, charset: Charset) -> NarrationBar {
        let published = engine.publishedScript()
        let moment = ShownMoment(time: player.exploreTime ?? player.time, stepLimit: player.stepLimit)
        // A step's caption waits until the engine has published that step's state; until then
        // the heading says the scene is still on its way (a hold is claimed only once it shows).
        let caughtUp = shows(published.position)
        if caughtUp { shownMoment = moment }
        let shown = shownMoment ?? ShownMoment(time: 0, stepLimit: 0)
        return captions.bar(at: shown.time, throughStep: shown.stepLimit,
                            status: player.statusText(unicode: charset == .unicode, catchingUp: !caughtUp),
                            width: width, height: height, charset: charset,
                            snapshots: published.snapshots)
    }

    /// Applies the scene's focus and zoom when they change (a user's own layout keys hold
    /// until then).
    func applyLayout(_ narration: NarrationState, to state: inout DashboardState) -> Bool {
        let wanted = (focus: narration.focus, zoom: narration.zoom)
        if let applied = appliedLayout, applied.focus == wanted.focus, applied.zoom == wanted.zoom { return false }
        appliedLayout = wanted
        if let focus = wanted.focus { state.apply(.focus(focus)) }
        state.apply(.setZoom(wanted.zoom))
        return true
    }

    /// The status bar's left part while playing: the scene clock instead of ticks.
    func statusMessage() -> String {
        SceneClock.text(player.exploreTime ?? player.time, of: player.script.duration)
    }
}

/// A scene moment a caption bar shows: scene time and the `g N` step limit.
struct ShownMoment: Equatable {
    var time: Double
    var stepLimit: Int?
}
