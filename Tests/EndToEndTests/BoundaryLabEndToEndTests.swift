import Foundation
import Testing

/// The decision-boundary lab driven by its keys in a real terminal.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct BoundaryLabEndToEndTests {
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func learnsSwitchesDatasetViewsAndLayers() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "boundary", "--rate", "120"], width: 120, height: 40)
        // XOR is learned live: the test accuracy passes 90 %.
        let learned = tmux.waitFor { screen in
            guard let line = screen.split(separator: "\n").first(where: { $0.contains("test   loss") }),
                  let range = line.range(of: #"acc (\d+\.\d)%"#, options: .regularExpression) else { return false }
            return Double(line[range].dropFirst(4).dropLast()) ?? 0 >= 90
        }
        #expect(learned.matched, "XOR not learned:\n\(learned.screen)")
        // d: the next dataset (two spirals); e: typed hidden layers.
        tmux.send("d")
        #expect(tmux.waitFor { $0.contains("two spirals  (d)") }.matched)
        tmux.send("e", "C-u")
        tmux.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        tmux.send("-l", "8,8,8")
        tmux.send("Enter")
        #expect(tmux.waitFor { $0.contains("2-8-8-8-1 tanh") }.matched)
        // A refused value says why and changes nothing.
        tmux.send("e", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        tmux.send("-l", "9")
        tmux.send("Enter")
        #expect(tmux.waitFor { $0.contains("layers are 1-6") }.matched)
        // Paused, a change shows at once (a pane was redrawn only when its tick moved), and the
        // learning rate changes without restarting training.
        func epoch(_ screen: String) -> Int? {
            screen.range(of: #"epoch  \d+"#, options: .regularExpression).flatMap { Int(screen[$0].dropFirst(7)) }
        }
        tmux.send("Space")
        #expect(tmux.waitFor { $0.contains("paused") }.matched)
        // The pane may be drawn a little behind the engine: wait until its epoch has held still
        // for twenty polls (a second).
        var held: Int?, polls = 0
        let settled = tmux.waitFor { screen in
            let now = epoch(screen)
            polls = now != nil && now == held ? polls + 1 : 0
            held = now
            return polls >= 20
        }
        #expect(settled.matched)
        tmux.send("]")
        let retuned = tmux.waitFor { $0.contains("lr     0.0600") }
        #expect(retuned.matched, "\(retuned.screen)")
        #expect(epoch(retuned.screen) == held, "the epoch moved or reset:\n\(retuned.screen)")
        tmux.send("Space")
        // v: the hidden-space view, then (back past output and the VC bound) the VC view.
        tmux.send("v")
        #expect(tmux.waitFor { $0.contains("the input grid, warped") }.matched)
        tmux.send("V", "V", "V")
        #expect(tmux.waitFor { $0.contains("labellings by a line") && $0.contains("shattered") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// Throttled to 4 KB/s (a whole first frame is ~10 KB), the governor holds the busy boundary pane back
    /// for frames at a time; paused, the pane must still come to show the engine's last epoch
    /// (the status bar's tick: one epoch per step from the start). Before, the last held-back
    /// picture could stay until the next key or resize.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func aThrottledPausedScreenShowsTheLatestEpoch() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "boundary", "--rate", "120", "--max-bandwidth", "4000", "--set", "boundary.dataset=spirals"],
                   width: 120, height: 40)
        func number(after label: String, in screen: String) -> Int? {
            screen.range(of: label + #"\d+"#, options: .regularExpression).flatMap { Int(screen[$0].dropFirst(label.count)) }
        }
        #expect(tmux.waitFor { (number(after: "epoch  ", in: $0) ?? 0) >= 150 }.matched)  // the governor has throttled the pane by now
        tmux.send("Space")
        let shown = tmux.waitFor { screen in
            guard screen.contains("paused"), let tick = number(after: "tick ", in: screen) else { return false }
            return number(after: "epoch  ", in: screen) == tick
        }
        #expect(shown.matched, "the paused pane kept an older epoch than the engine's tick:\n\(shown.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
