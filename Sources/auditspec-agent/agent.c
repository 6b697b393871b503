// auditspec-agent: a process that does, on request, what must be done *by* a given process.
//
// The ghak90 patches decide by who writes: a task writing its own audit_containerid (EXDEV),
// a sibling writing to a non-descendant (EXDEV), a writer reusing another's identifier
// (ENOTUNIQ); loginuid can only be written by its own task. A shell or `echo >` between the
// runner and the kernel would add processes and writes of its own, and lose the errno. So the
// scenario's process is this agent: the runner asks it over a socket, it makes the one system
// call itself and sends back the errno of that very call. It can also become a parent (FORK:
// a child agent, still commandable), gain a second thread, signal, trace, send a user message,
// and finally exec any program.
//
// The runner's end of the socket is its lifeline: on end of file (the runner ended, even by
// SIGKILL) the agent ends, and a group leader takes its process group with it, so a killed run
// leaves no process, and no namespace such a process held, behind.
//
// Each request kind is one small handler found in one table; a handler says what to answer
// (an errno, where it failed, a value, data, descriptors to pass) and main sends it, one way.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include "agent.h"
#include "link_wait.h"
#include <errno.h>
#include <fcntl.h>
#include <libaudit.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define CONTROL 3

static unsigned char message[AS_AGENT_MAX_MESSAGE];
static char strings[AS_AGENT_MAX_MESSAGE + MAX_ARGS];
static unsigned char data[4096];

struct answer failed(int error, int32_t at) {
    return (struct answer){.error = error, .detail = at, .value = -1};
}

struct answer done(int64_t value) {
    return (struct answer){.value = value};
}

struct answer called(int rc, int32_t at) {
    return rc == 0 ? done(rc) : (struct answer){.error = errno, .detail = at, .value = rc};
}

// The one reply path: one datagram, with the answer's descriptors passed along (SCM_RIGHTS).
static void send_answer(const struct answer *answer) {
    as_agent_reply header = {.error = answer->error, .detail = answer->detail, .value = answer->value,
                             .length = answer->length};
    struct iovec parts[2] = {{&header, sizeof header}, {(void *)answer->payload, answer->length}};
    union {
        char buffer[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr reply;
    memset(&reply, 0, sizeof reply);
    reply.msg_iov = parts;
    reply.msg_iovlen = answer->length ? 2 : 1;
    if (answer->fd_count > 0) {
        memset(&control, 0, sizeof control);
        reply.msg_control = control.buffer;
        reply.msg_controllen = CMSG_SPACE(answer->fd_count * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&reply);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(answer->fd_count * sizeof(int));
        memcpy(CMSG_DATA(c), answer->fds, answer->fd_count * sizeof(int));
    }
    while (sendmsg(CONTROL, &reply, MSG_NOSIGNAL) < 0 && errno == EINTR) {}
    for (int i = 0; i < answer->fd_count; i++) close(answer->fds[i]);
}

// A new mount namespace starts as a copy whose mounts may still propagate to the one it came
// from (a shared root): made private at once, as unshare(1) does, so nothing mounted in it
// reaches the machine.
static int mounts_private(void) {
    return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 ? 0 : errno;
}

static void __attribute__((noreturn)) lifeline_cut(void) {
    if (getpgrp() == getpid()) kill(0, SIGKILL);
    _exit(0);
}

static void *second_thread(void *arg) {
    int ready = (int)(intptr_t)arg;
    pid_t tid = (pid_t)syscall(SYS_gettid);
    // Written once this thread runs: by then the kernel counts it in Threads:.
    ssize_t ignored = write(ready, &tid, sizeof tid);
    (void)ignored;
    for (;;) pause();
    return NULL;
}

// ---- the handlers, one per request kind ----------------------------------------------------

static struct answer ping(const struct request *r) {
    (void)r;
    return done(getpid());
}

// One write(2) to an open file (pwrite(2) at a non-zero offset), its errno kept; the file is
// closed after. At offset 0 it is the plain write(2) a program makes.
static struct answer write_and_close(int fd, const struct request *r) {
    long long offset = strtoll(r->args[1], NULL, 10);
    ssize_t written = offset == 0 ? write(fd, r->args[2], r->lengths[2]) : pwrite(fd, r->args[2], r->lengths[2], offset);
    int error = written < 0 ? errno : 0;
    close(fd);
    return (struct answer){.error = error, .detail = error ? AS_AGENT_AT_WRITE : 0, .value = written};
}

static struct answer write_file(const struct request *r) {
    int fd = open(r->args[0], O_WRONLY | O_CLOEXEC);
    if (fd < 0) return failed(errno, AS_AGENT_AT_OPEN);
    return write_and_close(fd, r);
}

// The target ends between the open(2) and the write(2): a writer holding the file of a task
// that is gone (reaped) or dead but not yet reaped (a zombie). Only the target's parent can
// order that, so the target is this agent's own child.
static struct answer write_ending(const struct request *r) {
    pid_t child = (pid_t)atoi(r->args[3]);
    int fd = open(r->args[0], O_WRONLY | O_CLOEXEC);
    if (fd < 0) return failed(errno, AS_AGENT_AT_OPEN);
    int ended = kill(child, SIGKILL);
    if (ended == 0) {
        siginfo_t info;
        // WNOWAIT leaves the zombie; without it the child is reaped and its pid gone.
        int options = WEXITED | (atoi(r->args[4]) ? 0 : WNOWAIT);
        do { ended = waitid(P_PID, (id_t)child, &info, options); } while (ended < 0 && errno == EINTR);
    }
    if (ended != 0) {
        int error = errno;
        close(fd);
        return failed(error, AS_AGENT_AT_WAIT);
    }
    return write_and_close(fd, r);
}

// One read(2), as the runner's own: O_NONBLOCK, so a FIFO without a writer answers at once
// instead of holding the agent until the request times out.
static struct answer read_file(const struct request *r) {
    int fd = open(r->args[0], O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return failed(errno, AS_AGENT_AT_OPEN);
    ssize_t count = read(fd, data, sizeof data);
    int error = count < 0 ? errno : 0;
    close(fd);
    return (struct answer){.error = error, .value = count, .payload = data, .length = count > 0 ? (uint32_t)count : 0};
}

// A child agent: its socket and a pidfd of it go to the runner. Through the pidfd the runner
// learns the child's pid as it sees it (this agent may be in a pid namespace of its own, where
// `child` means something else).
static struct answer fork_agent(const struct request *r) {
    (void)r;
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) return failed(errno, 0);
    pid_t child = fork();
    if (child == 0) {
        // The child's own lifeline replaces its parent's at descriptor 3.
        if (dup3(pair[1], CONTROL, O_CLOEXEC) < 0) _exit(121);
        close(pair[0]);
        close(pair[1]);
        return (struct answer){.silent = 1};
    }
    int error = errno;
    close(pair[1]);
    int pidfd = child < 0 ? -1 : (int)syscall(SYS_pidfd_open, child, 0);
    if (pidfd < 0) {
        if (child > 0) {
            error = errno;
            kill(child, SIGKILL);
        }
        close(pair[0]);
        return failed(error, 0);
    }
    return (struct answer){.value = child, .fds = {pair[0], pidfd}, .fd_count = 2};
}

// Answered once the second thread runs (it writes its tid when it does).
static struct answer start_thread(const struct request *r) {
    (void)r;
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) return failed(errno, 0);
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, second_thread, (void *)(intptr_t)ready[1]);
    pid_t tid = -1;
    if (rc == 0) {
        ssize_t n;
        do { n = read(ready[0], &tid, sizeof tid); } while (n < 0 && errno == EINTR);
        if (n != sizeof tid) rc = EIO;
    }
    close(ready[0]);
    if (rc != 0) close(ready[1]);  // else the thread keeps it
    return (struct answer){.error = rc, .value = tid};
}

// Only a failure is answered: on success the socket closes at execve (close-on-exec).
static struct answer exec_program(const struct request *r) {
    extern char **environ;
    execve(r->args[0], r->args + 1, environ);
    return failed(errno, 0);
}

static struct answer send_signal(const struct request *r) {
    return called(kill((pid_t)atoi(r->args[0]), atoi(r->args[1])), 0);
}

// PTRACE_SEIZE, then PTRACE_INTERRUPT, which stops the tracee promptly; the wait returns
// with that stop.
static struct answer ptrace_attach(const struct request *r) {
    pid_t target = (pid_t)atoi(r->args[0]);
    if (ptrace(PTRACE_SEIZE, target, 0, 0) != 0) return failed(errno, AS_AGENT_AT_SEIZE);
    if (ptrace(PTRACE_INTERRUPT, target, 0, 0) != 0) {
        int error = errno;
        ptrace(PTRACE_DETACH, target, 0, 0);
        return failed(error, AS_AGENT_AT_INTERRUPT);
    }
    int status = 0;
    pid_t waited;
    do { waited = waitpid(target, &status, __WALL); } while (waited < 0 && errno == EINTR);
    if (waited < 0) return failed(errno, AS_AGENT_AT_WAIT);
    return (struct answer){.error = WIFSTOPPED(status) ? 0 : ESRCH, .detail = AS_AGENT_AT_WAIT, .value = status};
}

static struct answer ptrace_detach(const struct request *r) {
    return called((int)ptrace(PTRACE_DETACH, (pid_t)atoi(r->args[0]), 0, 0), 0);
}

static struct answer user_message(const struct request *r) {
    int fd = audit_open();
    if (fd < 0) return failed(errno, AS_AGENT_AT_OPEN);
    errno = 0;
    int rc = audit_log_user_message(fd, atoi(r->args[0]), r->args[1], NULL, NULL, NULL, 1);
    int error = rc <= 0 ? (errno ? errno : EIO) : 0;
    audit_close(fd);
    return (struct answer){.error = error, .detail = error ? AS_AGENT_AT_WRITE : 0, .value = rc};
}

// waitpid(WNOHANG) on a child of this agent: the raw wait status in `detail`.
static struct answer reap(const struct request *r) {
    int status = 0;
    pid_t waited = waitpid((pid_t)atoi(r->args[0]), &status, WNOHANG);
    if (waited < 0) return failed(errno, 0);
    return (struct answer){.detail = status, .value = waited};
}

static struct answer file_call(const struct request *r) {
    int step = 0;
    int rc = as_file_call(atoi(r->args[0]), r->args[1], r->args[2], (const unsigned char *)r->args[4], r->lengths[4],
                          (unsigned)strtoul(r->args[3], NULL, 8), &step);
    return (struct answer){.error = -rc, .detail = rc ? step : 0, .value = rc};
}

static struct answer unshare_namespaces(const struct request *r) {
    int flags = (int)strtol(r->args[0], NULL, 10);
    if (unshare(flags) != 0) return failed(errno, AS_AGENT_AT_UNSHARE);
    int error = (flags & CLONE_NEWNS) ? mounts_private() : 0;
    return (struct answer){.error = error, .detail = error ? AS_AGENT_AT_MOUNT : 0, .value = 0};
}

static struct answer join_namespace(const struct request *r) {
    int fd = open(r->args[0], O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failed(errno, AS_AGENT_AT_OPEN);
    struct answer answer = called(setns(fd, (int)strtol(r->args[1], NULL, 10)), AS_AGENT_AT_SETNS);
    close(fd);
    return answer;
}

static struct answer wait_link(const struct request *r) {
    int flags = 0;
    int error = wait_for_link(r->args[0], atoi(r->args[1]), &flags);
    return (struct answer){.error = error, .value = flags};
}

static struct answer exit_agent(const struct request *r) {
    _exit(r->argc > 0 ? atoi(r->args[0]) : 0);
}

// ---- the table and the loop ----------------------------------------------------------------

static const struct {
    uint32_t op;
    uint32_t min_args;
    handler handle;
} handlers[] = {
    {AS_AGENT_PING, 0, ping},
    {AS_AGENT_WRITE, 3, write_file},
    {AS_AGENT_READ, 1, read_file},
    {AS_AGENT_FORK, 0, fork_agent},
    {AS_AGENT_THREAD, 0, start_thread},
    {AS_AGENT_EXEC, 2, exec_program},
    {AS_AGENT_SIGNAL, 2, send_signal},
    {AS_AGENT_PTRACE_ATTACH, 1, ptrace_attach},
    {AS_AGENT_PTRACE_DETACH, 1, ptrace_detach},
    {AS_AGENT_USER_MESSAGE, 2, user_message},
    {AS_AGENT_REAP, 1, reap},
    {AS_AGENT_EXIT, 0, exit_agent},
    {AS_AGENT_FILE, 5, file_call},
    {AS_AGENT_UNSHARE, 1, unshare_namespaces},
    {AS_AGENT_SETNS, 2, join_namespace},
    {AS_AGENT_WAIT_LINK, 2, wait_link},
    {AS_AGENT_WRITE_ENDING, 5, write_ending},
    {AS_AGENT_URING, 1, uring_open_close},
    {AS_AGENT_SOCKETCALL, 4, socketcall_request},
    {AS_AGENT_SET_TIME, 3, set_time},
    {AS_AGENT_ADJUST_TIME, 5, adjust_time},
    {AS_AGENT_MODULE_LOAD, 2, load_module},
    {AS_AGENT_MODULE_UNLOAD, 1, unload_module},
};

// Splits a datagram of `size` bytes into *r: 0, or -1 when it is not a well-formed request.
static int parse(size_t size, struct request *r) {
    if (size < 8) return -1;
    memcpy(&r->op, message, 4);
    memcpy(&r->argc, message + 4, 4);
    if (r->argc > MAX_ARGS) return -1;
    size_t at = 8, out = 0;
    for (uint32_t i = 0; i < r->argc; i++) {
        uint32_t length;
        if (at + 4 > size) return -1;
        memcpy(&length, message + at, 4);
        at += 4;
        if (at + length > size) return -1;
        r->args[i] = strings + out;
        r->lengths[i] = length;
        memcpy(strings + out, message + at, length);
        strings[out + length] = 0;
        out += length + 1;
        at += length;
    }
    r->args[r->argc] = NULL;
    return 0;
}

static struct answer dispatch(const struct request *r) {
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        if (handlers[i].op != r->op) continue;
        if (r->argc < handlers[i].min_args) return failed(EINVAL, 0);
        return handlers[i].handle(r);
    }
    return failed(ENOSYS, 0);
}

int main(void) {
    // The lifeline must not reach programs this agent (or its children) exec.
    if (fcntl(CONTROL, F_SETFD, FD_CLOEXEC) != 0) return 120;
    for (;;) {
        ssize_t got;
        do { got = recv(CONTROL, message, sizeof message, 0); } while (got < 0 && errno == EINTR);
        if (got <= 0) lifeline_cut();
        static struct request request;
        struct answer answer = parse((size_t)got, &request) == 0 ? dispatch(&request) : failed(EPROTO, 0);
        if (!answer.silent) send_answer(&answer);
    }
}
