import Canvas
import Foundation
import Testing
@testable import TerminalUI

/// A headless terminal: output to a temporary file (so every byte can be inspected and
/// counted), input from a pipe the test writes keys into.
final class Headless {
    let outputPath: String
    let outputFD: Int32
    let inputRead: Int32
    var inputWrite: Int32

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/gs-term-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw POSIXError(.EIO) }
        outputPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        outputFD = fd
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
        inputRead = fds[0]
        inputWrite = fds[1]
    }

    deinit {
        close(outputFD)
        close(inputRead)
        if inputWrite >= 0 { close(inputWrite) }
        unlink(outputPath)
    }

    func options(term: String? = "xterm-256color", width: Int = 120, height: Int = 40,
                 extra: [String: String] = [:], locale: String = "C.UTF-8",
                 color: ColorRequest = .auto) -> TerminalOptions {
        var env = extra
        if let term { env["TERM"] = term }
        return TerminalOptions(color: color, inputFD: inputRead, outputFD: outputFD, environment: env,
                               locale: locale, size: TerminalSize(width: width, height: height),
                               installSignalHandlers: false)
    }

    func open(_ options: TerminalOptions? = nil) throws -> TerminalSession {
        try TerminalSession.open(options: options ?? self.options())
    }

    func type(_ bytes: String) {
        let data = Array(bytes.utf8)
        _ = data.withUnsafeBytes { write(inputWrite, $0.baseAddress, $0.count) }
    }

    func hangUp() {
        close(inputWrite)
        inputWrite = -1
    }

    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    var outputSize: Int {
        var st = stat()
        return fstat(outputFD, &st) == 0 ? Int(st.st_size) : -1
    }
}

func textGrid(width: Int, height: Int, seed: Int = 0) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    let words = Array("gradient descent on a quadratic bowl ")
    for y in 0..<height {
        for x in 0..<width where (x + y + seed) % 3 != 0 {
            grid[x, y] = Cell(String(words[(x * 7 + y * 3 + seed) % words.count]),
                              style: Style(foreground: .palette(UInt8((x + y) % 200 + 16))))
        }
    }
    return grid
}

/// ncurses has per-process screen state: every test that opens a session runs serially.
@Suite(.serialized) struct LiveSessionTests {
    @Test func identicalFrameCostsNothingAndOneCellLittle() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        #expect(s.size == (120, 40))
        #expect(s.byteCountingAvailable)
        let start = s.bytesWritten
        var grid = textGrid(width: 120, height: 40)
        s.draw(grid)
        let first = s.bytesWritten - start
        #expect(first > 2000)
        let b1 = s.bytesWritten
        #expect(s.cellsPutInLastDraw == 120 * 40)
        s.draw(grid)
        #expect(s.bytesWritten - b1 < 16)
        #expect(s.cellsPutInLastDraw == 0)
        let b2 = s.bytesWritten
        grid[60, 20] = Cell("X", style: Style(attributes: .bold))
        s.draw(grid)
        #expect(s.cellsPutInLastDraw == 1)
        let one = s.bytesWritten - b2
        #expect(one > 0)
        #expect(one < 64)
    }

    @Test func byteCounterMatchesWhatReachedTheFile() throws {
        let h = try Headless()
        let s = try h.open()
        s.draw(textGrid(width: 120, height: 40))
        s.draw(textGrid(width: 120, height: 40, seed: 1))
        s.close()
        #expect(s.bytesWritten > 0)
        #expect(Int(s.bytesWritten) == h.outputSize)
    }

    @Test func movingBrailleScatterStaysWithinBudget() throws {
        let h = try Headless()
        let s = try h.open(h.options(width: 160, height: 48))
        defer { s.close() }
        let (w, ht) = (160, 48)
        // Deterministic points (an LCG) drifting slowly: a quarter sub-pixel per frame.
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var points = (0..<500).map { _ in
            (x: next() * Double(w * 2), y: next() * Double(ht * 4), dx: next() * 0.5 - 0.25, dy: next() * 0.5 - 0.25)
        }
        let bits: [[UInt16]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        func frame() -> CellGrid {
            var masks = [UInt16](repeating: 0, count: w * ht)
            for p in points {
                let px = Int(p.x), py = Int(p.y)
                guard px >= 0, py >= 0, px < w * 2, py < ht * 4 else { continue }
                masks[(py / 4) * w + px / 2] |= bits[py % 4][px % 2]
            }
            var grid = CellGrid(width: w, height: ht)
            for i in 0..<masks.count where masks[i] != 0 {
                grid[i % w, i / w] = Cell(String(Character(Unicode.Scalar(0x2800 + UInt32(masks[i]))!)),
                                          style: Style(foreground: .palette(39)))
            }
            return grid
        }
        s.draw(frame())
        let start = s.bytesWritten
        for _ in 0..<30 {
            for i in points.indices {
                points[i].x = (points[i].x + points[i].dx + Double(w * 2)).truncatingRemainder(dividingBy: Double(w * 2))
                points[i].y = (points[i].y + points[i].dy + Double(ht * 4)).truncatingRemainder(dividingBy: Double(ht * 4))
            }
            s.draw(frame())
        }
        let average = (s.bytesWritten - start) / 30
        print("braille scatter 160x48, 500 points: \(average) bytes/frame")
        #expect(average > 0)
        #expect(average <= 2048)
    }

    @Test func resizeRepaintsOnceThenDiffsAgain() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        s.draw(textGrid(width: 120, height: 40))
        s.resizeForTesting(width: 160, height: 48, dropEvent: false)
        #expect(s.readEvent(timeoutMilliseconds: 50) == .resize(width: 160, height: 48))
        let big = textGrid(width: 160, height: 48)
        let b0 = s.bytesWritten
        s.draw(big)
        #expect(s.bytesWritten - b0 > 4000)
        #expect(h.output.contains("\u{1B}[H\u{1B}[2J")) // cleared once (clear = \E[H\E[2J)
        let b1 = s.bytesWritten
        s.draw(big)
        #expect(s.bytesWritten - b1 < 16)
    }

    @Test func keysArriveDecoded() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        h.type("a\u{1B}OA\u{03}\ré\u{1B}[6~\u{1B}OP\u{7F}")
        var events: [InputEvent] = []
        for _ in 0..<20 {
            guard let e = s.readEvent(timeoutMilliseconds: 60) else { break }
            events.append(e)
        }
        #expect(events == [.key(.character("a")), .key(.up), .key(.control("c")), .key(.enter),
                           .key(.character("é")), .key(.pageDown), .key(.function(1)), .key(.backspace)])
        h.type("\u{1B}")
        #expect(s.readEvent(timeoutMilliseconds: 200) == .key(.escape))
    }

    @Test func closedInputIsAHangupNotASpin() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        #expect(s.readEvent(timeoutMilliseconds: 20) == nil)
        h.hangUp()
        var calls = 0, event: InputEvent?
        while calls < 10 {
            calls += 1
            event = s.readEvent(timeoutMilliseconds: 20)
            if event != nil { break }
        }
        #expect(event == .hangup)
        #expect(calls <= 6)
        #expect(s.isLost)
        #expect(s.readEvent(timeoutMilliseconds: 0) == .hangup)
        let b = s.bytesWritten
        s.draw(textGrid(width: 120, height: 40))
        #expect(s.bytesWritten == b)
    }

    /// Bytes that are no character (a Latin-1 paste in a UTF-8 locale) are dropped (ncurses
    /// drops the rest of that read with them) and never taken for a hung-up input: the next key
    /// arrives.
    @Test func invalidBytesAreNoHangup() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        let garbage = [UInt8](repeating: 0xFF, count: 12) + [0xC3, 0x28]
        _ = garbage.withUnsafeBytes { write(h.inputWrite, $0.baseAddress, $0.count) }
        var events: [InputEvent] = []
        for _ in 0..<10 {
            if let event = s.readEvent(timeoutMilliseconds: 20) { events.append(event) }
        }
        #expect(events == [])
        #expect(!s.isLost)
        h.type("b")
        #expect(s.readEvent(timeoutMilliseconds: 200) == .key(.character("b")))
    }

    @Test func closeLeavesTheNormalScreenWithACursor() throws {
        let h = try Headless()
        let s = try h.open()
        s.draw(textGrid(width: 120, height: 40))
        s.close()
        s.close() // idempotent
        let out = h.output
        let enter = out.range(of: "\u{1B}[?1049h", options: .backwards)
        let leave = out.range(of: "\u{1B}[?1049l", options: .backwards)
        let hide = out.range(of: "\u{1B}[?25l", options: .backwards)
        let show = out.range(of: "\u{1B}[?25h", options: .backwards)
        #expect(enter != nil && leave != nil && hide != nil && show != nil)
        if let enter, let leave, let hide, let show {
            #expect(enter.lowerBound < leave.lowerBound)
            #expect(hide.lowerBound < show.lowerBound)
        }
        // A second session can be opened after closing.
        let again = try h.open()
        again.close()
    }

    @Test func onlyOneSessionAtATime() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        #expect(throws: TerminalError.alreadyOpen) { try h.open() }
    }

    @Test func refusesUnusableTerminals() throws {
        let h = try Headless()
        for (term, expected) in [(String?.none, TerminalError.termUnset), ("dumb", .dumbTerminal),
                                 ("nosuchterm", .unknownTerminal(term: "nosuchterm"))] {
            #expect(throws: expected) { try h.open(h.options(term: term)) }
        }
        do {
            _ = try h.open(h.options(term: "nosuchterm"))
            Issue.record("nosuchterm opened")
        } catch {
            #expect("\(error)".contains("TERM=nosuchterm"))
        }
        // Nothing was written to the terminal by the refusals.
        #expect(h.outputSize == 0)
        // And a usable TERM still works afterwards.
        try h.open().close()
    }

    @Test func noColorDrawsAttributesWithoutColours() throws {
        let h = try Headless()
        let s = try h.open(h.options(extra: ["NO_COLOR": "1"]))
        #expect(s.colorTier == .none)
        #expect(s.capabilities.colorTierReason == "NO_COLOR is set")
        var grid = CellGrid(width: 120, height: 40)
        grid[1, 1] = Cell("R", style: Style(foreground: .rgb(255, 0, 0), attributes: [.reverse]))
        s.draw(grid)
        s.close()
        #expect(!h.output.contains("38;5;"))
        #expect(h.output.contains("\u{1B}[7m") || h.output.contains(";7m")) // reverse video still drawn
    }

    @Test func colourAt256UsesThePalette() throws {
        let h = try Headless()
        let s = try h.open(h.options(extra: ["COLORTERM": "truecolor"]))
        #expect(s.colorTier == .palette256) // xterm-256color has no RGB
        var grid = CellGrid(width: 120, height: 40)
        grid[1, 1] = Cell("R", style: Style(foreground: .rgb(255, 0, 0)))
        grid[2, 1] = Cell("界", style: Style(foreground: .ansi(2)))
        grid[3, 1] = .continuation(style: Style(foreground: .ansi(2)))
        grid[4, 1] = Cell("z")
        s.draw(grid)
        s.close()
        #expect(h.output.contains("38;5;196m"))
        #expect(h.output.contains("R"))
        #expect(h.output.contains("界"))
        #expect(h.output.contains("z"))
    }

    @Test func asciiLocaleSwitchesCharset() throws {
        let h = try Headless()
        let s = try h.open(h.options(locale: "C"))
        defer { s.close() }
        #expect(s.charset == .ascii)
        #expect(!s.capabilities.isUTF8)
        var grid = CellGrid(width: 120, height: 40)
        grid[0, 0] = Cell("\u{2847}")
        s.draw(grid)
        s.close()
        #expect(!h.output.contains("\u{2847}"))
    }

    @Test func probeWithoutOpeningTheScreen() throws {
        let caps = try TerminalCapabilities.probe(
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LINES": "48", "COLUMNS": "160"],
            options: TerminalOptions(outputFD: -1))
        #expect(caps.term == "xterm-256color")
        #expect(caps.colors == 256)
        #expect(caps.colorTier == .palette256)
        #expect(caps.hasAlternateScreen)
        #expect(caps.canMoveCursor)
        #expect(caps.isUTF8 && caps.charset == .unicode)
        #expect(caps.width == 160 && caps.height == 48)
        let vt = try TerminalCapabilities.probe(environment: ["TERM": "vt100"], options: TerminalOptions(outputFD: -1))
        #expect(vt.colorTier == .none)
        #expect(!vt.hasAlternateScreen)
        #expect(vt.charset == .ascii)
        #expect(throws: TerminalError.unknownTerminal(term: "nosuchterm")) {
            try TerminalCapabilities.probe(environment: ["TERM": "nosuchterm"])
        }
        #expect(throws: TerminalError.dumbTerminal) { try TerminalCapabilities.probe(environment: ["TERM": "dumb"]) }
        let json = try JSONEncoder().encode(caps)
        #expect(try JSONDecoder().decode(TerminalCapabilities.self, from: json) == caps)
    }

    @Test func extendedColourPairsBeyond255() throws {
        let h = try Headless()
        let s = try h.open()
        var grid = CellGrid(width: 120, height: 40)
        // 400 distinct (fg, bg) pairs: numbers above 255 only work through setcchar's opts.
        for i in 0..<400 {
            grid[i % 120, i / 120] = Cell("#", style: Style(foreground: .palette(UInt8(16 + i % 200)),
                                                           background: .palette(i < 200 ? 17 : 18)))
        }
        s.draw(grid)
        s.close()
        let out = h.output
        #expect(out.contains("38;5;215m") || out.contains("38;5;215;"))
        #expect(out.contains("48;5;18m") || out.contains("48;5;18;"))
        // The very last pair drawn (fg 215 on bg 18) appears as one pen change.
        #expect(out.contains("\u{1B}[38;5;215m\u{1B}[48;5;18m#") || out.contains("\u{1B}[48;5;18m\u{1B}[38;5;215m#"))
    }

    @Test func eightColourTerminalFoldsAndRecyclesPairs() throws {
        let h = try Headless()
        let s = try h.open(h.options(term: "xterm"))
        #expect(s.colorTier == .ansi16)
        #expect(s.capabilities.colorPairs == 64)
        var grid = CellGrid(width: 120, height: 40)
        grid[0, 0] = Cell("R", style: Style(foreground: .rgb(255, 0, 0)))
        s.draw(grid)
        // rgb red -> bright red (9) -> folded to red (1) on 8 colours: setaf 1.
        #expect(h.output.contains("\u{1B}[31m"))
        #expect(!h.output.contains("\u{1B}[91m") && !h.output.contains("38;5;"))
        // 9 x 9 = 81 (fg, bg) combinations do not fit in 63 pairs: ncurses recycles.
        let colors: [TerminalColor] = [.default] + (0..<8).map { .ansi(UInt8($0)) }
        for (i, fg) in colors.enumerated() {
            for (j, bg) in colors.enumerated() {
                grid[i * 9 + j, 2] = Cell("o", style: Style(foreground: fg, background: bg))
            }
        }
        s.draw(grid)
        let b = s.bytesWritten
        s.draw(grid) // pairs were recycled: every cell is handed over again
        s.draw(grid)
        #expect(s.bytesWritten >= b)
        s.close()
    }

    @Test func wideGlyphRules() throws {
        let h = try Headless()
        let s = try h.open()
        var grid = CellGrid(width: 120, height: 40)
        grid[119, 0] = Cell("界")                     // would overflow the last column
        grid[5, 1] = .continuation(style: .plain)     // stray continuation: drawn as a blank
        grid[10, 2] = Cell("表")
        grid[11, 2] = .continuation(style: .plain)
        grid[12, 2] = Cell("x")
        s.draw(grid)
        let b = s.bytesWritten
        grid[10, 2] = Cell("a")                       // wide -> two narrow cells
        grid[11, 2] = Cell("b")
        s.draw(grid)
        #expect(s.bytesWritten - b < 32)
        s.close()
        let out = h.output
        #expect(!out.contains("界"))
        #expect(out.contains("表x"))
        #expect(out.contains("ab"))
    }

    @Test func mouseReportsWhenEnabled() throws {
        let h = try Headless()
        var o = h.options()
        o.enableMouse = true
        let s = try h.open(o)
        defer { s.close() }
        h.type("\u{1B}[<0;11;6M")
        var event: InputEvent?
        for _ in 0..<5 {
            event = s.readEvent(timeoutMilliseconds: 60)
            if event != nil { break }
        }
        #expect(event == .mouse(MouseEvent(x: 10, y: 5, kind: .press(button: 1))))
    }

    /// Every event `readEvent` gives within `attempts` short waits.
    private func events(_ s: TerminalSession, attempts: Int = 8) -> [InputEvent] {
        var all: [InputEvent] = []
        for _ in 0..<attempts {
            if let event = s.readEvent(timeoutMilliseconds: 60) { all.append(event) }
        }
        return all
    }

    /// A drag as xterm, tmux and SSH send it (SGR, mode 1002): press, motion, release, on a
    /// terminal whose terminfo knows only X10 reports (tmux-256color) and one that knows SGR.
    @Test(arguments: ["xterm-256color", "tmux-256color", "screen"])
    func dragsArriveWholeWhateverTheTerminfo(term: String) throws {
        let h = try Headless()
        var o = h.options(term: term, width: 300, height: 80)
        o.enableMouse = true
        let s = try h.open(o)
        h.type("\u{1B}[<0;250;6M\u{1B}[<32;251;7M\u{1B}[<32;252;7M\u{1B}[<0;252;7m")
        #expect(events(s) == [
            .mouse(MouseEvent(x: 249, y: 5, kind: .press(button: 1))),
            .mouse(MouseEvent(x: 250, y: 6, kind: .drag(button: 1))),
            .mouse(MouseEvent(x: 251, y: 6, kind: .drag(button: 1))),
            .mouse(MouseEvent(x: 251, y: 6, kind: .release(button: 1))),
        ])
        s.close()
        let out = h.output
        let on = try #require(out.range(of: MouseProtocol.enable))
        let off = try #require(out.range(of: MouseProtocol.disable, options: .backwards))
        #expect(on.upperBound <= off.lowerBound)
    }

    /// An Escape that starts no report is still Escape, and what follows it is still typed.
    @Test func escapeAndBracketKeysSurviveTheMouseReader() throws {
        let h = try Headless()
        var o = h.options()
        o.enableMouse = true
        let s = try h.open(o)
        defer { s.close() }
        h.type("\u{1B}")
        #expect(events(s, attempts: 3) == [.key(.escape)])
        h.type("\u{1B}[x")
        #expect(events(s, attempts: 4) == [.key(.escape), .key(.character("[")), .key(.character("x"))])
        // A report cut short is dropped whole: its digits are never typed as keys.
        h.type("\u{1B}[<0;1")
        #expect(events(s, attempts: 4) == [])
        h.type("q")
        #expect(events(s, attempts: 2) == [.key(.character("q"))])
    }

    /// With the mouse off nothing is asked of the terminal.
    @Test func noMouseModesWithoutTheMouse() throws {
        let h = try Headless()
        let s = try h.open(h.options())
        s.close()
        #expect(!h.output.contains("\u{1B}[?1002h"))
        #expect(!h.output.contains("\u{1B}[?1006h"))
    }

    @Test func signalFlagAndExitStatus() {
        TerminalSignals.clearPending()
        #expect(TerminalSignals.pendingTermination == nil)
        TerminalSignals.simulate(SIGHUP)
        #expect(TerminalSignals.pendingTermination == SIGHUP)
        #expect(TerminalSignals.exitStatus(for: SIGHUP) == 129)
        TerminalSignals.clearPending()
        #expect(TerminalSignals.pendingTermination == nil)
        let reset = TerminalSignals.resetSequence
        for part in ["\u{1B}[?1049l", "\u{1B}[?25h", "\u{1B}[0m", "\u{1B}[?1000l", "\u{1B}[?1006l"] {
            #expect(reset.contains(part))
        }
        #expect(reset.hasSuffix("\r\n"))
    }

    /// A real signal, whichever thread it lands on, ends the input wait at once (the wake-up
    /// pipe is polled with the input) and is seen by the caller: the state the handler sets and
    /// the state the loop reads are one (issue 14: they were two copies in release builds).
    @Test func aSignalEndsTheInputWaitAtOnce() throws {
        let h = try Headless()
        let s = try h.open()
        defer { s.close() }
        TerminalSignals.install()
        defer { TerminalSignals.uninstall() }  // also cancels the exit grace alarm
        // From another thread, so the kernel may deliver it to either.
        let sender = Thread { usleep(100_000); kill(getpid(), SIGTERM) }
        let start = ContinuousClock.now
        sender.start()
        let event = s.readEvent(timeoutMilliseconds: 10_000)
        let waited = ContinuousClock.now - start
        #expect(event == nil)
        #expect(TerminalSignals.pendingTermination == SIGTERM)
        #expect(waited < .seconds(5), "the wait lasted \(waited) of its 10 s")
        // Pending, it keeps every later read from waiting.
        #expect(s.readEvent(timeoutMilliseconds: 10_000) == nil)
        #expect(ContinuousClock.now - start < .seconds(5))
        TerminalSignals.clearPending()
        #expect(TerminalSignals.pendingTermination == nil)
    }

    /// The C shim header must hold no variable: a `static` there (or inside a `static inline`
    /// function) exists once per Swift module and per inlined copy. State lives in CTerminalState.
    @Test func theShimHeaderHoldsNoState() throws {
        let root = #filePath.components(separatedBy: "/Tests/")[0]
        let header = try String(contentsOfFile: root + "/Sources/CNcurses/shim.h", encoding: .utf8)
        let statics = header.split(separator: "\n").enumerated().filter { _, line in
            let code = line.trimmingCharacters(in: .whitespaces)
            return code.hasPrefix("static ") && !code.hasPrefix("static inline ")
        }.map { "shim.h:\($0.offset + 1): \($0.element)" }
        #expect(statics == [])
    }
}
