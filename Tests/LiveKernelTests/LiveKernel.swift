import AuditKernel
import Foundation
import TestSupport
import Testing

/// Whether this machine's kernel can be used, and the binary under test.
///
/// Where audit netlink is out of reach (not root, audit compiled out) the live suites, which
/// carry `.requires(LiveKernel.prerequisite)`, are skipped with the reason, unless
/// AUDITSPEC_REQUIRE_LIVE=1 (as in CI), which turns that skip into a failure.
enum LiveKernel {
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root: audit netlink needs CAP_AUDIT_CONTROL" }
        do { _ = try AuditSocket().status() } catch { return KernelProbe.unreachableReason() }
        return nil
    }()

    static let prerequisite = Prerequisite("this machine's kernel", unavailableReason: unavailableReason)

    static var binary: String { TestPaths.binary }

    static var packageRoot: String { TestPaths.packageRoot }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
}
