#if canImport(Glibc)
import Glibc
#endif

/// Raw writes and reads of files such as /proc/PID/audit_containerid, where what matters is
/// the errno of the write(2) itself, not a shell's message about it.
public enum ProcFile {
    /// Opens `path` for writing and writes `value` in one write(2) at offset 0.
    /// Returns nil on success, or the errno of the open or the write.
    public static func write(_ value: [UInt8], to path: String) -> Int32? {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd < 0 { return errno }
        defer { close(fd) }
        let written = value.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        return written < 0 ? errno : nil
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
