@testable import AuditKernel
import Testing

/// `restore` removes only folders a run made for a scenario, whatever a snapshot names: in
/// /tmp (or $TMPDIR, where the guest of `auditspec vm` makes them) and named `auditspec.*`.
struct ScenarioFolderTests {
    @Test(arguments: [("/tmp/auditspec.x1Y2z3", true), ("/tmp/auditspec.", true), ("/tmp/other.x1", false),
                      ("/tmp/auditspec.a/../../etc", false), ("/etc/auditspec.a", false), ("/tmp/sub/auditspec.a", false),
                      ("tmp/auditspec.a", false)])
    func onlyAScenarioFolderIsRemoved(path: String, removable: Bool) {
        #expect(AuditStateKeeper.isScenarioFolder(path) == removable)
    }
}
