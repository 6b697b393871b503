import Foundation

/// A program's own GNU build id, from its ELF notes (the PT_NOTE segments): which build of
/// auditspec wrote a results file, when no release number says it.
public enum ProgramBuildID {
    /// The running executable's build id in lower-case hex, nil when it has none.
    public static func running() -> String? { of(path: "/proc/self/exe") }

    public static func of(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // The ELF header and the program headers are at the front: 64 KiB is plenty.
        guard let head = try? handle.read(upToCount: 1 << 16), head.count >= 64 else { return nil }
        let bytes = [UInt8](head)
        // ELF64, little-endian: the only kind this project builds for.
        guard bytes[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]), bytes[4] == 2, bytes[5] == 1 else { return nil }
        func integer(_ offset: Int, _ size: Int) -> Int? {
            guard offset >= 0, offset + size <= bytes.count else { return nil }
            return (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        guard let table = integer(0x20, 8), let entrySize = integer(0x36, 2), let count = integer(0x38, 2), entrySize >= 56 else { return nil }
        for index in 0..<count {
            let entry = table + index * entrySize
            // PT_NOTE is 4; the note's place and size in the file.
            guard integer(entry, 4) == 4, let offset = integer(entry + 8, 8), let size = integer(entry + 32, 8), size < 1 << 16 else { continue }
            guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let notes = try? handle.read(upToCount: size) else { continue }
            if let id = KernelBuildID.find(in: [UInt8](notes)) { return id }
        }
        return nil
    }
}
