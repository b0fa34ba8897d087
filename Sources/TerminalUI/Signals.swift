import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide signal handling for the terminal.
///
/// SIGINT, SIGTERM and SIGHUP only set an async-signal-safe flag (a `volatile sig_atomic_t`
/// in the shim); the main loop polls `pendingTermination` after every `readEvent` (which
/// waits at most its timeout, ~33 ms) and then calls `TerminalSession.close()` and exits with
/// `exitStatus(for:)`. The handlers are installed without SA_RESTART so a blocked read wakes up.
/// SIGPIPE is ignored (a dropped SSH connection shows up as an I/O error instead).
/// SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP write `resetSequence` to the session's
/// output fd (and restore the saved tty modes), then hand over to the previous handler
/// (default action or the Swift backtracer) and re-raise.
/// SIGWINCH is left to ncurses (it queues `KEY_RESIZE`). Ctrl-C in raw mode is a key
/// (`.control("c")`), not a signal.
public enum TerminalSignals {
    /// Installs all handlers; idempotent. `TerminalSession.open` calls it unless told not to.
    public static func install() {
        _ = gs_install_termination_handlers()
        _ = gs_install_fatal_handlers()
    }

    /// The signal that asked the process to terminate, if one arrived.
    public static var pendingTermination: Int32? {
        let s = gs_pending_signal()
        return s == 0 ? nil : s
    }

    /// The conventional exit status after terminating because of `signal`: 128 + signal.
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// What the fatal-signal handler writes: leave the alternate screen, show the cursor,
    /// reset colours and attributes, switch mouse reporting off, start a fresh line.
    public static var resetSequence: String { String(cString: gs_reset_string()) }

    /// For the main loop: if a termination signal arrived, close `session` (restoring the
    /// terminal) and exit with 128 + signal. Returns otherwise.
    public static func exitIfRequested(closing session: TerminalSession?) {
        guard let signal = pendingTermination else { return }
        session?.close()
        exit(exitStatus(for: signal))
    }

    /// Forgets a pending termination request (after handling it, or in tests).
    public static func clearPending() { gs_clear_pending_signal() }

    /// Pretends `signal` arrived (tests, and "quit" paths that share the signal exit route).
    public static func simulate(_ signal: Int32) { gs_simulate_signal(signal) }
}

/// Process-wide settings for a program that redraws large grids many times a second.
public enum ProcessTuning {
    /// Keeps freed frame buffers in the heap instead of returning them to the kernel each frame
    /// (glibc's trim and mmap thresholds); false where the C library has no such setting.
    @discardableResult
    public static func retainFreedMemory() -> Bool { gs_retain_freed_memory() == 1 }
}
