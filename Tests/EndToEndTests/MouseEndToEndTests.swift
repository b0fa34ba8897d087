import Foundation
import Testing

/// Dragging in the pictures through a real pty inside tmux, as a mouse would: SGR reports
/// (`ESC [ < b ; x ; y M`, motion with 32 added, `m` for the release), the encoding tmux itself
/// uses towards an application that asked for modes 1002 and 1006.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct MouseEndToEndTests {
    /// One SGR report for screen cell (x, y), 0-based.
    static func report(_ code: Int, _ x: Int, _ y: Int, release: Bool = false) -> String {
        "\u{1b}[<\(code);\(x + 1);\(y + 1)" + (release ? "m" : "M")
    }

    /// Press at `from`, move through `path`, release at the last cell.
    static func drag(_ tmux: TmuxHarness, from: (x: Int, y: Int), through path: [(x: Int, y: Int)], button: Int = 0) {
        tmux.send("-l", report(button, from.x, from.y))
        for cell in path { tmux.send("-l", report(32 + button, cell.x, cell.y)) }
        let end = path.last ?? from
        tmux.send("-l", report(button, end.x, end.y, release: true))
    }

    /// Where `text` first shows on the screen (column, row), 0-based.
    static func find(_ text: String, in screen: String, from column: Int = 0) -> (x: Int, y: Int)? {
        for (y, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let columns = Array(line)
            guard columns.count > column else { continue }
            if let range = String(columns[column...]).range(of: text) {
                let tail = String(columns[column...])
                return (column + tail.distance(from: tail.startIndex, to: range.lowerBound), y)
            }
        }
        return nil
    }

    /// Whether the identity's picture has settled (the readout shows the target at once, the
    /// picture morphs to it): Ae1 labelled beside its tip on the x axis.
    static func identityDrawn(_ screen: String) -> Bool {
        // Ae1 is labelled beside its tip (1, 0), on a row next to the x axis (labels keep off it).
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard matrix(screen) == [1, 0, 0, 1], let axis = lines.firstIndex(where: { $0.contains(" 0┤") }),
              let label = lines.firstIndex(where: { $0.contains("Ae1") }) else { return false }
        return abs(label - axis) <= 1
    }

    /// The linear lab's matrix readout as numbers: [a, b, c, d].
    static func matrix(_ screen: String) -> [Double]? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let row = lines.firstIndex(where: { $0.contains("A = [") }), row + 1 < lines.count else { return nil }
        func numbers(_ line: String) -> [Double] {
            guard let open = line.range(of: "["), let close = line.range(of: "]", range: open.upperBound..<line.endIndex) else { return [] }
            return line[open.upperBound..<close.lowerBound].split(separator: " ").compactMap { Double($0) }
        }
        let entries = numbers(lines[row]) + numbers(lines[row + 1])
        return entries.count == 4 ? entries : nil
    }

    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func theAppAsksForButtonEventsInSGRAndNoMouseLeavesThemOff() throws {
        guard TmuxHarness.requirementsMet() else { return }
        for (arguments, on) in [(["--focus", "linear"], "1"), (["--focus", "linear", "--no-mouse"], "0")] {
            let tmux = TmuxHarness()
            tmux.start(arguments, width: 100, height: 30)
            #expect(tmux.waitFor { $0.contains("q quit") }.matched)
            // tmux keeps the modes the application asked for: 1002 (button events) and 1006 (SGR).
            #expect(tmux.paneFormat("#{mouse_button_flag}") == on, "\(arguments)")
            #expect(tmux.paneFormat("#{mouse_sgr_flag}") == on, "\(arguments)")
            #expect(tmux.paneFormat("#{mouse_all_flag}") == "0")
            tmux.send("q")
            #expect(tmux.waitForExit() == 0)
            // Switched off again on the way out.
            #expect(tmux.paneFormat("#{mouse_button_flag}") == "0")
            #expect(tmux.paneFormat("#{mouse_sgr_flag}") == "0")
        }
    }

    /// Dragging Ae1's tip up and to the right moves the first column of A there; the second
    /// column stays; the label follows the tip.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func draggingAe1sTipChangesTheMatrix() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "linear", "--set", "linear.spin=false", "--set", "linear.matrix=1,0,0,1"], width: 120, height: 40)
        let start = tmux.waitFor { Self.identityDrawn($0) && $0.contains("q quit") }
        #expect(start.matched, "no identity matrix:\n\(start.screen)")
        let tip = try #require(Self.find("Ae1", in: start.screen))
        Self.drag(tmux, from: tip, through: [(tip.x + 3, tip.y - 1), (tip.x + 6, tip.y - 3)])
        let dragged = tmux.waitFor { screen in
            guard let m = Self.matrix(screen) else { return false }
            return m[0] > 1.2 && m[2] > 0.2 && m[1] == 0 && m[3] == 1
        }
        #expect(dragged.matched, "the drag did not move Ae1:\n\(dragged.screen)")
        let moved = try #require(Self.find("Ae1", in: dragged.screen))
        #expect(moved.y < tip.y, "the label stayed on row \(tip.y)")
        // The keys still work after the drag: Up nudges the selected entry a by 0.1.
        let a = try #require(Self.matrix(dragged.screen))[0]
        tmux.send("Up")
        #expect(tmux.waitFor { Self.matrix($0).map { abs($0[0] - (a + 0.1)) < 1e-9 } ?? false }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// Dragging P's first bar below the bars empties it; the other three share what it had.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func draggingABarOfPRenormalises() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "entropy", "--set", "entropy.mode=distributions", "--set", "entropy.p=1,1,1,1"], width: 120, height: 40)
        let start = tmux.waitFor { $0.contains("H(P)   2.0000 bits") && $0.contains("███") }
        #expect(start.matched, "no uniform P:\n\(start.screen)")
        let bar = try #require(Self.find("███", in: start.screen))
        // Press at the bar's top, drag down past the outcome numbers.
        Self.drag(tmux, from: (bar.x + 1, bar.y), through: [(bar.x + 1, bar.y + 10), (bar.x + 1, 37)])
        let emptied = tmux.waitFor { $0.contains("outcome 1: p=0.000") && $0.contains("H(P)   1.5850 bits") }
        #expect(emptied.matched, "P1 was not emptied (H would be log2 3):\n\(emptied.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// A click in the boundary lab's output view adds a training point (the right button: the
    /// other class); t moves the split; Backspace takes the points away.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func clicksAddTrainingPoints() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "boundary"], width: 120, height: 40)
        let start = tmux.waitFor { $0.contains("250/250") && $0.contains("q quit") }
        #expect(start.matched, "no boundary lab:\n\(start.screen)")
        let origin = try #require(Self.find(" 0┤", in: start.screen))
        tmux.send("-l", Self.report(0, origin.x + 12, origin.y - 3) + Self.report(0, origin.x + 12, origin.y - 3, release: true))
        #expect(tmux.waitFor { $0.contains("251/250 +1 added") }.matched)
        tmux.send("-l", Self.report(2, origin.x + 20, origin.y + 3) + Self.report(2, origin.x + 20, origin.y + 3, release: true))
        #expect(tmux.waitFor { $0.contains("252/250 +2 added") }.matched)
        tmux.send("BSpace")
        #expect(tmux.waitFor { $0.contains("250/250 noise 0%") }.matched)
        tmux.send("t")
        #expect(tmux.waitFor { $0.contains("200/300 noise 0%") }.matched)
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// Dragging on the optimizer's surface carries the start point (◦) along; the racers start
    /// again from where the drag ends.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func draggingTheStartPoint() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "optimizer"], width: 120, height: 40)
        let start = tmux.waitFor { $0.contains("◦") && $0.contains("q quit") }
        #expect(start.matched, "no start point:\n\(start.screen)")
        Self.drag(tmux, from: (20, 10), through: [(25, 12), (30, 15)])
        let moved = tmux.waitFor { screen in
            // The start mark on the plot, not the legend's "◦ start" in the readout column.
            let marks = screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { y, line in
                Array(line).enumerated().filter { $0.element == "◦" && !String(Array(line)[$0.offset...]).hasPrefix("◦ start") }
                    .map { (x: $0.offset, y: y) }
            }
            guard let marker = marks.first else { return false }
            return abs(marker.x - 30) <= 1 && abs(marker.y - 15) <= 1
        }
        #expect(moved.matched, "the start point did not follow the drag to (30, 15):\n\(moved.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// A click on a node of the backprop graph selects it: its rule shows beside the graph.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func clickingANodeSelectsIt() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "backprop"], width: 120, height: 40)
        let start = tmux.waitFor { $0.contains("┌─ h2") && $0.contains("o (output, sigmoid)") }
        #expect(start.matched, "no graph:\n\(start.screen)")
        let box = try #require(Self.find("┌─ h2", in: start.screen))
        tmux.send("-l", Self.report(0, box.x + 3, box.y + 2) + Self.report(0, box.x + 3, box.y + 2, release: true))
        let selected = tmux.waitFor { $0.contains("h2 (layer 1, tanh)") && !$0.contains("o (output, sigmoid)") }
        #expect(selected.matched, "h2 was not selected:\n\(selected.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }

    /// A presenter's drag reaches a follower: the same matrix on the student's screen.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func aFollowerSeesThePresentersDrag() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let folder = "/tmp/gs-drag-\(UUID().uuidString.prefix(8))"  // a socket path stays short
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let socket = folder + "/l.sock"
        let environment = ["HOME": folder, "XDG_RUNTIME_DIR": folder]
        let presenter = TmuxHarness()
        presenter.start(["serve", "--socket", socket, "--set", "linear.spin=false", "--set", "linear.matrix=1,0,0,1"],
                        width: 120, height: 40, environment: environment)
        #expect(presenter.waitFor { $0.contains("followers on") }.matched, "the presenter did not start:\n\(presenter.screen())")
        presenter.send("z")  // zoom the focused pane (linear)
        let zoomed = presenter.waitFor { Self.identityDrawn($0) && !$0.contains("Information") }
        #expect(zoomed.matched, "no zoomed linear pane:\n\(zoomed.screen)")
        let student = TmuxHarness()
        student.start(["follow", socket], width: 100, height: 30, environment: environment)
        #expect(student.waitFor { $0.contains("following") && Self.matrix($0) == [1, 0, 0, 1] }.matched,
                "the follower did not join:\n\(student.screen())")
        let tip = try #require(Self.find("Ae1", in: zoomed.screen))
        Self.drag(presenter, from: tip, through: [(tip.x + 3, tip.y - 2), (tip.x + 5, tip.y - 4)])
        let dragged = presenter.waitFor { Self.matrix($0).map { $0[0] > 1.1 && $0[2] > 0.2 } ?? false }
        #expect(dragged.matched, "the presenter's drag did nothing:\n\(dragged.screen)")
        let matrix = try #require(Self.matrix(dragged.screen))
        let followed = student.waitFor { Self.matrix($0) == matrix }
        #expect(followed.matched, "the follower does not show \(matrix):\n\(followed.screen)")
        student.send("q")
        #expect(student.waitForExit() == 0)
        presenter.send("q")
        #expect(presenter.waitForExit() == 0)
    }

    /// Past column 223 (what X10 reports cannot say): on a 260-column terminal, a press near the
    /// right end of the binary-entropy plot puts p there.
    @Test(.enabled(if: TmuxHarness.canRun, "needs tmux and the gradscope binary"))
    func wideTerminalsReportEveryColumn() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let tmux = TmuxHarness()
        tmux.start(["--focus", "entropy", "--set", "entropy.mode=binary", "--set", "entropy.coin=0.5"], width: 260, height: 50)
        let start = tmux.waitFor { $0.contains("H(p)   1.0000 bits") && $0.contains("q quit") }
        #expect(start.matched, "no binary view:\n\(start.screen)")
        let axis = try #require(Self.find("┤", in: start.screen))
        Self.drag(tmux, from: (226, axis.y + 5), through: [(228, axis.y + 5)])
        let moved = tmux.waitFor { screen in
            guard let line = screen.split(separator: "\n").first(where: { $0.contains("p      0.") }),
                  let value = Double(line.split(separator: " ").last { $0.hasPrefix("0.") } ?? "") else { return false }
            return value > 0.95
        }
        #expect(moved.matched, "p did not go past 0.95:\n\(moved.screen)")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
    }
}
