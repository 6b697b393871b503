import CPOSIX
import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

/// How a process ended.
public enum Termination: Hashable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
        switch self {
        case .exited(let status): return "exit \(status)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// A process started by auditspec, in its own process group, watched through a pidfd so
/// that waiting for its end never polls or sleeps.
///
/// Two ways in: `init(argv:)` through posix_spawn for a plain command, and `init(spec:)`
/// through the clone3 helper for a child in namespaces, as another user or with fewer
/// capabilities. Both give the same handle.
public final class ChildProcess {
    public let pid: pid_t
    public let argv: [String]
    /// Refers to this process and no other, even after its pid is reused: signals go through it.
    public let pidfd: Int32
    /// The read end of the readiness pipe, or -1.
    public let outputFD: Int32
    public private(set) var termination: Termination?

    /// Starts `argv` (searched in PATH). Standard input is /dev/null; standard output and
    /// error go to `outputPath` (or /dev/null), a file, so a chatty child never blocks on a pipe.
    /// With `readinessPipe`, standard output is a pipe whose read end is `outputFD`: the child
    /// says when it is ready by writing a line, and the waiter wakes at that moment.
    public init(argv: [String], outputPath: String? = nil, readinessPipe: Bool = false) throws(KernelError) {
        precondition(!argv.isEmpty, "a process needs a program")
        self.argv = argv
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeFDs: [Int32] = [-1, -1]
        if readinessPipe {
            let made = as_pipe_cloexec(&pipeFDs)
            if made < 0 { throw KernelError("make a pipe", errno: -made) }
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
            posix_spawn_file_actions_addopen(&actions, 2, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        defer { if pipeFDs[1] >= 0 { close(pipeFDs[1]) } }
        // Nothing else of ours (audit sockets, a caller's pipes) leaks into the child: an
        // orphan holding a caller's pipe open would keep that caller waiting forever.
        as_spawn_actions_closefrom(&actions, 3)
        outputFD = pipeFDs[0]

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so the whole tree it starts can be killed at once;
        // default signal handling and an empty mask, whatever the runner has set.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // The read end is the process's once it is watched, and closed if it never is.
        let started: (pid: pid_t, pidfd: Int32)
        do throws(KernelError) {
            started = try Self.spawn(argv, actions: &actions, attributes: &attributes)
        } catch {
            if readinessPipe { try? FileDescriptor(rawValue: pipeFDs[0]).close() }
            throw error
        }
        pid = started.pid
        pidfd = started.pidfd
    }

    /// posix_spawnp, then a pidfd to watch the child through; a child that cannot be watched is
    /// killed and reaped before the throw.
    private static func spawn(_ argv: [String], actions: inout posix_spawn_file_actions_t,
                              attributes: inout posix_spawnattr_t) throws(KernelError) -> (pid: pid_t, pidfd: Int32) {
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawnp(&child, argv[0], &actions, &attributes, &cArgs, environ)
        if result != 0 { throw KernelError("start \(argv[0])", errno: result) }
        let fd = as_pidfd_open(child)
        if fd < 0 {
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            throw KernelError("watch process \(child)", errno: -fd)
        }
        return (child, fd)
    }

    deinit {
        if termination == nil { stop() }
        close(pidfd)
        if outputFD >= 0 { close(outputFD) }
    }

    /// Waits for the end until `deadline`; nil if it is still running then.
    @discardableResult
    public func wait(until deadline: Double) throws(Interrupted) -> Termination? {
        if let termination { return termination }
        while termination == nil {
            if reap() != nil { break }
            if try Poller.wait(for: [pidfd], until: deadline).isEmpty { break }
        }
        return termination
    }

    /// Waits until the child writes a line on its readiness pipe, or ends, or `deadline` passes.
    /// Returns the line (without its newline), or nil if none came.
    public func readLine(until deadline: Double) throws(Interrupted) -> String? {
        precondition(outputFD >= 0, "readLine needs a readiness pipe")
        var collected: [UInt8] = []
        var byte: UInt8 = 0
        while Poller.now() < deadline {
            guard try !Poller.wait(for: [outputFD, pidfd], until: deadline).isEmpty else { return nil }
            while true {
                var probe = pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)
                guard poll(&probe, 1, 0) > 0 else { break }
                let count = read(outputFD, &byte, 1)
                if count <= 0 { return nil }  // end of file: the child closed it or died
                if byte == 0x0A { return String(decoding: collected, as: UTF8.self) }
                collected.append(byte)
            }
            if reap() != nil { return nil }
        }
        return nil
    }

    /// Collects the exit status if the process has ended, without waiting.
    @discardableResult
    public func reap() -> Termination? {
        if let termination { return termination }
        // waitid with WEXITED only: a traced child's stops are reported to waitpid too, and
        // must not be taken for its end.
        var code: Int32 = 0, status: Int32 = 0
        guard as_waitid_exited(pid, &code, &status) == 1 else { return nil }
        termination = code == CLD_EXITED ? .exited(status) : .signaled(status)
        return termination
    }

    public var isRunning: Bool { reap() == nil }

    /// Sends SIGKILL to the process and its group, without waiting for its end (`stop` waits).
    public func sendKill() {
        guard termination == nil else { return }
        Glibc.kill(-pid, SIGKILL)
        _ = as_pidfd_send_signal(pidfd, SIGKILL)
    }

    /// Kills the process and its group, and reaps it. Safe to call more than once.
    public func stop() {
        guard isRunning else { return }
        Glibc.kill(-pid, SIGKILL)
        _ = as_pidfd_send_signal(pidfd, SIGKILL)
        var info = siginfo_t()
        if waitid(P_PID, id_t(pid), &info, WEXITED) == 0 {
            termination = .signaled(SIGKILL)
        }
    }

    /// Sends `signal` through the pidfd: ESRCH once it has ended, EPERM if not allowed, EINVAL
    /// for a number that is no signal.
    public func signal(_ signal: Int32) throws(KernelError) {
        _ = try KernelError.check(as_pidfd_send_signal(pidfd, signal), "send signal \(signal) to process \(pid)")
    }

    /// The number of threads, as /proc/PID/status says (nil once it is gone).
    public var threadCount: Int? { ProcStatus(pid: pid)?.threads }

    /// The namespace of `kind` this process is in, held open for others to join.
    public func namespace(_ kind: Namespaces) throws(KernelError) -> NamespaceHandle {
        try NamespaceHandle(of: pid, kind: kind)
    }

    init(pid: pid_t, pidfd: Int32, argv: [String], outputFD: Int32) {
        self.pid = pid
        self.pidfd = pidfd
        self.argv = argv
        self.outputFD = outputFD
    }
}
