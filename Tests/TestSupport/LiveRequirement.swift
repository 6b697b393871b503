import Foundation
import Testing

/// The rule every live test follows: out of reach (not root, audit compiled out, a tool
/// missing), it is skipped with the reason; with AUDITSPEC_REQUIRE_LIVE=1 (as in CI) that skip
/// is a failure, because on the project's machines these tests must run.
public enum LiveRequirement {
    public static let required = ProcessInfo.processInfo.environment["AUDITSPEC_REQUIRE_LIVE"] == "1"

    /// Whether a test body should run at all, given why its environment is out of reach.
    public static func shouldRun(unavailable reason: String?) -> Bool { reason == nil || required }

    /// Inside a test body: true to go on, or false after recording the failure.
    public static func check(unavailable reason: String?) -> Bool {
        guard let reason else { return true }
        Issue.record("AUDITSPEC_REQUIRE_LIVE=1 but the live kernel is out of reach: \(reason)")
        return false
    }
}
