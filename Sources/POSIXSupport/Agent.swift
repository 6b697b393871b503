import CPOSIX
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A scenario's process that the runner can tell what to do: the Swift side of
/// auditspec-agent (see Sources/auditspec-agent/agent.c for why it exists).
///
/// Every request is answered with the errno of the one system call the agent made for it, so
/// "process X writes V to /proc/Y/audit_containerid" is `x.write(v, to: ...)`, returning nil
/// or that errno. An agent started by the runner is its child (`process`); one made by
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
    private var control: Int32
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
        defer { close(ends[1]) }
        var agentSpec = spec
        agentSpec.argv = [try Self.programPath()]
        agentSpec.passDescriptors = [ends[1]] + spec.passDescriptors
        let child: ChildProcess
        do { child = try ChildProcess(spec: agentSpec) } catch {
            close(ends[0])
            throw .spawn(error)
        }
        self.init(pid: child.pid, pidfd: child.pidfd, control: ends[0], process: child, parent: nil)
    }

    private init(pid: pid_t, pidfd: Int32, control: Int32, process: ChildProcess?, parent: Agent?, pidInParent: pid_t? = nil) {
        self.pid = pid
        self.pidInParent = pidInParent ?? pid
        self.pidfd = pidfd
        self.control = control
        self.process = process
        self.parent = parent
    }

    deinit {
        stop()
        if control >= 0 { close(control) }
        // A direct child's pidfd belongs to its ChildProcess.
        if process == nil { close(pidfd) }
    }

    // MARK: requests

    /// `process X writes V to path`: one open(2) and one write(2) by this process (pwrite(2)
    /// when `offset` is not 0). nil when the write succeeded, else the errno of the failing call.
    public func write(_ value: [UInt8], to path: String, offset: Int = 0) throws(AgentFailure) -> Int32? {
        let answer = try request(AS_AGENT_WRITE, [Array(path.utf8), Array(String(offset).utf8), value], "write \(path)")
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    public func write(_ value: String, to path: String, offset: Int = 0) throws(AgentFailure) -> Int32? {
        try write(Array(value.utf8), to: path, offset: offset)
    }

    /// `process X writes V to path, once its child C has ended`: this agent opens the file,
    /// kills its child (SIGKILL), waits until the child is a zombie (`reaping`: reaps it, so its
    /// pid is gone), then writes: the kernel judges a write whose target ended after the open.
    /// nil when the write succeeded, else the errno of the open(2) or write(2).
    public func write(_ value: [UInt8], to path: String, offset: Int = 0, ending child: Agent,
                      reaping: Bool) throws(AgentFailure) -> Int32? {
        guard child.parent === self else {
            throw .unexpectedState("agent \(child.pid) is not a child of agent \(pid): only its parent can end it between the open and the write")
        }
        let answer = try request(AS_AGENT_WRITE_ENDING, [Array(path.utf8), Array(String(offset).utf8), value,
                                                         Array(String(child.pidInParent).utf8), Array((reaping ? "1" : "0").utf8)],
                                 "write \(path) once \(child.pid) has ended")
        if answer.reply.error != 0, answer.reply.detail == AS_AGENT_AT_WAIT {
            throw .channel(KernelError("end child \(child.pid) of agent \(pid)", errno: answer.reply.error))
        }
        // Reaped by its parent: nothing is left for `stop` to collect.
        if reaping { child.reaped = .signaled(SIGKILL) }
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    /// Reads a file as this process: its bytes, or the errno (reading audit_containerid needs
    /// CAP_AUDIT_CONTROL, so who reads matters too).
    public func read(_ path: String) throws(AgentFailure) -> Result<[UInt8], KernelError> {
        let answer = try request(AS_AGENT_READ, [Array(path.utf8)], "read \(path)")
        if answer.reply.error != 0 { return .failure(KernelError("read \(path) as process \(pid)", errno: answer.reply.error)) }
        return .success(answer.data)
    }

    /// A child of this agent (fork(2)), itself an agent: a target with a child of its own, or
    /// a grandchild of an identified process. Returns once the fork is done.
    public func fork() throws(AgentFailure) -> Agent {
        let answer = try request(AS_AGENT_FORK, [], "fork")
        let (socket, childFD) = (answer.passedFDs[0], answer.passedFDs[1])
        func closeBoth() {
            if socket >= 0 { close(socket) }
            if childFD >= 0 { close(childFD) }
        }
        if answer.reply.error != 0 {
            closeBoth()
            throw .channel(KernelError("fork in agent \(pid)", errno: answer.reply.error))
        }
        guard socket >= 0, childFD >= 0 else {
            closeBoth()
            throw .unexpectedState("agent \(pid) forked \(answer.reply.value) but did not send its socket and pidfd")
        }
        // The pid the agent saw is of its own pid namespace; the pidfd's says which process it
        // is in the runner's.
        guard let childPid = Self.pid(ofPidfd: childFD) else {
            closeBoth()
            throw .unexpectedState("agent \(pid) forked \(answer.reply.value), whose pid the runner cannot see")
        }
        return Agent(pid: childPid, pidfd: childFD, control: socket, process: nil, parent: self,
                     pidInParent: pid_t(truncatingIfNeeded: answer.reply.value))
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
        if answer.reply.error != 0 { throw .channel(KernelError("start a thread in agent \(pid)", errno: answer.reply.error)) }
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
            throw .channel(KernelError("find \(argv[0]) in PATH", errno: ENOENT))
        }
        if let error = try execute(argv) {
            throw .channel(KernelError("execve \(argv[0]) in agent \(pid)", errno: error))
        }
    }

    /// The agent's own execve(2) of `argv` (searched in PATH here; a name found nowhere is
    /// passed as written, so the agent's execve fails with its own ENOENT): nil once the
    /// program runs, with the agent's pid, or the errno of the execve. Throws only when the
    /// agent could not be asked.
    public func execute(_ argv: [String]) throws(AgentFailure) -> Int32? {
        precondition(!argv.isEmpty, "exec needs a program")
        let program = SpawnSpec(argv: argv).resolvedProgram() ?? argv[0]
        let answer: Answer
        do {
            answer = try request(AS_AGENT_EXEC, ([program] + argv).map { Array($0.utf8) }, "exec \(argv[0])")
        } catch {
            // The socket closing at execve is the success.
            guard case .gone = error else { throw error }
            close(control)
            control = -1
            return nil
        }
        return answer.reply.error == 0 ? EPROTO : answer.reply.error
    }

    /// unshare(2) by the agent of `namespaces` (a new mount namespace is then made private):
    /// nil, or the errno. The agent is single-threaded unless `startThread` made it otherwise
    /// (then the kernel refuses a new user namespace with EINVAL, as it would any program).
    public func unshare(_ namespaces: Namespaces) throws(AgentFailure) -> Int32? {
        let answer = try request(AS_AGENT_UNSHARE, [Array(String(namespaces.rawValue).utf8)], "unshare \(namespaces)")
        if answer.reply.error != 0, answer.reply.detail == Int32(AS_AGENT_AT_MOUNT) {
            throw .unexpectedState("agent \(pid) left its mount namespace but could not make the new one private: "
                                   + KernelError("", errno: answer.reply.error).errnoName)
        }
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    /// The agent joins the namespace of `kind` that process `target` is in: its own open(2) of
    /// /proc/TARGET/ns/KIND (by the runner's pid: the agent's /proc is the machine's), then
    /// setns(2). nil, or the errno of whichever failed.
    public func join(_ kind: Namespaces, of target: pid_t) throws(AgentFailure) -> Int32? {
        guard let name = kind.procName else { preconditionFailure("one namespace kind at a time, not \(kind)") }
        let answer = try request(AS_AGENT_SETNS, [Array("/proc/\(target)/ns/\(name)".utf8), Array(String(kind.rawValue).utf8)],
                                 "setns \(name) of \(target)")
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    /// kill(2) from this process: nil, or ESRCH, EPERM, EINVAL.
    public func signal(_ signal: Int32, to target: pid_t) throws(AgentFailure) -> Int32? {
        let answer = try request(AS_AGENT_SIGNAL, [Array(String(target).utf8), Array(String(signal).utf8)], "kill \(target)")
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    /// Attaches to `target` as its tracer (PTRACE_SEIZE, then PTRACE_INTERRUPT) and returns once
    /// it is in a ptrace-stop: nil, or the errno of the step that failed.
    public func ptraceAttach(_ target: pid_t) throws(AgentFailure) -> Int32? {
        let answer = try request(AS_AGENT_PTRACE_ATTACH, [Array(String(target).utf8)], "ptrace \(target)")
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    /// PTRACE_DETACH: the tracee runs on as if never traced.
    public func ptraceDetach(_ target: pid_t) throws(AgentFailure) -> Int32? {
        let answer = try request(AS_AGENT_PTRACE_DETACH, [Array(String(target).utf8)], "detach from \(target)")
        return answer.reply.error == 0 ? nil : answer.reply.error
    }

    /// audit_log_user_message(3) from this process (type 1005 is AUDIT_USER, as `auditctl -m`).
    /// nil, or the errno libaudit left (it hides some refusals itself, as every program sees).
    public func sendUserMessage(_ text: String, type: Int32 = 1005) throws(AgentFailure) -> Int32? {
        let answer = try request(AS_AGENT_USER_MESSAGE, [Array(String(type).utf8), Array(text.utf8)], "user message")
        return answer.reply.error == 0 ? nil : answer.reply.error
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
        if answer.reply.error != 0 { throw .channel(KernelError("wait for \(name) to be up and running", errno: answer.reply.error)) }
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
        guard let parent, parent.control >= 0 else {
            throw .unexpectedState("agent \(pid) ended, but its parent agent is gone and cannot say how")
        }
        // The parent waits for the pid it knows, which in a pid namespace of its own is not `pid`.
        let answer = try parent.request(AS_AGENT_REAP, [Array(String(pidInParent).utf8)], "reap \(pid)")
        guard answer.reply.error == 0, answer.reply.value == Int64(pidInParent) else {
            throw .unexpectedState("agent \(pid) ended, but its parent agent could not reap it: "
                                   + (answer.reply.error == 0 ? "not yet a zombie" : KernelError("", errno: answer.reply.error).errnoName))
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
        /// Descriptors passed with the reply (-1 where none): FORK's socket and pidfd.
        var passedFDs: [Int32]
    }

    func request(_ op: Int, _ arguments: [[UInt8]], _ words: String) throws(AgentFailure) -> Answer {
        guard control >= 0 else { throw .gone(pid: pid) }
        var message: [UInt8] = []
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { message += $0 } }
        append(UInt32(op))
        append(UInt32(arguments.count))
        for argument in arguments {
            append(UInt32(argument.count))
            message += argument
        }
        let sent = message.withUnsafeBufferPointer { as_agent_send(control, $0.baseAddress, $0.count) }
        if sent == -ECONNRESET || sent == -ENOTCONN { throw .gone(pid: pid) }
        if sent < 0 { throw .channel(KernelError("send '\(words)' to agent \(pid)", errno: -sent)) }
        do {
            if try Poller.wait(for: [control], until: Poller.now() + requestTimeout).isEmpty {
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
                pair.withMemoryRebound(to: Int32.self, capacity: 2) { as_agent_receive(control, &reply, buffer.baseAddress, buffer.count, $0) }
            }
        }
        if received == -ECONNRESET { throw .gone(pid: pid) }
        if received < 0 { throw .channel(KernelError("read the answer to '\(words)' from agent \(pid)", errno: -received)) }
        return Answer(reply: reply, data: Array(data.prefix(Int(reply.length))), passedFDs: [passed.0, passed.1])
    }
}
