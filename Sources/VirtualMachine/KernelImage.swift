import Foundation

/// A kernel image given to `auditspec vm`, checked before anything boots.
///
/// QEMU will start on any file and the result of a wrong one is a silent hang or a firmware
/// message, so the image is read first: an x86 bzImage carries the boot protocol's "HdrS"
/// signature at 0x202 and, from protocol 2.00, a pointer at 0x20E to its version string
/// ("6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP ... Debian 6.1.192-2"), whose
/// first word is the release that names its config and modules (/boot/config-RELEASE,
/// /lib/modules/RELEASE). See Documentation/arch/x86/boot.rst.
public struct KernelImage: Sendable {
    public let path: String
    /// The whole version string, as `uname -v`/`/proc/version` will show it (may be empty).
    public let version: String
    /// `6.1.0-56-amd64`: the version string's first word.
    public let release: String
    public let sha256: String
    public let size: Int
    /// Said to the user when the image booted is not the path given (a build tree, a vmlinux).
    public private(set) var note: String?

    /// Where a kernel build tree keeps its bootable image.
    static let treeImage = "arch/x86/boot/bzImage"

    public static func inspect(_ path: String) throws(VMError) -> KernelImage {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw VMError(.usage, "\(path): no such file")
        }
        if isFolder.boolValue {
            // A build tree, as vng takes one: its bzImage, and its .config found from there.
            let built = path + "/" + treeImage
            guard FileManager.default.fileExists(atPath: built) else {
                throw VMError(.usage, "\(path) is a folder without \(treeImage): give a built kernel tree or the image itself (/boot/vmlinuz-RELEASE)")
            }
            var image = try inspect(built)
            image.note = "\(path) is a kernel build tree: booting its \(treeImage)"
            return image
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VMError(.usage, "\(path): cannot be read")
        }
        let bytes = [UInt8](data.prefix(0x1000))
        func byte(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }
        func word(_ offset: Int) -> Int { Int(byte(offset)) | Int(byte(offset + 1)) << 8 }

        let signature = bytes.count >= 0x206 ? String(decoding: bytes[0x202..<0x206], as: UTF8.self) : ""
        guard signature == "HdrS" else {
            if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) {
                // The vmlinux at a build tree's top: the same build's bzImage is beside it.
                let folder = (path as NSString).deletingLastPathComponent
                let built = (folder.isEmpty ? "." : folder) + "/" + treeImage
                guard FileManager.default.fileExists(atPath: built) else {
                    throw VMError(.usage, "\(path) is an ELF file (an uncompressed vmlinux?), not a bootable image, and no \(treeImage) is beside it: give the bzImage")
                }
                var image = try inspect(built)
                image.note = "\(path) is an uncompressed vmlinux: booting the bzImage of the same tree, \(built)"
                return image
            }
            throw VMError(.usage, "\(path) is not a Linux kernel image: an x86 bzImage has the signature 'HdrS' at offset 0x202 and this file (\(data.count) bytes) does not")
        }
        var version = ""
        let protocolVersion = word(0x206)
        let pointer = word(0x20E)
        if protocolVersion >= 0x200, pointer != 0 {
            let start = pointer + 0x200
            if start < data.count {
                let end = data[start...].prefix(512).firstIndex(of: 0) ?? min(start + 512, data.count)
                version = String(decoding: data[start..<end], as: UTF8.self)
            }
        }
        let release = version.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        return KernelImage(path: path, version: version, release: release, sha256: SHA256.hex(of: data), size: data.count)
    }
}
