import AuditKernel
import Foundation
import TestSupport
import Testing

/// The socketcall statement through the real binary on this kernel: an i386 socketcall by an
/// agent (IPv4, IPv6) and by the runner, logged as arch=i386 with its SOCKETCALL and SOCKADDR;
/// a wrong outcome is an error naming both; nothing is left behind.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct SocketcallActionTests {
    let root = LiveKernel.packageRoot

    @Test func connectIsLoggedAsAnI386Socketcall() throws {
        let before = try AuditStateReading.read()
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("socketcall-actions.scenario")], currentDirectory: root)
        // A kernel without the feature skips the scenario, saying why; nothing else may happen.
        if run.output.contains("SKIP") {
            #expect(run.status == 0 && run.output.contains("IA32 emulation"), "\(run.output)")
            return
        }
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }

    @Test func anotherErrnoIsAnErrorNamingBoth() throws {
        let before = try AuditStateReading.read()
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("socketcall-wrong-outcome.scenario")], currentDirectory: root)
        // A kernel without the feature skips the scenario, saying why; nothing else may happen.
        if run.output.contains("SKIP") {
            #expect(run.status == 0 && run.output.contains("IA32 emulation"), "\(run.output)")
            return
        }
        #expect(run.status == 1)
        #expect(run.output.contains("socketcall-wrong-outcome.scenario:6:1"), "\(run.output)")
        #expect(run.output.contains("by caller: expected success, got ECONNREFUSED"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }
}
