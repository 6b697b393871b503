import AuditKernel
import Foundation
import POSIXSupport

/// Waiting in tests for a machine state that has no event to wait on (a rule in the kernel's
/// list, a process in the snapshot): the state itself is checked until it holds or time is up.
public enum StatePoll {
    /// Checks `condition` until it holds or `seconds` pass; whether it held.
    public static func until(seconds: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(5_000)  // between checks of the state itself
        }
        return try condition()
    }
}

extension AuditStateSnapshot.Process {
    /// Whether this very process (its pid and start time) still runs.
    public var isAlive: Bool { ProcStat.isLive(pid: pid, startTime: startTime) }
}

extension AuditStateSnapshot {
    /// What a run recorded here and left behind: processes still running, folders still there.
    public var leftovers: [String] {
        processes.filter(\.isAlive).map { "process \($0.pid) still running" }
            + (directories ?? []).filter { FileManager.default.fileExists(atPath: $0) }.map { "\($0) still there" }
    }
}
