import POSIXSupport

/// Deletes audit rules on a thread of its own, through a socket of its own.
///
/// The kernel answers AUDIT_DEL_RULE only after an RCU grace period (about 10 ms, however
/// idle the machine), while adding a rule takes microseconds. Rules are deleted here while the
/// caller goes on (stops its processes, starts its next work); the next work waits
/// (`waitUntilDone`) before its first action, so no rule of earlier work is ever in force
/// while it acts. A run killed meanwhile leaves the rule to `restore`, which
/// rebuilds the list the snapshot holds.
public final class RuleDeleter: @unchecked Sendable {
    private let socket: AuditSocket
    private let work = BackgroundWork(name: "auditspec rule deletion")

    public init() throws(KernelError) {
        socket = try AuditSocket()
    }

    public func delete(_ rule: AuditRule) {
        work.enqueue("delete an audit rule") { [socket] in try socket.delete(rule) }
    }

    /// Waits until every rule handed over so far is deleted; returns the deletions that failed.
    @discardableResult
    public func waitUntilDone() -> [String] { work.drain() }
}
