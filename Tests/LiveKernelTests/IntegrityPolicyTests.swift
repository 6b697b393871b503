import Foundation
import Testing

/// `ima policy` on this machine's kernel: refused (a SKIP with the reason) before any step,
/// since its rule would last until reboot; and the file statements it relies on to give its
/// scripts an owner of their own (`chmod 0711 $tmp`, a file made by another uid below it).
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct IntegrityPolicyTests {
    let root = LiveKernel.packageRoot

    @Test func anIMAPolicyRuleIsRefusedOnTheLiveKernel() throws {
        let policy = FileManager.default.contents(atPath: "/sys/kernel/security/ima/policy")

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("ima-policy.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("runs only inside a VM (it can lock or crash the kernel); refused on the live kernel"), "\(run.output)")
        #expect(run.output.contains("0 passed, 0 failed, 1 skipped"), "\(run.output)")
        #expect(FileManager.default.contents(atPath: "/sys/kernel/security/ima/policy") == policy)
    }

    @Test func tmpItselfTakesAFileStatementAndAnotherUidItsOwnFile() throws {
        let before = try AuditStateReading.read()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("file-tmp-itself.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }
}
