import CPOSIX
import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    /// Starts `spec.argv` through the clone3 helper: its namespaces created or joined, its
    /// user and capabilities changed, before execve. Returns once the program runs (the
    /// helper's report pipe closed at execve), or throws the step that failed with its errno.
    ///
    /// The wait for that report goes through the Poller, so it has a deadline and SIGINT or
    /// SIGTERM end it; a child that did not make it is killed and reaped before the throw.
    public convenience init(spec: SpawnSpec) throws(SpawnFailure) {
        guard let program = spec.resolvedProgram() else { throw SpawnFailure(spec, .findProgram, ENOENT) }
        let outputs: SpawnOutputs
        do throws(Errno) {
            outputs = try SpawnOutputs(spec.output)
        } catch {
            throw SpawnFailure(spec, .openOutput, error.rawValue)
        }
        let child = try outputs.handOver { () throws(SpawnFailure) -> as_spawn_child in
            let child = try Self.clone(spec, program: program, outputs: outputs)
            try Self.release(child, spec: spec)
            return child
        }
        self.init(pid: child.pid, pidfd: child.pidfd, argv: spec.argv, outputFD: outputs.readEnd?.rawValue ?? -1)
    }

    /// Clones the child through the C helper, `spec` in C form. Every string and array the
    /// child reads is made here, before the clone, since the child may not allocate; the
    /// pointers are valid only inside the closures, so the helper is called from the innermost.
    private static func clone(_ spec: SpawnSpec, program: String, outputs: SpawnOutputs) throws(SpawnFailure) -> as_spawn_child {
        // Namespaces to join, the user namespace last (see Namespaces.joinOrder).
        let joins = spec.join.sorted { a, b in
            (Namespaces.joinOrder.firstIndex(of: a.kind) ?? 0) < (Namespaces.joinOrder.firstIndex(of: b.kind) ?? 0)
        }
        let joinFDs = joins.map(\.fd)
        let joinTypes = joins.map { Int32(truncatingIfNeeded: $0.kind.rawValue) }
        let cTerminal = spec.controllingTerminal.map { strdup($0) }
        defer { if let cTerminal { free(cTerminal) } }
        let cArgs: [UnsafeMutablePointer<CChar>?] = spec.argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = (spec.environment ?? ProcessEnvironment.current()).map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }

        var raw = valueFields(of: spec, outputs: outputs)
        var child = as_spawn_child()
        let started: Int32 = program.withCString { path in
            (spec.workingDirectory ?? "").withCString { cwd in
                joinFDs.withUnsafeBufferPointer { joinBuffer in
                    joinTypes.withUnsafeBufferPointer { typeBuffer in
                        spec.passDescriptors.withUnsafeBufferPointer { passBuffer in
                            cArgs.withUnsafeBufferPointer { argBuffer in
                                cEnv.withUnsafeBufferPointer { envBuffer in
                                    raw.path = path
                                    raw.argv = argBuffer.baseAddress
                                    raw.envp = envBuffer.baseAddress
                                    raw.join_fds = joinBuffer.baseAddress
                                    raw.join_types = typeBuffer.baseAddress
                                    raw.join_count = Int32(joinBuffer.count)
                                    raw.pass_fds = passBuffer.baseAddress
                                    raw.pass_count = Int32(passBuffer.count)
                                    raw.cwd = spec.workingDirectory == nil ? nil : cwd
                                    raw.ctty = UnsafePointer(cTerminal ?? nil)
                                    return as_spawn_start(&raw, &child)
                                }
                            }
                        }
                    }
                }
            }
        }
        if started < 0 { throw SpawnFailure(spec, .clone, -started) }
        return child
    }

    /// The fields of the C spec that hold no pointer.
    private static func valueFields(of spec: SpawnSpec, outputs: SpawnOutputs) -> as_spawn_spec {
        var raw = as_spawn_spec()
        raw.clone_flags = spec.create.rawValue
        raw.wait_for_go = spec.waitsForGo ? 1 : 0
        raw.parent_pid = getpid()
        raw.loopback_up = spec.loopbackUp ? 1 : 0
        raw.new_process_group = spec.newProcessGroup ? 1 : 0
        if let user = spec.user {
            raw.set_ids = 1
            raw.uid = user.uid
            raw.gid = user.gid
        }
        raw.drop_caps = Capability.mask(spec.dropCapabilities)
        raw.stdin_fd = -1
        raw.stdout_fd = outputs.standardOutput?.rawValue ?? -1
        raw.stderr_fd = outputs.standardError?.rawValue ?? -1
        raw.clone_mode = spec.cloneCall.rawValue
        return raw
    }

    /// The parent's side once the child is cloned: the pid handed to `onStart`, a new user
    /// namespace's maps written, the go given (the child waits for all that), then the wait for
    /// the child's report. A child that did not make it is killed and reaped, its pidfd
    /// closed, before the throw; the pipes to it are closed on every path.
    private static func release(_ child: as_spawn_child, spec: SpawnSpec) throws(SpawnFailure) {
        let status = FileDescriptor(rawValue: child.status_fd)
        let go = child.go_fd >= 0 ? FileDescriptor(rawValue: child.go_fd) : nil
        defer {
            try? status.close()
            try? go?.close()
        }
        do throws(SpawnFailure) {
            if let onStart = spec.onStart {
                FaultPoint.childCloned.reach()
                onStart(child.pid)
            }
            if spec.mapsUsers { try writeMaps(spec, pid: child.pid) }
            if let go {
                let given = as_spawn_go(go.rawValue)
                if given < 0 { throw SpawnFailure(spec, .waitForParent, -given) }
            }
            try waitForReport(on: status, spec: spec)
        } catch {
            abandon(child)
            throw error
        }
    }

    /// Writes the uid map, then the gid map, of the child's new user namespace.
    private static func writeMaps(_ spec: SpawnSpec, pid: pid_t) throws(SpawnFailure) {
        for (map, file) in [(spec.uidMap, "uid_map"), (spec.gidMap, "gid_map")] where !map.isEmpty {
            let lines = Array(map.map(\.line).joined().utf8)
            if let error = ProcFile.write(lines, to: "/proc/\(pid)/\(file)").errno {
                throw SpawnFailure(spec, .userMapping, error.rawValue)
            }
        }
    }

    /// Waits, until the start timeout, for the report pipe: its end of file says the program
    /// runs, a report names the step that failed.
    private static func waitForReport(on status: FileDescriptor, spec: SpawnSpec) throws(SpawnFailure) {
        let ready: Set<Int32>
        do throws(Interrupted) {
            ready = try Poller.wait(for: [status.rawValue], until: Poller.now() + spec.startTimeout)
        } catch {
            throw SpawnFailure(spec, .interrupted, EINTR, signal: error.signal)
        }
        if ready.isEmpty { throw SpawnFailure(spec, .startTimeout, ETIMEDOUT) }
        var stepNumber: Int32 = 0
        let report = as_spawn_read_status(status.rawValue, &stepNumber)
        if report < 0 { throw SpawnFailure(spec, SpawnFailure.Step(rawValue: stepNumber) ?? .report, -report) }
    }

    private static func abandon(_ child: as_spawn_child) {
        kill(child.pid, SIGKILL)
        var info = siginfo_t()
        _ = waitid(P_PID, id_t(child.pid), &info, WEXITED)
        close(child.pidfd)
    }
}

extension SpawnSpec {
    /// The parent writes the maps of a new user namespace before the child goes on.
    fileprivate var mapsUsers: Bool { create.contains(.user) && !(uidMap.isEmpty && gidMap.isEmpty) }

    /// The child waits for the parent's go: for its maps, or for `onStart` to record its pid.
    fileprivate var waitsForGo: Bool { mapsUsers || onStart != nil }
}

extension SpawnFailure {
    fileprivate init(_ spec: SpawnSpec, _ step: Step, _ error: Int32, signal: Int32? = nil) {
        self.init(program: spec.argv[0], step: step, errno: Errno(rawValue: error), signal: signal)
    }
}
