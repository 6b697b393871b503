// The system calls of the io_uring, socketcall, clock and module statements, each made by
// this very process, as a program under test would make it.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include "agent.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

// The io_uring statement: the ring's calls are this process's own.
struct answer uring_open_close(const struct request *r) {
    int step = 0;
    int rc = as_uring_openat_close(r->args[0], &step);
    return (struct answer){.error = -rc, .detail = rc ? step : 0, .value = rc};
}

// The socketcall statement: an i386 socketcall(2) of this process's own.
struct answer socketcall_request(const struct request *r) {
    int step = 0;
    int rc = as_socketcall(atoi(r->args[0]), atoi(r->args[1]), atoi(r->args[2]), (const unsigned char *)r->args[3],
                           r->lengths[3], &step);
    return (struct answer){.error = -rc, .detail = rc ? step : 0, .value = rc};
}

struct answer set_time(const struct request *r) {
    int rc = as_set_time(atoi(r->args[0]), strtoll(r->args[1], NULL, 10), strtoll(r->args[2], NULL, 10));
    return (struct answer){.error = -rc, .value = rc};
}

struct answer adjust_time(const struct request *r) {
    int rc = as_adjust_time(atoi(r->args[0]), (unsigned)strtoul(r->args[1], NULL, 10), strtoll(r->args[2], NULL, 10),
                            strtoll(r->args[3], NULL, 10), strtoll(r->args[4], NULL, 10));
    return (struct answer){.error = rc < 0 ? -rc : 0, .value = rc};
}

// finit_module(2) of the file: the module loads from this process, as modprobe's would.
struct answer load_module(const struct request *r) {
    int fd = open(r->args[0], O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failed(errno, AS_AGENT_AT_OPEN);
    struct answer answer = called((int)syscall(SYS_finit_module, fd, r->args[1], 0), 0);
    close(fd);
    return answer;
}

// delete_module(2) with O_NONBLOCK, as rmmod: a module in use is refused (EWOULDBLOCK), not waited for.
struct answer unload_module(const struct request *r) {
    return called((int)syscall(SYS_delete_module, r->args[0], O_NONBLOCK), 0);
}
