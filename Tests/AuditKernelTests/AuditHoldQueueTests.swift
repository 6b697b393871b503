@testable import AuditKernel
import Testing

/// A kernel booted with audit=1 and no auditd counts as lost what it cannot hold for one:
/// then, and only then, the lost counter says nothing of a run's own losses.
@Suite struct AuditHoldQueueTests {
    func status(daemon: UInt32) -> AuditStatus {
        AuditStatus(enabled: 1, failure: 1, daemonPid: daemon, rateLimit: 0, backlogLimit: 8192, lost: 0, backlog: 0,
                    featureBitmap: 0, backlogWaitTime: 15000, backlogWaitTimeActual: 0)
    }

    @Test func theLastAuditParameterBeforeInitsArgumentsDecides() {
        #expect(AuditHoldQueue.bootsWithAudit("BOOT_IMAGE=/vmlinuz root=/dev/sda1 audit=1 quiet\n"))
        #expect(AuditHoldQueue.bootsWithAudit("audit=ON"))
        #expect(!AuditHoldQueue.bootsWithAudit("audit=1 audit=0"))
        #expect(!AuditHoldQueue.bootsWithAudit("root=/dev/sda1 audit_backlog_limit=8192"))
        #expect(!AuditHoldQueue.bootsWithAudit("quiet -- audit=1"), "after -- the words are init's")
        #expect(!AuditHoldQueue.bootsWithAudit(""))
    }

    @Test func onlyWithoutADaemonAreHeldRecordsCountedLost() {
        #expect(AuditHoldQueue.inflatesLostCounter(status: status(daemon: 0), commandLine: "audit=1"))
        #expect(!AuditHoldQueue.inflatesLostCounter(status: status(daemon: 812), commandLine: "audit=1"), "auditd takes them")
        #expect(!AuditHoldQueue.inflatesLostCounter(status: status(daemon: 0), commandLine: "quiet"), "dropped, not counted")
    }
}
