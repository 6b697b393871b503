#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int as_pidfd_open(pid_t pid) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -errno : (int)fd;
}

int as_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : -errno;
}

int as_spawn_actions_closefrom(posix_spawn_file_actions_t *actions, int lowest) {
    int rc = posix_spawn_file_actions_addclosefrom_np(actions, lowest);
    return rc == 0 ? 0 : -rc;
}

// A pseudo-terminal's master (close-on-exec, not our controlling terminal) and its slave's
// path in name. posix_openpt and friends are hidden from Swift by the Glibc module.
int as_pty_open(char *name, size_t cap) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -errno;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, cap) != 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}
