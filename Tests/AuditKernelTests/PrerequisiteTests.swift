import TestSupport
import Testing

/// The one rule of `.requires`: in reach a test runs; out of reach it is skipped, or under
/// AUDITSPEC_REQUIRE_LIVE=1 fails with the reason; never does its body run out of reach.
struct PrerequisiteTests {
    let missing = Prerequisite("a tool", unavailableReason: "not installed")

    @Test func inReachItRuns() throws {
        #expect(try Prerequisite("a tool", unavailableReason: nil).permitsRun(required: false))
        #expect(try Prerequisite("a tool", unavailableReason: nil).permitsRun(required: true))
    }

    @Test func outOfReachItIsSkippedWithTheReason() throws {
        #expect(try !missing.permitsRun(required: false))
        #expect(missing.skipComment.rawValue == "needs a tool: not installed")
    }

    @Test func outOfReachWhereRequiredItFailsWithTheReason() {
        #expect {
            _ = try missing.permitsRun(required: true)
        } throws: { error in
            "\(error)" == "AUDITSPEC_REQUIRE_LIVE=1, yet out of reach here: a tool: not installed"
        }
    }
}
