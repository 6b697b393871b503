import AuditKernel
import Foundation
import TestSupport
import Testing

/// Whether this machine's kernel can be used, and the binary under test.
///
/// Where audit netlink is out of reach (not root, audit compiled out) the live tests are
/// skipped with the reason, unless AUDITSPEC_REQUIRE_LIVE=1 (as in CI), which turns that
/// skip into a failure: on the project's machines these tests must run.
enum LiveKernel {
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root: audit netlink needs CAP_AUDIT_CONTROL" }
        do { _ = try AuditSocket().status() } catch { return KernelProbe.unreachableReason() }
        return nil
    }()

    /// Run the test body here when it can run; record a failure if it must run and cannot.
    static var shouldRun: Bool { LiveRequirement.shouldRun(unavailable: unavailableReason) }

    static func checkAvailable() -> Bool { LiveRequirement.check(unavailable: unavailableReason) }

    static var binary: String { TestPaths.binary }

    static var packageRoot: String { TestPaths.packageRoot }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
}
