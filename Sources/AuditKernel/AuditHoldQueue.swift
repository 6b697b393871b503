import POSIXSupport

/// Whether the kernel keeps records for an audit daemon that is not there. Booted with
/// `audit=1` and with no auditd registered, it queues every record, after multicasting it,
/// for a daemon yet to come; past the backlog limit it counts each one as lost. Its lost
/// counter then rises although every multicast reader got every record, so the counter says
/// nothing of a run's own losses.
public enum AuditHoldQueue {
    /// True when records the kernel drops from its hold queue count as lost.
    public static func inflatesLostCounter(status: AuditStatus, commandLine: String = Self.commandLine) -> Bool {
        status.daemonPid == 0 && bootsWithAudit(commandLine)
    }

    /// Whether the command line turns auditing on at boot: its last `audit=` before any `--`
    /// (what follows goes to init) is 1 or on.
    static func bootsWithAudit(_ commandLine: String) -> Bool {
        let parameters = commandLine.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        let kernel = parameters.prefix { $0 != "--" }
        guard let last = kernel.last(where: { $0.hasPrefix("audit=") }) else { return false }
        return ["1", "on"].contains(last.dropFirst("audit=".count).lowercased())
    }

    /// The running kernel's command line (empty when it cannot be read).
    public static var commandLine: String {
        ((try? ProcFile.read("/proc/cmdline")).map { String(decoding: $0, as: UTF8.self) }) ?? ""
    }
}
