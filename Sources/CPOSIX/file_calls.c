// The file statements' system calls, one each, shared by the runner and auditspec-agent so
// both make exactly the same call. Explicit syscall numbers rather than libc's functions:
// the docs can then say which system call an audit rule must name (rename, not renameat2),
// whatever the C library prefers. Architectures without the old calls use their *at forms.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int result(long rc) { return rc == 0 ? 0 : -errno; }

int as_file_call(int op, const char *path, const char *other, const unsigned char *data, size_t length,
                 unsigned mode, int *failed_step) {
    *failed_step = AS_AGENT_AT_OPEN;
    switch (op) {
    case AS_FILE_CREATE: {
        int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0) return -errno;
        close(fd);
        return 0;
    }
    case AS_FILE_APPEND: {
        int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_APPEND | O_CLOEXEC, 0);
        if (fd < 0) return -errno;
        ssize_t written = write(fd, data, length);
        int error = written < 0 ? errno : 0;
        close(fd);
        *failed_step = AS_AGENT_AT_WRITE;
        return -error;
    }
#ifdef SYS_rename
    case AS_FILE_RENAME: return result(syscall(SYS_rename, path, other));
    case AS_FILE_LINK: return result(syscall(SYS_link, path, other));
    case AS_FILE_SYMLINK: return result(syscall(SYS_symlink, path, other));
    case AS_FILE_UNLINK: return result(syscall(SYS_unlink, path));
    case AS_FILE_CHMOD: return result(syscall(SYS_chmod, path, mode));
    case AS_FILE_MKDIR: return result(syscall(SYS_mkdir, path, mode));
    case AS_FILE_RMDIR: return result(syscall(SYS_rmdir, path));
#else
    case AS_FILE_RENAME: return result(syscall(SYS_renameat, AT_FDCWD, path, AT_FDCWD, other));
    case AS_FILE_LINK: return result(syscall(SYS_linkat, AT_FDCWD, path, AT_FDCWD, other, 0));
    case AS_FILE_SYMLINK: return result(syscall(SYS_symlinkat, path, AT_FDCWD, other));
    case AS_FILE_UNLINK: return result(syscall(SYS_unlinkat, AT_FDCWD, path, 0));
    case AS_FILE_CHMOD: return result(syscall(SYS_fchmodat, AT_FDCWD, path, mode));
    case AS_FILE_MKDIR: return result(syscall(SYS_mkdirat, AT_FDCWD, path, mode));
    case AS_FILE_RMDIR: return result(syscall(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
#endif
    default: return -EINVAL;
    }
}
