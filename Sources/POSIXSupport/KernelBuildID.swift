import Foundation

/// The running kernel's GNU build id, from the ELF notes it exposes in /sys/kernel/notes.
///
/// It names one exact build, where the release string (`6.1.0-56-amd64`) names a whole
/// series of them: two patch revisions built from the same tree share a release but never a
/// build id. The notes are a packed sequence of ELF note headers (namesz, descsz, type, each a
/// 32-bit word in the kernel's byte order), each name and descriptor padded to 4 bytes.
public enum KernelBuildID {
    /// NT_GNU_BUILD_ID, with the owner "GNU".
    static let noteType: UInt32 = 3

    /// The build id in lower-case hex, nil when the kernel has none or the file cannot be read.
    public static func running(notesPath: String = "/sys/kernel/notes") -> String? {
        guard let data = FileManager.default.contents(atPath: notesPath) else { return nil }
        return find(in: [UInt8](data))
    }

    /// Walks the notes; any malformed length ends the walk rather than reading past the end.
    static func find(in bytes: [UInt8]) -> String? {
        func word(_ offset: Int) -> UInt32? {
            guard offset >= 0, offset + 4 <= bytes.count else { return nil }
            return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        func padded(_ size: UInt32) -> Int { (Int(size) + 3) & ~3 }
        var offset = 0
        while let nameSize = word(offset), let descriptorSize = word(offset + 4), let type = word(offset + 8) {
            let nameStart = offset + 12
            let descriptorStart = nameStart + padded(nameSize)
            let end = descriptorStart + padded(descriptorSize)
            guard nameSize < 4096, descriptorSize < 4096, end <= bytes.count else { return nil }
            let name = bytes[nameStart..<nameStart + Int(nameSize)]
            if type == noteType, name.elementsEqual(Array("GNU\0".utf8)), descriptorSize > 0 {
                return bytes[descriptorStart..<descriptorStart + Int(descriptorSize)].map { String(format: "%02x", $0) }.joined()
            }
            offset = end
        }
        return nil
    }
}
