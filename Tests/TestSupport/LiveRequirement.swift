import Foundation
import Testing

/// The rule every test that needs something of this machine follows (root and audit netlink,
/// a kernel image, an installed consumer of a report): out of reach, it is skipped with the
/// reason; with AUDITSPEC_REQUIRE_LIVE=1 (as in CI) it fails with the reason instead, because on
/// the project's machines these tests must run. Either way its body never runs, so it can never
/// pass by returning early.
public enum LiveRequirement {
    public static let required = ProcessInfo.processInfo.environment["AUDITSPEC_REQUIRE_LIVE"] == "1"
}

/// Something tests need from this machine, and why it is out of reach here (nil where it is not).
public struct Prerequisite: Sendable {
    public let name: String
    public let unavailableReason: String?

    public init(_ name: String, unavailableReason: String?) {
        self.name = name
        self.unavailableReason = unavailableReason
    }

    /// Out of reach under AUDITSPEC_REQUIRE_LIVE=1: the test's failure, with the reason.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether a test that needs this runs: true in reach, false (a skip) out of reach, and
    /// out of reach where it is required, the `Missing` error that fails the test.
    public func permitsRun(required: Bool = LiveRequirement.required) throws -> Bool {
        guard let unavailableReason else { return true }
        if required { throw Missing(description: "AUDITSPEC_REQUIRE_LIVE=1, yet out of reach here: \(name): \(unavailableReason)") }
        return false
    }

    /// Why a test that needs this is skipped.
    public var skipComment: Comment { Comment(rawValue: "needs \(name): \(unavailableReason ?? "in reach")") }
}

extension Trait where Self == ConditionTrait {
    /// The test, or every test of the suite, runs only where `prerequisite` is in reach: elsewhere
    /// it is skipped with the reason, or fails with it under AUDITSPEC_REQUIRE_LIVE=1. Its body
    /// never runs out of reach, so it needs no check of its own.
    public static func requires(_ prerequisite: Prerequisite, sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(if: try prerequisite.permitsRun(), prerequisite.skipComment, sourceLocation: sourceLocation)
    }
}
