import Foundation
import TestSupport
import Testing

/// `auditspec vm --record`: the guest runs the live path with recording on, and the host
/// writes the drafts from the results it brings back. In the VM suite, so that its boots never
/// run beside another one (both cores each).
extension VMIntegrationTests {
    @Test func aDraftIsWrittenFromWhatTheGuestsKernelLogged() throws {
        let image = try #require(DebianKernel.image)
        let draft = temporary("record-baseline.draft")
        defer { unlink(draft) }
        let vm = try Run.command([DebianKernel.binary, "vm", "--kernel", image, "--record", draft,
                                  "scenarios/baseline/dir-watch-create.scenario"], in: root, timeout: 900)
        #expect(!vm.timedOut)
        #expect(vm.status == 0, "\(vm.output)\n\(vm.errors)")
        let text = try String(contentsOfFile: draft, encoding: .utf8)
        #expect(text.contains("# in a VM on "), "\(text)")
        #expect(text.contains(" pid=$writer "), "\(text)")
        #expect(text.contains(" key=$key"), "\(text)")
        #expect(text.contains("type=PATH item=1 name=$tmp/created "), "\(text)")
        #expect(!text.contains("/tmp/auditspec."))
    }

    /// On a kernel carrying the ghak90 V11 patches (../shared/kernels/ghak90-v11, when this
    /// machine has it): the records V11 numbers 1020 and 1336 are named as the profile names
    /// them, in the draft and in the verbose listing.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: PatchedKernel.image), "no ghak90 V11 kernel at ../shared/kernels/ghak90-v11"))
    func aV11KernelsContainerRecordsAreNamedByTheProfile() throws {
        let draft = temporary("record-v11.draft")
        defer { unlink(draft) }
        let vm = try Run.command([DebianKernel.binary, "vm", "-v", "--kernel", PatchedKernel.image, "--config", PatchedKernel.config,
                                  "--record", draft, "scenarios/ghak90/contid-set.scenario"], in: root, timeout: 900)
        #expect(!vm.timedOut)
        try #require(vm.status == 0, "auditspec vm --record failed:\n\(vm.errors.suffix(4000))")
        let text = try String(contentsOfFile: draft, encoding: .utf8)
        #expect(text.contains("    type=CONTAINER_OP op=set opid=$child contid=123456 "), "\(text)\n\(vm.errors)")
        #expect(vm.output.contains("type=CONTAINER_OP msg=audit("), "the verbose records name it too:\n\(vm.output)")
        for shown in [text, vm.output] { #expect(!shown.contains("UNKNOWN[1020]")) }
    }
}
