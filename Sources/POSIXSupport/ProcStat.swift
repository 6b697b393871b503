import Foundation

/// The parts of /proc/PID/stat auditspec needs to name a process safely.
public struct ProcStat: Hashable, Sendable {
    /// R, S, D, Z (zombie), X (dead), ...
    public var state: Character
    /// The parent's pid (0 for the first processes of the kernel).
    public var parent: Int32
    /// Clock ticks since boot at which the process started: with the pid, a unique name
    /// (a recycled pid has another start time).
    public var startTime: UInt64

    public init?(pid: Int32) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the comm (which may hold spaces and parentheses) fields start at number 3 (state).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let parent = Int32(fields[1]),
              let start = UInt64(fields[19]) else { return nil }
        self.state = state
        self.parent = parent
        self.startTime = start
    }

    /// Running or sleeping, not a zombie waiting to be reaped.
    public var isLive: Bool { state != "Z" && state != "X" }

    /// The parent, grandparent, ... of a process, up to the first process.
    public static func ancestors(of pid: Int32) -> [Int32] {
        var chain: [Int32] = []
        var current = pid
        while let parent = ProcStat(pid: current)?.parent, parent > 0, !chain.contains(parent) {
            chain.append(parent)
            current = parent
        }
        return chain
    }

    /// Whether the process that had this pid and start time still runs.
    public static func isLive(pid: Int32, startTime: UInt64) -> Bool {
        guard let stat = ProcStat(pid: pid) else { return false }
        return stat.startTime == startTime && stat.isLive
    }
}
