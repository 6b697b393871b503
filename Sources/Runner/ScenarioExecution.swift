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
    var variables: [String: String] = [:]
    var spawned: [String: ChildProcess] = [:]
    var agents: [String: Agent] = [:]
    /// Agents that exec'd a program: `wait` waits for that program's end.
    var programs: Set<String> = []
    var namespaces: [String: NetworkNamespace] = [:]
    let cleanup: CleanupStack
    private var outputCounter = 0
    /// Where each process's output goes (the scenario's out/ folder), to quote when it fails.
    var outputs: [pid_t: String] = [:]
    var records: [AuditRecord] = []
    var unreadable: [UnreadableRecord] = []
    var attribution: EventAttribution

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
            return result(.error(phase: .setup, message: "\(error)"))
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
    func refreshNamespaceVariables() {
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
        if !losses.isEmpty { return .error(phase: .records, message: "inconclusive: " + losses.joined(separator: "; ")) }
        return missing.isEmpty ? .passed : .failed(missing)
    }

    /// Each statement's performer lives with its family (ProcessSteps, WriteSteps, ...); this
    /// switch is exhaustive, so a new statement is not forgotten here.
    func perform(_ step: Step) throws {
        let phase = ErrorPhase.step(step.location)
        // The parser admits such a statement only with `requires vm`, which never runs on the
        // live kernel; this says so again where the call is made.
        if let reason = step.action.statement.virtualMachineOnly, !options.insideVirtualMachine {
            throw StepFailure(phase: phase, message: "refused: \(reason), and runs only inside 'auditspec vm'")
        }
        switch step.action {
        case .rule(let statement): try performRule(statement, phase: phase)
        case .setting(let statement): try performSetting(statement, phase: phase)
        case .netns(let statement): try performNetns(statement, phase: phase)
        case .veth(let statement): try performVeth(statement, phase: phase)
        case .spawn(let statement): try performSpawn(statement, phase: phase)
        case .run(let statement): try performRun(statement, phase: phase)
        case .wait(let statement): try performWait(statement, phase: phase)
        case .agent(let statement): try performAgent(statement, phase: phase)
        case .fork(let statement): try performFork(statement, phase: phase)
        case .thread(let statement): try performThread(statement, phase: phase)
        case .exec(let statement): try performExec(statement, phase: phase)
        case .unshare(let statement): try performUnshare(statement, phase: phase)
        case .setns(let statement): try performSetns(statement, phase: phase)
        case .write(let statement): try performWrite(statement, phase: phase)
        case .read(let statement): try performReadStep(statement, phase: phase)
        case .signal(let statement): try performSignal(statement, phase: phase)
        case .ptrace(let statement): try performPtrace(statement, phase: phase)
        case .userMessage(let statement): try performUserMessage(statement, phase: phase)
        case .file(let statement): try performFile(statement, phase: phase)
        case .integrityPolicy(let statement): try performIntegrityPolicy(statement, phase: phase)
        case .ioUring(let statement): try performIoUring(statement, phase: phase)
        case .socketcall(let statement): try performSocketcall(statement, phase: phase)
        case .setTime(let statement): try performSetTime(statement, phase: phase)
        case .adjustTime(let statement): try performAdjustTime(statement, phase: phase)
        case .module(let statement): try performModule(statement, phase: phase)
        }
    }

    /// What an agent of this scenario is started with: its errors go to the scenario's output folder.
    func agentSpec() -> SpawnSpec {
        var spec = SpawnSpec(argv: ["auditspec-agent"], output: .file(nextOutputPath()))
        spec.startTimeout = options.actionTimeout
        return spec
    }

    func bind(_ agent: Agent, as name: String) {
        agent.requestTimeout = options.actionTimeout
        cleanup.adopt(agent)
        attribution.adopt(agent.pid)
        agents[name] = agent
        variables[name] = String(agent.pid)
    }

    func agent(_ name: String, phase: ErrorPhase) throws(StepFailure) -> Agent {
        guard let agent = agents[name] else { throw StepFailure(phase: phase, message: "no agent named '\(name)'") }
        return agent
    }

    func namespace(_ name: String, phase: ErrorPhase) throws(StepFailure) -> NetworkNamespace {
        guard let namespace = namespaces[name] else { throw StepFailure(phase: phase, message: "no network namespace named '\(name)'") }
        return namespace
    }

    /// The pid of a spawned process, an agent (or the program it became) or a namespace's holder.
    func processID(_ name: String, phase: ErrorPhase) throws(StepFailure) -> pid_t {
        if let process = spawned[name] { return process.pid }
        if let agent = agents[name] { return agent.pid }
        if let namespace = namespaces[name] { return namespace.holder.pid }
        throw StepFailure(phase: phase, message: "no process named '\(name)'")
    }

    /// Starts a command, in a network namespace when it names one, as the runner's child in a
    /// process group of its own; `adopt` puts it on the cleanup stack (a `run` ends in its step).
    func start(_ argv: [Template], options processOptions: ProcessOptions, phase: ErrorPhase, adopt: Bool = true) throws -> ChildProcess {
        let words = argv.map { $0.render(variables) }
        let output = nextOutputPath()
        var spec = SpawnSpec(argv: words, output: .file(output))
        spec.startTimeout = options.actionTimeout
        // In the snapshot before it may run: a runner killed at any moment leaves no process
        // that `restore` does not know of (a plain command does not end with the runner).
        spec.onStart = { [keeper = context.keeper] pid in keeper.track(pid: pid) }
        ProcessSetUp.apply(&spec, uid: processOptions.uid, drop: processOptions.dropCapabilities, create: processOptions.create)
        let process = try attempt("", at: phase) {
            if let netns = processOptions.netns { return try namespace(netns, phase: phase).spawn(spec) }
            return try ChildProcess(spec: spec)
        }
        outputs[process.pid] = output
        attribution.adopt(process.pid)
        if adopt { cleanup.adopt(process) } else { context.keeper.track(process) }
        return process
    }

    func nextOutputPath() -> String {
        outputCounter += 1
        return context.background.outputFolder + "/\(variables[BuiltinVariable.key.rawValue] ?? "scenario")-\(outputCounter).log"
    }

    // MARK: cleanup

    func cleanUp() {
        // Unwound here, not at deinit: the session checks the machine right after this.
        // A spare namespace for the next scenario is made meanwhile, off its critical path.
        context.background.spareNamespace.refill()
        cleanup.unwind()
    }
}
