@testable import AuditKernel
import Foundation
@testable import POSIXSupport
import Testing

/// Probes that run a command (iptables, nft) start at once and are judged when first asked,
/// so they go on beside the scenarios that do not need them.
struct CommandProbeTests {
    @Test func theCommandRunsBeforeItsAnswerIsAsked() throws {
        let marker = NSTemporaryDirectory() + "auditspec-probe-\(getpid())"
        defer { unlink(marker) }
        let probe = CommandProbe(argv: ["touch", marker], what: "touch", deadline: Poller.now() + 10)
        // Nobody has asked yet, and the command has run all the same.
        let deadline = Poller.now() + 10
        while access(marker, F_OK) != 0, Poller.now() < deadline { _ = try Poller.wait(for: [], until: Poller.now() + 0.01) }
        #expect(access(marker, F_OK) == 0)
        let finding = probe.finding
        #expect(finding.available)
        #expect(finding.detail == "touch works in a private network namespace")
    }

    @Test func aFailingCommandMeansTheFeatureIsMissing() {
        let finding = CommandProbe(argv: ["sh", "-c", "exit 3"], what: "the test rule", deadline: Poller.now() + 10).finding
        #expect(!finding.available)
        #expect(finding.detail.contains("the test rule failed"))
        #expect(finding.detail.contains("3"))
    }

    @Test func aCommandStillRunningAtItsDeadlineIsStoppedAndCountsAsMissing() {
        let probe = CommandProbe(argv: ["sleep", "30"], what: "a slow rule", deadline: Poller.now() + 0.3)
        let started = Poller.now()
        let finding = probe.finding
        #expect(!finding.available)
        #expect(finding.detail.contains("timed out"))
        #expect(Poller.now() - started < 10)
        // Asked again, the same answer, without waiting again.
        #expect(probe.finding == finding)
    }

    @Test func aMissingProgramIsSaidPlainly() {
        let finding = CommandProbe(argv: ["auditspec-no-such-probe"], what: "the missing tool", deadline: Poller.now() + 10).finding
        #expect(!finding.available)
        #expect(finding.detail.hasPrefix("cannot try the missing tool"))
    }

    @Test func aProbeStillRunningIsNotSettledAndAnEndedOneIs() throws {
        let slow = CommandProbe(argv: ["sleep", "30"], what: "a slow rule", deadline: Poller.now() + 60)
        #expect(slow.settledFinding == nil)
        let quick = CommandProbe(argv: ["true"], what: "a quick rule", deadline: Poller.now() + 60)
        let deadline = Poller.now() + 10
        var settled: KernelFeatures.Finding?
        while settled == nil, Poller.now() < deadline {
            settled = quick.settledFinding
            if settled == nil { _ = try Poller.wait(for: [], until: Poller.now() + 0.01) }
        }
        #expect(settled?.available == true)
        #expect(slow.settledFinding == nil)
    }
}
