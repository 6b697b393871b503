import Synchronization

/// One caller at a time inside libaudit.
///
/// libaudit keeps process-wide state that its calls read and write without a lock: the
/// sequence number of every netlink request it sends (`__audit_send`), and the rule parser's
/// memory of what a rule has seen so far (`_audit_syscalladded`, `_audit_elf`, ...). A run
/// with `--jobs` talks to the kernel from several threads, each on its own socket, so every
/// call into libaudit goes through here. The calls are short (one request and its answer).
public enum LibAudit {
    private static let lock = Mutex(())

    public static func serialized<Result: Sendable, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try lock.withLock { _ throws(Failure) -> Result in try body() }
    }
}
