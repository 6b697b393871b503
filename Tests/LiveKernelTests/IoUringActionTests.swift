import AuditKernel
import Foundation
import TestSupport
import Testing

/// The io_uring statement through the real binary on this kernel: by an agent and by the
/// runner, with its outcomes, its URINGOP records under a rule on the io_uring list; a wrong
/// outcome is an error naming both; nothing is left behind.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct IoUringActionTests {
    let root = LiveKernel.packageRoot

    @Test func openatAndCloseAreLoggedWithTheirOutcomes() throws {
        let before = try AuditStateReading.read()
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("io-uring-actions.scenario")], currentDirectory: root)
        // A kernel without the feature skips the scenario, saying why; nothing else may happen.
        if run.output.contains("SKIP") {
            #expect(run.status == 0 && run.output.contains("io_uring"), "\(run.output)")
            return
        }
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }

    @Test func anotherErrnoIsAnErrorNamingBoth() throws {
        let before = try AuditStateReading.read()
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("io-uring-wrong-outcome.scenario")], currentDirectory: root)
        // A kernel without the feature skips the scenario, saying why; nothing else may happen.
        if run.output.contains("SKIP") {
            #expect(run.status == 0 && run.output.contains("io_uring"), "\(run.output)")
            return
        }
        #expect(run.status == 1)
        #expect(run.output.contains("io-uring-wrong-outcome.scenario:6:1"), "\(run.output)")
        #expect(run.output.contains("by ringer: expected success, got ENOENT"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }
}
