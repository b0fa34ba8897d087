// The one definition of the terminal's process-wide state (see CTerminalState.h for why it
// must live in a .c file). Everything a handler touches is a lock-free atomic or a descriptor
// set before the handler is installed.
#define _GNU_SOURCE 1
#include "CTerminalState.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "signal handlers need lock-free atomics");

// ---------------------------------------------------------------------------------------------
// Termination and suspension.

/// The first termination signal received (0: none).
static atomic_int pending_termination = 0;
/// A SIGTSTP arrived and the loop has not suspended for it yet.
static atomic_int suspend_requested = 0;
/// The self-pipe: handlers write a byte to [1]; `gs_wait_for_input` polls [0].
static int wake_fds[2] = {-1, -1};
/// Whether `gs_signals_install` ran (main thread only) and what it replaced.
static int installed = 0;
static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGALRM, SIGPIPE};
#define HANDLED_COUNT (sizeof handled_signals / sizeof handled_signals[0])
static struct sigaction replaced[HANDLED_COUNT];

static void wake(void) {
    int fd = wake_fds[1];
    if (fd < 0) return;
    unsigned char byte = 1;
    ssize_t n;
    do { n = write(fd, &byte, 1); } while (n < 0 && errno == EINTR);
    // A full pipe (EAGAIN) already holds a wake-up.
}

// The crash handler's state is defined below; a forced exit writes the same reset.
static void write_reset_and_restore_tty(void);

static void termination_handler(int sig) {
    int saved = errno;
    int none = 0;
    if (atomic_compare_exchange_strong(&pending_termination, &none, sig)) alarm(GS_EXIT_GRACE_SECONDS);
    wake();
    errno = saved;
}

/// The orderly exit did not finish in time: reset the terminal as far as possible and leave.
static void exit_grace_handler(int sig) {
    (void)sig;
    int request = atomic_load(&pending_termination);
    if (request == 0) return;  // not ours: nothing asked to terminate
    write_reset_and_restore_tty();
    _exit(128 + request);
}

static void suspend_handler(int sig) {
    (void)sig;
    int saved = errno;
    atomic_store(&suspend_requested, 1);
    wake();
    errno = saved;
}

static int set_handler(int sig, void (*handler)(int), struct sigaction *old) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read or poll returns EINTR
    return sigaction(sig, &sa, old);
}

int gs_signals_install(void) {
    if (installed) return 0;
    if (wake_fds[0] < 0) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
        wake_fds[0] = fds[0];
        wake_fds[1] = fds[1];
    }
    int rc = 0;
    for (size_t i = 0; i < HANDLED_COUNT; i++) {
        int sig = handled_signals[i];
        void (*handler)(int) = sig == SIGTSTP ? suspend_handler
            : sig == SIGALRM ? exit_grace_handler
            : sig == SIGPIPE ? SIG_IGN
            : termination_handler;
        rc |= set_handler(sig, handler, &replaced[i]);
    }
    // A parent may have handed down a mask blocking these (test runners' threads do): the
    // thread that runs the loop must receive what it handles, and the resize and continue too.
    sigset_t handled;
    sigemptyset(&handled);
    for (size_t i = 0; i < HANDLED_COUNT; i++) sigaddset(&handled, handled_signals[i]);
    sigaddset(&handled, SIGWINCH);
    sigaddset(&handled, SIGCONT);
    rc |= pthread_sigmask(SIG_UNBLOCK, &handled, NULL) == 0 ? 0 : -1;
    installed = 1;
    return rc;
}

void gs_signals_restore_defaults(void) {
    if (!installed) return;
    alarm(0);
    for (size_t i = 0; i < HANDLED_COUNT; i++) sigaction(handled_signals[i], &replaced[i], NULL);
    installed = 0;
    atomic_store(&pending_termination, 0);
    atomic_store(&suspend_requested, 0);
}

int gs_signals_pending_termination(void) { return atomic_load(&pending_termination); }

void gs_signals_clear_termination(void) {
    alarm(0);
    atomic_store(&pending_termination, 0);
}

void gs_signals_simulate_termination(int sig) {
    int none = 0;
    atomic_compare_exchange_strong(&pending_termination, &none, sig);
    wake();
}

int gs_signals_take_suspend_request(void) { return atomic_exchange(&suspend_requested, 0) != 0; }

void gs_signals_stop_process(void) {
    struct sigaction ours;
    set_handler(SIGTSTP, SIG_DFL, &ours);
    sigset_t tstp, old;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, &old);
    // Sent to this thread's process group; the kernel stops us on the way back from kill(2)
    // and this returns after SIGCONT (or at once, when the group is orphaned).
    kill(0, SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    sigaction(SIGTSTP, &ours, NULL);
    atomic_store(&suspend_requested, 0);  // the stop just taken answers any request meanwhile
}

// SIGWINCH: ncurses' handler first (it queues KEY_RESIZE), then a wake-up.
static struct sigaction resize_previous;

static void resize_handler(int sig, siginfo_t *info, void *context) {
    int saved = errno;
    if (resize_previous.sa_flags & SA_SIGINFO) {
        if (resize_previous.sa_sigaction != NULL) resize_previous.sa_sigaction(sig, info, context);
    } else if (resize_previous.sa_handler != SIG_DFL && resize_previous.sa_handler != SIG_IGN) {
        resize_previous.sa_handler(sig);
    }
    wake();
    errno = saved;
}

int gs_signals_watch_resize(void) {
    struct sigaction current;
    if (sigaction(SIGWINCH, NULL, &current) != 0) return -1;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == resize_handler) return 0;
    resize_previous = current;  // written before our handler can run
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = resize_handler;
    sa.sa_flags = SA_SIGINFO;  // no SA_RESTART, like ncurses' own
    sa.sa_mask = current.sa_mask;
    return sigaction(SIGWINCH, &sa, NULL);
}

int gs_wait_for_input(int fd, int timeout_ms) {
    struct pollfd polled[2];
    nfds_t count = 0;
    int input = -1, waker = -1;
    if (fd >= 0) {
        polled[count] = (struct pollfd){.fd = fd, .events = POLLIN, .revents = 0};
        input = (int)count++;
    }
    if (wake_fds[0] >= 0) {
        polled[count] = (struct pollfd){.fd = wake_fds[0], .events = POLLIN, .revents = 0};
        waker = (int)count++;
    }
    int ready = poll(count > 0 ? polled : NULL, count, timeout_ms);
    if (ready < 0) return errno == EINTR ? GS_WAIT_SIGNAL : GS_WAIT_INPUT;  // the reader finds out why
    int result = 0;
    if (input >= 0 && polled[input].revents != 0) result |= GS_WAIT_INPUT;
    if (waker >= 0 && polled[waker].revents != 0) {
        unsigned char scratch[64];
        while (read(wake_fds[0], scratch, sizeof scratch) > 0) {}
        result |= GS_WAIT_SIGNAL;
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Fatal signals.

/// What the crash handler needs, prepared before any crash can happen.
static struct {
    volatile sig_atomic_t fd;           // where the reset string goes (-1: nowhere)
    volatile sig_atomic_t has_termios;  // restore `termios` on `termios_fd`
    volatile sig_atomic_t termios_fd;
    struct termios termios;
    struct sigaction previous[NSIG];
} fatal = {.fd = 1, .has_termios = 0, .termios_fd = -1};

static void fatal_handler(int sig);

const char *gs_reset_string(void) {
    return "\033[?1049l\033[?25h\033[0m\033[?1000l\033[?1002l\033[?1003l\033[?1006l\r\n";
}

/// Writes the reset string, but never blocks: a terminal that stopped reading (a stalled SSH
/// link) gets nothing rather than hanging the handler. Then restores the tty modes (TCSANOW
/// does not wait for output to drain).
static void write_reset_and_restore_tty(void) {
    struct pollfd out = {.fd = fatal.fd, .events = POLLOUT, .revents = 0};
    if (fatal.fd >= 0 && poll(&out, 1, 0) == 1 && (out.revents & POLLOUT)) {
        const char *s = gs_reset_string();
        size_t left = strlen(s);
        while (left > 0) {
            ssize_t n = write(fatal.fd, s, left);
            if (n > 0) { s += n; left -= (size_t)n; }
            else if (n < 0 && errno == EINTR) continue;
            else break;
        }
    }
    if (fatal.has_termios) tcsetattr(fatal.termios_fd, TCSANOW, &fatal.termios);
}

static void fatal_handler(int sig) {
    int saved = errno;
    write_reset_and_restore_tty();
    // Hand over to whatever was there before (default action or the Swift backtracer).
    if (sig > 0 && sig < NSIG) sigaction(sig, &fatal.previous[sig], NULL);
    errno = saved;
    raise(sig);
}

void gs_fatal_prepare(int out_fd, int tty_fd) {
    fatal.has_termios = 0;
    fatal.fd = out_fd;
    if (tty_fd >= 0 && isatty(tty_fd) && tcgetattr(tty_fd, &fatal.termios) == 0) {
        fatal.termios_fd = tty_fd;
        fatal.has_termios = 1;
    }
}

void gs_fatal_disarm(void) {
    fatal.has_termios = 0;
    fatal.fd = -1;
}

int gs_install_fatal_handlers(void) {
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fatal_handler;
    sa.sa_flags = SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    int rc = 0;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], &sa, &old) != 0) { rc = -1; continue; }
        if (old.sa_handler != fatal_handler) fatal.previous[sigs[i]] = old;
    }
    return rc;
}

// ---------------------------------------------------------------------------------------------
// Terminfo output: tputs takes a character function without context, so the target is here.

static FILE *tputs_target = NULL;

static int tputs_putc(int c) { return putc(c, tputs_target); }

int gs_put_string_cap(const char *name, FILE *f) {
    char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1 || f == NULL) return -1;
    tputs_target = f;
    int rc = tputs(s, 1, tputs_putc);
    tputs_target = NULL;
    fflush(f);
    return rc == ERR ? -1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Output accounting.

/* Two opens a frame were ~5 % of the dashboard's CPU: one descriptor per thread, kept. */
static __thread int thread_io_fd = -1;

long long gs_thread_write_bytes(void) {
    if (thread_io_fd < 0) thread_io_fd = open("/proc/thread-self/io", O_RDONLY | O_CLOEXEC);
    if (thread_io_fd < 0) return -1;
    char buf[512];
    ssize_t n;
    do { n = pread(thread_io_fd, buf, sizeof buf - 1, 0); } while (n < 0 && errno == EINTR);
    if (n <= 0) return -1;
    buf[n] = 0;
    const char *p = strstr(buf, "wchar:");
    if (!p) return -1;
    return strtoll(p + 6, NULL, 10);
}
