import Foundation
import Testing

/// The linear lab driven by its keys in a real terminal, as a student would.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LinearLabEndToEndTests {
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func presetsModesNudgesAndATypedEntry() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "linear", "--set", "linear.spin=false"], width: 100, height: 30)
        #expect(tmux.waitFor { $0.contains("Setosa") && $0.contains("q quit") }.matched)
        // p: next preset (rotation-scaling, a complex pair).
        tmux.send("p")
        let complex = tmux.waitFor { $0.contains("rotation-scaling") && $0.contains("0.900 ± 0.400i") }
        #expect(complex.matched, "preset p did not show the complex pair:\n\(complex.screen)")
        // m twice: SVD playback, then eigen playback names its stage or the spiral.
        tmux.send("m")
        #expect(tmux.waitFor { $0.contains("mode: SVD playback") && $0.contains("1/3 Vᵀ") }.matched)
        tmux.send("m")
        #expect(tmux.waitFor { $0.contains("mode: eigen playback") && $0.contains("complex pair") }.matched)
        // Up nudges the selected entry a from 0.9 to 1.0, at once.
        tmux.send("Up")
        #expect(tmux.waitFor { $0.contains("A = [   1.000  -0.400 ]") }.matched)
        // e opens a prompt; typing 2 and Enter sets a = 2 (the morph ends within a second).
        tmux.send("e")
        #expect(tmux.waitFor { $0.contains("entry a = 1.000_") }.matched)
        tmux.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "2", "Enter")
        let typed = tmux.waitFor { $0.contains("A = [   2.000  -0.400 ]") && $0.contains("custom matrix") }
        #expect(typed.matched, "typed entry not applied:\n\(typed.screen)")
        // A bad number keeps the prompt open and says why.
        tmux.send("e", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "-", "-", "Enter")
        #expect(tmux.waitFor { $0.contains("'--': expected a number") }.matched)
        tmux.send("Escape")
        #expect(tmux.waitFor { !$0.contains("Enter set, Esc cancel") }.matched)
        // ? lists the pane's own keys under the global ones.
        tmux.send("?")
        #expect(tmux.waitFor { $0.contains("Linear maps (focused pane):") && $0.contains("nudge the selected entry") }.matched)
        tmux.send("?")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// `e` then 1/3 set 13.000 (the '/' was dropped), sqrt(2) set 2 and abc said "'' is not a
    /// number": typed through a real terminal, each is now read as an expression or refused
    /// saying what and where.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func aTypedEntryIsAnExpression() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "linear", "--set", "linear.spin=false"], width: 100, height: 30)
        #expect(tmux.waitFor { $0.contains("Setosa") && $0.contains("q quit") }.matched)
        tmux.send("e")
        #expect(tmux.waitFor { $0.contains("entry a = ") && $0.contains("Enter set, Esc cancel") }.matched)
        // The first key replaces the initial value; every character shows as it is typed.
        tmux.send("-l", "1/3")
        let echoed = tmux.waitFor { $0.contains("entry a = 1/3_") }
        #expect(echoed.matched, "the prompt did not show 1/3:\n\(echoed.screen)")
        tmux.send("Enter")
        let third = tmux.waitFor { $0.contains("A = [   0.333") && !$0.contains("Enter set, Esc cancel") }
        #expect(third.matched, "1/3 did not set a = 0.333:\n\(third.screen)")
        // Right selects entry b; sqrt(2) sets it to 1.414.
        tmux.send("Right", "e")
        #expect(tmux.waitFor { $0.contains("entry b = ") }.matched)
        tmux.send("-l", "sqrt(2)")
        #expect(tmux.waitFor { $0.contains("entry b = sqrt(2)_") }.matched)
        tmux.send("Enter")
        let root = tmux.waitFor { $0.contains("A = [   0.333   1.414 ]") }
        #expect(root.matched, "sqrt(2) did not set b = 1.414:\n\(root.screen)")
        // A name it does not know is refused, saying which and where; the prompt stays open.
        tmux.send("e")
        #expect(tmux.waitFor { $0.contains("entry b = ") }.matched)
        tmux.send("-l", "abc")
        tmux.send("Enter")
        let refused = tmux.waitFor { $0.contains("'abc': unknown name abc at column 1") && $0.contains("entry b = abc_") }
        #expect(refused.matched, "abc was not refused with a reason:\n\(refused.screen)")
        tmux.send("Escape")
        #expect(tmux.waitFor { !$0.contains("Enter set, Esc cancel") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
