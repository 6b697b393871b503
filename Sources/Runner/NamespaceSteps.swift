import Foundation
import POSIXSupport
import ScenarioLanguage

/// `unshare`, `setns` and `exec` at run time: one system call by the agent named, its errno
/// checked against the outcome written, and what the runner must do around it (the id maps of
/// a new user namespace; waiting for the program an agent became).
extension ScenarioExecution {
    func performUnshare(_ name: String, kinds: [NamespaceKind], outcome: ExpectedOutcome, phase: String) throws {
        let agent = try agent(name, phase: phase)
        let error: Int32?
        do { error = try agent.unshare(ProcessSetUp.namespaces(kinds)) } catch {
            throw StepFailure(phase: phase, message: "agent '\(name)' could not be asked to unshare: \(error)")
        }
        let what = "unshare \(kinds.map(\.rawValue).joined(separator: ",")) by \(name)"
        try check(error, against: outcome, what: what, phase: phase)
        guard error == nil, kinds.contains(.user) else { return }
        // Until its maps are written the agent is nobody in its new user namespace; the runner
        // writes them (it is in the parent namespace), as for `agent NAME new user`.
        guard let status = ProcStatus(pid: agent.pid), let uid = status.uids.first, let gid = status.gids.first else {
            throw StepFailure(phase: phase, message: "agent '\(name)' is gone after its unshare")
        }
        for (file, id) in [("uid_map", uid), ("gid_map", gid)] {
            let lines = ProcessSetUp.identityMap(uid: id).map { "\($0.inside) \($0.outside) \($0.count)\n" }.joined()
            if let mapError = ProcFile.write(Array(lines.utf8), to: "/proc/\(agent.pid)/\(file)") {
                throw StepFailure(phase: phase, message: "cannot write /proc/\(agent.pid)/\(file) after \(what): \(ErrnoNames.name(of: mapError))")
            }
        }
    }

    func performSetns(_ name: String, kind: NamespaceKind, of other: String, outcome: ExpectedOutcome, phase: String) throws {
        let agent = try agent(name, phase: phase)
        let target = try processID(other, phase: phase)
        let error: Int32?
        do { error = try agent.join(ProcessSetUp.namespace(kind), of: target) } catch {
            throw StepFailure(phase: phase, message: "agent '\(name)' could not be asked to join a namespace: \(error)")
        }
        try check(error, against: outcome, what: "setns \(kind.rawValue) of \(other) by \(name)", phase: phase)
    }

    func performExec(_ name: String, argv: [Template], outcome: ExpectedOutcome, phase: String) throws {
        let agent = try agent(name, phase: phase)
        let words = argv.map { $0.render(variables) }
        let error: Int32?
        do { error = try agent.execute(words) } catch {
            throw StepFailure(phase: phase, message: "agent '\(name)' could not be asked to exec: \(error)")
        }
        if error == nil { programs.insert(name) }
        try check(error, against: outcome, what: "exec \(words.joined(separator: " ")) by \(name)", phase: phase)
    }

    /// The end of the program an agent became (the runner's child, or reaped by the agent's
    /// parent for a forked one).
    func waitForProgram(_ name: String, outcome: ExpectedOutcome, phase: String) throws {
        let agent = try agent(name, phase: phase)
        let end: Termination?
        do { end = try agent.wait(until: Poller.now() + options.actionTimeout) } catch {
            throw StepFailure(phase: phase, message: "cannot wait for '\(name)': \(error)")
        }
        try check(end, against: outcome, command: "the program agent '\(name)' exec'd", pid: agent.pid, phase: phase)
    }
}
