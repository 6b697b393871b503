/// The machine-wide settings a scenario may change with `set NAME VALUE`, and the values it
/// may never write: `enabled 2` locks the audit configuration until reboot, and `failure 2`
/// panics the kernel when a record is lost. Both are refused when the file is read, so no
/// scenario can ever ask a live kernel for them.
public enum AuditSettingName: String, CaseIterable, Hashable, Sendable {
    case enabled
    case failure
    case backlogLimit = "backlog_limit"
    case backlogWaitTime = "backlog_wait_time"
    case rateLimit = "rate_limit"
    /// Only `set lost 0`: the counter can be reset, not set.
    case lost
    /// Only `set backlog_wait_time_actual 0`: the time tasks waited on a full backlog can be
    /// reset, not set.
    case backlogWaitTimeActual = "backlog_wait_time_actual"

    /// Why `value` may not be written, or nil if it may.
    public func refusal(of value: UInt32) -> String? {
        switch self {
        case .enabled where value > 1:
            return value == 2 ? "enabled 2 locks the audit configuration until the machine reboots: never on a live kernel"
                : "enabled is 0 or 1"
        case .failure where value > 1:
            return value == 2 ? "failure mode 2 panics the kernel when a record is lost: never on a live kernel"
                : "failure is 0 (silent) or 1 (printk)"
        case .lost where value != 0:
            return "the lost counter can only be reset: set lost 0"
        case .backlogWaitTimeActual where value != 0:
            return "the backlog wait time actual can only be reset: set backlog_wait_time_actual 0"
        default:
            return nil
        }
    }
}
