import Foundation
import Testing

/// `r` restarts the simulations and keeps what is on screen, relative keys included: each lab's
/// keys pressed twice, then `r`, in a real terminal.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ResetEndToEndTests {
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func linearModeTwoAlongSurvivesReset() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "linear", "--set", "linear.spin=false"], width: 100, height: 30)
        #expect(tmux.waitFor { $0.contains("mode: transform") && $0.contains("q quit") }.matched)
        tmux.send("m", "m")
        #expect(tmux.waitFor { $0.contains("mode: eigen playback") }.matched)
        tmux.send("p", "p")
        // The matrix once the preset's morph has ended (the same line in two captures 0.5 s apart).
        func matrixLine() -> String {
            tmux.screen().split(separator: "\n").first { $0.contains("A = [") }.map(String.init) ?? "?"
        }
        var matrix = matrixLine()
        for _ in 0..<20 {
            Thread.sleep(forTimeInterval: 0.5)
            let next = matrixLine()
            if next == matrix && next != "?" { break }
            matrix = next
        }
        tmux.send("r")
        // After the reset: still the eigen playback (not one mode along) and the same matrix.
        let after = tmux.waitFor { $0.contains("tick") && $0.contains("mode: eigen playback") && $0.contains(matrix) }
        #expect(after.matched, "reset lost the mode or the matrix (\(matrix)):\n\(after.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func optimizerConditionAndHalvedRatesSurviveReset() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "optimizer", "--set", "optimizer.surface=quadratic"], width: 120, height: 40)
        #expect(tmux.waitFor { $0.contains("κ(H)   100.0") && $0.contains("q quit") }.matched)
        tmux.send("K", "K")  // condition 100 -> 200 -> 400 (absolute values)
        tmux.send("[", "[")  // learning rates x0.5, twice (relative)
        #expect(tmux.waitFor { $0.contains("κ(H)   400.0") && $0.contains("demo x0.250") }.matched)
        tmux.send("r")
        tmux.send("Space")
        let after = tmux.waitFor { $0.contains("paused") && $0.contains("κ(H)   400.0") && $0.contains("demo x0.250") }
        #expect(after.matched, "reset lost the condition number or the learning-rate scale:\n\(after.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
