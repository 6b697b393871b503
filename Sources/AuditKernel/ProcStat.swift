import Foundation

/// The parts of /proc/PID/stat auditspec needs to name a process safely.
public struct ProcStat: Hashable, Sendable {
    /// R, S, D, Z (zombie), X (dead), ...
    public var state: Character
    /// Clock ticks since boot at which the process started: with the pid, a unique name
    /// (a recycled pid has another start time).
    public var startTime: UInt64

    public init?(pid: Int32) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the comm (which may hold spaces and parentheses) fields start at number 3 (state).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        self.state = state
        self.startTime = start
    }

    /// Running or sleeping, not a zombie waiting to be reaped.
    public var isLive: Bool { state != "Z" && state != "X" }

    /// Whether the process that had this pid and start time still runs.
    public static func isLive(pid: Int32, startTime: UInt64) -> Bool {
        guard let stat = ProcStat(pid: pid) else { return false }
        return stat.startTime == startTime && stat.isLive
    }
}
