// Small C helpers for what Swift cannot express safely or at all: async-signal-safe
// signal handling, variadic syscall(2), what a child does between clone3 and execve,
// and the agent's protocol. Nothing of audit here (CAuditNetlink has that).
// Every function returns a negative errno on failure, as the kernel does.
#ifndef AUDITSPEC_CPOSIX_H
#define AUDITSPEC_CPOSIX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

// ---- signals -------------------------------------------------------------
// Installs handlers for SIGINT, SIGTERM and SIGHUP that record the signal and
// write one byte to a close-on-exec self-pipe; returns the pipe's read end
// (poll it to be woken) or -errno.
int as_signal_trap_install(void);
// The first trapped signal, or 0 when none arrived.
int as_signal_trap_caught(void);
// Restores the default action and raises `sig` again, so the process ends
// with the status a shell expects (128 + sig).
void as_signal_reraise(int sig);

// ---- processes -----------------------------------------------------------
int as_pidfd_open(pid_t pid);
// Adds "close every descriptor from `lowest` up" to spawn file actions (glibc 2.34+),
// so a child gets exactly stdin, stdout and stderr and nothing else of the runner's.
#include <spawn.h>
int as_spawn_actions_closefrom(posix_spawn_file_actions_t *actions, int lowest);
// pipe2 with O_CLOEXEC (a GNU extension Swift's Glibc module hides).
int as_pipe_cloexec(int fds[2]);
// A pseudo-terminal: returns its master's descriptor (close-on-exec) and puts the slave's path
// (/dev/pts/N) in name, or returns -errno.
int as_pty_open(char *name, size_t cap);

// ---- namespaced children (spawn.c) ---------------------------------------
// What the child does between clone3 and execve, each step async-signal-safe.
typedef struct {
    const char *path;          // the program, an absolute path (the parent searched PATH)
    char *const *argv;         // NULL-terminated
    char *const *envp;         // NULL-terminated
    uint64_t clone_flags;      // CLONE_NEW* to create; CLONE_PIDFD is always added
    const int *join_fds;       // namespace descriptors to setns into, in this order
    const int *join_types;     // the CLONE_NEW* type of each (0: whatever it is)
    int join_count;
    int wait_for_go;           // block until as_spawn_go (the parent writes uid/gid maps, or
                               // records the pid, first); the child ends if the parent dies meanwhile
    pid_t parent_pid;          // getpid() of the parent, for that check (with wait_for_go)
    int loopback_up;           // bring lo up (in a new network namespace)
    int new_process_group;     // setpgid(0, 0)
    int set_ids;               // change to uid/gid (supplementary groups become just gid)
    uid_t uid;
    gid_t gid;
    uint64_t drop_caps;        // bit n drops capability n (bounding, ambient, effective, permitted, inheritable)
    int stdin_fd, stdout_fd, stderr_fd;  // -1: /dev/null
    const int *pass_fds;       // become descriptors 3, 4, ... in the child
    int pass_count;            // at most AS_SPAWN_MAX_PASS
    const char *cwd;           // NULL: the parent's
    int clone_mode;            // AS_CLONE_AUTO; tests force one path with the others
    const char *ctty;          // NULL, or a terminal (a pty's slave) that becomes the controlling
                               // terminal of a new session (setsid instead of setpgid)
} as_spawn_spec;
enum { AS_CLONE_AUTO = 0, AS_CLONE3_ONLY = 1, AS_CLONE_ONLY = 2 };
#define AS_SPAWN_MAX_PASS 16

// The step of the child that failed (reported with its errno).
enum {
    AS_STEP_WAIT_FOR_PARENT = 1, AS_STEP_JOIN_NAMESPACE, AS_STEP_LOOPBACK, AS_STEP_PROCESS_GROUP,
    AS_STEP_SIGNALS, AS_STEP_DESCRIPTORS, AS_STEP_CAPABILITIES, AS_STEP_CREDENTIALS,
    AS_STEP_DIRECTORY, AS_STEP_EXEC, AS_STEP_REPORT, AS_STEP_MOUNT_PRIVATE, AS_STEP_TERMINAL
};

typedef struct {
    pid_t pid;
    int pidfd;                 // close-on-exec, from CLONE_PIDFD
    int status_fd;             // read end of the report pipe: poll it, then as_spawn_read_status
    int go_fd;                 // write end of the go pipe, or -1
    int used_clone3;           // 0 when clone3 was refused and clone was used
} as_spawn_child;

// Clones the child and returns at once (0 or -errno). The child runs its steps, after the
// go if wait_for_go. The caller closes status_fd and go_fd when done with them.
int as_spawn_start(const as_spawn_spec *spec, as_spawn_child *out);
// Lets a child that waits for its go proceed.
int as_spawn_go(int go_fd);
// After status_fd is readable: 0 when the child reached execve (the pipe closed with it),
// or -errno of the failed step, with *step set to it.
int as_spawn_read_status(int status_fd, int *step);
int as_pidfd_send_signal(int pidfd, int sig);
// waitid(P_PID, WEXITED | WNOHANG): only an exit, never a stop (a traced child's stops are
// not ends). 1 with *code (CLD_EXITED, CLD_KILLED, CLD_DUMPED) and *status; 0 if still running.
int as_waitid_exited(pid_t pid, int *code, int *status);

// ---- the agent's protocol (Sources/auditspec-agent) ------------------------
// The agent is a small program that runs as a scenario's process and performs, on request,
// actions that must come from that very process: a raw write(2) to a /proc file, a fork, a
// second thread, a signal, ptrace, a user message. Requests and replies travel over a
// SOCK_SEQPACKET socket at descriptor 3, one datagram each.
// Request: uint32 op, uint32 argc, then argc times (uint32 length, bytes).
// Reply: as_agent_reply, then `length` bytes of data; FORK adds the new agent's socket and a
// pidfd of it (SCM_RIGHTS).
enum {
    AS_AGENT_PING = 1,
    AS_AGENT_WRITE,           // path, offset (decimal), value: one open(O_WRONLY) and one write(2)/pwrite(2)
    AS_AGENT_READ,            // path: the first 4096 bytes
    AS_AGENT_FORK,            // a child agent: value = its pid, plus its socket
    AS_AGENT_THREAD,          // a second thread, replied to once it runs: value = its tid
    AS_AGENT_EXEC,            // path, argv...: only a failure is replied to (success closes the socket)
    AS_AGENT_SIGNAL,          // pid, signal: kill(2)
    AS_AGENT_PTRACE_ATTACH,   // pid: PTRACE_SEIZE, PTRACE_INTERRUPT, wait for the stop
    AS_AGENT_PTRACE_DETACH,   // pid: PTRACE_DETACH
    AS_AGENT_USER_MESSAGE,    // type (decimal), text: audit_log_user_message
    AS_AGENT_REAP,            // pid: waitpid(WNOHANG) on a child of the agent
    AS_AGENT_EXIT,            // status: _exit
    AS_AGENT_FILE,            // op (AS_FILE_*), path, other path, mode (octal), data: as_file_call
    AS_AGENT_UNSHARE,         // CLONE_NEW* flags (decimal): unshare(2); a new mount namespace made private
    AS_AGENT_SETNS,           // path of /proc/PID/ns/KIND, nstype (decimal): open(2), then setns(2)
    AS_AGENT_WAIT_LINK,       // interface, timeout (ms): until it is up and running, woken by link notifications
    AS_AGENT_WRITE_ENDING,    // path, offset, value, child pid, reap (0/1): open(O_WRONLY), SIGKILL to the
                              // agent's child, wait until it is a zombie (reap 1: reap it), then write(2)
    AS_AGENT_URING,           // path: as_uring_openat_close
    AS_AGENT_SOCKETCALL,      // call, family, type (decimal), address bytes: as_socketcall
    AS_AGENT_SET_TIME,        // call (AS_CLOCK_*), seconds, nanoseconds: as_set_time
    AS_AGENT_ADJUST_TIME,     // call (AS_CLOCK_*), modes, value, seconds, microseconds: as_adjust_time
    AS_AGENT_MODULE_LOAD,     // path, parameters: open(2), then finit_module(2)
    AS_AGENT_MODULE_UNLOAD,   // name: delete_module(2) with O_NONBLOCK
};
// Which part of a request failed, in `detail`.
enum { AS_AGENT_AT_OPEN = 1, AS_AGENT_AT_WRITE, AS_AGENT_AT_SEIZE, AS_AGENT_AT_INTERRUPT, AS_AGENT_AT_WAIT,
       AS_AGENT_AT_MOUNT, AS_AGENT_AT_UNSHARE, AS_AGENT_AT_SETNS };
typedef struct {
    int32_t error;            // 0 or an errno
    int32_t detail;           // AS_AGENT_AT_*, or for REAP the raw wait status
    int64_t value;            // bytes written, a pid or tid; -1 when none
    uint32_t length;          // bytes of data after this header
    uint32_t reserved;
} as_agent_reply;
#define AS_AGENT_MAX_MESSAGE 65536
// Sends one request and its payload; receives one reply into *reply and data (up to cap
// bytes), and up to two passed descriptors into passed_fds (-1 where none). Return 0 or
// -errno; -ECONNRESET when the agent is gone (or, after EXEC, when its program runs).
int as_agent_send(int fd, const unsigned char *message, size_t length);
int as_agent_receive(int fd, as_agent_reply *reply, unsigned char *data, size_t cap, int passed_fds[2]);
int as_socketpair_seqpacket(int fds[2]);

// ---- the file statements (file_calls.c) -----------------------------------
// One system call each: CREATE openat(O_WRONLY|O_CREAT|O_EXCL) and close; APPEND
// openat(O_WRONLY|O_APPEND) and one write; then rename, link, symlink (path is the link's
// text, other the link), unlink, chmod, mkdir, rmdir. Returns 0 or -errno, and the part that
// failed (AS_AGENT_AT_OPEN or AS_AGENT_AT_WRITE) in *failed_step.
enum { AS_FILE_CREATE = 1, AS_FILE_APPEND, AS_FILE_RENAME, AS_FILE_LINK, AS_FILE_SYMLINK, AS_FILE_UNLINK,
       AS_FILE_CHMOD, AS_FILE_MKDIR, AS_FILE_RMDIR };
int as_file_call(int op, const char *path, const char *other, const unsigned char *data, size_t length,
                 unsigned mode, int *failed_step);

// ---- the io_uring statement (io_uring_calls.c) ------------------------------
// io_uring_setup(2), then one io_uring_enter(2) with IORING_OP_OPENAT of path (O_RDONLY) and,
// once it opened, one with IORING_OP_CLOSE of its descriptor. Returns 0 or -errno (of a
// system call, or an operation's completion), and which part failed in *failed_step.
enum { AS_URING_AT_SETUP = 1, AS_URING_AT_ENTER, AS_URING_AT_OPENAT, AS_URING_AT_CLOSE };
int as_uring_openat_close(const char *path, int *failed_step);
// io_uring_setup(2) of a one-entry ring, closed at once: 0, or -errno (ENOSYS: no io_uring;
// EPERM: disabled by /proc/sys/kernel/io_uring_disabled).
int as_uring_probe(void);

// ---- the socketcall statement (socketcall.c) --------------------------------
// The i386 socketcall(2) `call` (SYS_CONNECT is 3) on a new socket of family and type, with
// the address given, made through int $0x80. Returns 0 or -errno, and the part that failed.
enum { AS_SOCKETCALL_AT_SOCKET = 1, AS_SOCKETCALL_AT_MAP, AS_SOCKETCALL_AT_CALL };
int as_socketcall(int call, int family, int type, const unsigned char *address, uint32_t length, int *failed_step);
// Whether i386 system calls work (in a child, which a fault kills): 0, -ENOSYS, or
// AS_IA32_FAULTS when int $0x80 raises a fault (no IA32 emulation, or ia32_emulation=0).
#define AS_IA32_FAULTS 1
int as_ia32_probe(void);
// ---- the clock (clock.c) ----------------------------------------------------
// The system calls that set and adjust CLOCK_REALTIME, as a program makes them.
enum { AS_CLOCK_SETTIMEOFDAY = 1, AS_CLOCK_SETTIME, AS_CLOCK_ADJTIMEX, AS_CLOCK_ADJTIME };
// settimeofday(2) (nanoseconds must be whole microseconds) or clock_settime(2) of CLOCK_REALTIME.
// Returns 0 or -errno.
int as_set_time(int call, long long seconds, long long nanoseconds);
// adjtimex(2) or clock_adjtime(2) of CLOCK_REALTIME with `modes` (ADJ_*): `value` goes in the
// field the mode reads (offset, freq, status, constant for ADJ_TAI, tick); ADJ_SETOFFSET takes
// seconds and microseconds. Returns the clock state (>= 0) or -errno.
int as_adjust_time(int call, unsigned modes, long long value, long long seconds, long long microseconds);
// What a scenario's clock statements can change: CLOCK_REALTIME against CLOCK_MONOTONIC, and
// the NTP values adjtimex(2) reads (time_adjust read through ADJ_OFFSET_SS_READ).
typedef struct {
    long long realtime_minus_monotonic_ns;
    long long offset, freq, maxerror, esterror, constant, tick, tai, adjust;
    int status;
} as_clock_state;
int as_clock_save(as_clock_state *state);
// Writes the saved NTP values back, then sets CLOCK_REALTIME to CLOCK_MONOTONIC plus the saved
// difference, then reads both back: 0, or -errno of the call that failed (its name in
// *failed), or 1 when a value read back differs (named in *failed).
int as_clock_restore(const as_clock_state *state, const char **failed);

// ---- kernel modules (modules.c) ---------------------------------------------
// delete_module(2) with O_NONBLOCK, as rmmod: 0 or -errno.
int as_delete_module(const char *name);

#endif
