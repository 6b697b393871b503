import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Named moments of a run at which a test can stop the runner, to SIGKILL it exactly there.
///
/// Most states a test kills a run in can be waited for from outside (a rule in the kernel's
/// list, an agent alive, a setting changed). Three cannot: the moment after the session saved
/// the snapshot and switched auditing on, before any scenario starts, the middle of a
/// scenario's cleanup, and the moment between a child's clone and its record in the
/// snapshot, which all pass in microseconds. For those, the hidden environment
/// variable `AUDITSPEC_STOP_AT=NAME` makes the runner stop itself with SIGSTOP when it reaches
/// NAME; the test sees the process stopped (state T in /proc/PID/stat) and kills it. Unset,
/// as in every real run, a point costs one comparison. Tests/LiveKernelTests/KillPointTests
/// is its only user.
public enum FaultPoint: String, Sendable, CaseIterable {
    /// `LiveSession.begin` is done: the snapshot is written, auditing is on, the backlog raised.
    case sessionBegun = "session-begun"
    /// A scenario's cleanup has undone its last side effect (handed its last rule's deletion on, say) and not yet the others.
    case midCleanup = "mid-cleanup"
    /// A process the run records has been cloned, and waits to be recorded before it may run.
    case childCloned = "child-cloned"

    public static let variable = "AUDITSPEC_STOP_AT"

    private static let requested: FaultPoint? = ProcessInfo.processInfo.environment[variable].flatMap(FaultPoint.init(rawValue:))

    /// Stops the whole process (SIGSTOP stops every thread) if a test asked to stop here.
    public func reach() {
        guard Self.requested == self else { return }
        raise(SIGSTOP)
    }
}
