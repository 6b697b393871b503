import POSIXSupport

/// A change to the kernel's machine-wide audit settings. Every one is global: it changes what
/// every other process's records (and any auditd) see, so work that makes one runs alone and
/// undoes it afterwards (the lost counter and backlog_wait_time_actual cannot be put
/// back: they only restart).
///
/// Failure mode 2 and `enabled 2` are not representable here, as in AuditSocket.
public enum AuditSetting: Hashable, Sendable, CustomStringConvertible {
    case enabled(AuditSocket.Enabled)
    case failure(AuditSocket.FailureMode)
    case backlogLimit(UInt32)
    case backlogWaitTime(UInt32)
    case rateLimit(UInt32)
    /// Sets the lost counter back to 0.
    case resetLost
    /// Sets the total time tasks waited on a full backlog back to 0.
    case resetBacklogWaitTimeActual

    /// Always true today; a property so that callers ask rather than assume.
    public var isGlobal: Bool { true }

    public var description: String {
        switch self {
        case .enabled(let value): return "enabled \(value.rawValue)"
        case .failure(let value): return "failure \(value.rawValue)"
        case .backlogLimit(let value): return "backlog_limit \(value)"
        case .backlogWaitTime(let value): return "backlog_wait_time \(value)"
        case .rateLimit(let value): return "rate_limit \(value)"
        case .resetLost: return "reset lost"
        case .resetBacklogWaitTimeActual: return "reset backlog_wait_time_actual"
        }
    }

    /// Applies the setting and returns the one that puts back what was there (nil for the lost
    /// counter and the backlog wait time actual, or when a saved value is one auditspec may not write).
    public func apply(through socket: AuditSocket) throws(KernelError) -> AuditSetting? {
        let before = try socket.status()
        switch self {
        case .enabled(let value):
            try socket.setEnabled(value)
            return AuditSocket.Enabled(rawValue: before.enabled).map { .enabled($0) }
        case .failure(let value):
            try socket.setFailure(value)
            return AuditSocket.FailureMode(rawValue: before.failure).map { .failure($0) }
        case .backlogLimit(let value):
            try socket.setBacklogLimit(value)
            return .backlogLimit(before.backlogLimit)
        case .backlogWaitTime(let value):
            try socket.setBacklogWaitTime(value)
            return .backlogWaitTime(before.backlogWaitTime)
        case .rateLimit(let value):
            try socket.setRateLimit(value)
            return .rateLimit(before.rateLimit)
        case .resetLost:
            try socket.resetLost()
            return nil
        case .resetBacklogWaitTimeActual:
            try socket.resetBacklogWaitTimeActual()
            return nil
        }
    }
}
