import AuditKernel
import AuditRecords
import Foundation
import Matching
import ScenarioLanguage

/// Runs one scenario on the live kernel: its actions, then the wait for its records.
///
/// Everything it creates (processes, network namespaces, rules, files) is undone when it
/// ends, whatever the verdict, in reverse order. An `Interrupted` error passes through
/// after that cleanup, so the session can restore the machine-wide state and exit.
final class ScenarioExecution {
    let scenario: Scenario
    let session: LiveSession
    let options: RunOptions
    private var variables: [String: String] = [:]
    private var spawned: [String: ChildProcess] = [:]
    private var namespaces: [String: ChildProcess] = [:]
    private var addedRules: [AuditRule] = []
    private var workDirectory: String?
    private var outputCounter = 0
    private var records: [AuditRecord] = []
    private var unreadable: [UnreadableRecord] = []

    init(scenario: Scenario, session: LiveSession, options: RunOptions, key: String) {
        self.scenario = scenario
        self.session = session
        self.options = options
        variables[BuiltinVariable.key.rawValue] = key
    }

    func run() throws(Interrupted) -> ScenarioResult {
        let started = Poller.now()
        func result(_ verdict: Verdict, notes: [String] = []) -> ScenarioResult {
            ScenarioResult(path: scenario.path, title: scenario.title, verdict: verdict, duration: Poller.now() - started,
                           records: records, unreadable: unreadable, notes: notes)
        }
        if let reason = skipReason() { return result(.skipped(reason: reason)) }
        defer { cleanUp() }
        let lostBefore = (try? session.socket.status())?.lost
        do {
            try prepareDirectory()
            _ = session.reader.drainQueued()
            for step in scenario.steps {
                try perform(step)
            }
        } catch let failure as StepFailure {
            return result(.error(phase: failure.phase, message: failure.message))
        } catch let interrupted as Interrupted {
            throw interrupted
        } catch {
            return result(.error(phase: "setup", message: "\(error)"))
        }
        let outcomes = try collect()
        let lostAfter = (try? session.socket.status())?.lost
        var notes: [String] = []
        if session.reader.overflowed { notes.append("the multicast socket overflowed: records were dropped before auditspec read them") }
        if let before = lostBefore, let after = lostAfter, after > before {
            notes.append("the kernel's lost counter rose by \(after - before) during this scenario")
        }
        let missing = MissingEvent.list(scenario.expectations, outcomes, variables: variables)
        if missing.isEmpty { return result(.passed, notes: notes) }
        if !notes.isEmpty {
            // A miss while records were being lost proves nothing about the kernel under test.
            return result(.error(phase: "records", message: "inconclusive: " + notes.joined(separator: "; ")), notes: notes)
        }
        return result(.failed(missing), notes: notes)
    }

    private func skipReason() -> String? {
        for requirement in scenario.requirements {
            let finding: KernelFeatures.Finding
            switch requirement.feature {
            case .audit: finding = session.features.audit
            case .multicast: finding = session.features.multicast
            case .contid: finding = session.features.containerID
            case .nsinfo: finding = session.features.nsinfo
            case .netfilterAudit: finding = session.features.netfilterAudit
            case .vm:
                if options.insideVirtualMachine { continue }
                return "runs only inside a VM (it can lock or crash the kernel); refused on the live kernel"
            }
            if !finding.available { return finding.detail }
        }
        return nil
    }

    // MARK: actions

    private func prepareDirectory() throws {
        var template = Array("/tmp/auditspec.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StepFailure(phase: "setup", message: "cannot make a private directory: \(String(cString: strerror(errno)))") }
        let base = String(cString: made)
        workDirectory = base
        // $tmp is a folder of its own, so the runner's bookkeeping files never land in a watched directory.
        let tmp = base + "/tmp"
        guard mkdir(tmp, 0o700) == 0, mkdir(base + "/out", 0o700) == 0 else {
            throw StepFailure(phase: "setup", message: "cannot make \(tmp): \(String(cString: strerror(errno)))")
        }
        variables[BuiltinVariable.tmp.rawValue] = tmp
    }

    private func perform(_ step: Step) throws {
        let phase = "\(step.location)"
        switch step.action {
        case .rule(let spec):
            let rule: AuditRule
            do { rule = try RuleResolver.resolve(spec, variables: variables) } catch {
                throw StepFailure(phase: phase, message: "\(error)")
            }
            do { try session.socket.add(rule) } catch {
                throw StepFailure(phase: phase, message: "the kernel refused the rule: \(error)")
            }
            addedRules.append(rule)

        case .netns(let name):
            // A shell in a new network namespace brings lo up, says "ready", then holds the
            // namespace open. Waiting for that line means never acting in the host's namespace.
            let holder = try start(["unshare", "--net", "--", "sh", "-c", "ip link set lo up || exit 1; echo ready; exec sleep 2147483647"],
                                   phase: phase, readiness: true)
            namespaces[name] = holder
            variables[name] = String(holder.pid)
            guard try holder.readLine(until: Poller.now() + options.actionTimeout) == "ready" else {
                throw StepFailure(phase: phase, message: "the network namespace '\(name)' did not come up" + outputTail(of: holder))
            }

        case .spawn(let name, let netns, let argv):
            let process = try start(try command(argv, in: netns, phase: phase), phase: phase)
            spawned[name] = process
            variables[name] = String(process.pid)

        case .run(let netns, let argv, let outcome):
            let process = try start(try command(argv, in: netns, phase: phase), phase: phase)
            defer { process.stop(); session.keeper.untrack(process) }
            let end = try process.wait(until: Poller.now() + options.actionTimeout)
            try check(end, against: outcome, process: process, phase: phase)

        case .write(let path, let value, let outcome):
            let file = path.render(variables)
            let error = ProcFile.write(Array(value.render(variables).utf8), to: file)
            let got = error.map { ErrnoNames.name(of: $0) } ?? "success"
            let wanted: String
            switch outcome {
            case .success, .exitStatus: wanted = "success"
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
                throw StepFailure(phase: phase, message: "write to \(file): expected \(wanted), got \(got)")
            }

        case .wait(let name, let outcome):
            guard let process = spawned[name] else {
                throw StepFailure(phase: phase, message: "no process named '\(name)' was spawned")
            }
            let end = try process.wait(until: Poller.now() + options.actionTimeout)
            try check(end, against: outcome, process: process, phase: phase)
        }
    }

    /// The argv with variables filled in, run through nsenter when it belongs in a namespace.
    private func command(_ argv: [Template], in netns: String?, phase: String) throws -> [String] {
        let words = argv.map { $0.render(variables) }
        guard let netns else { return words }
        guard let holder = namespaces[netns] else {
            throw StepFailure(phase: phase, message: "no network namespace named '\(netns)'")
        }
        return ["nsenter", "--target", String(holder.pid), "--net", "--"] + words
    }

    private func start(_ argv: [String], phase: String, readiness: Bool = false) throws -> ChildProcess {
        outputCounter += 1
        let output = (workDirectory ?? "/tmp") + "/out/\(outputCounter).log"
        do {
            let process = try ChildProcess(argv: argv, outputPath: output, readinessPipe: readiness)
            outputs[process.pid] = output
            session.keeper.track(process)
            return process
        } catch {
            throw StepFailure(phase: phase, message: "\(error)")
        }
    }

    private var outputs: [pid_t: String] = [:]

    private func check(_ end: Termination?, against outcome: ExpectedOutcome, process: ChildProcess, phase: String) throws {
        let command = process.argv.joined(separator: " ")
        guard let end else {
            throw StepFailure(phase: phase, message: "timed out after \(Int(options.actionTimeout)) s: \(command)")
        }
        let wanted: Termination
        switch outcome {
        case .exitStatus(let status): wanted = .exited(status)
        case .success: wanted = .exited(0)
        case .errno, .refusal: throw StepFailure(phase: phase, message: "a command ends in an exit status, not \(outcome)")
        }
        if end != wanted {
            throw StepFailure(phase: phase, message: "\(command): expected \(wanted), got \(end)" + outputTail(of: process))
        }
    }

    /// The last lines a process printed, to explain a failed action.
    private func outputTail(of process: ChildProcess) -> String {
        guard let path = outputs[process.pid],
              let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        let lines = ByteText.decode(data).split(separator: "\n").suffix(5)
        return "\n" + lines.map { "    | " + $0 }.joined(separator: "\n")
    }

    // MARK: records

    /// Reads records until every expectation is settled or the scenario's time is up.
    private func collect() throws(Interrupted) -> [ExpectationOutcome] {
        var tracker = ExpectationTracker(expectations: scenario.expectations, variables: variables)
        var assembler = EventAssembler(quietTime: options.quietTime)
        let actionsEnded = Poller.now()
        let deadline = actionsEnded + scenario.timeout * options.timeoutScale
        while !tracker.isSettled {
            let now = Poller.now()
            if now >= deadline { break }
            let wake = min(deadline, assembler.nextExpiry ?? deadline)
            for message in try session.reader.receive(until: wake) {
                session.capture?.write(CaptureLine(type: message.type, payload: message.payload).encoded() + "\n")
                switch session.parser.parseKernelMessage(type: message.type, payload: message.payload) {
                case .success(let record):
                    records.append(record)
                    for event in assembler.add(record, at: Poller.now()) {
                        tracker.consider(event, elapsed: Poller.now() - actionsEnded)
                    }
                case .failure(let unreadableRecord):
                    unreadable.append(unreadableRecord)
                }
            }
            for event in assembler.expire(now: Poller.now()) { tracker.consider(event, elapsed: Poller.now() - actionsEnded) }
        }
        for event in assembler.finish() { tracker.consider(event, elapsed: Poller.now() - actionsEnded) }
        return tracker.outcomes
    }

    // MARK: cleanup

    private func cleanUp() {
        for process in spawned.values { process.stop(); session.keeper.untrack(process) }
        for process in namespaces.values { process.stop(); session.keeper.untrack(process) }
        for rule in addedRules.reversed() { try? session.socket.delete(rule) }
        if let workDirectory { try? FileManager.default.removeItem(atPath: workDirectory) }
    }
}
