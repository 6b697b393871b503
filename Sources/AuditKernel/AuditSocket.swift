import CLibAudit
import CAuditNetlink
#if canImport(Glibc)
import Glibc
import POSIXSupport
#endif

/// The audit netlink control socket: status, settings and rules, through libaudit.
///
/// Every call waits at most `timeout` for the kernel's answer and throws a `KernelError`
/// with the errno the kernel gave. Failure mode 2 (panic) and `enabled 2` (locked until
/// reboot) cannot be set through this type at all: they are not representable.
///
/// One socket is one conversation: a request's answer comes back on the socket that asked,
/// so a thread that needs the kernel opens a socket of its own (a `--jobs` worker does) and
/// this type is not shared between threads. libaudit's own calls are serialized (`LibAudit`).
public final class AuditSocket {
    public let fd: Int32
    public var timeoutMilliseconds: Int32 = 2000

    public init() throws(KernelError) {
        let fd = audit_open()
        if fd < 0 { throw KernelError("open the audit netlink socket", errno: Glibc.errno) }
        self.fd = fd
    }

    deinit { audit_close(fd) }

    public func status() throws(KernelError) -> AuditStatus {
        var raw = as_audit_status()
        let (fd, timeout) = (self.fd, timeoutMilliseconds)
        _ = try KernelError.check(LibAudit.serialized { as_audit_get_status(fd, &raw, timeout) }, "read the audit status")
        return AuditStatus(enabled: raw.enabled, failure: raw.failure, daemonPid: raw.pid, rateLimit: raw.rate_limit,
                           backlogLimit: raw.backlog_limit, lost: raw.lost, backlog: raw.backlog,
                           featureBitmap: raw.feature_bitmap, backlogWaitTime: raw.backlog_wait_time,
                           backlogWaitTimeActual: raw.backlog_wait_time_actual)
    }

    /// Whether the kernel makes audit records: on or off. (The locking value 2 is left out on purpose.)
    public enum Enabled: UInt32, Sendable { case off = 0, on = 1 }
    /// What the kernel does when it cannot log: silent or printk. (Panic is left out on purpose.)
    public enum FailureMode: UInt32, Sendable { case silent = 0, printk = 1 }

    public func setEnabled(_ value: Enabled) throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_set_enabled(fd, value.rawValue) }, "set the audit enabled flag to \(value.rawValue)")
    }

    public func setFailure(_ value: FailureMode) throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_set_failure(fd, value.rawValue) }, "set the audit failure mode to \(value.rawValue)")
    }

    public func setBacklogLimit(_ limit: UInt32) throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_set_backlog_limit(fd, limit) }, "set the audit backlog limit to \(limit)")
    }

    public func setBacklogWaitTime(_ time: UInt32) throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_set_backlog_wait_time(fd, time) }, "set the audit backlog wait time to \(time)")
    }

    public func setRateLimit(_ limit: UInt32) throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_set_rate_limit(fd, limit) }, "set the audit rate limit to \(limit)")
    }

    /// Sets the kernel's lost counter back to 0 (a global change: see AuditSetting).
    public func resetLost() throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_reset_lost(fd) }, "reset the audit lost counter")
    }

    /// Sets the kernel's backlog_wait_time_actual back to 0 (global, as resetLost).
    public func resetBacklogWaitTimeActual() throws(KernelError) {
        _ = try KernelError.check(LibAudit.serialized { audit_reset_backlog_wait_time_actual(fd) },
                                  "reset the audit backlog wait time actual")
    }

    /// audit_log_user_message(3) from the runner itself (type 1005 is AUDIT_USER, as
    /// `auditctl -m`). For a message from another process, ask that process's Agent.
    public func sendUserMessage(_ text: String, type: Int32 = 1005) throws(KernelError) {
        let fd = self.fd
        let (result, error) = LibAudit.serialized { () -> (Int32, Int32) in
            errno = 0
            let result = audit_log_user_message(fd, type, text, nil, nil, nil, 1)
            return (result, errno)
        }
        if result <= 0 { throw KernelError("send a user message", errno: error == 0 ? EIO : error) }
    }

    /// Every rule the kernel holds, in list order.
    public func rules() throws(KernelError) -> [AuditRule] {
        var capacity = 1 << 16
        while true {
            var buffer = [UInt8](repeating: 0, count: capacity)
            var used = 0
            let (fd, timeout) = (self.fd, timeoutMilliseconds)
            let count = buffer.withUnsafeMutableBufferPointer { bytes in
                LibAudit.serialized { as_audit_list_rules(fd, bytes.baseAddress, bytes.count, &used, timeout) }
            }
            if count == -ENOSPC { capacity = max(capacity * 2, used + 4096); continue }
            _ = try KernelError.check(count, "list the audit rules")
            var rules: [AuditRule] = []
            var offset = 0
            while offset + 4 <= used {
                let length = buffer[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
                rules.append(AuditRule(data: Array(buffer[(offset + 4)..<(offset + 4 + Int(length))])))
                offset += 4 + Int(length)
            }
            return rules
        }
    }

    public func add(_ rule: AuditRule) throws(KernelError) {
        let fd = self.fd
        let result = rule.data.withUnsafeBufferPointer { bytes in
            LibAudit.serialized { as_audit_add_rule_blob(fd, bytes.baseAddress, bytes.count) }
        }
        _ = try KernelError.check(result, "add an audit rule")
    }

    public func delete(_ rule: AuditRule) throws(KernelError) {
        let fd = self.fd
        let result = rule.data.withUnsafeBufferPointer { bytes in
            LibAudit.serialized { as_audit_delete_rule_blob(fd, bytes.baseAddress, bytes.count) }
        }
        _ = try KernelError.check(result, "delete an audit rule")
    }
}
