import CNcurses
import CTerminalState
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide signal handling for the terminal. The state lives once, in the C target
/// `CTerminalState` (never in a header: each Swift module would get a copy of its own).
///
/// - SIGINT, SIGTERM, SIGHUP, SIGQUIT record the first signal and wake the input wait (a
///   self-pipe polled with the input by `TerminalSession.readEvent`, which then returns `nil`);
///   the main loop sees `pendingTermination`, closes the session (restoring the terminal) and
///   exits with `exitStatus(for:)`. Should that orderly exit hang (a terminal that stopped
///   reading), the process ends by itself `gracePeriodSeconds` later with the same status.
/// - SIGTSTP (and Ctrl-Z, which raw mode delivers as a key) suspends: `readEvent` restores the
///   terminal, stops the process group, and on SIGCONT re-enters curses, repaints the last frame
///   and returns `.resize` so the caller redraws at the size the terminal has now.
/// - SIGWINCH is ncurses' (it queues `KEY_RESIZE`); a chained handler only wakes the wait.
/// - SIGPIPE is ignored (a dropped connection shows up as an I/O error instead).
/// - SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP write `resetSequence` to the session's
///   output fd (and restore the saved tty modes), then hand over to the previous handler
///   (default action or the Swift backtracer) and re-raise.
///
/// Handlers are installed without SA_RESTART and only store atomics and write(2) a byte.
/// Ctrl-C in raw mode is a key (`.control("c")`), not a signal.
public enum TerminalSignals {
    /// How long an orderly exit may take after a termination signal before the process ends anyway.
    public static let gracePeriodSeconds = Int(GS_EXIT_GRACE_SECONDS)

    /// Installs all handlers; idempotent. `TerminalSession.open` calls it unless told not to.
    public static func install() {
        _ = gs_signals_install()
        _ = gs_install_fatal_handlers()
    }

    /// Puts back the handlers `install` replaced and forgets any request (tests: a program exits).
    public static func uninstall() { gs_signals_restore_defaults() }

    /// The signal that asked the process to terminate, if one arrived.
    public static var pendingTermination: Int32? {
        let s = gs_signals_pending_termination()
        return s == 0 ? nil : s
    }

    /// The conventional exit status after terminating because of `signal`: 128 + signal.
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// What the fatal-signal handler writes: leave the alternate screen, show the cursor,
    /// reset colours and attributes, switch mouse reporting off, start a fresh line.
    public static var resetSequence: String { String(cString: gs_reset_string()) }

    /// For a loop outside the dashboard: if a termination signal arrived, close `session`
    /// (restoring the terminal) and exit with 128 + signal. Returns otherwise.
    public static func exitIfRequested(closing session: TerminalSession?) {
        guard let signal = pendingTermination else { return }
        session?.close()
        exit(exitStatus(for: signal))
    }

    /// Forgets a pending termination request (after handling it, or in tests).
    public static func clearPending() { gs_signals_clear_termination() }

    /// Pretends `signal` arrived (tests, and "quit" paths that share the signal exit route):
    /// sets the request and wakes a waiting `readEvent`.
    public static func simulate(_ signal: Int32) { gs_signals_simulate_termination(signal) }

    /// Waits up to `timeoutMilliseconds` for `fd` to be readable or hung up (`fd` < 0: for a
    /// signal only); a signal handled here ends the wait early.
    static func wait(for fd: Int32, timeoutMilliseconds: Int) -> (input: Bool, signal: Bool) {
        let woke = gs_wait_for_input(fd, Int32(clamping: timeoutMilliseconds))
        return (woke & GS_WAIT_INPUT != 0, woke & GS_WAIT_SIGNAL != 0)
    }
}

/// Process-wide settings for a program that redraws large grids many times a second.
public enum ProcessTuning {
    /// Keeps freed frame buffers in the heap instead of returning them to the kernel each frame
    /// (glibc's trim and mmap thresholds); false where the C library has no such setting.
    @discardableResult
    public static func retainFreedMemory() -> Bool { gs_retain_freed_memory() == 1 }
}
