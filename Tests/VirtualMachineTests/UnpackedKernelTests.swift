import Foundation
import Testing
@testable import VirtualMachine

/// Under emulation the kernel boots unpacked, through its PVH entry, when it has one; the
/// unpacked file is cached by the image's hash.
struct UnpackedKernelTests {
    /// A 64-bit ELF with one PT_NOTE segment holding a "Xen" note of `noteType`
    /// (18: XEN_ELFNOTE_PHYS32_ENTRY, the PVH entry).
    static func elf(noteType: UInt32) -> [UInt8] {
        func le(_ value: Int, _ size: Int) -> [UInt8] { (0..<size).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        var header = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 64 - 7)
        header.replaceSubrange(0x20..<0x28, with: le(64, 8))   // e_phoff
        header.replaceSubrange(0x36..<0x38, with: le(56, 2))   // e_phentsize
        header.replaceSubrange(0x38..<0x3A, with: le(1, 2))    // e_phnum
        let note = le(4, 4) + le(4, 4) + le(Int(noteType), 4) + Array("Xen\0".utf8) + le(0x1000000, 4)
        var program = [UInt8](repeating: 0, count: 56)
        program.replaceSubrange(0..<4, with: le(4, 4))          // PT_NOTE
        program.replaceSubrange(8..<16, with: le(120, 8))       // p_offset
        program.replaceSubrange(0x20..<0x28, with: le(note.count, 8))
        return header + program + note + [UInt8](repeating: 0xCC, count: 4096)
    }

    @Test func thePVHEntryNoteIsFound() {
        #expect(UnpackedKernel.hasPVHEntry(Self.elf(noteType: 18)))
        #expect(!UnpackedKernel.hasPVHEntry(Self.elf(noteType: 17)))
        #expect(!UnpackedKernel.hasPVHEntry(Array("not an elf".utf8)))
        // A truncated file is read no further than it goes.
        #expect(!UnpackedKernel.hasPVHEntry(Array(Self.elf(noteType: 18).prefix(130))))
    }

    @Test func aPVHKernelIsUnpackedOnceThenTakenFromTheCache() throws {
        let path = try EmbeddedConfigTests.image(compressor: "xz", kernel: Self.elf(noteType: 18))
        let cache = (path as NSString).deletingLastPathComponent + "/cache"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let image = try KernelImage.inspect(path)
        let first = UnpackedKernel.prepare(image, pvh: true, cacheFolder: cache)
        guard case .unpacked(let unpacked, let fresh) = first else { Issue.record("not unpacked: \(first)"); return }
        #expect(fresh)
        #expect(FileManager.default.contents(atPath: unpacked) == Data(Self.elf(noteType: 18)))
        #expect(UnpackedKernel.prepare(image, pvh: true, cacheFolder: cache) == .unpacked(path: unpacked, fresh: false))
    }

    @Test func otherwiseTheBzImageBootsAndTheReasonIsSaid() throws {
        let path = try EmbeddedConfigTests.image(compressor: "gzip", kernel: Self.elf(noteType: 17))
        let cache = (path as NSString).deletingLastPathComponent + "/cache"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let image = try KernelImage.inspect(path)
        #expect(UnpackedKernel.prepare(image, pvh: false, cacheFolder: cache) == .bzImage(why: "CONFIG_PVH is not set: QEMU boots only a bzImage of it"))
        #expect(UnpackedKernel.prepare(image, pvh: true, cacheFolder: cache) == .bzImage(why: "the unpacked kernel has no PVH entry note"))
        #expect(!FileManager.default.fileExists(atPath: cache + "/vmlinux-\(image.sha256.prefix(32))"))
    }

    @Test func theCacheKeepsTheNewestFew() throws {
        let folder = NSTemporaryDirectory() + "auditspec-kcache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for index in 0..<5 {
            let file = "\(folder)/vmlinux-\(index)"
            #expect(FileManager.default.createFile(atPath: file, contents: Data([UInt8(index)])))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(1_000_000 + index))], ofItemAtPath: file)
        }
        UnpackedKernel.trim(folder, keeping: "\(folder)/vmlinux-0")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == ["vmlinux-0", "vmlinux-2", "vmlinux-3", "vmlinux-4"])
    }
}
