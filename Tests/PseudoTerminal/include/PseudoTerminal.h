#ifndef GRADSCOPE_PSEUDOTERMINAL_H
#define GRADSCOPE_PSEUDOTERMINAL_H
// Test support: what Swift cannot call directly (posix_openpt & co. need _XOPEN_SOURCE, the
// window size needs the variadic ioctl).
#include <stddef.h>

/// Opens a new pseudo-terminal master (close-on-exec, not our controlling terminal) whose
/// window is `rows` x `cols`; writes its slave's path into `slave` (`size` bytes). Returns the
/// master fd, or -1 with errno set.
int gs_pty_open(int rows, int cols, char *slave, size_t size);

/// The posix_spawn flag that starts the child in a new session (glibc's POSIX_SPAWN_SETSID).
short gs_pty_spawn_setsid_flag(void);

#endif
