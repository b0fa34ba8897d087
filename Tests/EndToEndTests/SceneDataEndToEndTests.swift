import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The bundled scenes found wherever the binary runs, and scene playback equal to `render
/// --scene --step N` at every hold, also on a machine busy on every core.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SceneDataEndToEndTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    let cli = CommandLineTests()

    /// The binary under test copied into a fresh folder (as a user copies it to ~/bin).
    func copiedBinary() throws -> (binary: String, folder: String) {
        let folder = NSTemporaryDirectory() + "gradscope-copy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        // Copied by cp, not in this process: a file this process holds open for writing would
        // be inherited by any child another test spawns meanwhile, and exec would then fail
        // with "text file busy".
        let log = folder + "/cp.log"
        #expect(spawnAndWait("/bin/cp", [TmuxHarness.binary!, folder + "/bin/gradscope"], outputPath: log) == 0)
        return (folder + "/bin/gradscope", folder)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func aCopiedBinaryStartedElsewhereFindsTheBundledScenes() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let (binary, folder) = try copiedBinary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": folder]

        let list = cli.gradscope(["scenes", "--lang", "ko"], environment: environment, binary: binary, directory: folder)
        #expect(list.status == 0, "\(list.errors)")
        #expect(list.output.contains("  svd ") && list.output.contains("scenes from \(Self.root)/scenes (the package it was built from)"),
                "\(list.output)")
        let frame = cli.gradscope(["render", "--scene", "svd", "--step", "1", "--size", "80x24"], environment: environment,
                                  binary: binary, directory: folder)
        #expect(frame.status == 0 && frame.output.contains("step 1/"), "\(frame.errors)")
        let doctor = cli.gradscope(["render", "--pane", "doctor", "--size", "140x40"], environment: environment,
                                   binary: binary, directory: folder)
        #expect(doctor.output.contains("Scenes     scenes from \(Self.root)/scenes"), "\(doctor.output)")
        #expect(doctor.output.contains("Assets     assets from \(Self.root)/assets"), "\(doctor.output)")
        let missing = cli.gradscope(["play", "svdd"], environment: environment, binary: binary, directory: folder)
        #expect(missing.status == 2 && missing.errors.hasPrefix("gradscope: 'svdd' is neither a file nor a bundled scene; did you mean 'svd'?"),
                "\(missing.errors)")

        // `play svd` in a terminal, and the dashboard's O menu.
        let play = TmuxHarness()
        play.start(["play", "svd"], width: 100, height: 30, environment: ["HOME": folder], binary: binary, directory: folder)
        #expect(play.waitFor { $0.contains("step ") && $0.contains("SVD") }.matched, "\(play.screen())")
        play.send("q")
        #expect(play.waitForExit() == 0)
        let menu = TmuxHarness()
        menu.start([], width: 100, height: 30, environment: ["HOME": folder], binary: binary, directory: folder)
        #expect(menu.waitFor { $0.contains("Linear maps") }.matched)
        menu.send("O")
        let shown = menu.waitFor { $0.contains("Scenes (Enter play, Esc close)") && $0.contains("svd") }
        #expect(shown.matched, "the O menu:\n\(shown.screen)")
        menu.send("Escape")
        menu.send("q")
        #expect(menu.waitForExit() == 0)
    }

    /// Busy loops on every core for the length of `body` (a machine under heavy load).
    func underLoad<T>(_ body: () throws -> T) rethrows -> T {
        let cores = max(2, ProcessInfo.processInfo.activeProcessorCount)
        var children: [pid_t] = []
        for _ in 0..<cores {
            var pid: pid_t = 0
            let words: [String] = ["/bin/sh", "-c", "while :; do :; done"]
            let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            if withDefaultSignals({ posix_spawn(&pid, "/bin/sh", nil, &$0, argv, environ) }) == 0 { children.append(pid) }
        }
        defer {
            for pid in children {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
        }
        #expect(children.count == cores, "could not start the load")
        return try body()
    }

    /// The frame's lines down to (not including) the status bar: the panes and the caption bar
    /// without its key hints and play state.
    static func comparable(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
        }
        let body = Array(lines.prefix(23))
        return body.map { line in
            // The caption header: "── 1/2 Title · step 9/20 · hints ───": keep the step (the title
            // gives way to the play state, which `render` does not show, so its length differs).
            guard line.hasPrefix("── "), let step = line.range(of: #"step \d+/\d+"#, options: .regularExpression) else { return line }
            return "── " + String(line[step])
        }
    }

    /// Plays `scene` hold by hold at 80x24 (`jump`: a second space while playing jumps to the
    /// hold, as a teacher in a hurry presses it) and compares every hold with `render --step N`.
    /// Returns how many holds were compared.
    func playMatchesRender(_ scene: String, jump: Bool) -> Int {
        let tmux = TmuxHarness()
        tmux.start(["play", scene], width: 80, height: 24)
        var step = -1, total = Int.max, holds = 0
        var previous: [String] = []
        while step < total {
            // A hold: nothing playing, and a new moment (a new step, or a question's answer).
            let held = tmux.waitFor(seconds: 90) { screen in
                screen.contains("paused") && !screen.contains("playing") && Self.step(in: screen) != nil
                    && Self.comparable(screen) != previous
            }
            guard held.matched else {
                Issue.record("\(scene): no hold after step \(step):\n\(held.screen)")
                break
            }
            // A hold is still: once its step is known, the screen must come to equal `render
            // --step N` and stay there (a loaded machine may publish the engine's last state a
            // moment after the caption says "paused"; a real difference never converges).
            guard let (n, count) = Self.step(in: held.screen) else { Issue.record("no step shown:\n\(held.screen)"); break }
            let rendered = Self.comparable(
                cli.gradscope("render", "--scene", scene, "--step", String(n), "--size", "80x24", "--color", "256").output)
            // A question's first beat hides the answer that `--step N` (the step complete)
            // shows: there the panes must agree, and the caption once the answer is out.
            let panes = { (lines: [String]) in Array(lines.prefix { !$0.hasPrefix("── ") }) }
            let asking = { (lines: [String]) in lines.contains { $0.contains("Q: ") } && !lines.contains { $0.contains("A: ") } }
            let agrees = { (lines: [String]) in asking(lines) ? panes(lines) == panes(rendered) : lines == rendered }
            let settled = tmux.waitFor(seconds: 20) { screen in
                Self.step(in: screen)?.0 != n || agrees(Self.comparable(screen))
            }
            let live = Self.comparable(settled.screen)
            let shown = live.joined(separator: "\n") + "\n---\n" + rendered.joined(separator: "\n")
            #expect(Self.step(in: settled.screen)?.0 == n, "\(scene) step \(n): the hold moved on by itself:\n\(shown)")
            #expect(agrees(live), "\(scene) step \(n)\(asking(live) ? " (asked)" : ""): playback differs from render:\n\(shown)")
            // Still there a moment later: a hold's panes do not drift.
            Thread.sleep(forTimeInterval: 0.4)
            #expect(panes(Self.comparable(tmux.screen())) == panes(live), "\(scene) step \(n): the hold changed after it matched render")
            previous = live
            (step, total) = (n, count)
            holds += 1
            // Each key is seen to land before the next look for a hold (under load the screen
            // read right after a key may still be the hold it leaves).
            guard n < count else { break }
            press("Space", in: tmux)
            // The second space jumps only while the step still plays (it may have ended by
            // itself; a space at a hold would play on past it, and at the end does nothing).
            if jump && tmux.screen().contains("playing") { tmux.send("Space") }
        }
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        return holds
    }

    /// Sends `key` to a held scene and waits until it has landed: the scene plays, or what the
    /// panes and caption show changes (a question's answer, a jump to the next hold).
    func press(_ key: String, in tmux: TmuxHarness) {
        let before = Self.comparable(tmux.screen())
        tmux.send(key)
        let landed = tmux.waitFor(seconds: 20) { $0.contains("playing") || Self.comparable($0) != before }
        if !landed.matched { Issue.record("\(key) changed nothing in 20 s:\n\(landed.screen)") }
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func playbackShowsWhatRenderDrawsAtEveryHoldUnderLoad() {
        guard TmuxHarness.requirementsMet() else { return }
        underLoad {
            let played = playMatchesRender(Self.root + "/scenes/perceptron.yaml", jump: false)
            #expect(played >= 5, "only \(played) holds seen")
            let jumped = playMatchesRender(Self.root + "/scenes/perceptron.yaml", jump: true)
            #expect(jumped >= 5, "only \(jumped) holds seen")
        }
    }

    static let bundledScenes = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/scenes")) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"), arguments: bundledScenes)
    func everyBundledSceneHoldsWhatRenderDraws(_ name: String) {
        guard TmuxHarness.requirementsMet() else { return }
        #expect(playMatchesRender(Self.root + "/scenes/" + name, jump: true) >= 1)
    }

    /// The step and the step count the caption header shows ("── 1/2 Title · step 9/20"; a
    /// pane may say "step" too, so only the header counts).
    static func step(in screen: String) -> (Int, Int)? {
        guard let header = screen.split(separator: "\n").last(where: { $0.hasPrefix("── ") }),
              let range = header.range(of: #"step \d+/\d+"#, options: .regularExpression) else { return nil }
        let numbers = header[range].dropFirst(5).split(separator: "/").compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

}
