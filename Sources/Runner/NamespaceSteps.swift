import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage

/// `netns`, `veth`, `unshare`, `setns` and `exec` at run time: one system call by the agent named, its errno
/// checked against the outcome written, and what the runner must do around it (the id maps of
/// a new user namespace; waiting for the program an agent became).
extension ScenarioExecution {
    func performNetns(_ statement: NetnsStatement, phase: ErrorPhase) throws {
        // The holder made the namespace and brought lo up before it answered anything, so
        // once it exists nothing can act in the host's namespace by mistake. One made between
        // scenarios if there is one (see SpareNetworkNamespace), else a new one.
        let namespace = try attempt("the network namespace '\(statement.name)' did not come up", at: phase) {
            try context.background.spareNamespace.take() ?? NetworkNamespace(loopbackUp: true, spec: agentSpec())
        }
        namespace.commandTimeout = options.actionTimeout
        cleanup.adopt(namespace)
        attribution.adopt(namespace.holder.pid)
        namespaces[statement.name] = namespace
        variables[statement.name] = String(namespace.holder.pid)
    }

    func performVeth(_ pair: VethPair, phase: ErrorPhase) throws {
        let left = try namespace(pair.left, phase: phase), right = try namespace(pair.right, phase: phase)
        // Made inside `left` with its peer created straight in `right`: no end is ever in
        // the machine's namespace, and both go with the namespaces.
        try attempt("the veth pair \(pair.left)-\(pair.right) did not come up", at: phase) {
            try left.connect(to: right, name: pair.device, addresses: pair.leftAddresses,
                             peerName: pair.device, peerAddresses: pair.rightAddresses)
        }
    }

    func performUnshare(_ statement: UnshareStatement, phase: ErrorPhase) throws {
        let (name, kinds, outcome) = (statement.agent, statement.kinds, statement.outcome)
        let agent = try agent(name, phase: phase)
        let error = try attempt("agent '\(name)' could not be asked to unshare", at: phase) {
            try agent.unshare(ProcessSetUp.namespaces(kinds))
        }
        let what = "unshare \(kinds.map(\.rawValue).joined(separator: ",")) by \(name)"
        try check(error, against: outcome, what: what, phase: phase)
        guard case .success = error, kinds.contains(.user) else { return }
        // Until its maps are written the agent is nobody in its new user namespace; the runner
        // writes them (it is in the parent namespace), as for `agent NAME new user`.
        guard let status = ProcStatus(pid: agent.pid), let uid = status.uids.first, let gid = status.gids.first else {
            throw StepFailure(phase: phase, message: "agent '\(name)' is gone after its unshare")
        }
        for (file, id) in [("uid_map", uid), ("gid_map", gid)] {
            let lines = ProcessSetUp.identityMap(uid: id).map { "\($0.inside) \($0.outside) \($0.count)\n" }.joined()
            if case .failure(let mapError) = ProcFile.write(Array(lines.utf8), to: "/proc/\(agent.pid)/\(file)") {
                throw StepFailure(phase: phase, message: "cannot write /proc/\(agent.pid)/\(file) after \(what): \(mapError.name)")
            }
        }
    }

    func performSetns(_ statement: SetnsStatement, phase: ErrorPhase) throws {
        let (name, kind, other, outcome) = (statement.agent, statement.kind, statement.of, statement.outcome)
        let agent = try agent(name, phase: phase)
        let target = try processID(other, phase: phase)
        let error = try attempt("agent '\(name)' could not be asked to join a namespace", at: phase) {
            try agent.join(ProcessSetUp.namespace(kind), of: target)
        }
        try check(error, against: outcome, what: "setns \(kind.rawValue) of \(other) by \(name)", phase: phase)
    }

    func performExec(_ statement: ExecStatement, phase: ErrorPhase) throws {
        let (name, argv, outcome) = (statement.agent, statement.argv, statement.outcome)
        let agent = try agent(name, phase: phase)
        let words = argv.map { $0.render(variables) }
        let error = try attempt("agent '\(name)' could not be asked to exec", at: phase) { try agent.execute(words) }
        if case .success = error { programs.insert(name) }
        try check(error, against: outcome, what: "exec \(words.joined(separator: " ")) by \(name)", phase: phase)
    }

    /// The end of the program an agent became (the runner's child, or reaped by the agent's
    /// parent for a forked one).
    func waitForProgram(_ name: String, outcome: ExpectedOutcome, phase: ErrorPhase) throws {
        let agent = try agent(name, phase: phase)
        let end = try attempt("cannot wait for '\(name)'", at: phase) {
            try agent.wait(until: Poller.now() + options.actionTimeout)
        }
        try check(end, against: outcome, command: "the program agent '\(name)' exec'd", pid: agent.pid, phase: phase)
    }
}
