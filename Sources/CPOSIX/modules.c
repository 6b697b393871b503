// Kernel modules: the runner's own unload of a module a scenario loaded and left loaded.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

int as_delete_module(const char *name) {
    return syscall(SYS_delete_module, name, O_NONBLOCK) == 0 ? 0 : -errno;
}
