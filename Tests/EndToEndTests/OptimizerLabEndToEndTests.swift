import Foundation
import Testing

/// The optimizer lab driven by keys and the mouse in a real terminal, as a student would.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct OptimizerLabEndToEndTests {
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func typedSurfaceConstraintKKTAndAClick() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "optimizer", "--rate", "300", "--set", "optimizer.surface=booth", "--set", "optimizer.optimizers=sgd,momentum"],
                   width: 120, height: 40)
        #expect(tmux.waitFor { $0.contains("booth  (s)") && $0.contains("q quit") }.matched)
        // C opens a text prompt; the constraint x + y <= 1 makes the racers settle on X with μ = 27.
        tmux.send("C")
        #expect(tmux.waitFor { $0.contains("constraint = _") }.matched)
        tmux.send("-l", "x + y <= 1")
        tmux.send("Enter")
        let kkt = tmux.waitFor { $0.contains("KKT: x + y ≤ 1") && $0.contains("μ≥0    27.000 ✓ dual") && $0.contains("∇L     0.000 ✓ stationary") }
        #expect(kkt.matched, "the racers did not reach the KKT point:\n\(kkt.screen)")
        #expect(kkt.screen.contains("X      (-0.500, 1.500) solved"))
        // A malformed constraint is refused with its column, and the old one stays.
        tmux.send("C", "C-u")
        tmux.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        tmux.send("-l", "x <= 2*")
        tmux.send("Enter")
        let refused = tmux.waitFor { $0.contains("column 8 of 'x <= 2*'") }
        #expect(refused.matched, "no column in the error:\n\(refused.screen)")
        #expect(refused.screen.contains("KKT: x + y ≤ 1"))
        // e: a typed surface replaces booth (no known minimum: the column shows plain f).
        tmux.send("e")
        tmux.send("-l", "x^2 + 3*y^2")
        tmux.send("Enter")
        #expect(tmux.waitFor { $0.contains("custom: x^2 + 3*y^2") }.matched)
        // A left click on the plot (X10 mouse report, as tmux forwards it) moves the start point.
        // The start's mark on the plot, not the legend's "◦ start": its row and column.
        func startMark(_ screen: String) -> (row: Int, column: Int)? {
            for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let characters = Array(line)
                for column in characters.indices where characters[column] == "◦"
                    && String(characters[(column + 1)...].prefix(6)) != " start" {
                    return (row, column)
                }
            }
            return nil
        }
        // (Right after a new surface the racers sit on the start and hide its mark: it may be
        // nowhere yet.)
        let before = startMark(tmux.screen())
        if let before { #expect(before.row != 30 || before.column != 30, "the start is already where the click goes") }
        tmux.send("-l", "\u{1b}[M \(Character(UnicodeScalar(33 + 30)!))\(Character(UnicodeScalar(33 + 30)!))")
        tmux.send("-l", "\u{1b}[M#\(Character(UnicodeScalar(33 + 30)!))\(Character(UnicodeScalar(33 + 30)!))")
        // The press at cell (31, 31), 1-based: the mark lands on row 30, column 30, 0-based, or the
        // braille cell beside it.
        let moved = tmux.waitFor { screen in
            startMark(screen).map { abs($0.row - 30) <= 1 && abs($0.column - 30) <= 1 } == true
        }
        #expect(moved.matched, "the click did not move the start point there (was \(String(describing: before))):\n\(moved.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// Racers chosen in the app: o adds Nesterov (the first optimizer not racing), x removes the
    /// focused racer, t types the list; m shows momentum's phase diagram with the optimum.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func racersChosenByKeysAndThePhaseDiagram() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "optimizer", "--set", "optimizer.surface=quadratic", "--set", "optimizer.optimizers=sgd,momentum"],
                   width: 120, height: 40)
        #expect(tmux.waitFor { $0.contains("quadratic  (s)") && $0.contains("■ Momentum 0.0080") && $0.contains("q quit") }.matched)
        tmux.send("o")
        let added = tmux.waitFor { $0.contains("▲ Nesterov 0.0080") }
        #expect(added.matched, "o did not add Nesterov:\n\(added.screen)")
        tmux.send("x")  // the new racer has the focus: it leaves again
        #expect(tmux.waitFor { !$0.contains("Nesterov") && $0.contains("■ Momentum") }.matched)
        tmux.send("t")
        #expect(tmux.waitFor { $0.contains("sgd,momentum") }.matched)
        for _ in 0..<13 { tmux.send("BSpace") }
        tmux.send("-l", "momentum,adam")
        tmux.send("Enter")
        let typed = tmux.waitFor { $0.contains("● Momentum 0.0080") && $0.contains("■ Adam     0.100") && $0.contains("β1 β2  0.90 0.999 ■") }
        #expect(typed.matched, "the typed racers are not racing:\n\(typed.screen)")
        tmux.send("m")
        let phase = tmux.waitFor { $0.contains("momentum: rate over (α, β)") && $0.contains("◎ α* 0.033 β* 0.669 rate 0.818") }
        #expect(phase.matched, "no phase diagram:\n\(phase.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
