#define _GNU_SOURCE 1
#include "PseudoTerminal.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int gs_pty_open(int rows, int cols, char *slave, size_t size) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, slave, size) != 0 || ioctl(fd, TIOCSWINSZ, &ws) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

short gs_pty_spawn_setsid_flag(void) { return POSIX_SPAWN_SETSID; }
