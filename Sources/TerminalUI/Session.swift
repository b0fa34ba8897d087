import CNcurses
import CTerminalState
import Canvas
import Foundation
import Synchronization

/// One ncurses screen on a terminal. Not Sendable: create, use and close it on one thread
/// (the main thread); every ncurses call happens there.
///
/// Invariants: at most one session is open per process; after `close()` (idempotent, also
/// run by `deinit`) the terminal is back in its normal screen with the cursor visible.
/// Input is read in raw mode: Ctrl-C arrives as `.control("c")`, not as SIGINT.
public final class TerminalSession {
    /// 1 while a session is open: ncurses keeps per-process current-screen state.
    private static let openSessions = Atomic<Int>(0)

    /// What was detected and chosen when opening.
    public private(set) var capabilities: TerminalCapabilities
    /// Which glyphs the canvas may use.
    public var charset: Charset { capabilities.charset }
    /// The colour tier colours are mapped to.
    public var colorTier: ColorTier { capabilities.colorTier }
    /// Every byte ncurses has written to the output since opening (status bar: bytes/s).
    /// Counted as this thread's write(2) total around each ncurses call: ncurses 6.4 writes
    /// with write(fileno(ofp)) and bypasses stdio, so a counting FILE* would see nothing.
    public private(set) var bytesWritten: UInt64 = 0
    /// False when the kernel gives no per-thread I/O accounting (`bytesWritten` stays 0).
    public let byteCountingAvailable: Bool
    /// The terminal is gone (hangup, output error): draws are skipped, reads return `.hangup`.
    public private(set) var isLost = false

    private var screen: OpaquePointer?
    private var outFile: UnsafeMutablePointer<FILE>?
    private var inFile: UnsafeMutablePointer<FILE>?
    private let options: TerminalOptions
    private var renderTier: ColorTier
    private let colorCount: Int
    private let defaultColorsOK: Bool

    private var previous: CellGrid?
    private var lastScreenSize: TerminalSize?
    private var needsFullRepaint = false
    private var pairs: [PairKey: Int32] = [:]
    private var pairOwners: [Int32: PairKey] = [:]
    /// What each glyph of the grid is sent as, by `GlyphID` (made on first use).
    private var glyphs: GlyphTable
    /// The colour pair of the last cell put, and its colours (`pairNumber`'s one-entry cache).
    private var lastPairKey: PairKey?
    private var lastPair: Int32 = 0
    /// ncurses attribute bits for each `CellAttributes` value (four bits: 16 entries).
    private let attributeBits: [attr_t] = (0..<16).map { raw in
        let a = CellAttributes(rawValue: UInt8(raw))
        var attrs = gs_a_normal()
        if a.contains(.bold) { attrs |= gs_a_bold() }
        if a.contains(.dim) { attrs |= gs_a_dim() }
        if a.contains(.reverse) { attrs |= gs_a_reverse() }
        if a.contains(.underline) { attrs |= gs_a_underline() }
        return attrs
    }
    private var immediateErrors = 0
    /// Keys read while looking for a mouse report after an ESC that turned out not to start
    /// one: handed out, in order, before anything new is read.
    private var pendingEvents: [InputEvent] = []
    private var pairsRecycled = false
    /// How many cells the last `draw` handed to ncurses (tests check the diff with it).
    private(set) var cellsPutInLastDraw = 0
    /// How many cells the last `draw` looked at one by one: those of its runs of changed cells
    /// (`CellGrid.changedRuns`; rows are compared as memory first). 0 when nothing changed;
    /// tests count the draw's work with it.
    private(set) var cellsVisitedInLastDraw = 0
    /// Foreground of the last non-blank cell handed to ncurses (its likely pen colour).
    private var lastForeground: UInt32 = TerminalColor.default.packed
    private static let blank: [wchar_t] = [0x20, 0]

    /// Packed colours (`TerminalColor.packed`).
    private struct PairKey: Hashable {
        var foreground: UInt32
        var background: UInt32
    }

    struct Glyph {
        /// NUL-terminated wide characters for setcchar.
        var chars: [wchar_t]
        var width: Int
        /// A space: it shows no foreground.
        var isBlank: Bool { chars == TerminalSession.blank }
    }

    private init(screen: OpaquePointer, outFile: UnsafeMutablePointer<FILE>, inFile: UnsafeMutablePointer<FILE>,
                 options: TerminalOptions, capabilities: TerminalCapabilities, renderTier: ColorTier,
                 colorCount: Int, defaultColorsOK: Bool, bytesWritten: UInt64, counting: Bool) {
        self.screen = screen
        self.outFile = outFile
        self.inFile = inFile
        self.options = options
        self.capabilities = capabilities
        self.renderTier = renderTier
        self.colorCount = colorCount
        self.defaultColorsOK = defaultColorsOK
        self.bytesWritten = bytesWritten
        self.byteCountingAvailable = counting
        self.glyphs = GlyphTable(ascii: capabilities.charset == .ascii)
    }

    deinit { close() }

    /// Opens the terminal: locale, TERM checks, `newterm`, raw/noecho/keypad/nonl, hidden
    /// cursor, ESC delay, colours. Throws `TerminalError` with a user-facing message for an
    /// unset, dumb, unknown or cup-less TERM; never exits the process.
    public static func open(options: TerminalOptions = TerminalOptions()) throws -> TerminalSession {
        guard openSessions.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged
        else { throw TerminalError.alreadyOpen }
        do {
            let session = try makeSession(options: options)
            session.setMouseReporting(true)
            return session
        } catch {
            openSessions.store(0, ordering: .releasing)
            throw error
        }
    }

    private static func makeSession(options: TerminalOptions) throws -> TerminalSession {
        setlocale(LC_ALL, options.locale ?? "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        let env = options.environment ?? ProcessInfo.processInfo.environment
        let term = try TerminalPolicy.validateTERM(env["TERM"])
        let info = try Terminfo.read(term: term, fd: options.outputFD)
        guard info.canMoveCursor else { throw TerminalError.noCursorAddressing(term: term) }

        if options.installSignalHandlers { TerminalSignals.install() }
        gs_fatal_prepare(options.outputFD, options.inputFD)

        // Own duplicates, so closing our FILEs never closes the caller's descriptors.
        let outFD = dup(options.outputFD), inFD = dup(options.inputFD)
        guard outFD >= 0, inFD >= 0, let outFile = fdopen(outFD, "w"), let inFile = fdopen(inFD, "r") else {
            if outFD >= 0 { gs_close_fd(outFD) }
            if inFD >= 0 { gs_close_fd(inFD) }
            gs_fatal_disarm()
            throw TerminalError.openFailed(term: term)
        }

        let before = gs_thread_write_bytes()
        guard let screen = newterm(term, outFile, inFile) else {
            fclose(outFile)
            fclose(inFile)
            gs_fatal_disarm()
            throw TerminalError.openFailed(term: term)
        }
        _ = set_term(screen)
        let win = gs_stdscr()
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = keypad(win, true)
        _ = intrflush(win, false)
        _ = leaveok(win, true)
        _ = curs_set(0)
        gs_set_escdelay(Int32(clamping: max(0, options.escapeDelayMilliseconds)))
        if let size = options.size {
            _ = resizeterm(Int32(clamping: size.height), Int32(clamping: size.width))
            flushinp() // drop the KEY_RESIZE that resizeterm queued
        }
        // The mouse protocol is spoken here, not by ncurses (see `MouseProtocol`): its own
        // reading of kmous would take SGR reports apart on TERM=tmux-256color or screen.
        if options.enableMouse { _ = keyok(KEY_MOUSE, false) }
        if options.installSignalHandlers { _ = gs_signals_watch_resize() }  // after newterm installed ncurses' own

        var decision = TerminalPolicy.colorTier(environment: env, terminfo: info.color, request: options.color)
        var colors = max(0, info.color.colors), colorPairs = max(0, info.color.pairs)
        var defaultColorsOK = false
        if decision.tier != .none {
            if has_colors() && start_color() == OK {
                defaultColorsOK = use_default_colors() == OK
                colors = Int(gs_colors())
                colorPairs = Int(gs_color_pairs())
            } else {
                decision = (.none, decision.reason + "; ncurses cannot start colour")
            }
        }
        var renderTier = decision.tier
        if renderTier == .direct && colors < 1 << 24 { renderTier = .palette256 }
        if renderTier == .palette256 && colors < 256 { renderTier = colors >= 8 ? .ansi16 : .none }

        var caps = TerminalCapabilities.make(
            term: term, facts: info, width: Int(gs_getmaxx(win)), height: Int(gs_getmaxy(win)),
            codeset: codeset, environment: env, options: options)
        caps.colorTier = decision.tier
        caps.colorTierReason = decision.reason
        caps.colors = colors
        caps.colorPairs = colorPairs

        let after = gs_thread_write_bytes()
        let counting = before >= 0 && after >= before
        return TerminalSession(
            screen: screen, outFile: outFile, inFile: inFile, options: options, capabilities: caps,
            renderTier: renderTier, colorCount: colors, defaultColorsOK: defaultColorsOK,
            bytesWritten: counting ? UInt64(after - before) : 0, counting: counting)
    }

    /// Whether `fd` is a terminal (the app may refuse to draw into a pipe or a file).
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// The current screen size in cells.
    public var size: (width: Int, height: Int) {
        guard let screen else { return (capabilities.width, capabilities.height) }
        _ = set_term(screen)
        let win = gs_stdscr()
        return (Int(gs_getmaxx(win)), Int(gs_getmaxy(win)))
    }

    /// Runs `body` (ncurses calls) and adds what this thread wrote meanwhile to `bytesWritten`.
    private func counted<T>(_ body: () -> T) -> T {
        guard byteCountingAvailable else { return body() }
        let before = gs_thread_write_bytes()
        let result = body()
        let after = gs_thread_write_bytes()
        if before >= 0 && after >= before { bytesWritten &+= UInt64(after - before) }
        return result
    }

    // MARK: Drawing

    /// Draws `grid` at the top left. Only cells that differ from the previous grid are
    /// handed to ncurses (which sends only what differs from the screen), then one
    /// `doupdate`. The work follows what changed, not the screen's area: the runs of changed
    /// cells come from `CellGrid.changedRuns` (rows compared as memory), and only their cells
    /// are looked at, so an unchanged frame visits none and an unchanged pane costs nothing.
    /// A cell's glyph is found in `GlyphTable` by its `GlyphID` (two array loads; its wide
    /// characters are made once per glyph), its colour pair by a one-entry cache in front of the
    /// pair table; no `String` is built per cell. A new grid size or screen size repaints
    /// everything (after a screen size change the terminal is cleared once). Continuation cells
    /// are skipped when the double-width grapheme to their left covers them. Cells outside the
    /// screen are dropped.
    public func draw(_ grid: CellGrid) {
        guard let screen, !isLost else { return }
        _ = set_term(screen)
        let win = gs_stdscr()
        let screenSize = TerminalSize(width: Int(gs_getmaxx(win)), height: Int(gs_getmaxy(win)))
        var full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if needsFullRepaint || (lastScreenSize != nil && lastScreenSize != screenSize) {
            _ = clearok(gs_curscr(), true)
            needsFullRepaint = false
            full = true
        }
        if full { _ = werase(win) }
        lastForeground = TerminalColor.default.packed
        cellsPutInLastDraw = 0
        let runs = grid.changedRuns(from: full ? nil : previous, columns: screenSize.width, rows: screenSize.height)
        var visited = 0
        grid.cells.withUnsafeBufferPointer { cells in
            for run in runs {
                let row = run.y * grid.width
                visited += run.columns.count
                for x in run.columns {
                    let cell = cells[row + x]
                    // A continuation is covered by the grapheme to its left when that is drawn
                    // double width (the grid says so, and so does the terminal's wcwidth).
                    if cell.isContinuation && x > 0 && cells[row + x - 1].width == 2
                        && glyphs.glyph(cells[row + x - 1].glyph).width == 2 { continue }
                    put(cell, x: x, y: run.y, maxX: screenSize.width, in: win)
                }
            }
        }
        cellsVisitedInLastDraw = visited
        counted {
            _ = wnoutrefresh(win)
            _ = doupdate()
        }
        previous = pairsRecycled ? nil : grid
        pairsRecycled = false
        lastScreenSize = screenSize
        capabilities.width = screenSize.width
        capabilities.height = screenSize.height
        checkOutput()
    }

    /// Puts one cell (a continuation as a blank; a double-width grapheme in the last column as
    /// a blank).
    private func put(_ cell: Cell, x: Int, y: Int, maxX: Int, in win: UnsafeMutablePointer<WINDOW>?) {
        cellsPutInLastDraw += 1
        var g = glyphs.glyph(cell.glyph)
        if g.width == 2 && x + 1 >= maxX { g = glyphs.glyph(.space) }
        var key = PairKey(foreground: cell.style.packedForeground, background: cell.style.packedBackground)
        let a = cell.style.attributes
        // A blank shows no foreground unless reversed or underlined: give it the foreground
        // of the previous cell, so ncurses need not switch colours just to erase a dot.
        if g.isBlank && a.isDisjoint(with: [.reverse, .underline]) {
            key.foreground = lastForeground
        } else {
            lastForeground = key.foreground
        }
        var pair = pairNumber(key)
        var cc = cchar_t()
        withUnsafePointer(to: g.chars) { chars in
            chars.withMemoryRebound(to: wchar_t.self, capacity: PackedGlyph.capacity) { chars in
                _ = setcchar(&cc, chars, attributeBits[Int(a.rawValue & 0x0F)], 0, &pair)
            }
        }
        _ = mvwadd_wch(win, Int32(y), Int32(x), &cc)
    }

    /// The wide characters and width for a grapheme: control characters become "?",
    /// bidi overrides and zero-width characters are stripped, anything non-ASCII becomes "?"
    /// in the ASCII charset, at most CCHARW_MAX-1 scalars are kept.
    static func makeGlyph(_ grapheme: String, ascii: Bool) -> Glyph {
        makeGlyph(scalars: Array(grapheme.unicodeScalars), ascii: ascii)
    }

    static func makeGlyph(scalars: [Unicode.Scalar], ascii: Bool) -> Glyph {
        let question = Glyph(chars: [0x3F, 0], width: 1)
        var chars: [wchar_t] = []
        let limit = min(Int(gs_ccharw_max()), PackedGlyph.capacity) - 1
        for s in scalars {
            let v = s.value
            if v < 0x20 || (0x7F...0x9F).contains(v) { return question }
            if TextSanitizer.isInvisible(v) { continue }
            if ascii && v > 0x7E { return question }
            if chars.count < limit { chars.append(wchar_t(bitPattern: v)) }
        }
        guard let first = chars.first else { return Glyph(chars: [0x20, 0], width: 1) }
        let w = gs_wcwidth(first)
        if w < 1 { return question }
        return Glyph(chars: chars + [0], width: Int(min(w, 2)))
    }

    private func pairNumber(_ key: PairKey) -> Int32 {
        guard renderTier != .none else { return 0 }
        // Neighbouring cells mostly share their colours: the last pair is kept at hand.
        if key == lastPairKey { return lastPair }
        if let p = pairs[key] {
            (lastPairKey, lastPair) = (key, p)
            return p
        }
        var fg = ColorMapping.colorNumber(TerminalColor(packed: key.foreground), tier: renderTier, colors: colorCount)
        var bg = ColorMapping.colorNumber(TerminalColor(packed: key.background), tier: renderTier, colors: colorCount)
        if !defaultColorsOK {
            if fg < 0 { fg = 7 }
            if bg < 0 { bg = 0 }
        }
        var p: Int32 = 0
        if fg >= 0 || bg >= 0 {
            p = alloc_pair(fg, bg)
            if p < 0 { p = 0 }
        }
        // alloc_pair recycles the least recently used pair when full (few pairs, e.g. 64 on
        // TERM=xterm): forget its old owner and re-put every cell on the next frame.
        if p != 0, let owner = pairOwners[p], owner != key {
            pairs[owner] = nil
            pairsRecycled = true
            lastPairKey = nil
        }
        pairs[key] = p
        pairOwners[p] = key
        (lastPairKey, lastPair) = (key, p)
        return p
    }

    private func checkOutput() {
        let bad = gs_pollhup() | gs_pollerr() | gs_pollnval()
        if gs_poll_revents(options.outputFD, gs_pollout()) & bad != 0 { isLost = true }
    }

    // MARK: Input

    /// Waits up to `timeoutMilliseconds` (0: poll, negative treated as 0) for one event.
    /// `nil` means nothing arrived, or a termination signal is pending (check
    /// `TerminalSignals.pendingTermination`): a signal ends the wait at once (the input fd and
    /// the signals' wake-up pipe are polled together). A SIGTSTP or Ctrl-Z suspends the process
    /// here (`suspend()`) and returns `.resize` once it is continued. Returns `.hangup` once input
    /// is gone: errno EIO/EBADF/ENXIO, a hung-up input fd, or repeated errors from an input that
    /// polls readable. After a hangup every call waits for the timeout (or a signal), so a loop
    /// that keeps reading never spins.
    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        let timeout = max(0, timeoutMilliseconds)
        guard screen != nil, !isLost else {
            if timeout > 0 { _ = TerminalSignals.wait(for: -1, timeoutMilliseconds: timeout) }
            return .hangup
        }
        if TerminalSignals.pendingTermination != nil { return nil }
        if gs_signals_take_suspend_request() != 0 { return suspend() }
        // What ncurses (or the tty) already holds comes first, without waiting.
        if let event = readAvailable().event { return suspendsOn(event) ? suspend() : event }
        guard !isLost, timeout > 0 else { return isLost ? .hangup : nil }
        let woke = TerminalSignals.wait(for: options.inputFD, timeoutMilliseconds: timeout)
        if TerminalSignals.pendingTermination != nil { return nil }
        if gs_signals_take_suspend_request() != 0 { return suspend() }
        guard woke.input || woke.signal else {  // the timeout passed: the input is quiet
            immediateErrors = 0
            return nil
        }
        // Input, or a resize (ncurses queued KEY_RESIZE), or another signal: read what there is.
        let read = readAvailable()
        if !read.consumedInput && woke.input && !isLost {
            // Readable yet nothing to read, time after time (a file at EOF, an input in error).
            immediateErrors += 1
            if immediateErrors >= 5 { return lose() }
        }
        if isLost { return .hangup }
        return read.event.map(suspendsOn) == true ? suspend() : read.event
    }

    /// Ctrl-Z suspends (raw mode delivers it as a key) when this session handles signals.
    private func suspendsOn(_ event: InputEvent) -> Bool {
        options.installSignalHandlers && event == .key(.control("z"))
    }

    /// The next event ncurses can give without waiting (a lone ESC still waits the ESC delay for
    /// the rest of a sequence), skipping input that maps to nothing; `consumedInput` says whether
    /// anything was read at all. Sets `isLost` when the input is gone.
    private func readAvailable() -> (event: InputEvent?, consumedInput: Bool) {
        guard let screen else { return (nil, false) }
        _ = set_term(screen)
        let win = gs_stdscr()
        wtimeout(win, 0)
        if !pendingEvents.isEmpty { return (pendingEvents.removeFirst(), true) }
        var consumed = false
        for _ in 0..<64 {
            var wch: wint_t = 0
            gs_clear_errno()
            // wget_wch writes only to refresh a window changed since the last refresh (the draw
            // always ends in one): the write counter, two reads of /proc, only then.
            let rc = is_wintouched(win) ? counted { wget_wch(win, &wch) } : wget_wch(win, &wch)
            let err = gs_errno()
            if rc == ERR && err == EILSEQ {  // bytes that are no character: read, and ignored
                consumed = true
                continue
            }
            if rc == ERR {
                if err == EIO || err == EBADF || err == ENXIO { isLost = true }
                let bad = gs_pollhup() | gs_pollerr() | gs_pollnval()
                if gs_poll_revents(options.inputFD, gs_pollin()) & bad != 0 { isLost = true }
                return (nil, consumed)
            }
            consumed = true
            immediateErrors = 0
            switch KeyDecoding.decode(isKeyCode: rc == KEY_CODE_YES, value: UInt32(wch)) {
            case .key(.escape) where options.enableMouse:
                guard let event = afterEscape(win) else { continue }  // a broken report: dropped
                return (event, true)
            case .key(let key):
                return (.key(key), true)
            case .resize:
                needsFullRepaint = true
                let s = size
                return (.resize(width: s.width, height: s.height), true)
            case .mouse, .ignored:  // KEY_MOUSE is switched off (`keyok`): reports are read by `afterEscape`
                break
            }
        }
        return (nil, consumed)
    }

    /// After an ESC (with the mouse on): an SGR report `[<b;x;yM` (or an X10 one, `[M` and
    /// three bytes) is read whole and decoded;
    /// anything else comes back as the keys it was (ESC now, the rest from `pendingEvents`).
    /// Nil when a report was begun but is broken or cut off: it is dropped, so its digits are
    /// never taken for keys. ncurses has already waited the ESC delay for the `[` (it was
    /// looking for a key sequence); the body of a report may trickle in over SSH, so each of
    /// its characters may take up to 50 ms.
    private func afterEscape(_ win: UnsafeMutablePointer<WINDOW>?) -> InputEvent? {
        func next(waiting milliseconds: Int32) -> (isKeyCode: Bool, value: UInt32)? {
            wtimeout(win, milliseconds)
            defer { wtimeout(win, 0) }
            var wch: wint_t = 0
            let rc = counted { wget_wch(win, &wch) }
            return rc == ERR ? nil : (rc == KEY_CODE_YES, UInt32(wch))
        }
        func giveBack(_ read: [(isKeyCode: Bool, value: UInt32)]) -> InputEvent {
            for input in read {
                if case .key(let key) = KeyDecoding.decode(isKeyCode: input.isKeyCode, value: input.value) {
                    pendingEvents.append(.key(key))
                }
            }
            return .key(.escape)
        }
        guard let bracket = next(waiting: 0) else { return .key(.escape) }
        guard !bracket.isKeyCode, bracket.value == 0x5B else { return giveBack([bracket]) }
        guard let angle = next(waiting: 0) else { return giveBack([bracket]) }
        if !angle.isKeyCode, angle.value == 0x4D {  // X10: ESC [ M and three bytes
            var values: [UInt32] = []
            for _ in 0..<3 {
                guard let input = next(waiting: 50), !input.isKeyCode else { return nil }
                values.append(input.value)
            }
            return MouseProtocol.decodeX10(code: values[0], column: values[1], row: values[2]).map { .mouse($0) }
        }
        guard !angle.isKeyCode, angle.value == 0x3C else { return giveBack([bracket, angle]) }
        var body = ""
        while body.count < MouseProtocol.maximumBodyLength {
            guard let input = next(waiting: 50), !input.isKeyCode, let scalar = Unicode.Scalar(input.value) else { return nil }
            body.unicodeScalars.append(scalar)
            if scalar == "M" || scalar == "m" { break }
            guard scalar == ";" || ("0"..."9").contains(scalar) else { return nil }
        }
        return MouseProtocol.decodeSGR(body).map { .mouse($0) }
    }

    /// Switches the terminal's mouse reports on or off (`MouseProtocol`), when the mouse is used.
    private func setMouseReporting(_ on: Bool) {
        guard options.enableMouse, let outFile, !isLost else { return }
        counted {
            fputs(on ? MouseProtocol.enable : MouseProtocol.disable, outFile)
            fflush(outFile)
        }
    }

    private func lose() -> InputEvent {
        isLost = true
        return .hangup
    }

    /// Suspends like any full-screen program: mouse reporting off, `endwin` (normal screen,
    /// cursor shown, shell tty modes), stop the process group; once continued, back into curses
    /// with the last frame repainted whole. Returns `.resize` with the size the terminal has
    /// now, so the caller redraws everything (it may have changed while stopped).
    private func suspend() -> InputEvent {
        guard let screen else { return .hangup }
        _ = set_term(screen)
        setMouseReporting(false)
        counted {
            _ = endwin()
            if let outFile { fflush(outFile) }
        }
        gs_fatal_disarm()  // stopped, the terminal belongs to the shell: nothing to reset
        gs_signals_stop_process()
        gs_fatal_prepare(options.outputFD, options.inputFD)
        _ = set_term(screen)
        let win = gs_stdscr()
        counted {
            _ = clearok(gs_curscr(), true)
            _ = wrefresh(win)  // re-enters program mode (raw, alternate screen, hidden cursor)
        }
        setMouseReporting(true)
        needsFullRepaint = true
        previous = nil
        checkOutput()
        if isLost { return .hangup }
        let s = size
        return .resize(width: s.width, height: s.height)
    }

    // MARK: Closing

    /// Restores the terminal: mouse off, cursor shown, `endwin` (leaves the alternate
    /// screen, restores tty modes), `delscreen`, flush. Idempotent.
    ///
    /// A terminal without an alternate screen (no `smcup`: vt100, the Linux console) would keep
    /// the last frame, with the cursor left on its status bar where the shell's prompt would
    /// land: the screen is cleared (`clear`) instead, or a new line started if it cannot be.
    public func close() {
        guard let screen else { return }
        _ = set_term(screen)
        setMouseReporting(false)
        counted {
            _ = curs_set(1)
            _ = endwin()
            if let outFile {
                if !capabilities.hasAlternateScreen && !isLost && gs_put_string_cap("clear", outFile) != 0 {
                    fputs("\r\n", outFile)
                }
                fflush(outFile)
            }
        }
        delscreen(screen)
        self.screen = nil
        if let outFile { fclose(outFile) }
        if let inFile { fclose(inFile) }
        outFile = nil
        inFile = nil
        gs_fatal_disarm()
        Self.openSessions.store(0, ordering: .releasing)
    }

    // MARK: Test hooks

    /// Resizes the curses screen as a SIGWINCH would (headless tests).
    func resizeForTesting(width: Int, height: Int, dropEvent: Bool = true) {
        guard let screen else { return }
        _ = set_term(screen)
        counted { _ = resizeterm(Int32(height), Int32(width)) }
        if dropEvent { flushinp() }
    }
}

/// A glyph as the draw sends it: its wide characters inline and NUL-terminated (no array to
/// retain per cell), its width on the terminal.
struct PackedGlyph {
    static let capacity = 8
    var chars: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (0, 0, 0, 0, 0, 0, 0, 0)
    var width: Int
    /// A space: it shows no foreground.
    var isBlank: Bool

    init(_ glyph: TerminalSession.Glyph) {
        width = glyph.width
        isBlank = glyph.isBlank
        withUnsafeMutablePointer(to: &chars) { tuple in
            tuple.withMemoryRebound(to: wchar_t.self, capacity: Self.capacity) { out in
                for (index, char) in glyph.chars.prefix(Self.capacity - 1).enumerated() { out[index] = char }
            }
        }
    }
}

/// What each `GlyphID` is sent as, made once per glyph (`TerminalSession.makeGlyph`): a single
/// scalar is found in pages of 256 (two array loads), a cluster in a small dictionary. Bounded:
/// past 8,192 glyphs (untrusted text could show any number) the table starts afresh.
struct GlyphTable {
    let ascii: Bool
    private var entries: [PackedGlyph] = []
    /// For each page of 256 scalars, the offset of its slots in `slots`, or -1.
    private var pageOffsets = [Int32](repeating: -1, count: 0x11_0000 >> 8)
    /// Entry index + 1 for each scalar of an allocated page (0: not made yet).
    private var slots: [Int32] = []
    private var clusters: [UInt32: Int32] = [:]
    static let capacity = 8192

    init(ascii: Bool) { self.ascii = ascii }

    /// How many glyphs are held.
    var count: Int { entries.count }

    @inline(__always)
    mutating func glyph(_ id: GlyphID) -> PackedGlyph {
        let raw = id.rawValue
        if raw < 0x11_0000 {
            let offset = pageOffsets[Int(raw >> 8)]
            if offset >= 0 {
                let slot = slots[Int(offset) + Int(raw & 0xFF)]
                if slot > 0 { return entries[Int(slot) - 1] }
            }
        } else if let index = clusters[raw] {
            return entries[Int(index)]
        }
        return make(id)
    }

    private mutating func make(_ id: GlyphID) -> PackedGlyph {
        if entries.count >= Self.capacity {
            entries.removeAll(keepingCapacity: true)
            slots.removeAll(keepingCapacity: true)
            clusters.removeAll(keepingCapacity: true)
            for index in pageOffsets.indices { pageOffsets[index] = -1 }
        }
        // The continuation is sent as a blank.
        let glyph = PackedGlyph(TerminalSession.makeGlyph(scalars: id == .continuation ? [" "] : id.unicodeScalars, ascii: ascii))
        let index = Int32(entries.count)
        entries.append(glyph)
        let raw = id.rawValue
        if raw < 0x11_0000 {
            let page = Int(raw >> 8)
            if pageOffsets[page] < 0 {
                pageOffsets[page] = Int32(slots.count)
                slots.append(contentsOf: repeatElement(0, count: 256))
            }
            slots[Int(pageOffsets[page]) + Int(raw & 0xFF)] = index + 1
        } else {
            clusters[raw] = index
        }
        return glyph
    }
}

/// Untrusted text rules: what must never reach the terminal as-is.
public enum TextSanitizer {
    /// Bidi controls (U+202A-202E, U+2066-2069), zero-width characters (U+200B-200F,
    /// U+2060-2064), U+FEFF: invisible, able to reorder or hide text. Stripped on output.
    public static func isInvisible(_ v: UInt32) -> Bool {
        (0x200B...0x200F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2060...0x2064).contains(v) || (0x2066...0x2069).contains(v) || v == 0xFEFF
    }
}
