import Attribution
import AuditKernel
import AuditRecords
import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage

/// Runs one scenario on the live kernel: its actions, then the wait for its records.
///
/// Everything it creates (processes, agents, network namespaces, rules, files) goes on one
/// `CleanupStack` and is undone when it ends, whatever the verdict, in reverse order. An
/// `Interrupted` error passes through after that cleanup, so the session can restore the
/// machine-wide state and exit. The runner never enters a namespace itself: children are
/// placed in one through the clone3 helper (`NetworkNamespace`), since the Swift runtime's
/// threads make setns in the runner's own process unsafe.
///
/// It lives on one thread from start to end (see `LiveRunner`), with its own sockets; only
/// what `RunContext` holds is shared with the scenarios running beside it. The records it
/// reads are the whole machine's: `EventAttribution` keeps those of its own processes, key
/// and mark, and only those reach its matcher and its result.
final class ScenarioExecution {
    let scenario: Scenario
    let context: RunContext
    let channel: ScenarioChannel
    let options: RunOptions
    private(set) var variables: [String: String] = [:]
    private var spawned: [String: ChildProcess] = [:]
    private(set) var agents: [String: Agent] = [:]
    /// Agents that exec'd a program: `wait` waits for that program's end.
    var programs: Set<String> = []
    private var namespaces: [String: NetworkNamespace] = [:]
    private let cleanup: CleanupStack
    private var outputCounter = 0
    private var records: [AuditRecord] = []
    private var unreadable: [UnreadableRecord] = []
    private var attribution: EventAttribution

    init(scenario: Scenario, context: RunContext, channel: ScenarioChannel, tags: ScenarioTags, isolation: ScenarioIsolation) {
        self.scenario = scenario
        self.context = context
        self.channel = channel
        self.options = context.options
        // A row of a parameter table: its values are variables from the first step on.
        variables = scenario.arguments
        variables[BuiltinVariable.key.rawValue] = tags.key
        variables[BuiltinVariable.mark.rawValue] = tags.markText
        attribution = EventAttribution(.init(tags: tags, scenarioCount: context.scenarioCount,
                                             runsAlone: isolation.runsAlone, rulesAreConfined: isolation.rulesAreConfined))
        cleanup = CleanupStack(keeper: context.keeper)
        cleanup.reaper = context.background.reaping
    }

    func run() throws(Interrupted) -> ScenarioResult {
        let started = Poller.now()
        func result(_ verdict: Verdict, notes: [String] = []) -> ScenarioResult {
            var result = ScenarioResult(of: scenario, verdict: verdict, duration: Poller.now() - started,
                                        records: records, unreadable: unreadable, notes: notes)
            result.bindings = RunBindings(variables: variables, runnerPID: Int(getpid()))
            return result
        }
        if let reason = Self.skipReason(scenario, features: context.features, options: options) { return result(.skipped(reason: reason)) }
        defer { cleanUp() }
        let lostBefore = context.lostCounterIsTheRuns ? (try? channel.socket.status())?.lost : nil
        do {
            try prepareDirectory()
            // What the runner does in the background after a scenario (its rules deleted, its
            // folder removed, a spare namespace made) is done before this one acts, so none of
            // those system calls happens while its rules are in force.
            context.background.waitUntilDone()
            for step in scenario.steps {
                refreshNamespaceVariables()
                try perform(step)
            }
            refreshNamespaceVariables()
        } catch let failure as StepFailure {
            return result(.error(phase: failure.phase, message: failure.message))
        } catch let interrupted as Interrupted {
            throw interrupted
        } catch {
            return result(.error(phase: "setup", message: "\(error)"))
        }
        let outcomes = try collect()
        let lostAfter = (try? channel.socket.status())?.lost
        var notes: [String] = []
        if channel.reader.overflowed { notes.append("the multicast socket overflowed: records were dropped before auditspec read them") }
        if let before = lostBefore, let after = lostAfter, after > before {
            notes.append("the kernel's lost counter rose by \(after - before) during this scenario")
        }
        let missing = MissingEvent.list(scenario.expectations, outcomes, variables: variables)
        return result(Self.verdict(missing: missing, losses: notes), notes: notes)
    }

    /// `$NAME.netns` for every process of the scenario (and each namespace's holder): the
    /// inode number of its network namespace, read again before each step, since `unshare` and
    /// `setns` move processes; a process that has ended keeps its last value.
    private func refreshNamespaceVariables() {
        let pids = spawned.mapValues(\.pid).merging(agents.mapValues(\.pid)) { a, _ in a }
            .merging(namespaces.mapValues(\.holder.pid)) { a, _ in a }
        for (name, pid) in pids {
            var status = stat()
            if stat("/proc/\(pid)/ns/net", &status) == 0 { variables[name + ".netns"] = String(status.st_ino) }
        }
    }

    /// The verdict of a scenario's records. Records lost on the way make it inconclusive,
    /// whatever matched: a miss proves nothing about the kernel under test, and neither does a
    /// pass, since a lost record may be the very event `expect no event` forbids, or the one
    /// that breaks an exact count.
    static func verdict(missing: [MissingEvent], losses: [String]) -> Verdict {
        if !losses.isEmpty { return .error(phase: "records", message: "inconclusive: " + losses.joined(separator: "; ")) }
        return missing.isEmpty ? .passed : .failed(missing)
    }

    /// Why the scenario cannot run on this kernel (a feature it requires is missing), if it cannot.
    /// Without `waiting`, a feature whose probe still runs in the background counts as present
    /// (nil: not known to be skipped), rather than waiting for the probe.
    static func skipReason(_ scenario: Scenario, features: KernelFeatures, options: RunOptions, waiting: Bool = true) -> String? {
        if let undecided = scenario.undecidedRevisions { return undecided }
        for requirement in scenario.requirements {
            let finding: KernelFeatures.Finding
            switch requirement.feature {
            case .audit: finding = features.audit
            case .multicast: finding = features.multicast
            case .contid: finding = features.containerID
            case .nsinfo: finding = features.nsinfo
            case .netfilterAudit:
                guard let found = waiting ? features.netfilterAudit : features.netfilterAuditIfSettled else { continue }
                finding = found
            case .nftAudit:
                guard let found = waiting ? features.nftAudit : features.nftAuditIfSettled else { continue }
                finding = found
            case .capcontid: finding = features.capContainerID
            case .vm:
                if options.insideVirtualMachine { continue }
                return "runs only inside a VM (it can lock or crash the kernel); refused on the live kernel"
            }
            if !finding.available { return finding.detail }
        }
        return nil
    }

    // MARK: actions

    /// Where $tmp folders are made: $TMPDIR when it names a folder (the guest of `auditspec vm`
    /// sets a tmpfs of its own), else /tmp.
    static let temporaryFolder: String = {
        if let folder = ProcessInfo.processInfo.environment["TMPDIR"], folder.hasPrefix("/") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue {
                return folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
            }
        }
        return "/tmp"
    }()

    /// Makes $tmp: a folder of the scenario's own (mode 0700), and nothing else in it: the
    /// runner's bookkeeping (the output of processes) goes to the session's folder, so it never
    /// lands in a watched directory, and one folder per scenario is all there is to remove.
    private func prepareDirectory() throws {
        var template = Array((Self.temporaryFolder + "/auditspec.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StepFailure(phase: "setup", message: "cannot make a private directory: \(String(cString: strerror(errno)))") }
        let tmp = String(cString: made)
        // Recorded in the snapshot, so that `restore` removes it if this run is killed.
        context.keeper.track(directory: tmp)
        // First on the stack, so it goes last: after every process that could still write there.
        // Removed in the background (untracked once gone).
        cleanup.push("remove \(tmp)") { [keeper = context.keeper, removal = context.background.folderRemoval] in
            removal.enqueue("remove \(tmp)") {
                try FileManager.default.removeItem(atPath: tmp)
                keeper.untrack(directory: tmp)
            }
        }
        variables[BuiltinVariable.tmp.rawValue] = tmp
    }

    private func perform(_ step: Step) throws {
        let phase = "\(step.location)"
        switch step.action {
        case .rule(let spec):
            let rule: AuditRule
            do { rule = try RuleResolver.resolve(spec, variables: variables, profiles: options.profiles) } catch {
                throw StepFailure(phase: phase, message: "\(error)")
            }
            if spec.deletes {
                do { try cleanup.delete(rule, through: channel.socket) } catch { throw StepFailure(phase: phase, message: "\(error)") }
                return
            }
            // A rule the kernel takes against the scenario's word is on the cleanup stack all the same.
            var refused: Int32?
            do { try cleanup.add(rule, through: channel.socket, deleter: context.background.ruleDeleter) } catch {
                if spec.outcome == .success { throw StepFailure(phase: phase, message: "the kernel refused the rule: \(error)") }
                refused = error.errno
            }
            try check(refused, against: spec.outcome, what: "adding the rule", phase: phase)

        case .netns(let name):
            // The holder made the namespace and brought lo up before it answered anything, so
            // once it exists nothing can act in the host's namespace by mistake.
            let namespace: NetworkNamespace
            // One made between scenarios if there is one (see SpareNetworkNamespace), else a new one.
            do { namespace = try context.background.spareNamespace.take() ?? NetworkNamespace(loopbackUp: true, spec: agentSpec()) } catch {
                throw StepFailure(phase: phase, message: "the network namespace '\(name)' did not come up: \(error)")
            }
            namespace.commandTimeout = options.actionTimeout
            cleanup.adopt(namespace)
            attribution.adopt(namespace.holder.pid)
            namespaces[name] = namespace
            variables[name] = String(namespace.holder.pid)

        case .spawn(let name, let netns, let argv, let uid, let drop, let create):
            let process = try start(argv, in: netns, setUp: { ProcessSetUp.apply(&$0, uid: uid, drop: drop, create: create) }, phase: phase)
            spawned[name] = process
            variables[name] = String(process.pid)

        case .run(let netns, let argv, let outcome, let uid, let drop, let create):
            let process = try start(argv, in: netns, setUp: { ProcessSetUp.apply(&$0, uid: uid, drop: drop, create: create) },
                                    phase: phase, adopt: false)
            defer { process.stop(); context.keeper.untrack(process) }
            let end = try process.wait(until: Poller.now() + options.actionTimeout)
            try check(end, against: outcome, process: process, phase: phase)

        case .agent(let name, let netns, let uid, let drop, let create, let terminal):
            var spec = agentSpec()
            ProcessSetUp.apply(&spec, uid: uid, drop: drop, create: create)
            if terminal {
                // Held (never read) until the scenario ends; the agent's session hangs up then.
                let tty: PseudoTerminal
                do { tty = try PseudoTerminal() } catch {
                    throw StepFailure(phase: phase, message: "cannot give agent '\(name)' a terminal: \(error)")
                }
                spec.controllingTerminal = tty.slavePath
                cleanup.push("close the terminal \(tty.slavePath)") { _ = tty }
            }
            let agent: Agent
            do {
                if let netns { agent = try namespace(netns, phase: phase).agent(spec) } else { agent = try Agent(spec: spec) }
            } catch {
                throw StepFailure(phase: phase, message: "cannot start agent '\(name)': \(error)")
            }
            if case .file(let path) = spec.output { outputs[agent.pid] = path }
            bind(agent, as: name)

        case .fork(let child, let parent):
            let forked: Agent
            do { forked = try agent(parent, phase: phase).fork() } catch {
                throw StepFailure(phase: phase, message: "agent '\(parent)' could not fork: \(error)")
            }
            if let parentAgent = agents[parent] { outputs[forked.pid] = outputs[parentAgent.pid] }
            bind(forked, as: child)

        case .thread(let name):
            // Done once /proc/PID/status says Threads: 2 (Agent.startThread checks it): the
            // patches refuse a threaded target only once its second thread really exists.
            do { variables[name + ".tid"] = String(try agent(name, phase: phase).startThread()) } catch {
                throw StepFailure(phase: phase, message: "agent '\(name)' could not start a thread: \(error)")
            }

        case .signal(let number, let target, let sender, let outcome):
            let pid = try processID(target, phase: phase)
            let error: Int32?
            if let sender {
                do { error = try agent(sender, phase: phase).signal(number, to: pid) } catch {
                    throw StepFailure(phase: phase, message: "agent '\(sender)' could not send the signal: \(error)")
                }
            } else {
                // kill(2) itself, not pidfd_send_signal: rules name the kill syscall. The pid
                // cannot be reused meanwhile: every named process is a child not yet reaped.
                error = Glibc.kill(pid, number) == 0 ? nil : errno
            }
            try check(error, against: outcome, what: "signal \(number) to \(target)", phase: phase)

        case .ptrace(let target, let tracer, let outcome):
            let pid = try processID(target, phase: phase)
            let tracerAgent = try agent(tracer, phase: phase)
            let error: Int32?
            do { error = try tracerAgent.ptraceAttach(pid) } catch {
                throw StepFailure(phase: phase, message: "agent '\(tracer)' could not be asked to trace: \(error)")
            }
            if error == nil {
                // Let go at once: the attach is what logs OBJ_PID, and a tracee left in its
                // ptrace-stop could answer no later request of the scenario.
                do {
                    if let detachError = try tracerAgent.ptraceDetach(pid) {
                        throw StepFailure(phase: phase, message: "agent '\(tracer)' could not detach from \(target): \(ErrnoNames.name(of: detachError))")
                    }
                } catch let failure as StepFailure {
                    throw failure
                } catch {
                    throw StepFailure(phase: phase, message: "agent '\(tracer)' could not be asked to detach: \(error)")
                }
            }
            try check(error, against: outcome, what: "ptrace of \(target) by \(tracer)", phase: phase)

        case .userMessage(let text, let sender, let outcome):
            let message = text.render(variables)
            let error: Int32?
            if let sender {
                do { error = try agent(sender, phase: phase).sendUserMessage(message) } catch {
                    throw StepFailure(phase: phase, message: "agent '\(sender)' could not send the message: \(error)")
                }
            } else {
                do {
                    try channel.socket.sendUserMessage(message)
                    error = nil
                } catch let refused {
                    error = refused.errno
                }
            }
            try check(error, against: outcome, what: "user message" + (sender.map { " from \($0)" } ?? ""), phase: phase)

        case .write(let path, let value, let writer, let offset, let outcome):
            let file = path.render(variables)
            if ScenarioPaths.isUnderTmp(path),
               let refusal = PathConfinement.refusal(of: file, followsLink: true, within: variables[BuiltinVariable.tmp.rawValue] ?? "") {
                throw StepFailure(phase: phase, message: "refused: \(refusal) (file statements stay under $tmp)")
            }
            let by: ProcWriter = try writer.map { .process(try agent($0, phase: phase)) } ?? .runner
            let error: Int32?
            do { error = try by.write(Array(value.render(variables).utf8), to: file, offset: offset) } catch {
                throw StepFailure(phase: phase, message: "agent '\(writer ?? "")' could not be asked to write: \(error)")
            }
            try check(error, against: outcome, what: "write to \(file)" + (writer.map { " by \($0)" } ?? ""), phase: phase)

        case .writeEnding(let path, let value, let writer, let offset, let child, let reaps, let outcome):
            let file = path.render(variables)
            if ScenarioPaths.isUnderTmp(path),
               let refusal = PathConfinement.refusal(of: file, followsLink: true, within: variables[BuiltinVariable.tmp.rawValue] ?? "") {
                throw StepFailure(phase: phase, message: "refused: \(refusal) (file statements stay under $tmp)")
            }
            let target = try agent(child, phase: phase)
            let error: Int32?
            do { error = try agent(writer, phase: phase).write(Array(value.render(variables).utf8), to: file, offset: offset,
                                                                ending: target, reaping: reaps) } catch {
                throw StepFailure(phase: phase, message: "agent '\(writer)' could not write to \(file) with '\(child)' ended: \(error)")
            }
            try check(error, against: outcome, what: "write to \(file) by \(writer), '\(child)' \(reaps ? "reaped" : "a zombie")", phase: phase)

        case .setting(let name, let value):
            let setting: AuditSetting
            switch name {
            case .enabled: setting = .enabled(value == 0 ? .off : .on)
            case .failure: setting = .failure(value == 0 ? .silent : .printk)
            case .backlogLimit: setting = .backlogLimit(value)
            case .backlogWaitTime: setting = .backlogWaitTime(value)
            case .rateLimit: setting = .rateLimit(value)
            case .lost: setting = .resetLost
            case .backlogWaitTimeActual: setting = .resetBacklogWaitTimeActual
            }
            // The old value goes back on unwind (the lost counter only restarts).
            do { try cleanup.change(setting, through: channel.socket) } catch {
                throw StepFailure(phase: phase, message: "the kernel refused '\(setting)': \(error)")
            }

        case .file(let operation, let actor, let outcome):
            try performFile(operation, by: actor, outcome: outcome, phase: phase)

        case .unshare(let name, let kinds, let outcome):
            try performUnshare(name, kinds: kinds, outcome: outcome, phase: phase)

        case .setns(let name, let kind, let other, let outcome):
            try performSetns(name, kind: kind, of: other, outcome: outcome, phase: phase)

        case .veth(let pair):
            let left = try namespace(pair.left, phase: phase), right = try namespace(pair.right, phase: phase)
            // Made inside `left` with its peer created straight in `right`: no end is ever in
            // the machine's namespace, and both go with the namespaces.
            do {
                try left.connect(to: right, name: pair.device, addresses: pair.leftAddresses,
                                 peerName: pair.device, peerAddresses: pair.rightAddresses)
            } catch {
                throw StepFailure(phase: phase, message: "the veth pair \(pair.left)-\(pair.right) did not come up: \(error)")
            }

        case .exec(let name, let argv, let outcome):
            try performExec(name, argv: argv, outcome: outcome, phase: phase)

        case .integrityPolicy(let rule, let writer, let outcome):
            try performIntegrityPolicy(rule, writer: writer, outcome: outcome, phase: phase)

        case .read(let read):
            let text = try performRead(read, phase: phase)
            // The value as a template takes it: a /proc value's newline is not part of it, and
            // bytes that are not UTF-8 are escaped rather than lost.
            if let name = read.name {
                var value = Substring(text)
                while value.last == "\n" || value.last == "\r" { value.removeLast() }
                variables[name] = String(value)
            }

        case .wait(let name, let outcome):
            if programs.contains(name) {
                try waitForProgram(name, outcome: outcome, phase: phase)
                return
            }
            guard let process = spawned[name] else {
                throw StepFailure(phase: phase, message: "no process named '\(name)' was spawned")
            }
            let end = try process.wait(until: Poller.now() + options.actionTimeout)
            try check(end, against: outcome, process: process, phase: phase)
        }
    }

    /// What an agent of this scenario is started with: its errors go to the scenario's output folder.
    private func agentSpec() -> SpawnSpec {
        var spec = SpawnSpec(argv: ["auditspec-agent"], output: .file(nextOutputPath()))
        spec.startTimeout = options.actionTimeout
        return spec
    }

    private func bind(_ agent: Agent, as name: String) {
        agent.requestTimeout = options.actionTimeout
        cleanup.adopt(agent)
        attribution.adopt(agent.pid)
        agents[name] = agent
        variables[name] = String(agent.pid)
    }

    func agent(_ name: String, phase: String) throws(StepFailure) -> Agent {
        guard let agent = agents[name] else { throw StepFailure(phase: phase, message: "no agent named '\(name)'") }
        return agent
    }

    func namespace(_ name: String, phase: String) throws(StepFailure) -> NetworkNamespace {
        guard let namespace = namespaces[name] else { throw StepFailure(phase: phase, message: "no network namespace named '\(name)'") }
        return namespace
    }

    /// The pid of a spawned process, an agent (or the program it became) or a namespace's holder.
    func processID(_ name: String, phase: String) throws(StepFailure) -> pid_t {
        if let process = spawned[name] { return process.pid }
        if let agent = agents[name] { return agent.pid }
        if let namespace = namespaces[name] { return namespace.holder.pid }
        throw StepFailure(phase: phase, message: "no process named '\(name)'")
    }

    /// A system call's errno against what the step says it must be (`=> ok`, `=> EPERM`, or a
    /// refusal the profile in force names).
    func check(_ error: Int32?, against outcome: ExpectedOutcome, what: String, phase: String) throws(StepFailure) {
        let got = error.map { ErrnoNames.name(of: $0) } ?? "success"
        let wanted: String
        switch outcome {
        case .success, .exitStatus, .killed: wanted = "success"
        case .errno(let name): wanted = name
        case .refusal(let name):
            let (profile, refusal) = options.profiles.refusal(name)
            switch refusal {
            case .errno(let errno): wanted = errno
            case .accepted: wanted = "success"
            case nil: throw StepFailure(phase: phase, message: "profile \(profile) does not state what refusal '\(name)' is in that revision")
            }
        }
        if got != wanted {
            throw StepFailure(phase: phase, message: "\(what): expected \(wanted), got \(got)")
        }
    }

    /// Starts a command, in a network namespace when it names one, as the runner's child in a
    /// process group of its own; `adopt` puts it on the cleanup stack (a `run` ends in its step).
    private func start(_ argv: [Template], in netns: String?, setUp: (inout SpawnSpec) -> Void = { _ in }, phase: String,
                       adopt: Bool = true) throws -> ChildProcess {
        let words = argv.map { $0.render(variables) }
        let output = nextOutputPath()
        var spec = SpawnSpec(argv: words, output: .file(output))
        spec.startTimeout = options.actionTimeout
        // In the snapshot before it may run: a runner killed at any moment leaves no process
        // that `restore` does not know of (a plain command does not end with the runner).
        spec.onStart = { [keeper = context.keeper] pid in keeper.track(pid: pid) }
        setUp(&spec)
        let process: ChildProcess
        do {
            if let netns { process = try namespace(netns, phase: phase).spawn(spec) } else { process = try ChildProcess(spec: spec) }
        } catch let failure as StepFailure {
            throw failure
        } catch {
            throw StepFailure(phase: phase, message: "\(error)")
        }
        outputs[process.pid] = output
        attribution.adopt(process.pid)
        if adopt { cleanup.adopt(process) } else { context.keeper.track(process) }
        return process
    }

    private func nextOutputPath() -> String {
        outputCounter += 1
        return context.background.outputFolder + "/\(variables[BuiltinVariable.key.rawValue] ?? "scenario")-\(outputCounter).log"
    }

    /// Where each process's output goes (the scenario's out/ folder), to quote when it fails.
    var outputs: [pid_t: String] = [:]

    private func check(_ end: Termination?, against outcome: ExpectedOutcome, process: ChildProcess, phase: String) throws {
        try check(end, against: outcome, command: process.argv.joined(separator: " "), pid: process.pid, phase: phase)
    }

    func check(_ end: Termination?, against outcome: ExpectedOutcome, command: String, pid: pid_t, phase: String) throws {
        guard let end else {
            throw StepFailure(phase: phase, message: "timed out after \(Seconds.text(options.actionTimeout)) s: \(command)")
        }
        let wanted: Termination
        switch outcome {
        case .exitStatus(let status): wanted = .exited(status)
        case .killed(let signal): wanted = .signaled(signal)
        case .success: wanted = .exited(0)
        case .errno, .refusal: throw StepFailure(phase: phase, message: "a command ends in an exit status, not \(outcome)")
        }
        if end != wanted {
            throw StepFailure(phase: phase, message: "\(command): expected \(wanted), got \(end)" + outputTail(of: pid))
        }
    }

    /// The last lines a process printed, to explain a failed action.
    private func outputTail(of pid: pid_t) -> String {
        guard let path = outputs[pid],
              let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        let lines = ByteText.decode(data).split(separator: "\n").suffix(5)
        return "\n" + lines.map { "    | " + $0 }.joined(separator: "\n")
    }

    // MARK: records

    /// Reads records until every expectation is settled, the barrier sent after the last action
    /// comes back (everything the actions logged is then in), or the scenario's time is up.
    private func collect() throws(Interrupted) -> [ExpectationOutcome] {
        var tracker = ExpectationTracker(expectations: scenario.expectations, variables: variables)
        var assembler = EventAssembler(quietTime: options.quietTime)
        let actionsEnded = Poller.now()
        let deadline = actionsEnded + scenario.timeout * options.timeoutScale
        /// Only the scenario's own events reach its matcher and its result.
        func consider(_ event: AuditEvent) {
            for own in attribution.claim(event) {
                records += own.records
                tracker.consider(own, elapsed: Poller.now() - actionsEnded)
            }
        }
        // A recording wants every event, not only the expected ones: it waits for the barrier.
        let recording = options.recording
        let barrier = (tracker.isSettled && !recording) || !isQuiescent ? nil
            : RecordBarrier(key: variables[BuiltinVariable.key.rawValue] ?? "", socket: channel.socket)
        var barrierArrived = false
        // A marker is sent by a system call of the runner's, which a broad rule (every sendto)
        // logs under the marker's stamp: that event is the runner's bookkeeping, no scenario's.
        var markerStamps = Set<RecordStamp>()
        while recording || !tracker.isSettled, !barrierArrived {
            let now = Poller.now()
            if now >= deadline { break }
            let wake = min(deadline, assembler.nextExpiry ?? deadline)
            for message in try channel.reader.receive(until: wake) {
                if RecordBarrier.isMarker(message) {
                    if barrier?.isArrival(message) == true { barrierArrived = true }
                    if case .success(let marker) = context.parser.parseKernelMessage(type: message.type, payload: message.payload),
                       let stamp = marker.stamp { markerStamps.insert(stamp) }
                    continue
                }
                switch context.parser.parseKernelMessage(type: message.type, payload: message.payload) {
                case .success(let record):
                    if let stamp = record.stamp, markerStamps.contains(stamp) { continue }
                    for event in assembler.add(record, at: Poller.now()) { consider(event) }
                case .failure(let unreadableRecord):
                    unreadable.append(unreadableRecord)
                }
            }
            for event in assembler.expire(now: Poller.now()) { consider(event) }
        }
        // After the barrier, events still open (no EOE yet: single-record ones end by a quiet
        // time) are complete: every record queued before the barrier has been read.
        for event in assembler.finish() { consider(event) }
        return tracker.outcomes
    }

    /// Whether no process of the scenario can log anything more on its own: every spawned
    /// process has ended, and so has everything left in its process group (a command that
    /// put work in the background), and so has every program an agent became (`exec`).
    /// Agents act only when asked; namespace holders never do.
    private var isQuiescent: Bool {
        spawned.values.allSatisfy { !$0.isRunning && Glibc.kill(-$0.pid, 0) != 0 }
            && programs.allSatisfy { agents[$0]?.isRunning != true }
    }

    // MARK: cleanup

    private func cleanUp() {
        // Unwound here, not at deinit: the session checks the machine right after this.
        // A spare namespace for the next scenario is made meanwhile, off its critical path.
        context.background.spareNamespace.refill()
        cleanup.unwind()
    }
}
