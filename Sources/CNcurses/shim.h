#ifndef GRADSCOPE_CNCURSES_SHIM_H
#define GRADSCOPE_CNCURSES_SHIM_H
// Only TerminalUI imports this module. Everything here is a stateless accessor: no variable may
// live in this header (a `static` here, or inside a `static inline` function, gets one copy per
// Swift module and per cross-module inlined copy; see CTerminalState.h, which holds the state).
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

// The mouse: TerminalUI speaks the protocol itself (MouseProtocol); ncurses' KEY_MOUSE is off.

// Terminfo string capabilities: NULL = absent, (char *)-1 = not a string capability.
static inline int gs_has_string_cap(const char *name) {
    char *s = tigetstr(name);
    return s != NULL && s != (char *)-1;
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
