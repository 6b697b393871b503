import Foundation
import Testing
@testable import VirtualMachine

/// A kernel's config is checked before booting: one without audit, or without what the shared
/// root needs, is explained and never booted.
struct ConfigCheckTests {
    @Test func configsAreReadAsWritten() {
        let config = KernelConfig(text: "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"text\"\nCONFIG_D=m\n", source: "inline")
        #expect(config["CONFIG_A"] == "y")
        #expect(config["CONFIG_B"] == "n")
        #expect(config["CONFIG_C"] == "text")
        #expect(config["CONFIG_D"] == "m")
        #expect(config["CONFIG_MISSING"] == "n")
    }

    @Test func debiansKernelPassesWithItsModules() throws {
        let config = try KernelConfig.read(Fixture.path("config-debian-6.1"))
        let check = ConfigCheck(config, modulesFolder: "/lib/modules/6.1.0-56-amd64")
        #expect(check.errors == [])
        #expect(check.isBootable)
        #expect(check.neededModules.contains("CONFIG_9P_FS"))
    }

    @Test func modulesThatTheBootNeedsMustExist() throws {
        let config = try KernelConfig.read(Fixture.path("config-debian-6.1"))
        let check = ConfigCheck(config, modulesFolder: nil)
        #expect(!check.isBootable)
        #expect(check.errors.first?.contains("CONFIG_VIRTIO_PCI, CONFIG_NET_9P") == true)
        #expect(check.errors.first?.contains("built as modules") == true)
    }

    @Test func aKernelWithoutAuditIsExplained() throws {
        let config = try KernelConfig.read(Fixture.path("config-no-audit"))
        let check = ConfigCheck(config, modulesFolder: "/lib/modules/6.1.0-56-amd64")
        #expect(!check.isBootable)
        let text = check.explanation(for: config)
        #expect(text.contains("CONFIG_AUDIT is not set, needs y: the audit subsystem itself"))
        #expect(text.contains("CONFIG_AUDITSYSCALL is not set, needs y"))
        #expect(text.contains("config-no-audit"))
    }

    @Test func aFileThatIsNoConfigIsRefused() {
        #expect { _ = try KernelConfig.read(Fixture.path("not-a-kernel.txt")) } throws: { "\($0)".contains("is not a kernel config") }
    }

    @Test func theConfigIsFoundBesideTheImageOrInTheBuildTree() throws {
        let root = NSTemporaryDirectory() + "auditspec-config-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fake = KernelImageTests.fakeBzImage(version: "6.9.0-test (dev@host) #1")
        let configText = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("config-debian-6.1")))

        // As a distribution installs it: boot/vmlinuz-R beside boot/config-R.
        try FileManager.default.createDirectory(atPath: root + "/boot", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/boot/vmlinuz-6.9.0-test", contents: Data(fake)))
        #expect(FileManager.default.createFile(atPath: root + "/boot/config-6.9.0-test", contents: configText))
        let installed = try KernelImage.inspect(root + "/boot/vmlinuz-6.9.0-test")
        #expect(try KernelConfig.locate(for: installed, explicit: nil).source == root + "/boot/config-6.9.0-test")

        // As a build leaves it: linux/arch/x86/boot/bzImage under linux/{Makefile,.config}.
        try FileManager.default.createDirectory(atPath: root + "/linux/arch/x86/boot", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/linux/arch/x86/boot/bzImage", contents: Data(fake)))
        #expect(FileManager.default.createFile(atPath: root + "/linux/Makefile", contents: Data()))
        #expect(FileManager.default.createFile(atPath: root + "/linux/.config", contents: configText))
        let built = try KernelImage.inspect(root + "/linux/arch/x86/boot/bzImage")
        #expect(try KernelConfig.locate(for: built, explicit: nil).source.hasSuffix("/linux/.config"))

        // Nowhere: the error says where it looked and what to pass.
        try FileManager.default.removeItem(atPath: root + "/linux/.config")
        #expect { _ = try KernelConfig.locate(for: built, explicit: nil) } throws: { "\($0)".contains("pass it with --config FILE") }
    }
}
