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
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <libaudit.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <time.h>
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
#define MAX_ARGS 256

static unsigned char request[AS_AGENT_MAX_MESSAGE];
static char strings[AS_AGENT_MAX_MESSAGE + MAX_ARGS];
static unsigned char data[4096];

// One reply datagram, with up to two descriptors passed along (FORK sends the child's socket
// and a pidfd of it).
static void reply_passing(int32_t error, int32_t detail, int64_t value, const void *payload, uint32_t length,
                          const int *fds, int fd_count) {
    as_agent_reply header = {.error = error, .detail = detail, .value = value, .length = length};
    struct iovec parts[2] = {{&header, sizeof header}, {(void *)payload, length}};
    union {
        char buffer[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = parts;
    message.msg_iovlen = length ? 2 : 1;
    if (fd_count > 0) {
        memset(&control, 0, sizeof control);
        message.msg_control = control.buffer;
        message.msg_controllen = CMSG_SPACE(fd_count * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&message);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(fd_count * sizeof(int));
        memcpy(CMSG_DATA(c), fds, fd_count * sizeof(int));
    }
    while (sendmsg(CONTROL, &message, MSG_NOSIGNAL) < 0 && errno == EINTR) {}
}

static void reply(int32_t error, int32_t detail, int64_t value, const void *payload, uint32_t length, int pass_fd) {
    reply_passing(error, detail, value, payload, length, &pass_fd, pass_fd >= 0 ? 1 : 0);
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

// Waits until the interface `name` of this process's network namespace is up and running
// (IFF_UP and IFF_RUNNING, which follows the operational state the kernel sets when the
// link's carrier and queues are ready), or `timeout_ms` passes. Woken by the kernel's link
// notifications, never by a timer: 0 with *flags, ETIMEDOUT, or the errno of a failed call.
// Why RUNNING and not just the carrier: the end brought up first gets its queue only from the
// kernel's link watcher, and IPv6 keeps an interface's addresses tentative (unusable) until
// the watcher marks it running, which for the second end can come up to a second later.
static int wait_for_link(const char *name, int timeout_ms, int *flags) {
    int events = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
    if (events < 0) return errno;
    struct sockaddr_nl groups = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK};
    int query = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (query < 0 || bind(events, (struct sockaddr *)&groups, sizeof groups) != 0) {
        int error = errno;
        close(events);
        if (query >= 0) close(query);
        return error;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int error = 0;
    for (;;) {
        // Subscribed first, then asked: a change between the two still wakes the poll.
        struct ifreq request;
        memset(&request, 0, sizeof request);
        strncpy(request.ifr_name, name, IFNAMSIZ - 1);
        if (ioctl(query, SIOCGIFFLAGS, &request) != 0) { error = errno; break; }
        *flags = request.ifr_flags;
        if ((request.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING)) break;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed >= timeout_ms) { error = ETIMEDOUT; break; }
        struct pollfd wake = {.fd = events, .events = POLLIN};
        if (poll(&wake, 1, (int)(timeout_ms - elapsed)) < 0 && errno != EINTR) { error = errno; break; }
        char drain[8192];
        while (recv(events, drain, sizeof drain, 0) > 0) {}
    }
    close(events);
    close(query);
    return error;
}

int main(void) {
    // The lifeline must not reach programs this agent (or its children) exec.
    if (fcntl(CONTROL, F_SETFD, FD_CLOEXEC) != 0) return 120;
    for (;;) {
        ssize_t got;
        do { got = recv(CONTROL, request, sizeof request, 0); } while (got < 0 && errno == EINTR);
        if (got <= 0) lifeline_cut();
        if (got < 8) { reply(EPROTO, 0, -1, NULL, 0, -1); continue; }
        uint32_t op, argc;
        memcpy(&op, request, 4);
        memcpy(&argc, request + 4, 4);
        // Arguments: each copied NUL-terminated (for paths and argv), with its exact length
        // kept (a value to write may hold any bytes).
        char *args[MAX_ARGS + 1];
        uint32_t lengths[MAX_ARGS];
        size_t at = 8, out = 0;
        int bad = argc > MAX_ARGS;
        for (uint32_t i = 0; !bad && i < argc; i++) {
            uint32_t length;
            if (at + 4 > (size_t)got) { bad = 1; break; }
            memcpy(&length, request + at, 4);
            at += 4;
            if (at + length > (size_t)got) { bad = 1; break; }
            args[i] = strings + out;
            lengths[i] = length;
            memcpy(strings + out, request + at, length);
            strings[out + length] = 0;
            out += length + 1;
            at += length;
        }
        if (bad) { reply(EPROTO, 0, -1, NULL, 0, -1); continue; }
        args[argc] = NULL;
#define NEED(n) if (argc < (n)) { reply(EINVAL, 0, -1, NULL, 0, -1); continue; }

        switch (op) {
        case AS_AGENT_PING:
            reply(0, 0, getpid(), NULL, 0, -1);
            break;

        case AS_AGENT_WRITE: {
            NEED(3);
            long long offset = strtoll(args[1], NULL, 10);
            int fd = open(args[0], O_WRONLY | O_CLOEXEC);
            if (fd < 0) { reply(errno, AS_AGENT_AT_OPEN, -1, NULL, 0, -1); break; }
            // One system call, its errno kept: at offset 0 the plain write(2) a program makes.
            ssize_t written = offset == 0 ? write(fd, args[2], lengths[2]) : pwrite(fd, args[2], lengths[2], offset);
            int error = written < 0 ? errno : 0;
            close(fd);
            reply(error, error ? AS_AGENT_AT_WRITE : 0, written, NULL, 0, -1);
            break;
        }

        case AS_AGENT_WRITE_ENDING: {
            // The target ends between the open(2) and the write(2): a writer holding the file of a
            // task that is gone (reaped) or dead but not yet reaped (a zombie). Only the target's
            // parent can order that, so the target is this agent's own child.
            NEED(5);
            long long offset = strtoll(args[1], NULL, 10);
            pid_t child = (pid_t)atoi(args[3]);
            int fd = open(args[0], O_WRONLY | O_CLOEXEC);
            if (fd < 0) { reply(errno, AS_AGENT_AT_OPEN, -1, NULL, 0, -1); break; }
            int ended = kill(child, SIGKILL);
            if (ended == 0) {
                siginfo_t info;
                // WNOWAIT leaves the zombie; without it the child is reaped and its pid gone.
                int options = WEXITED | (atoi(args[4]) ? 0 : WNOWAIT);
                do { ended = waitid(P_PID, (id_t)child, &info, options); } while (ended < 0 && errno == EINTR);
            }
            if (ended != 0) {
                int error = errno;
                close(fd);
                reply(error, AS_AGENT_AT_WAIT, -1, NULL, 0, -1);
                break;
            }
            ssize_t written = offset == 0 ? write(fd, args[2], lengths[2]) : pwrite(fd, args[2], lengths[2], offset);
            int error = written < 0 ? errno : 0;
            close(fd);
            reply(error, error ? AS_AGENT_AT_WRITE : 0, written, NULL, 0, -1);
            break;
        }

        case AS_AGENT_READ: {
            NEED(1);
            // One read(2), as the runner's own: O_NONBLOCK, so a FIFO without a writer answers
            // at once instead of holding the agent until the request times out.
            int fd = open(args[0], O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            if (fd < 0) { reply(errno, AS_AGENT_AT_OPEN, -1, NULL, 0, -1); break; }
            ssize_t count = read(fd, data, sizeof data);
            int error = count < 0 ? errno : 0;
            close(fd);
            reply(error, 0, count, data, count > 0 ? (uint32_t)count : 0, -1);
            break;
        }

        case AS_AGENT_FORK: {
            int pair[2];
            if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) { reply(errno, 0, -1, NULL, 0, -1); break; }
            pid_t child = fork();
            if (child < 0) {
                int error = errno;
                close(pair[0]);
                close(pair[1]);
                reply(error, 0, -1, NULL, 0, -1);
                break;
            }
            if (child == 0) {
                // The child's own lifeline replaces its parent's at descriptor 3.
                if (dup3(pair[1], CONTROL, O_CLOEXEC) < 0) _exit(121);
                close(pair[0]);
                close(pair[1]);
                break;
            }
            close(pair[1]);
            // A pidfd too: through it the runner learns the child's pid as it sees it (this
            // agent may be in a pid namespace of its own, where `child` means something else).
            int pidfd = (int)syscall(SYS_pidfd_open, child, 0);
            if (pidfd < 0) {
                int error = errno;
                kill(child, SIGKILL);
                close(pair[0]);
                reply(error, 0, -1, NULL, 0, -1);
                break;
            }
            int both[2] = {pair[0], pidfd};
            reply_passing(0, 0, child, NULL, 0, both, 2);
            close(pair[0]);
            close(pidfd);
            break;
        }

        case AS_AGENT_THREAD: {
            int ready[2];
            if (pipe2(ready, O_CLOEXEC) != 0) { reply(errno, 0, -1, NULL, 0, -1); break; }
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
            reply(rc, 0, tid, NULL, 0, -1);
            break;
        }

        case AS_AGENT_EXEC: {
            NEED(2);
            extern char **environ;
            execve(args[0], args + 1, environ);
            reply(errno, 0, -1, NULL, 0, -1);
            break;
        }

        case AS_AGENT_SIGNAL: {
            NEED(2);
            int rc = kill((pid_t)atoi(args[0]), atoi(args[1]));
            reply(rc == 0 ? 0 : errno, 0, rc, NULL, 0, -1);
            break;
        }

        case AS_AGENT_PTRACE_ATTACH: {
            NEED(1);
            pid_t target = (pid_t)atoi(args[0]);
            if (ptrace(PTRACE_SEIZE, target, 0, 0) != 0) { reply(errno, AS_AGENT_AT_SEIZE, -1, NULL, 0, -1); break; }
            if (ptrace(PTRACE_INTERRUPT, target, 0, 0) != 0) {
                int error = errno;
                ptrace(PTRACE_DETACH, target, 0, 0);
                reply(error, AS_AGENT_AT_INTERRUPT, -1, NULL, 0, -1);
                break;
            }
            // PTRACE_INTERRUPT stops the tracee promptly; this wait returns with that stop.
            int status = 0;
            pid_t waited;
            do { waited = waitpid(target, &status, __WALL); } while (waited < 0 && errno == EINTR);
            if (waited < 0) { reply(errno, AS_AGENT_AT_WAIT, -1, NULL, 0, -1); break; }
            reply(WIFSTOPPED(status) ? 0 : ESRCH, AS_AGENT_AT_WAIT, status, NULL, 0, -1);
            break;
        }

        case AS_AGENT_PTRACE_DETACH: {
            NEED(1);
            int rc = (int)ptrace(PTRACE_DETACH, (pid_t)atoi(args[0]), 0, 0);
            reply(rc == 0 ? 0 : errno, 0, rc, NULL, 0, -1);
            break;
        }

        case AS_AGENT_USER_MESSAGE: {
            NEED(2);
            int fd = audit_open();
            if (fd < 0) { reply(errno, AS_AGENT_AT_OPEN, -1, NULL, 0, -1); break; }
            errno = 0;
            int rc = audit_log_user_message(fd, atoi(args[0]), args[1], NULL, NULL, NULL, 1);
            int error = rc <= 0 ? (errno ? errno : EIO) : 0;
            audit_close(fd);
            reply(error, error ? AS_AGENT_AT_WRITE : 0, rc, NULL, 0, -1);
            break;
        }

        case AS_AGENT_REAP: {
            NEED(1);
            int status = 0;
            pid_t waited = waitpid((pid_t)atoi(args[0]), &status, WNOHANG);
            if (waited < 0) reply(errno, 0, -1, NULL, 0, -1);
            else reply(0, status, waited, NULL, 0, -1);
            break;
        }

        case AS_AGENT_FILE: {
            NEED(5);
            int step = 0;
            int rc = as_file_call(atoi(args[0]), args[1], args[2], (const unsigned char *)args[4], lengths[4],
                                  (unsigned)strtoul(args[3], NULL, 8), &step);
            reply(-rc, rc ? step : 0, rc, NULL, 0, -1);
            break;
        }

        case AS_AGENT_UNSHARE: {
            NEED(1);
            int flags = (int)strtol(args[0], NULL, 10);
            if (unshare(flags) != 0) { reply(errno, AS_AGENT_AT_OPEN, -1, NULL, 0, -1); break; }
            int error = (flags & CLONE_NEWNS) ? mounts_private() : 0;
            reply(error, error ? AS_AGENT_AT_MOUNT : 0, 0, NULL, 0, -1);
            break;
        }

        case AS_AGENT_SETNS: {
            NEED(2);
            int fd = open(args[0], O_RDONLY | O_CLOEXEC);
            if (fd < 0) { reply(errno, AS_AGENT_AT_OPEN, -1, NULL, 0, -1); break; }
            int rc = setns(fd, (int)strtol(args[1], NULL, 10));
            int error = rc == 0 ? 0 : errno;
            close(fd);
            reply(error, error ? AS_AGENT_AT_WRITE : 0, rc, NULL, 0, -1);
            break;
        }

        case AS_AGENT_WAIT_LINK: {
            NEED(2);
            int flags = 0;
            int error = wait_for_link(args[0], atoi(args[1]), &flags);
            reply(error, 0, flags, NULL, 0, -1);
            break;
        }

        case AS_AGENT_EXIT:
            _exit(argc > 0 ? atoi(args[0]) : 0);

        default:
            reply(ENOSYS, 0, -1, NULL, 0, -1);
        }
#undef NEED
    }
}
