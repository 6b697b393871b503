// The agent's requests and answers, shared by agent.c (the loop, the table, the process
// requests) and kernel_calls.c (the io_uring, socketcall, clock and module statements).
#ifndef AUDITSPEC_AGENT_H
#define AUDITSPEC_AGENT_H

#include <stdint.h>

#define MAX_ARGS 256

// One request, its arguments each copied NUL-terminated (for paths and argv) with its exact
// length kept (a value to write may hold any bytes).
struct request {
    uint32_t op;
    uint32_t argc;
    char *args[MAX_ARGS + 1];
    uint32_t lengths[MAX_ARGS];
};

// What a handler answers: the errno of its system call (0: it succeeded), the part that
// failed (AS_AGENT_AT_*), a value, data, and descriptors to pass, closed once sent. `silent`:
// no answer at all (the child of a FORK, which answers nothing of its parent's request).
struct answer {
    int32_t error;
    int32_t detail;
    int64_t value;
    const void *payload;
    uint32_t length;
    int fds[2];
    int fd_count;
    int silent;
};

typedef struct answer (*handler)(const struct request *);

struct answer failed(int error, int32_t at);
struct answer done(int64_t value);
// The errno of a call that returned `rc` (0 or -1 and errno), failing at step `at`.
struct answer called(int rc, int32_t at);

// kernel_calls.c: the io_uring, socketcall, clock and module statements.
struct answer uring_open_close(const struct request *r);
struct answer socketcall_request(const struct request *r);
struct answer set_time(const struct request *r);
struct answer adjust_time(const struct request *r);
struct answer load_module(const struct request *r);
struct answer unload_module(const struct request *r);

#endif
