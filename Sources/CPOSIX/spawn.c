// Starting a child in namespaces of its own or of others, from a multi-threaded process.
//
// Why C, and why like this: the Swift runtime runs several threads, and unshare(2) or
// setns(2) in the runner would move only the calling thread (CLONE_NEWUSER refuses a
// multi-threaded caller outright). So every namespace change happens in a new process made
// by clone3 (clone as a fallback), which starts as a copy of the calling thread alone. That
// copy may only make async-signal-safe calls: the other threads' locks (malloc, stdio) are
// copied in whatever state they were in. Everything the child needs (argv, envp, paths) is
// therefore prepared by the parent before the clone, and the child makes raw system calls
// only: glibc's own set*id() would try to signal the parent's threads, which the child does
// not have, and wait for them forever.
//
// A failed step in the child is never silent: it writes {step, errno} to a close-on-exec
// pipe and exits 127. The parent reads that pipe: end of file without a report means the
// execve succeeded (the pipe closed with it), a report names the step and the errno.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_LOWER 3
#endif

// The clone3 argument block (linux/sched.h has it, but older headers lack the later fields).
struct as_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

// Report a failed step to the parent and end. write(2) and _exit(2) are async-signal-safe.
static void __attribute__((noreturn)) fail(int status_fd, int step, int err) {
    int32_t report[2] = {step, err};
    ssize_t ignored = write(status_fd, report, sizeof report);
    (void)ignored;
    _exit(127);
}

// Moves fd to a number >= lowest, close-on-exec, so that the later dup2 calls into 0, 1, 2,
// 3... cannot overwrite a descriptor that is still to be used. -1 stays -1.
static int lift(int fd, int lowest) {
    if (fd < 0) return -1;
    return fcntl(fd, F_DUPFD_CLOEXEC, lowest);
}

static int bring_loopback_up(void) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return errno;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    int err = 0;
    if (ioctl(sock, SIOCGIFFLAGS, &request) != 0) err = errno;
    if (!err) {
        request.ifr_flags |= IFF_UP;
        if (ioctl(sock, SIOCSIFFLAGS, &request) != 0) err = errno;
    }
    close(sock);
    return err;
}

// Lowers every capability in `drop` (bit n = capability n) in the bounding set, the ambient
// set, and the effective, permitted and inheritable sets. The bounding set matters most: a
// root process gets its permitted set back from the bounding set at execve.
static int drop_bounding(uint64_t drop) {
    for (int cap = 0; cap < 64; cap++) {
        if (!(drop & (1ULL << cap))) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) return errno;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0) != 0 && errno != EINVAL) return errno;
    }
    return 0;
}

static int drop_sets(uint64_t drop) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) != 0) return errno;
    for (int i = 0; i < 2; i++) {
        uint32_t keep = ~(uint32_t)(drop >> (32 * i));
        data[i].effective &= keep;
        data[i].permitted &= keep;
        data[i].inheritable &= keep;
    }
    if (syscall(SYS_capset, &header, data) != 0) return errno;
    return 0;
}

// The child's steps, in the order child_main takes them. Each runs in the child after the
// clone, so each makes raw, async-signal-safe calls only, and a failure goes to the parent
// through `fail` under the step's own AS_STEP_* number.

// Waits for the parent's go (it writes uid_map and gid_map of a new user namespace, or records
// this pid where a later `restore` finds it, first). If the parent dies meanwhile, this child
// must not live on unknown to anyone: the parent's death kills it (PDEATHSIG, checked against a
// death before it was set), and the end of the go pipe ends it too. Cleared once the go came:
// the program's life is the runner's to manage.
static void wait_for_go(const as_spawn_spec *spec, int status_fd, int go_fd) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail(status_fd, AS_STEP_WAIT_FOR_PARENT, errno);
    // (In a new pid namespace the parent is outside it and getppid() says 0: the go pipe's
    // end of file is then the only sign.)
    pid_t parent = getppid();
    if (spec->parent_pid > 0 && parent != 0 && parent != spec->parent_pid) _exit(127);
    char go = 0;
    ssize_t got;
    do { got = read(go_fd, &go, 1); } while (got < 0 && errno == EINTR);
    if (got != 1) fail(status_fd, AS_STEP_WAIT_FOR_PARENT, got < 0 ? errno : ECANCELED);
    close(go_fd);
    if (prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0) != 0) fail(status_fd, AS_STEP_WAIT_FOR_PARENT, errno);
}

// Joins the held namespaces, in the order given (the Swift side puts a user namespace last,
// while the child still has the privileges of its parent's namespace for the others), then
// sets up the new ones it was cloned into.
static void enter_namespaces(const as_spawn_spec *spec, int status_fd) {
    for (int i = 0; i < spec->join_count; i++) {
        if (syscall(SYS_setns, spec->join_fds[i], spec->join_types[i]) != 0)
            fail(status_fd, AS_STEP_JOIN_NAMESPACE, errno);
    }
    // A new mount namespace is a copy whose mounts may still propagate back to the machine's
    // (a shared root): made private first, as unshare(1) does.
    if ((spec->clone_flags & CLONE_NEWNS) &&
        syscall(SYS_mount, NULL, "/", NULL, (unsigned long)(MS_REC | MS_PRIVATE), NULL) != 0)
        fail(status_fd, AS_STEP_MOUNT_PRIVATE, errno);
    // A new network namespace starts with lo down.
    if (spec->loopback_up) {
        int err = bring_loopback_up();
        if (err) fail(status_fd, AS_STEP_LOOPBACK, err);
    }
}

// Its own process group, so a stop can kill the whole tree it starts. With a terminal: a
// session of its own (a group of its own too), whose controlling terminal it is, so the
// kernel's records name it (tty=pts/N).
static void take_process_group(const as_spawn_spec *spec, int status_fd) {
    if (spec->ctty) {
        if (setsid() < 0) fail(status_fd, AS_STEP_TERMINAL, errno);
        int tty = open(spec->ctty, O_RDWR | O_CLOEXEC);
        if (tty < 0) fail(status_fd, AS_STEP_TERMINAL, errno);
        if (ioctl(tty, TIOCSCTTY, 0) != 0) fail(status_fd, AS_STEP_TERMINAL, errno);
        close(tty);
    } else if (spec->new_process_group && setpgid(0, 0) != 0) {
        fail(status_fd, AS_STEP_PROCESS_GROUP, errno);
    }
}

// Default signal handling and an empty mask, whatever the runner's thread had. (Handlers would
// be reset by execve anyway; ignored signals and the mask would not.)
static void reset_signals(int status_fd) {
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        (void)sigaction(sig, &default_action, NULL);  // glibc's internal signals refuse: fine
    }
    sigset_t empty;
    sigemptyset(&empty);
    if (sigprocmask(SIG_SETMASK, &empty, NULL) != 0) fail(status_fd, AS_STEP_SIGNALS, errno);
}

// A descriptor lifted to `first_free` or above; a failure is the descriptors step's.
static int lift_or_fail(int fd, int first_free, int status_fd) {
    int lifted = lift(fd, first_free);
    if (fd >= 0 && lifted < 0) fail(status_fd, AS_STEP_DESCRIPTORS, errno);
    return lifted;
}

// Standard input, output and error (/dev/null for those not given), then the passed
// descriptors as 3, 4, ... Every source is lifted first, so no dup2 overwrites one still to
// be placed.
static void place_descriptors(const as_spawn_spec *spec, int status_fd, int first_free) {
    int in = lift_or_fail(spec->stdin_fd, first_free, status_fd);
    int out = lift_or_fail(spec->stdout_fd, first_free, status_fd);
    int err = lift_or_fail(spec->stderr_fd, first_free, status_fd);
    int lifted[AS_SPAWN_MAX_PASS];
    if (spec->pass_count > AS_SPAWN_MAX_PASS) fail(status_fd, AS_STEP_DESCRIPTORS, EMFILE);
    for (int i = 0; i < spec->pass_count; i++) {
        lifted[i] = lift(spec->pass_fds[i], first_free);
        if (lifted[i] < 0) fail(status_fd, AS_STEP_DESCRIPTORS, errno);
    }
    int null_fd = -1;
    if (in < 0 || out < 0 || err < 0) {
        null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd < 0) fail(status_fd, AS_STEP_DESCRIPTORS, errno);
        int high = lift(null_fd, first_free);
        if (high < 0) fail(status_fd, AS_STEP_DESCRIPTORS, errno);
        close(null_fd);
        null_fd = high;
    }
    if (dup2(in >= 0 ? in : null_fd, 0) < 0 || dup2(out >= 0 ? out : null_fd, 1) < 0 ||
        dup2(err >= 0 ? err : null_fd, 2) < 0)
        fail(status_fd, AS_STEP_DESCRIPTORS, errno);
    for (int i = 0; i < spec->pass_count; i++) {
        if (dup2(lifted[i], 3 + i) < 0) fail(status_fd, AS_STEP_DESCRIPTORS, errno);
    }
}

// Capabilities out of the bounding set while CAP_SETPCAP is still held; then the credentials:
// groups, then gid, then uid (after the uid, the right to change them is gone); then the
// capabilities out of the process's own sets.
static void change_user(const as_spawn_spec *spec, int status_fd) {
    if (spec->drop_caps) {
        int e = drop_bounding(spec->drop_caps);
        if (e) fail(status_fd, AS_STEP_CAPABILITIES, e);
    }
    if (spec->set_ids) {
        gid_t groups[1] = {spec->gid};
        if (syscall(SYS_setgroups, 1, groups) != 0) fail(status_fd, AS_STEP_CREDENTIALS, errno);
        if (syscall(SYS_setresgid, spec->gid, spec->gid, spec->gid) != 0) fail(status_fd, AS_STEP_CREDENTIALS, errno);
        if (syscall(SYS_setresuid, spec->uid, spec->uid, spec->uid) != 0) fail(status_fd, AS_STEP_CREDENTIALS, errno);
    }
    if (spec->drop_caps) {
        int e = drop_sets(spec->drop_caps);
        if (e) fail(status_fd, AS_STEP_CAPABILITIES, e);
    }
}

// Nothing else of the runner's reaches the program: everything from `first_free` up closes at
// execve (the report pipe too, which is how the parent learns of success). Then the program.
static void __attribute__((noreturn)) exec_program(const as_spawn_spec *spec, int status_fd, int first_free) {
    if (syscall(SYS_close_range, (unsigned)first_free, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = first_free; fd < 65536; fd++) {
            if (fd != status_fd) close(fd);
        }
    }
    if (spec->cwd && chdir(spec->cwd) != 0) fail(status_fd, AS_STEP_DIRECTORY, errno);
    execve(spec->path, spec->argv, spec->envp);
    fail(status_fd, AS_STEP_EXEC, errno);
}

// Runs in the child. Never returns.
static void __attribute__((noreturn)) child_main(const as_spawn_spec *spec, int status_fd, int go_fd) {
    int first_free = 3 + spec->pass_count;
    // The report pipe first, out of the way of the descriptors to be placed.
    int lifted_status = lift(status_fd, first_free);
    if (lifted_status < 0) fail(status_fd, AS_STEP_DESCRIPTORS, errno);
    status_fd = lifted_status;

    if (go_fd >= 0) wait_for_go(spec, status_fd, go_fd);
    enter_namespaces(spec, status_fd);
    take_process_group(spec, status_fd);
    reset_signals(status_fd);
    place_descriptors(spec, status_fd, first_free);
    change_user(spec, status_fd);
    exec_program(spec, status_fd, first_free);
}

int as_spawn_start(const as_spawn_spec *spec, as_spawn_child *out) {
    memset(out, 0, sizeof *out);
    out->pidfd = out->status_fd = out->go_fd = -1;
    int status[2], go[2] = {-1, -1};
    if (pipe2(status, O_CLOEXEC) != 0) return -errno;
    if (spec->wait_for_go && pipe2(go, O_CLOEXEC) != 0) {
        int e = errno;
        close(status[0]);
        close(status[1]);
        return -e;
    }

    int pidfd = -1;
    uint64_t flags = (uint64_t)spec->clone_flags | CLONE_PIDFD;
    struct as_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = flags;
    args.pidfd = (uint64_t)(uintptr_t)&pidfd;
    args.exit_signal = SIGCHLD;
    long pid = -1;
    int used_clone3 = 1;
    if (spec->clone_mode == AS_CLONE_ONLY) errno = ENOSYS;
    else pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0 && (errno == ENOSYS || errno == EPERM) && spec->clone_mode != AS_CLONE3_ONLY) {
        // clone3 is missing (before 5.3) or refused by a seccomp filter that predates it:
        // clone takes the same flags, and with CLONE_PIDFD writes the pidfd to parent_tid.
        // Without CLONE_VM and with stack 0, the child runs on a copy of this stack, as fork.
        used_clone3 = 0;
#if defined(__s390x__)
        pid = syscall(SYS_clone, 0, flags | SIGCHLD, &pidfd, 0, 0);
#else
        pid = syscall(SYS_clone, flags | SIGCHLD, 0, &pidfd, 0, 0);
#endif
    }
    if (pid == 0) {
        close(status[0]);
        if (go[1] >= 0) close(go[1]);
        child_main(spec, status[1], go[0]);
    }
    int e = errno;
    close(status[1]);
    if (go[0] >= 0) close(go[0]);
    if (pid < 0) {
        close(status[0]);
        if (go[1] >= 0) close(go[1]);
        return -e;
    }
    out->pid = (pid_t)pid;
    out->pidfd = pidfd;
    out->status_fd = status[0];
    out->go_fd = go[1];
    out->used_clone3 = used_clone3;
    return 0;
}

int as_spawn_read_status(int status_fd, int *step) {
    int32_t report[2] = {0, 0};
    size_t got = 0;
    while (got < sizeof report) {
        ssize_t n = read(status_fd, (char *)report + got, sizeof report - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            *step = AS_STEP_REPORT;
            return -errno;
        }
        if (n == 0) break;
        got += (size_t)n;
    }
    if (got == 0) {
        *step = 0;
        return 0;  // closed by execve: the program runs
    }
    if (got < sizeof report) {
        *step = AS_STEP_REPORT;
        return -EPIPE;
    }
    *step = report[0];
    return -report[1];
}

int as_spawn_go(int go_fd) {
    char go = 1;
    ssize_t n;
    do { n = write(go_fd, &go, 1); } while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -errno;
}

int as_pidfd_send_signal(int pidfd, int sig) {
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0 ? 0 : -errno;
}

int as_waitid_exited(pid_t pid, int *code, int *status) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG) != 0) return -errno;
    if (info.si_pid == 0) return 0;
    *code = info.si_code;
    *status = info.si_status;
    return 1;
}
