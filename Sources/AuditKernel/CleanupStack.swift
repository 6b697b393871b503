#if canImport(Glibc)
import Glibc
import POSIXSupport
#endif

/// Side effects (rules, processes, folders), each with what undoes it, undone in reverse order.
///
/// Whatever is made through here is also registered with the AuditStateKeeper where it could
/// outlive a killed run: processes (by pid and start time, so `auditspec restore` ends them),
/// while rules and settings are in the keeper's snapshot already. Network namespaces, their
/// iptables and nft rules and veth pairs live only as long as their holder process, so
/// tracking the holder covers them; loginuid and audit_containerid die with their process.
public final class CleanupStack {
    public let keeper: AuditStateKeeper?
    /// Where killed processes are reaped, if not on the unwinding thread: a process's end
    /// (its memory freed, its namespace released) takes milliseconds the unwinding need not
    /// wait for once SIGKILL is sent. The caller waits for it before anything depends on it.
    public var reaper: BackgroundWork?
    /// Each undo, with the rule it deletes if it deletes one (see `delete`).
    private var undos: [(what: String, rule: AuditRule?, undo: () throws -> Void)] = []

    public init(keeper: AuditStateKeeper? = nil) {
        self.keeper = keeper
    }

    deinit { unwind() }

    public var count: Int { undos.count }

    /// Registers an undo; it runs before every undo registered earlier.
    public func push(_ what: String, _ undo: @escaping () throws -> Void) {
        undos.append((what, nil, undo))
    }

    /// A child process: tracked, and stopped (killed and reaped) on unwind.
    @discardableResult
    public func adopt(_ process: ChildProcess) -> ChildProcess {
        keeper?.track(process)
        push("stop process \(process.pid)") { [keeper, reaper] in
            process.sendKill()
            let reap = {
                process.stop()
                keeper?.untrack(process)
            }
            if let reaper { reaper.enqueue("reap process \(process.pid)", reap) } else { reap() }
        }
        return process
    }

    /// An agent (the runner's child or an agent's): tracked by pid, stopped on unwind.
    @discardableResult
    public func adopt(_ agent: Agent) -> Agent {
        keeper?.track(pid: agent.pid)
        push("stop agent \(agent.pid)") { [keeper, reaper] in
            let reap = {
                agent.stop()
                keeper?.untrack(pid: agent.pid)
            }
            // An agent another agent forked is reaped by its parent, which must still answer:
            // that one is stopped here and now.
            if let reaper, let process = agent.process {
                process.sendKill()
                reaper.enqueue("reap agent \(agent.pid)", reap)
            } else {
                reap()
            }
        }
        return agent
    }

    /// A network namespace: its holder is tracked and stopped on unwind.
    @discardableResult
    public func adopt(_ namespace: NetworkNamespace) -> NetworkNamespace {
        adopt(namespace.holder)
        return namespace
    }

    /// Adds the rule now and deletes it on unwind: there and then, or through `deleter`, which
    /// does it on its own thread (the caller waits for it before anything depends on it).
    public func add(_ rule: AuditRule, through socket: AuditSocket, deleter: RuleDeleter? = nil) throws(KernelError) {
        try socket.add(rule)
        if let deleter {
            undos.append(("delete an audit rule", rule, { deleter.delete(rule) }))
        } else {
            undos.append(("delete an audit rule", rule, { try socket.delete(rule) }))
        }
    }

    /// Deletes, now, a rule added through `add`, and forgets its undo. Only such a rule: the
    /// machine's own rules, or another stack's, are not this stack's to delete.
    public func delete(_ rule: AuditRule, through socket: AuditSocket) throws(DeleteFailure) {
        guard let index = undos.lastIndex(where: { $0.rule == rule }) else { throw .notAdded }
        do { try socket.delete(rule) } catch { throw .kernel(error) }
        undos.remove(at: index)
    }

    public enum DeleteFailure: Error, CustomStringConvertible {
        /// No rule added through this stack has these bytes.
        case notAdded
        case kernel(KernelError)

        public var description: String {
            switch self {
            case .notAdded: return "no rule added earlier by this scenario is the one to delete (write the same options as its 'rule -a' or 'rule -w')"
            case .kernel(let error): return "the kernel refused to delete the rule: \(error)"
            }
        }
    }

    /// Applies a global setting now and puts the old value back on unwind.
    public func change(_ setting: AuditSetting, through socket: AuditSocket) throws(KernelError) {
        guard let restore = try setting.apply(through: socket) else { return }
        push("restore \(restore)") { _ = try restore.apply(through: socket) }
    }

    /// Runs every undo, the last registered first, each even if an earlier one failed.
    /// Returns what could not be undone, in words.
    @discardableResult
    public func unwind() -> [String] {
        var problems: [String] = []
        var first = true
        while let last = undos.popLast() {
            do { try last.undo() } catch { problems.append("\(last.what): \(error)") }
            if first, !undos.isEmpty { FaultPoint.midCleanup.reach() }
            first = false
        }
        return problems
    }
}
