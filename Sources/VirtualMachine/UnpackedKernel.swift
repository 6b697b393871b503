import Foundation

/// The kernel under test unpacked from its bzImage into the ELF vmlinux, which QEMU boots
/// through the PVH entry point (CONFIG_PVH), so that an emulated guest does not decompress
/// itself.
///
/// Under software emulation that decompression is slow: the decompressor is a long run of
/// plain CPU work, which emulation makes many times slower, before the kernel prints a line.
/// Unpacked, it is the same kernel (its build id is the same); only the entry differs, which
/// the report says. The unpacked file is cached by the image's hash, since a patch author
/// boots one image many times.
enum UnpackedKernel {
    enum Choice: Equatable {
        /// Boot this ELF file; `fresh`: unpacked by this run rather than found in the cache.
        case unpacked(path: String, fresh: Bool)
        /// Boot the bzImage as given, and why.
        case bzImage(why: String)
    }

    /// Unpacked files kept (the oldest others go).
    static let cacheSize = 3

    static func prepare(_ image: KernelImage, pvh: Bool, cacheFolder: String) -> Choice {
        guard pvh else { return .bzImage(why: "CONFIG_PVH is not set: QEMU boots only a bzImage of it") }
        let target = "\(cacheFolder)/vmlinux-\(image.sha256.prefix(32))"
        if FileManager.default.isReadableFile(atPath: target) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: target)  // newest in `trim`'s order
            return .unpacked(path: target, fresh: false)
        }
        guard let data = FileManager.default.contents(atPath: image.path) else { return .bzImage(why: "\(image.path) cannot be read") }
        let kernel: [UInt8]
        switch KernelPayload.unpack(Array(data)) {
        case .kernel(let bytes): kernel = bytes
        case .absent: return .bzImage(why: "the image does not say where its payload is (boot protocol before 2.08)")
        case .unreadable(let reason): return .bzImage(why: "its payload could not be unpacked: \(reason)")
        }
        guard hasPVHEntry(kernel) else { return .bzImage(why: "the unpacked kernel has no PVH entry note") }
        do {
            try FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
            let partial = target + ".partial-\(getpid())"
            guard FileManager.default.createFile(atPath: partial, contents: Data(kernel)) else {
                return .bzImage(why: "cannot write \(partial)")
            }
            // Whole or not at all: another run may be reading the cache.
            guard rename(partial, target) == 0 else {
                unlink(partial)
                return .bzImage(why: "cannot move the unpacked kernel to \(target)")
            }
        } catch {
            return .bzImage(why: "cannot make \(cacheFolder): \(error.localizedDescription)")
        }
        trim(cacheFolder, keeping: target)
        return .unpacked(path: target, fresh: true)
    }

    /// Whether `elf` (a 64-bit little-endian ELF) carries the note QEMU boots through: owner
    /// "Xen", type XEN_ELFNOTE_PHYS32_ENTRY (18), in a PT_NOTE segment.
    static func hasPVHEntry(_ elf: [UInt8]) -> Bool {
        func int(_ at: Int, _ size: Int) -> Int? {
            guard at >= 0, at + size <= elf.count else { return nil }
            return (0..<size).reduce(0) { $0 | Int(elf[at + $1]) << (8 * $1) }
        }
        guard elf.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]),
              let table = int(0x20, 8), let entrySize = int(0x36, 2), let count = int(0x38, 2) else { return false }
        for index in 0..<count {
            let header = table + index * entrySize
            guard let type = int(header, 4), type == 4,  // PT_NOTE
                  let offset = int(header + 8, 8), let size = int(header + 0x20, 8) else { continue }
            var at = offset
            while at + 12 <= offset + size {
                guard let nameSize = int(at, 4), let descSize = int(at + 4, 4), let noteType = int(at + 8, 4) else { break }
                let name = at + 12
                if noteType == 18, nameSize == 4, name + 4 <= elf.count, elf[name..<(name + 4)].elementsEqual([0x58, 0x65, 0x6E, 0x00]) {
                    return true
                }
                at = name + (nameSize + 3) / 4 * 4 + (descSize + 3) / 4 * 4
            }
        }
        return false
    }

    /// Removes all but the newest `cacheSize` unpacked kernels (never `keeping`).
    static func trim(_ folder: String, keeping: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let files = names.filter { $0.hasPrefix("vmlinux-") }.map { folder + "/" + $0 }
        let dated = files.map { path in
            (path, (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast)
        }.sorted { $0.1 > $1.1 }
        for (path, _) in dated.dropFirst(cacheSize) where path != keeping { unlink(path) }
    }

    /// Where unpacked kernels are kept: $XDG_CACHE_HOME/auditspec, else ~/.cache/auditspec.
    static func defaultCacheFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/auditspec" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/auditspec"
    }
}
