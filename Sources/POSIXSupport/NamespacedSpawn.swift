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
        let name = spec.argv[0]
        func failure(_ step: SpawnFailure.Step, _ error: Int32, signal: Int32? = nil) -> SpawnFailure {
            SpawnFailure(program: name, step: step, errno: Errno(rawValue: error), signal: signal)
        }
        guard let program = spec.resolvedProgram() else { throw failure(.findProgram, ENOENT) }

        // Output: opened here (the child may not allocate or format paths), passed by number.
        var toClose: [Int32] = []
        defer { toClose.forEach { close($0) } }
        var stdoutFD: Int32 = -1, stderrFD: Int32 = -1, readEnd: Int32 = -1
        func openOutput(_ path: String) throws(SpawnFailure) -> Int32 {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            if fd < 0 { throw failure(.openOutput, errno) }
            toClose.append(fd)
            return fd
        }
        switch spec.output {
        case .discard: break
        case .file(let path):
            stdoutFD = try openOutput(path)
            stderrFD = stdoutFD
        case .readinessPipe(let errors):
            var ends: [Int32] = [-1, -1]
            let made = as_pipe_cloexec(&ends)
            if made < 0 { throw failure(.openOutput, -made) }
            readEnd = ends[0]
            stdoutFD = ends[1]
            toClose.append(ends[1])
            if let errors { stderrFD = try openOutput(errors) }
        }
        var keepReadEnd = false
        defer { if !keepReadEnd, readEnd >= 0 { close(readEnd) } }

        // Namespaces to join, the user namespace last (see Namespaces.joinOrder).
        let joins = spec.join.sorted { a, b in
            (Namespaces.joinOrder.firstIndex(of: a.kind) ?? 0) < (Namespaces.joinOrder.firstIndex(of: b.kind) ?? 0)
        }
        let joinFDs = joins.map(\.fd)
        let joinTypes = joins.map { Int32(truncatingIfNeeded: $0.kind.rawValue) }
        let mapsUsers = spec.create.contains(.user) && !(spec.uidMap.isEmpty && spec.gidMap.isEmpty)

        let cTerminal = spec.controllingTerminal.map { strdup($0) }
        defer { if let cTerminal { free(cTerminal) } }
        let cArgs: [UnsafeMutablePointer<CChar>?] = spec.argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = (spec.environment ?? ProcessEnvironment.current()).map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }

        var child = as_spawn_child()
        let started: Int32 = program.withCString { path in
            (spec.workingDirectory ?? "").withCString { cwd in
                joinFDs.withUnsafeBufferPointer { joinBuffer in
                    joinTypes.withUnsafeBufferPointer { typeBuffer in
                        spec.passDescriptors.withUnsafeBufferPointer { passBuffer in
                            cArgs.withUnsafeBufferPointer { argBuffer in
                                cEnv.withUnsafeBufferPointer { envBuffer in
                                    var raw = as_spawn_spec()
                                    raw.path = path
                                    raw.argv = argBuffer.baseAddress
                                    raw.envp = envBuffer.baseAddress
                                    raw.clone_flags = spec.create.rawValue
                                    raw.join_fds = joinBuffer.baseAddress
                                    raw.join_types = typeBuffer.baseAddress
                                    raw.join_count = Int32(joinBuffer.count)
                                    raw.wait_for_go = mapsUsers || spec.onStart != nil ? 1 : 0
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
                                    raw.stdout_fd = stdoutFD
                                    raw.stderr_fd = stderrFD
                                    raw.pass_fds = passBuffer.baseAddress
                                    raw.pass_count = Int32(passBuffer.count)
                                    raw.cwd = spec.workingDirectory == nil ? nil : cwd
                                    raw.clone_mode = spec.cloneCall.rawValue
                                    raw.ctty = UnsafePointer(cTerminal ?? nil)
                                    return as_spawn_start(&raw, &child)
                                }
                            }
                        }
                    }
                }
            }
        }
        if started < 0 { throw failure(.clone, -started) }
        defer {
            close(child.status_fd)
            if child.go_fd >= 0 { close(child.go_fd) }
        }
        func abandon() {
            kill(child.pid, SIGKILL)
            var info = siginfo_t()
            _ = waitid(P_PID, id_t(child.pid), &info, WEXITED)
            close(child.pidfd)
        }

        // The child waits: for its pid to be recorded, and for a new user namespace's maps.
        if let onStart = spec.onStart {
            FaultPoint.childCloned.reach()
            onStart(child.pid)
        }
        if mapsUsers {
            var mapError: Errno?
            if !spec.uidMap.isEmpty {
                mapError = ProcFile.write(Array(spec.uidMap.map(\.line).joined().utf8), to: "/proc/\(child.pid)/uid_map").errno
            }
            if mapError == nil, !spec.gidMap.isEmpty {
                mapError = ProcFile.write(Array(spec.gidMap.map(\.line).joined().utf8), to: "/proc/\(child.pid)/gid_map").errno
            }
            if let mapError {
                abandon()
                throw failure(.userMapping, mapError.rawValue)
            }
        }
        if child.go_fd >= 0 {
            let go = as_spawn_go(child.go_fd)
            if go < 0 {
                abandon()
                throw failure(.waitForParent, -go)
            }
        }

        do {
            if try Poller.wait(for: [child.status_fd], until: Poller.now() + spec.startTimeout).isEmpty {
                abandon()
                throw failure(.startTimeout, ETIMEDOUT)
            }
        } catch let interrupted as Interrupted {
            abandon()
            throw failure(.interrupted, EINTR, signal: interrupted.signal)
        } catch let spawnFailure as SpawnFailure {
            throw spawnFailure
        } catch {
            abandon()
            throw failure(.report, EIO)
        }
        var stepNumber: Int32 = 0
        let report = as_spawn_read_status(child.status_fd, &stepNumber)
        if report < 0 {
            abandon()
            throw failure(SpawnFailure.Step(rawValue: stepNumber) ?? .report, -report)
        }
        keepReadEnd = true
        self.init(pid: child.pid, pidfd: child.pidfd, argv: spec.argv, outputFD: readEnd)
    }
}
