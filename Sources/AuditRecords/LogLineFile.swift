#if canImport(Glibc)
import Glibc
#endif

/// A log file opened to read single lines again at their offsets: the few records a replay's
/// report shows, which were read without their text (see `AuditRecord.lineOffset`).
final class LogLineFile {
    private let fd: Int32

    init?(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// The line starting at `offset`, without its newline; nil when nothing can be read there.
    func line(at offset: Int) -> [UInt8]? {
        var line: [UInt8] = []
        var position = offset
        var block = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return line.isEmpty ? nil : line }
            if let newline = block[..<count].firstIndex(of: 0x0A) {
                return line + block[..<newline]
            }
            line += block[..<count]
            position += count
        }
    }
}
