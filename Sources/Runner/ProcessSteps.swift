import Matching
import POSIXSupport
import ScenarioLanguage

/// `spawn`, `run`, `wait`, `agent`, `fork` and `thread` at run time: the scenario's processes,
/// each adopted by its cleanup stack and its attribution (their records are the scenario's).
extension ScenarioExecution {
    func performSpawn(_ statement: SpawnStatement, phase: ErrorPhase) throws {
        let process = try start(statement.argv, options: statement.options, phase: phase)
        spawned[statement.name] = process
        variables[statement.name] = String(process.pid)
    }

    func performRun(_ statement: RunStatement, phase: ErrorPhase) throws {
        let process = try start(statement.argv, options: statement.options, phase: phase, adopt: false)
        defer { process.stop(); context.keeper.untrack(process) }
        let end = try attempt("", at: phase) { try process.wait(until: Poller.now() + options.actionTimeout) }
        try check(end, against: statement.outcome, process: process, phase: phase)
    }

    func performWait(_ statement: WaitStatement, phase: ErrorPhase) throws {
        let name = statement.name
        if programs.contains(name) { return try waitForProgram(name, outcome: statement.outcome, phase: phase) }
        guard let process = spawned[name] else { throw StepFailure(phase: phase, message: "no process named '\(name)' was spawned") }
        let end = try attempt("", at: phase) { try process.wait(until: Poller.now() + options.actionTimeout) }
        try check(end, against: statement.outcome, process: process, phase: phase)
    }

    func performAgent(_ statement: AgentStatement, phase: ErrorPhase) throws {
        let name = statement.name, options = statement.options
        var spec = agentSpec()
        ProcessSetUp.apply(&spec, uid: options.uid, drop: options.dropCapabilities, create: options.create)
        if options.terminal {
            // Held (never read) until the scenario ends; the agent's session hangs up then.
            let tty = try attempt("cannot give agent '\(name)' a terminal", at: phase) { try PseudoTerminal() }
            spec.controllingTerminal = tty.slavePath
            cleanup.push("close the terminal \(tty.slavePath)") { _ = tty }
        }
        let agent = try attempt("cannot start agent '\(name)'", at: phase) {
            if let netns = options.netns { return try namespace(netns, phase: phase).agent(spec) }
            return try Agent(spec: spec)
        }
        if case .file(let path) = spec.output { outputs[agent.pid] = path }
        bind(agent, as: name)
    }

    func performFork(_ statement: ForkStatement, phase: ErrorPhase) throws {
        let parent = try agent(statement.parent, phase: phase)
        let forked = try attempt("agent '\(statement.parent)' could not fork", at: phase) { try parent.fork() }
        outputs[forked.pid] = outputs[parent.pid]
        bind(forked, as: statement.child)
    }

    func performThread(_ statement: ThreadStatement, phase: ErrorPhase) throws {
        // Done once /proc/PID/status says Threads: 2 (Agent.startThread checks it): the
        // patches refuse a threaded target only once its second thread really exists.
        let agent = try agent(statement.agent, phase: phase)
        let tid = try attempt("agent '\(statement.agent)' could not start a thread", at: phase) { try agent.startThread() }
        variables[statement.agent + ".tid"] = String(tid)
    }
}
