import Foundation
import Testing

/// A bundled scene played in presenter mode in a real terminal, as a teacher would.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ScenePlayEndToEndTests {
    static let scene = #filePath.components(separatedBy: "/Tests/")[0] + "/scenes/determinant.yaml"

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func presenterModeHoldsGoesBackExploresAndReturns() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["play", Self.scene], width: 80, height: 24)
        #expect(tmux.waitFor { $0.contains("The unit square has area 1.") && $0.contains("step 3/15") }.matched)
        // Space plays to the first key-wait: the matrix has moved, det A = 5 is pointed at.
        tmux.send("Space")
        let held = tmux.waitFor { $0.contains("step 8/15") && $0.contains("det A  5.000") && $0.contains("space ▸ next") }
        #expect(held.matched, "did not hold at the key-wait:\n\(held.screen)")
        // Space again: the question is asked and waits.
        tmux.send("Space")
        #expect(tmux.waitFor { $0.contains("Q: What happens to det A") && !$0.contains("A: The parallelogram") }.matched)
        // Left goes back to the previous hold, exactly (the same matrix, no question).
        tmux.send("Left")
        #expect(tmux.waitFor { $0.contains("step 8/15") && !$0.contains("Q: ") && $0.contains("A = [   2.000   1.000 ]") }.matched)
        // e explores (the lab's keys work: p is the next preset), b comes back to the script.
        tmux.send("e")
        #expect(tmux.waitFor { $0.contains("exploring") }.matched)
        tmux.send("p")
        #expect(tmux.waitFor { !$0.contains("custom matrix") }.matched)
        tmux.send("b")
        let back = tmux.waitFor { $0.contains("space ▸ next") && $0.contains("custom matrix") && $0.contains("det A  5.000") }
        #expect(back.matched, "b did not return to the script:\n\(back.screen)")
        // g 15: the last step, a mirrored square.
        tmux.send("g")
        #expect(tmux.waitFor { $0.contains("go to step 0-15 or s1-s2") }.matched)
        tmux.send("1", "5", "Enter")
        #expect(tmux.waitFor { $0.contains("step 15/15") && $0.contains("det A  -1.000") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
