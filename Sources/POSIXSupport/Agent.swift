import CPOSIX
import Foundation
import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

/// A scenario's process that the runner can tell what to do: the Swift side of
/// auditspec-agent (see Sources/auditspec-agent/agent.c for why it exists).
///
/// Every request is answered with the errno of the one system call the agent made for it, so
/// "process X writes V to /proc/Y/audit_containerid" is `x.write(v, to: ...)`, returning
/// success or that errno (`Result<Void, Errno>`); a request the agent could not be asked at all
/// throws `AgentFailure`. An agent started by the runner is its child (`process`); one made by
/// `fork()` is the child of another agent (`parent`), a grandchild of the runner.
public final class Agent {
    public let pid: pid_t
    /// Watches this very process (a pidfd works for a grandchild too).
    public let pidfd: Int32
    /// The runner's handle when the agent is the runner's own child.
    public let process: ChildProcess?
    /// The agent that forked this one.
    public let parent: Agent?
    /// This agent's pid as its parent sees it: `pid` unless the parent is in a pid namespace
    /// of its own (then it is the pid inside that namespace).
    public let pidInParent: pid_t
    /// How long one request may take.
    public var requestTimeout: Double = 10
    /// The runner's end of the agent's socket; nil once the agent exec'd (or is gone).
    private var control: FileDescriptor?
    private var reaped: Termination?

    // MARK: starting

    /// Where auditspec-agent is: $AUDITSPEC_AGENT, else beside the running executable (the
    /// build puts every product in one folder, the test bundle's included), else in PATH.
    public static func programPath() throws(AgentFailure) -> String {
        var searched: [String] = []
        if let path = ProcessInfo.processInfo.environment["AUDITSPEC_AGENT"] {
            if access(path, X_OK) == 0 { return path }
            searched.append(path)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = executable.deletingLastPathComponent().appendingPathComponent("auditspec-agent").path
        if access(beside, X_OK) == 0 { return beside }
        searched.append(beside)
        if let found = SpawnSpec(argv: ["auditspec-agent"]).resolvedProgram() { return found }
        searched.append("PATH")
        throw .programNotFound(searched: searched)
    }

    /// Starts an agent as the runner's child, in the namespaces, as the user and without the
    /// capabilities `spec` says (its argv is ignored: the program is the agent).
    public convenience init(spec: SpawnSpec = SpawnSpec(argv: ["auditspec-agent"])) throws(AgentFailure) {
        var ends: [Int32] = [-1, -1]
        let made = as_socketpair_seqpacket(&ends)
        if made < 0 { throw .channel(KernelError("make the agent's socket pair", errno: -made)) }
        let (runnerEnd, agentEnd) = (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
        // The agent holds its own copy of its end once it runs; the runner keeps its end only
        // if the agent started.
        defer { try? agentEnd.close() }
        let child = try runnerEnd.closeOnError { () throws(AgentFailure) -> ChildProcess in
            var agentSpec = spec
            agentSpec.argv = [try Self.programPath()]
            agentSpec.passDescriptors = [agentEnd.rawValue] + spec.passDescriptors
            do throws(SpawnFailure) { return try ChildProcess(spec: agentSpec) } catch { throw .spawn(error) }
        }
        self.init(pid: child.pid, pidfd: child.pidfd, control: runnerEnd, process: child, parent: nil)
    }

    private init(pid: pid_t, pidfd: Int32, control: FileDescriptor, process: ChildProcess?, parent: Agent?, pidInParent: pid_t? = nil) {
        self.pid = pid
        self.pidInParent = pidInParent ?? pid
        self.pidfd = pidfd
        self.control = control
        self.process = process
        self.parent = parent
    }

    deinit {
        stop()
        try? control?.close()
        // A direct child's pidfd belongs to its ChildProcess.
        if process == nil { close(pidfd) }
    }

    // MARK: requests

    /// `process X writes V to path`: one open(2) and one write(2) by this process (pwrite(2)
    /// when `offset` is not 0): success, or the errno of the failing call.
    public func write(_ value: [UInt8], to path: String, offset: Int = 0) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_WRITE, [Array(path.utf8), Array(String(offset).utf8), value], "write \(path)").result
    }

    public func write(_ value: String, to path: String, offset: Int = 0) throws(AgentFailure) -> Result<Void, Errno> {
        try write(Array(value.utf8), to: path, offset: offset)
    }

    /// `process X writes V to path, once its child C has ended`: this agent opens the file,
    /// kills its child (SIGKILL), waits until the child is a zombie (`reaping`: reaps it, so its
    /// pid is gone), then writes: the kernel judges a write whose target ended after the open.
    /// Success, or the errno of the open(2) or write(2).
    public func write(_ value: [UInt8], to path: String, offset: Int = 0, ending child: Agent,
                      reaping: Bool) throws(AgentFailure) -> Result<Void, Errno> {
        guard child.parent === self else {
            throw .unexpectedState("agent \(child.pid) is not a child of agent \(pid): only its parent can end it between the open and the write")
        }
        let answer = try request(AS_AGENT_WRITE_ENDING, [Array(path.utf8), Array(String(offset).utf8), value,
                                                         Array(String(child.pidInParent).utf8), Array((reaping ? "1" : "0").utf8)],
                                 "write \(path) once \(child.pid) has ended")
        if let error = answer.errno, answer.reply.detail == AS_AGENT_AT_WAIT {
            throw .channel(KernelError("end child \(child.pid) of agent \(pid)", errno: error))
        }
        // Reaped by its parent: nothing is left for `stop` to collect.
        if reaping { child.reaped = .signaled(SIGKILL) }
        return answer.result
    }

    /// Reads a file as this process: its bytes, or the errno (reading audit_containerid needs
    /// CAP_AUDIT_CONTROL, so who reads matters too).
    public func read(_ path: String) throws(AgentFailure) -> Result<[UInt8], Errno> {
        let answer = try request(AS_AGENT_READ, [Array(path.utf8)], "read \(path)")
        return answer.result.map { answer.data }
    }

    /// A child of this agent (fork(2)), itself an agent: a target with a child of its own, or
    /// a grandchild of an identified process. Returns once the fork is done.
    public func fork() throws(AgentFailure) -> Agent {
        let answer = try request(AS_AGENT_FORK, [], "fork")
        let passed = answer.passedFDs
        do throws(AgentFailure) {
            if let error = answer.errno { throw .channel(KernelError("fork in agent \(pid)", errno: error)) }
            guard let socket = passed[0], let childFD = passed[1] else {
                throw .unexpectedState("agent \(pid) forked \(answer.reply.value) but did not send its socket and pidfd")
            }
            // The pid the agent saw is of its own pid namespace; the pidfd's says which process
            // it is in the runner's.
            guard let childPid = Self.pid(ofPidfd: childFD.rawValue) else {
                throw .unexpectedState("agent \(pid) forked \(answer.reply.value), whose pid the runner cannot see")
            }
            return Agent(pid: childPid, pidfd: childFD.rawValue, control: socket, process: nil, parent: self,
                         pidInParent: pid_t(truncatingIfNeeded: answer.reply.value))
        } catch {
            // Whatever came with a fork the runner does not take is closed here, once.
            passed.forEach { try? $0?.close() }
            throw error
        }
    }

    /// The pid a pidfd refers to, in the runner's pid namespace (the Pid: line of its fdinfo).
    static func pid(ofPidfd fd: Int32) -> pid_t? {
        guard let text = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pid:") {
            if let pid = pid_t(line.dropFirst(4).trimmingCharacters(in: .whitespaces)), pid > 0 { return pid }
        }
        return nil
    }

    /// Starts a second thread and returns its tid once /proc/PID/status counts it.
    ///
    /// The thread itself writes the answer after it starts running, so the state is there
    /// when the answer comes (no waiting by time); the count is then read once to prove it.
    @discardableResult
    public func startThread() throws(AgentFailure) -> pid_t {
        let before = ProcStatus(pid: pid)?.threads ?? 1
        let answer = try request(AS_AGENT_THREAD, [], "start a thread")
        if let error = answer.errno { throw .channel(KernelError("start a thread in agent \(pid)", errno: error)) }
        let now = ProcStatus(pid: pid)?.threads
        guard now == before + 1 else {
            throw .unexpectedState("agent \(pid) started thread \(answer.reply.value) but /proc/\(pid)/status says Threads: \(now.map(String.init) ?? "?")")
        }
        return pid_t(answer.reply.value)
    }

    /// Replaces the agent with `argv` (searched in PATH). Returns once the program runs; the
    /// agent then takes no more requests. Throws with the errno of a failed execve.
    public func exec(_ argv: [String]) throws(AgentFailure) {
        guard SpawnSpec(argv: argv).resolvedProgram() != nil else {
            throw .channel(KernelError("find \(argv[0]) in PATH", errno: .noSuchFileOrDirectory))
        }
        if case .failure(let error) = try execute(argv) {
            throw .channel(KernelError("execve \(argv[0]) in agent \(pid)", errno: error))
        }
    }

    /// The agent's own execve(2) of `argv` (searched in PATH here; a name found nowhere is
    /// passed as written, so the agent's execve fails with its own ENOENT): success once the
    /// program runs, with the agent's pid, or the errno of the execve. Throws only when the
    /// agent could not be asked.
    public func execute(_ argv: [String]) throws(AgentFailure) -> Result<Void, Errno> {
        precondition(!argv.isEmpty, "exec needs a program")
        let program = SpawnSpec(argv: argv).resolvedProgram() ?? argv[0]
        let answer: Answer
        do {
            answer = try request(AS_AGENT_EXEC, ([program] + argv).map { Array($0.utf8) }, "exec \(argv[0])")
        } catch {
            // The socket closing at execve is the success.
            guard case .gone = error else { throw error }
            try? control?.close()
            control = nil
            return .success(())
        }
        // The agent answers an exec only when it failed.
        return .failure(answer.errno ?? .protocolError)
    }

    /// unshare(2) by the agent of `namespaces` (a new mount namespace is then made private):
    /// success, or the errno. The agent is single-threaded unless `startThread` made it otherwise
    /// (then the kernel refuses a new user namespace with EINVAL, as it would any program).
    public func unshare(_ namespaces: Namespaces) throws(AgentFailure) -> Result<Void, Errno> {
        let answer = try request(AS_AGENT_UNSHARE, [Array(String(namespaces.rawValue).utf8)], "unshare \(namespaces)")
        if let error = answer.errno, answer.reply.detail == Int32(AS_AGENT_AT_MOUNT) {
            throw .unexpectedState("agent \(pid) left its mount namespace but could not make the new one private: \(error.name)")
        }
        return answer.result
    }

    /// The agent joins the namespace of `kind` that process `target` is in: its own open(2) of
    /// /proc/TARGET/ns/KIND (by the runner's pid: the agent's /proc is the machine's), then
    /// setns(2). Success, or the errno of whichever failed.
    public func join(_ kind: Namespaces, of target: pid_t) throws(AgentFailure) -> Result<Void, Errno> {
        guard let name = kind.procName else { preconditionFailure("one namespace kind at a time, not \(kind)") }
        return try request(AS_AGENT_SETNS, [Array("/proc/\(target)/ns/\(name)".utf8), Array(String(kind.rawValue).utf8)],
                           "setns \(name) of \(target)").result
    }

    /// kill(2) from this process: success, or ESRCH, EPERM, EINVAL.
    public func signal(_ signal: Int32, to target: pid_t) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_SIGNAL, [Array(String(target).utf8), Array(String(signal).utf8)], "kill \(target)").result
    }

    /// Attaches to `target` as its tracer (PTRACE_SEIZE, then PTRACE_INTERRUPT) and returns once
    /// it is in a ptrace-stop: success, or the errno of the step that failed.
    public func ptraceAttach(_ target: pid_t) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_PTRACE_ATTACH, [Array(String(target).utf8)], "ptrace \(target)").result
    }

    /// PTRACE_DETACH: the tracee runs on as if never traced.
    public func ptraceDetach(_ target: pid_t) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_PTRACE_DETACH, [Array(String(target).utf8)], "detach from \(target)").result
    }

    /// audit_log_user_message(3) from this process (type 1005 is AUDIT_USER, as `auditctl -m`):
    /// success, or the errno libaudit left (it hides some refusals itself, as every program sees).
    public func sendUserMessage(_ text: String, type: Int32 = 1005) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_USER_MESSAGE, [Array(String(type).utf8), Array(text.utf8)], "user message").result
    }

    /// io_uring_setup(2), then IORING_OP_OPENAT of `path` and IORING_OP_CLOSE of what it opened,
    /// each submitted by its own io_uring_enter(2), all by this process: success, or the errno
    /// of the call or operation that failed (`as_uring_openat_close`).
    public func ioUringOpenClose(_ path: String) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_URING, [Array(path.utf8)], "io_uring openat \(path)").result
    }

    /// The i386 socketcall(2) `call` on a new socket of `family` and `type` with `address` (a
    /// struct sockaddr's bytes), by this process through int $0x80: success, or the errno of
    /// socket(2), the mapping below 4 GiB, or the socketcall.
    public func socketcall(_ call: Int32, family: Int32, type: Int32, address: [UInt8]) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_SOCKETCALL, [Array(String(call).utf8), Array(String(family).utf8), Array(String(type).utf8), address],
                    "socketcall \(call)").result
    }

    /// settimeofday(2) or clock_settime(2) of CLOCK_REALTIME by this process: success, or the errno.
    public func setTime(_ call: ClockCall, seconds: Int64, nanoseconds: Int64) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_SET_TIME, [String(call.rawValue), String(seconds), String(nanoseconds)].map { Array($0.utf8) },
                    "set the clock").result
    }

    /// adjtimex(2) or clock_adjtime(2) of CLOCK_REALTIME by this process with one mode: `value`
    /// for the field the mode reads, `seconds` and `microseconds` for ADJ_SETOFFSET. Success, or the errno.
    public func adjustTime(_ call: ClockCall, mode: ClockAdjustMode, value: Int64 = 0, seconds: Int64 = 0,
                           microseconds: Int64 = 0) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_ADJUST_TIME, [String(call.rawValue), String(mode.rawValue), String(value), String(seconds), String(microseconds)]
            .map { Array($0.utf8) }, "adjust the clock").result
    }

    /// finit_module(2) of the module file by this process, with its parameters: success, or the
    /// errno of the open(2) or finit_module(2).
    public func loadModule(_ path: String, parameters: String) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_MODULE_LOAD, [Array(path.utf8), Array(parameters.utf8)], "load module \(path)").result
    }

    /// delete_module(2) of the module by this process (O_NONBLOCK, as rmmod): success, or the errno.
    public func unloadModule(_ name: String) throws(AgentFailure) -> Result<Void, Errno> {
        try request(AS_AGENT_MODULE_UNLOAD, [Array(name.utf8)], "unload module \(name)").result
    }

    /// Waits until the interface `name` of the agent's network namespace is up and running
    /// (woken by the kernel's link notifications in the agent), at most `timeout` seconds.
    /// Returns its flags; throws when it does not run in time.
    @discardableResult
    public func waitForLink(_ name: String, timeout: Double) throws(AgentFailure) -> Int32 {
        let saved = requestTimeout
        requestTimeout = timeout + 1
        defer { requestTimeout = saved }
        let answer = try request(AS_AGENT_WAIT_LINK, [Array(name.utf8), Array(String(Int(timeout * 1000)).utf8)], "wait for \(name)")
        if let error = answer.errno { throw .channel(KernelError("wait for \(name) to be up and running", errno: error)) }
        return Int32(truncatingIfNeeded: answer.reply.value)
    }

    // MARK: life and end

    /// Still running (not ended, not a zombie).
    public var isRunning: Bool {
        if let process { return process.isRunning }
        var probe = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        return poll(&probe, 1, 0) == 0
    }

    /// Waits for the end until `deadline` (the pidfd becomes readable), and for an agent's
    /// child asks the parent to reap it. nil if it is still running then.
    @discardableResult
    public func wait(until deadline: Double) throws(AgentFailure) -> Termination? {
        if let process {
            do { return try process.wait(until: deadline) } catch { throw .interrupted(signal: error.signal) }
        }
        if let reaped { return reaped }
        do {
            if try Poller.wait(for: [pidfd], until: deadline).isEmpty { return nil }
        } catch { throw .interrupted(signal: error.signal) }
        // It has ended: only its parent can collect how.
        guard let parent, parent.control != nil else {
            throw .unexpectedState("agent \(pid) ended, but its parent agent is gone and cannot say how")
        }
        // The parent waits for the pid it knows, which in a pid namespace of its own is not `pid`.
        let answer = try parent.request(AS_AGENT_REAP, [Array(String(pidInParent).utf8)], "reap \(pid)")
        guard answer.errno == nil, answer.reply.value == Int64(pidInParent) else {
            throw .unexpectedState("agent \(pid) ended, but its parent agent could not reap it: "
                                   + (answer.errno?.name ?? "not yet a zombie"))
        }
        let status = answer.reply.detail
        reaped = (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
        return reaped
    }

    /// Ends the agent: SIGKILL through the pidfd, then reaped (by the runner, or by its parent
    /// agent when that one still answers). Safe to call more than once.
    public func stop() {
        if let process {
            process.stop()
            return
        }
        guard isRunning || reaped == nil else { return }
        _ = as_pidfd_send_signal(pidfd, SIGKILL)
        _ = try? wait(until: Poller.now() + requestTimeout)
    }

    // MARK: the channel

    struct Answer {
        var reply: as_agent_reply
        var data: [UInt8]
        /// Descriptors passed with the reply (nil where none): FORK's socket and pidfd.
        var passedFDs: [FileDescriptor?]

        /// The errno of the agent's system call: the answer to a request whose errno is the result.
        var result: Result<Void, Errno> { reply.error == 0 ? .success(()) : .failure(Errno(rawValue: reply.error)) }
        var errno: Errno? { result.errno }
    }

    func request(_ op: Int, _ arguments: [[UInt8]], _ words: String) throws(AgentFailure) -> Answer {
        guard let control else { throw .gone(pid: pid) }
        var message: [UInt8] = []
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { message += $0 } }
        append(UInt32(op))
        append(UInt32(arguments.count))
        for argument in arguments {
            append(UInt32(argument.count))
            message += argument
        }
        let sent = message.withUnsafeBufferPointer { as_agent_send(control.rawValue, $0.baseAddress, $0.count) }
        if sent == -ECONNRESET || sent == -ENOTCONN { throw .gone(pid: pid) }
        if sent < 0 { throw .channel(KernelError("send '\(words)' to agent \(pid)", errno: -sent)) }
        do {
            if try Poller.wait(for: [control.rawValue], until: Poller.now() + requestTimeout).isEmpty {
                throw AgentFailure.timedOut(pid: pid, request: words, after: requestTimeout)
            }
        } catch let interrupted as Interrupted {
            throw .interrupted(signal: interrupted.signal)
        } catch let failure as AgentFailure {
            throw failure
        } catch {
            throw .unexpectedState("\(error)")
        }
        var reply = as_agent_reply()
        var data = [UInt8](repeating: 0, count: 4096)
        var passed: (Int32, Int32) = (-1, -1)
        let received = data.withUnsafeMutableBufferPointer { buffer in
            withUnsafeMutablePointer(to: &passed) { pair in
                pair.withMemoryRebound(to: Int32.self, capacity: 2) { as_agent_receive(control.rawValue, &reply, buffer.baseAddress, buffer.count, $0) }
            }
        }
        if received == -ECONNRESET { throw .gone(pid: pid) }
        if received < 0 { throw .channel(KernelError("read the answer to '\(words)' from agent \(pid)", errno: -received)) }
        let passedFDs = [passed.0, passed.1].map { $0 >= 0 ? FileDescriptor(rawValue: $0) : nil }
        return Answer(reply: reply, data: Array(data.prefix(Int(reply.length))), passedFDs: passedFDs)
    }
}
