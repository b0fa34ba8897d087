#ifndef GRADSCOPE_CNCURSES_SHIM_H
#define GRADSCOPE_CNCURSES_SHIM_H
// Only TerminalUI imports this module, so the `static` state below exists exactly once.
// SwiftPM drops pkg-config defines: the wide-character API must be switched on here.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// C globals are not concurrency-safe in Swift 6: read them through functions.
static inline WINDOW *gs_stdscr(void) { return stdscr; }
static inline WINDOW *gs_curscr(void) { return curscr; }
static inline int gs_lines(void) { return LINES; }
static inline int gs_cols(void) { return COLS; }
static inline int gs_colors(void) { return COLORS; }
static inline int gs_color_pairs(void) { return COLOR_PAIRS; }
static inline void gs_set_escdelay(int ms) { set_escdelay(ms); }
static inline TERMINAL *gs_cur_term(void) { return cur_term; }
static inline int gs_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int gs_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline int gs_ccharw_max(void) { return CCHARW_MAX; }
static inline int gs_errno(void) { return errno; }
static inline void gs_clear_errno(void) { errno = 0; }
static inline int gs_close_fd(int fd) { return close(fd); }
/// Display width of a wide character in the current locale (-1: not printable).
static inline int gs_wcwidth(wchar_t c) { return wcwidth(c); }

// Attribute macros.
static inline attr_t gs_a_normal(void) { return A_NORMAL; }
static inline attr_t gs_a_bold(void) { return A_BOLD; }
static inline attr_t gs_a_dim(void) { return A_DIM; }
static inline attr_t gs_a_reverse(void) { return A_REVERSE; }
static inline attr_t gs_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gs_a_standout(void) { return A_STANDOUT; }
static inline int gs_key_f(int n) { return KEY_F(n); }

// ACS values exist only after newterm: never cache them before.
static inline chtype gs_acs_hline(void) { return ACS_HLINE; }
static inline chtype gs_acs_vline(void) { return ACS_VLINE; }
static inline chtype gs_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype gs_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype gs_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype gs_acs_lrcorner(void) { return ACS_LRCORNER; }

// Mouse masks.
static inline mmask_t gs_mouse_all_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t gs_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gs_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t gs_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gs_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t gs_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t gs_button5_pressed(void) { return BUTTON5_PRESSED; }

// Terminfo string capabilities: NULL = absent, (char *)-1 = not a string capability.
static inline int gs_has_string_cap(const char *name) {
    char *s = tigetstr(name);
    return s != NULL && s != (char *)-1;
}
/// Where `gs_put_string_cap` sends characters (tputs takes a function without context).
static inline FILE **gs__tputs_target(void) {
    static FILE *target = NULL;
    return &target;
}
static inline int gs__tputs_putc(int c) { return putc(c, *gs__tputs_target()); }
/// Writes the current terminal's string capability `name` to `f`, padding expanded by tputs
/// (never the raw `$<n>` text), and flushes. 0 on success, -1 when the terminal lacks it.
static inline int gs_put_string_cap(const char *name, FILE *f) {
    char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1 || f == NULL) return -1;
    *gs__tputs_target() = f;
    int rc = tputs(s, 1, gs__tputs_putc);
    *gs__tputs_target() = NULL;
    fflush(f);
    return rc == ERR ? -1 : 0;
}
/// The `RGB` extension (direct colour) may be a boolean, a number or a string.
static inline int gs_has_rgb_cap(void) {
    if (tigetflag("RGB") > 0) return 1;
    if (tigetnum("RGB") > 0) return 1;
    return gs_has_string_cap("RGB");
}

/// Window size of a tty fd; 0 on success.
static inline int gs_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/// Bytes this thread has passed to write(2) so far (Linux task I/O accounting), or -1.
/// ncurses 6.4 flushes with write(fileno(ofp)), bypassing stdio, so the byte count of a frame
/// is the difference of this figure around the ncurses call on the calling thread.
static inline long long gs_thread_write_bytes(void) {
    int fd = open("/proc/thread-self/io", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[512];
    ssize_t n;
    do { n = read(fd, buf, sizeof buf - 1); } while (n < 0 && errno == EINTR);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    const char *p = strstr(buf, "wchar:");
    if (!p) return -1;
    return strtoll(p + 6, NULL, 10);
}

/// poll(2) flags of `fd` without waiting: POLLHUP/POLLERR/POLLNVAL mean the peer is gone.
static inline int gs_poll_revents(int fd, int events) {
    struct pollfd p = { .fd = fd, .events = (short)events, .revents = 0 };
    int r;
    do { r = poll(&p, 1, 0); } while (r < 0 && errno == EINTR);
    return r < 0 ? POLLERR : p.revents;
}
static inline int gs_pollhup(void) { return POLLHUP; }
static inline int gs_pollerr(void) { return POLLERR; }
static inline int gs_pollnval(void) { return POLLNVAL; }
static inline int gs_pollin(void) { return POLLIN; }
static inline int gs_pollout(void) { return POLLOUT; }

// ---------------------------------------------------------------------------------------------
// Signals. Handlers only touch `volatile sig_atomic_t` and call async-signal-safe functions.

static inline volatile sig_atomic_t *gs__pending_signal(void) {
    static volatile sig_atomic_t pending = 0;
    return &pending;
}
static inline void gs__termination_handler(int sig) { *gs__pending_signal() = sig; }

/// SIGINT, SIGTERM, SIGHUP set a flag (no SA_RESTART: blocking reads wake up); SIGPIPE ignored.
static inline int gs_install_termination_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = gs__termination_handler;
    sigemptyset(&sa.sa_mask);
    int rc = 0;
    rc |= sigaction(SIGINT, &sa, NULL);
    rc |= sigaction(SIGTERM, &sa, NULL);
    rc |= sigaction(SIGHUP, &sa, NULL);
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    rc |= sigaction(SIGPIPE, &ign, NULL);
    return rc;
}
/// The signal number that asked us to terminate, or 0.
static inline int gs_pending_signal(void) { return (int)*gs__pending_signal(); }
static inline void gs_clear_pending_signal(void) { *gs__pending_signal() = 0; }
/// For tests: behave as if `sig` had arrived.
static inline void gs_simulate_signal(int sig) { *gs__pending_signal() = sig; }

/// State the fatal handler needs, prepared before any crash can happen.
typedef struct {
    volatile sig_atomic_t fd;          // where the reset string goes (-1: nowhere)
    volatile sig_atomic_t has_termios; // restore `termios` on `termios_fd`
    volatile sig_atomic_t termios_fd;
    struct termios termios;
    struct sigaction previous[65];
} gs_fatal_state;

static inline gs_fatal_state *gs__fatal_state(void) {
    static gs_fatal_state state = { .fd = 1, .has_termios = 0, .termios_fd = -1 };
    return &state;
}

/// Leave the alternate screen, show the cursor, reset SGR, mouse reporting off, new line.
static inline const char *gs_reset_string(void) {
    return "\033[?1049l\033[?25h\033[0m\033[?1000l\033[?1002l\033[?1003l\033[?1006l\r\n";
}

static inline void gs__fatal_handler(int sig) {
    gs_fatal_state *st = gs__fatal_state();
    int saved = errno;
    if (st->fd >= 0) {
        const char *s = gs_reset_string();
        size_t left = strlen(s);
        while (left > 0) {
            ssize_t n = write(st->fd, s, left);
            if (n > 0) { s += n; left -= (size_t)n; }
            else if (n < 0 && errno == EINTR) continue;
            else break;
        }
    }
    if (st->has_termios) tcsetattr(st->termios_fd, TCSANOW, &st->termios);
    // Hand over to whatever was there before (default action or the Swift backtracer).
    if (sig > 0 && sig < 65) sigaction(sig, &st->previous[sig], NULL);
    errno = saved;
    raise(sig);
}

/// Remember where the reset string goes and the tty modes to restore on a crash.
static inline void gs_fatal_prepare(int out_fd, int tty_fd) {
    gs_fatal_state *st = gs__fatal_state();
    st->has_termios = 0;
    st->fd = out_fd;
    if (tty_fd >= 0 && isatty(tty_fd) && tcgetattr(tty_fd, &st->termios) == 0) {
        st->termios_fd = tty_fd;
        st->has_termios = 1;
    }
}
/// Nothing to restore any more (the terminal was closed normally).
static inline void gs_fatal_disarm(void) {
    gs_fatal_state *st = gs__fatal_state();
    st->has_termios = 0;
    st->fd = -1;
}

/// SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP: write the reset string, restore the
/// previous handler, re-raise. Idempotent: the saved previous handler is never our own.
static inline int gs_install_fatal_handlers(void) {
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP };
    gs_fatal_state *st = gs__fatal_state();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = gs__fatal_handler;
    sa.sa_flags = SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    int rc = 0;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], &sa, &old) != 0) { rc = -1; continue; }
        if (old.sa_handler != gs__fatal_handler) st->previous[sigs[i]] = old;
    }
    return rc;
}

/* Frame buffers of a large terminal are a few hundred KB each and are allocated and freed
   every frame; glibc would hand them back to the kernel (trim/munmap) and fault them in again.
   Keep up to 64 MB of freed heap instead. Returns 1 when applied, 0 elsewhere. */
static inline int gs_retain_freed_memory(void) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, 32 << 20) && mallopt(M_TRIM_THRESHOLD, 64 << 20);
#else
    return 0;
#endif
}

#endif
