import Foundation
import Testing

/// The real binary in a real terminal (tmux): what a user sees, and what the terminal is left
/// in afterwards. These run serially: each owns a tmux server for its lifetime.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct DashboardEndToEndTests {
    /// After gradscope exits the pane must be back on the normal screen with the cursor shown.
    func expectTerminalRestored(_ tmux: TmuxHarness, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tmux.paneFormat("#{alternate_on}") == "0", "still in the alternate screen", sourceLocation: sourceLocation)
        #expect(tmux.paneFormat("#{cursor_flag}") == "1", "cursor left hidden", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func opensAt120x40AndQuitsWithQ() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start()
        let (shown, screen) = tmux.waitFor { $0.contains("q quit") }
        #expect(shown, "no status bar within 20 s; screen was:\n\(screen)")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("┏") == true || lines.first?.hasPrefix("┌") == true, "no frame at the top:\n\(screen)")
        #expect(screen.contains("Linear maps"))
        #expect(screen.contains("det A"))
        #expect(tmux.paneFormat("#{alternate_on}") == "1", "the dashboard should use the alternate screen")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func fitsAt80x24() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(width: 80, height: 24)
        let (shown, screen) = tmux.waitFor { $0.contains("q quit") }
        #expect(shown, "no status bar at 80x24:\n\(screen)")
        #expect(!screen.contains("too small"))
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(24)
        #expect(lines.last?.contains("q quit") == true, "status bar must be the last row:\n\(screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func helpOverlayAndPauseKeys() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start()
        #expect(tmux.waitFor { $0.contains("running") }.matched)
        tmux.send("?")
        // The whole overlay (a capture can land in the middle of a frame being written).
        let help = tmux.waitFor { $0.contains("Keys (? to close)") && $0.contains("pause / resume") }
        #expect(help.matched, "help overlay did not open:\n\(help.screen)")
        tmux.send("?")
        #expect(tmux.waitFor { !$0.contains("Keys (? to close)") }.matched)
        tmux.send("Space")
        #expect(tmux.waitFor { $0.contains("paused") }.matched)
        tmux.send("C-c")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    /// At 80x24 the overlay does not fit: the focused pane's keys come first, the arrow and page
    /// keys scroll it (and do not reach the pane), Escape closes it.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func helpScrollsAt80x24() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(width: 80, height: 24)
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        tmux.send("3", "?")
        let top = tmux.waitFor { $0.contains("(focused pane):") && $0.contains("more below") }
        #expect(top.matched, "no scrollable overlay:\n\(top.screen)")
        #expect(top.screen.split(separator: "\n").dropFirst().first?.contains("(focused pane):") == true,
                "the focused pane's keys should come first:\n\(top.screen)")
        tmux.send("End")
        let end = tmux.waitFor { $0.contains("more above") && $0.contains("save the session as a new scene file") }
        #expect(end.matched, "End did not scroll to the bottom:\n\(end.screen)")
        tmux.send("Escape")
        #expect(tmux.waitFor { !$0.contains("Keys (? to close)") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    /// Paused and idle, nothing changes, so nothing is written: the byte meter (`--stats`)
    /// falls to 0 B/s and stays there.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func pausedIdleScreenWritesNothing() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--stats"])
        #expect(tmux.waitFor { $0.contains("B/s") && $0.contains("running") }.matched)
        tmux.send("Space")
        let idle = tmux.waitFor(seconds: 10) { $0.contains("paused") && $0.contains(" 0 B/s") }
        #expect(idle.matched, "bytes per second did not fall to 0 while paused:\n\(idle.screen)")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(tmux.screen().contains(" 0 B/s"))
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func survivesAResizeStorm() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start()
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        let sizes = [(80, 24), (200, 60), (30, 8), (120, 40), (81, 25), (45, 13), (160, 48)]
        for round in 0..<4 {
            for (width, height) in sizes { tmux.resize(width: width + round, height: height) }
        }
        tmux.resize(width: 100, height: 30)
        let settled = tmux.waitFor { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            // The frame spans exactly the new width and the status bar sits on the new last row.
            return lines.count >= 30 && lines[29].contains("q quit") && lines[0].count == 100 && lines[0].hasSuffix("┐")
        }
        #expect(settled.matched, "screen did not settle at 100x30:\n\(settled.screen)")
        tmux.resize(width: 30, height: 8)
        let tooSmall = tmux.waitFor { $0.contains("too small") }
        #expect(tooSmall.matched, "no 'too small' message at 30x8:\n\(tooSmall.screen)")
        #expect(tooSmall.screen.contains("have 30x8"))
        tmux.resize(width: 120, height: 40)
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"), arguments: [("TERM", 15, 143), ("HUP", 1, 129)])
    func signalsRestoreTheTerminal(name: String, signal: Int32, expectedStatus: Int) throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start()
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        let pid = try #require(tmux.pid(), "no pid file")
        #expect(kill(pid, signal) == 0)
        #expect(tmux.waitForExit() == expectedStatus, "SIG\(name) should exit with \(expectedStatus)")
        expectTerminalRestored(tmux)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func asciiInANonUTF8Locale() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(environment: ["LANG": "C", "LC_ALL": "C"])
        let (shown, screen) = tmux.waitFor { $0.contains("q quit") }
        #expect(shown, "no status bar with LANG=C:\n\(screen)")
        let nonASCII = screen.unicodeScalars.filter { $0.value > 0x7E }
        #expect(nonASCII.isEmpty, "non-ASCII output in LANG=C: \(String(String.UnicodeScalarView(nonASCII.prefix(20))))")
        #expect(screen.contains("Linear maps") && screen.contains("det A"), "lab missing in LANG=C:\n\(screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    /// Without an alternate screen (vt100, the Linux console) quitting clears the screen, so
    /// the shell's next line is not printed over the last frame's status bar.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"), arguments: ["vt100", "linux"])
    func noAlternateScreenIsClearedOnQuit(term: String) throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(width: 80, height: 24, environment: ["TERM": term, "LANG": "C", "LC_ALL": "C"])
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        let lines = tmux.screen().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "EXITED:0", "the shell's line should start a cleared screen:\n\(lines.joined(separator: "\n"))")
        #expect(!lines.contains { $0.contains("running") || $0.contains("Linear maps") }, "the last frame is still there")
    }

    /// A refused setting's message is read whole at 80x24 (above the status bar), and the next
    /// key dismisses it.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func aLongErrorIsReadableAt80x24() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(width: 80, height: 24)
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        tmux.send("4", "e")
        #expect(tmux.waitFor { $0.contains("Enter set, Esc cancel") }.matched)
        tmux.send("-l", "foo(x)")
        tmux.send("Enter")
        let shown = tmux.waitFor { $0.contains("unknown name 'foo'") && $0.contains("quartic)") }
        #expect(shown.matched, "the whole message should be on screen:\n\(shown.screen)")
        let lines = shown.screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 24 && lines[23].contains("q quit"), "the status bar stays whole:\n\(shown.screen)")
        tmux.send("Space")
        #expect(tmux.waitFor { !$0.contains("unknown name 'foo'") && $0.contains("paused") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func dumbTerminalIsRefusedWithAMessage() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(environment: ["TERM": "dumb"])
        let status = tmux.waitForExit(seconds: 10)
        #expect(status != nil && status != 0)
        #expect(tmux.screen().contains("dumb"))
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func monochromeWithNoColor() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(environment: ["NO_COLOR": "1"])
        #expect(tmux.waitFor { $0.contains("q quit") }.matched)
        let styled = tmux.styledScreen()
        // Colour SGRs are 30-37/38/40-47/48/90-97/100-107; attributes (bold, reverse) are fine.
        let colourEscape = try Regex(#"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m"#)
        #expect(styled.firstMatch(of: colourEscape) == nil, "colour escapes despite NO_COLOR")
        #expect(tmux.screen().contains("Linear maps"))
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// `gradscope doctor` is the live pre-lecture check: facts of this terminal, q quits.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary")) func doctorScreenShowsThisTerminal() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["doctor"], width: 80, height: 24, environment: ["NO_COLOR": "1"])
        let (shown, screen) = tmux.waitFor { $0.contains("q quit") && $0.contains("TERM=tmux-256color") }
        #expect(shown, "doctor screen incomplete:\n\(screen)")
        #expect(screen.contains("Doctor") && screen.contains("80x24") && screen.contains("NO_COLOR"))
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        expectTerminalRestored(tmux)
    }
}
