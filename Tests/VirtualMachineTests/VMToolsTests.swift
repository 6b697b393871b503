import Testing
@testable import VirtualMachine

/// `auditspec vm` names every program it lacks, each with the way to install it, before it
/// starts anything.
@Suite struct VMToolsTests {
    @Test func everyMissingProgramIsNamedWithItsInstallLine() {
        let environment = ["PATH": "/nonexistent", "AUDITSPEC_VNG": "/nonexistent/vng"]
        #expect(throws: VMError.self) { try VMTools.find(environment: environment) }
        do {
            _ = try VMTools.find(environment: environment)
        } catch {
            let text = "\(error)"
            #expect(text.contains("missing what booting a kernel needs"), "\(text)")
            #expect(text.contains("vng: AUDITSPEC_VNG names /nonexistent/vng, which is not an executable file"), "\(text)")
            #expect(text.contains("qemu-system-x86_64: apt-get install qemu-system-x86"), "\(text)")
            #expect(text.contains("busybox") && text.contains("apt-get install busybox-static"), "\(text)")
        }
    }
}
