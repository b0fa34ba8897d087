#ifndef GRADSCOPE_CTERMINALSTATE_H
#define GRADSCOPE_CTERMINALSTATE_H
/*
 * The process-wide state a terminal program needs outside the curses library: the signal
 * flags and the wake-up pipe, the crash handler's reset state, and tputs' output target.
 *
 * Invariant: each of these exists exactly once per process. They are variables with internal
 * linkage in ONE translation unit (CTerminalState.c) reached only through the functions below,
 * which have external linkage. Never move them into a header as `static` (or into a
 * `static inline` function): every Swift module, and every copy the optimiser inlines across
 * modules, would then get a variable of its own, so a signal handler would set one copy while
 * the main loop reads another (issue 14: termination signals were ignored in release builds).
 *
 * Signal handlers only store to lock-free atomics and call async-signal-safe functions.
 */
#include <stdio.h>

// ---------------------------------------------------------------------------------------------
// Termination and suspension signals.

/// What `gs_wait_for_input` saw (a bit set; 0: the timeout passed).
#define GS_WAIT_INPUT 1   // the input fd is readable, or hung up / in error: read it to know
#define GS_WAIT_SIGNAL 2  // a signal arrived (termination, suspension, resize or another one)

/// SIGINT, SIGTERM, SIGHUP, SIGQUIT: remember the first one and wake the loop; the program then
/// restores the terminal and exits with 128 + signal. SIGTSTP: ask the loop to suspend. SIGPIPE
/// is ignored (a dropped connection shows up as a write error instead). Handlers are installed
/// without SA_RESTART, so a blocking call returns EINTR. Also creates the wake-up pipe, and
/// unblocks these signals (and SIGWINCH, SIGCONT) in the calling thread, whatever mask the
/// parent handed down.
/// If the orderly exit has not happened `GS_EXIT_GRACE_SECONDS` after the first termination
/// signal (e.g. a write to a terminal that stopped reading blocks), SIGALRM ends the process
/// with the same status. Idempotent; 0 on success.
int gs_signals_install(void);
#define GS_EXIT_GRACE_SECONDS 3

/// Puts back the default action of every signal `gs_signals_install` handles (for tests; a
/// program simply exits) and forgets any request.
void gs_signals_restore_defaults(void);

/// The signal number that asked the process to terminate, or 0.
int gs_signals_pending_termination(void);
/// Forgets a termination request (tests).
void gs_signals_clear_termination(void);
/// Behaves as if `sig` (a termination signal) had arrived: sets the request, wakes the loop.
/// The exit grace alarm is not armed.
void gs_signals_simulate_termination(int sig);

/// 1 once for each SIGTSTP that arrived since the last call (several count as one), else 0.
int gs_signals_take_suspend_request(void);
/// Restores the default SIGTSTP action, stops this process group with SIGTSTP (as the tty
/// driver's Ctrl-Z would) and, once continued (SIGCONT), installs the handler again. In an
/// orphaned process group (no job-control shell to continue it) the kernel discards the stop
/// and this returns at once. The caller restores the terminal before and re-enters after.
void gs_signals_stop_process(void);

/// Chains the current SIGWINCH handler (ncurses' own, installed by newterm) with a wake-up of
/// `gs_wait_for_input`, so a resize is seen at once whichever thread the signal lands on.
/// Idempotent. 0 on success.
int gs_signals_watch_resize(void);

/// Waits up to `timeout_ms` (< 0: no limit) for `fd` to become readable (or hung up), or for
/// any signal handled here. `fd` < 0 waits for signals only. Drains the wake-up pipe.
int gs_wait_for_input(int fd, int timeout_ms);

// ---------------------------------------------------------------------------------------------
// Fatal signals: the terminal is reset even when the process crashes.

/// Leave the alternate screen, show the cursor, reset SGR, mouse reporting off, new line.
const char *gs_reset_string(void);
/// Remember where the reset string goes (`out_fd`) and the tty modes of `tty_fd` to restore on
/// a crash or a forced exit.
void gs_fatal_prepare(int out_fd, int tty_fd);
/// Nothing to restore any more (the terminal was closed normally).
void gs_fatal_disarm(void);
/// SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP: write the reset string, restore the
/// previous handler (default action or the Swift backtracer), re-raise. Idempotent.
int gs_install_fatal_handlers(void);

// ---------------------------------------------------------------------------------------------
// Output accounting.

/// Bytes this thread has passed to write(2) so far (Linux task I/O accounting), or -1.
/// ncurses 6.4 flushes with write(fileno(ofp)), bypassing stdio, so the byte count of a frame
/// is the difference of this figure around the ncurses call on the calling thread. The
/// accounting file is opened once per thread and read again from its start.
long long gs_thread_write_bytes(void);

// ---------------------------------------------------------------------------------------------
// Terminfo output.

/// Writes the current terminal's string capability `name` to `f`, padding expanded by tputs
/// (never the raw `$<n>` text), and flushes. 0 on success, -1 when the terminal lacks it.
/// Needs a current curses terminal (after newterm).
int gs_put_string_cap(const char *name, FILE *f);

#endif
