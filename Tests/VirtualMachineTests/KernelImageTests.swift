import Foundation
import Testing
@testable import VirtualMachine

/// Images are checked before booting: a file that is not a kernel gets a clear error, a
/// bzImage gives up its release (which names its config and modules) and its hash.
struct KernelImageTests {
    func temporary(_ name: String, _ bytes: [UInt8]) -> String {
        let path = NSTemporaryDirectory() + "auditspec-image-\(getpid())-\(name)"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    /// The smallest file with a bzImage setup header: "HdrS", protocol 2.15, and a version string.
    static func fakeBzImage(version: String) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 0x400)
        bytes[0x1FE] = 0x55; bytes[0x1FF] = 0xAA
        bytes.replaceSubrange(0x202..<0x206, with: Array("HdrS".utf8))
        bytes[0x206] = 0x0F; bytes[0x207] = 0x02
        let at = 0x300
        bytes[0x20E] = UInt8((at - 0x200) & 0xFF); bytes[0x20F] = UInt8((at - 0x200) >> 8)
        bytes.replaceSubrange(at..<at + version.utf8.count, with: Array(version.utf8))
        return bytes
    }

    @Test func notAKernelIsRefusedWithTheReason() {
        #expect {
            _ = try KernelImage.inspect(Fixture.path("not-a-kernel.txt"))
        } throws: { error in
            let message = "\(error)"
            return message.contains("is not a Linux kernel image") && message.contains("'HdrS' at offset 0x202")
        }
    }

    @Test func anELFFileIsToldToUseTheBzImage() {
        let path = temporary("vmlinux", [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 0x300))
        defer { unlink(path) }
        #expect { _ = try KernelImage.inspect(path) } throws: { "\($0)".contains("arch/x86/boot/bzImage") }
    }

    /// A build tree, or its vmlinux, boots the tree's bzImage, and the user is told so.
    @Test func aBuildTreeAndItsVmlinuxBootTheTreesBzImage() throws {
        let tree = NSTemporaryDirectory() + "auditspec-tree-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try FileManager.default.createDirectory(atPath: tree + "/arch/x86/boot", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: tree + "/arch/x86/boot/bzImage", contents: Data(Self.fakeBzImage(version: "6.9.0-v11+ #1"))))
        #expect(FileManager.default.createFile(atPath: tree + "/vmlinux", contents: Data([0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 0x300))))

        let fromTree = try KernelImage.inspect(tree)
        let fromVmlinux = try KernelImage.inspect(tree + "/vmlinux")

        #expect(fromTree.path == tree + "/arch/x86/boot/bzImage")
        #expect(fromTree.release == "6.9.0-v11+")
        #expect(fromTree.note?.contains("build tree") == true)
        #expect(fromVmlinux.path == tree + "/arch/x86/boot/bzImage")
        #expect(fromVmlinux.note?.contains("uncompressed vmlinux") == true)
    }

    @Test func aMissingFileAndAFolderAreUsageErrors() {
        #expect { _ = try KernelImage.inspect("/nonexistent/bzImage") } throws: { ($0 as? VMError)?.kind == .usage }
        #expect { _ = try KernelImage.inspect(NSTemporaryDirectory()) } throws: { "\($0)".contains("is a folder") }
    }

    @Test func theReleaseComesFromTheSetupHeader() throws {
        let path = temporary("bzImage", Self.fakeBzImage(version: "6.9.0-ghak90-v11+ (dev@host) #3 SMP PREEMPT_DYNAMIC"))
        defer { unlink(path) }
        let image = try KernelImage.inspect(path)
        #expect(image.release == "6.9.0-ghak90-v11+")
        #expect(image.version.hasSuffix("#3 SMP PREEMPT_DYNAMIC"))
        #expect(image.sha256.count == 64)
    }

    @Test(.enabled(if: DebianKernel.image != nil, "no Debian kernel in /boot"))
    func debiansKernelIsRead() throws {
        let path = try #require(DebianKernel.image)
        let image = try KernelImage.inspect(path)
        #expect(path.hasSuffix("vmlinuz-" + image.release))
        #expect(image.version.contains("Debian"))
    }

    @Test func sha256MatchesTheStandardsVectors() {
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var split = SHA256()
        split.update(Data("abcdbcdecdefdefgefghfghighij".utf8))
        split.update(Data("hijkijkljklmklmnlmnomnopnopq".utf8))
        #expect(split.finish() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
