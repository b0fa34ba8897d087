import Foundation
import Testing

/// The backprop lab in a real terminal: reached by its digit, zoomed, walked node by node, a
/// weight typed, an update, the views cycled.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct BackpropLabEndToEndTests {
    @Test func digitFiveWalkTypeAndUpdate() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--set", "backprop.weights=[{\"W\": [[0.4, -0.6], [0.7, 0.2]], \"b\": [0.1, -0.1]}, {\"W\": [[0.8, -0.5]], \"b\": [0.05]}]"],
                   width: 80, height: 24)
        #expect(tmux.waitFor { $0.contains("1 Linear maps") && $0.contains("q quit") }.matched)
        // 5 focuses the fifth lab (the 80x24 dashboard then shows panes 2-5), z zooms it.
        tmux.send("5")
        #expect(tmux.waitFor { $0.contains("5 Backpropagation") && !$0.contains("1 Linear maps") }.matched)
        tmux.send("z")
        let graph = tmux.waitFor { $0.contains("1/6 network graph (v)") && $0.contains("0.4382") }
        #expect(graph.matched, "\(graph.screen)")
        // ← six times: the walk back to the output's forward value; its rule is shown.
        for _ in 0..<6 { tmux.send("Left") }
        let walk = tmux.waitFor { $0.contains("step 3/9") && $0.contains("o (output, sigmoid)") }
        #expect(walk.matched, "\(walk.screen)")
        // e types the output's weights and bias; u takes one step down the gradient.
        tmux.send("e", "C-u")
        tmux.send("-l", "1, -1, 0")
        tmux.send("Enter")
        #expect(tmux.waitFor { $0.contains("1.000·0.716") }.matched)
        tmux.send("u")
        let updated = tmux.waitFor { $0.contains("update #1") }
        #expect(updated.matched, "\(updated.screen)")
        tmux.send("v")
        #expect(tmux.waitFor { $0.contains("2/6 layers as matrices (v)") }.matched)
        tmux.send("V", "V")
        #expect(tmux.waitFor { $0.contains("6/6 derivative by a matrix (v)") && $0.contains("max err") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
