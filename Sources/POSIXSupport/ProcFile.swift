import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

/// Raw writes and reads of files such as /proc/PID/audit_containerid, where what matters is
/// the errno of the write(2) itself, not a shell's message about it.
public enum ProcFile {
    /// Opens `path` for writing and writes `value` in one write(2) at offset 0 (one pwrite(2)
    /// at `offset` otherwise: the patches refuse a write that does not start at 0).
    /// The errno of the open or the write is the answer.
    public static func write(_ value: [UInt8], to path: String, offset: Int = 0) -> Result<Void, Errno> {
        // O_NONBLOCK: the runner itself must never hang in a write. /proc and regular files
        // ignore it; a FIFO without a reader answers ENXIO instead of blocking the whole run.
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { return .failure(.current) }
        defer { close(fd) }
        let written = value.withUnsafeBytes {
            offset == 0 ? Glibc.write(fd, $0.baseAddress, $0.count) : pwrite(fd, $0.baseAddress, $0.count, off_t(offset))
        }
        return written < 0 ? .failure(.current) : .success(())
    }

    /// Reads `path` from its start, up to `limit` bytes (a /proc file's value, never a log).
    /// O_NONBLOCK, as for writes: a FIFO without a writer must not hang the run.
    public static func read(_ path: String, limit: Int = 65536) throws(KernelError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw KernelError("open \(path)", errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = Glibc.read(fd, &buffer, min(buffer.count, limit - bytes.count))
            if count < 0 {
                if errno == EINTR { continue }
                throw KernelError("read \(path)", errno: errno)
            }
            if count == 0 { break }
            bytes += buffer.prefix(count)
        }
        return bytes
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// /proc/PID/audit_containerid (ghak90).
    public static func containerIDPath(of pid: pid_t) -> String { "/proc/\(pid)/audit_containerid" }
    /// /proc/PID/audit_capcontainerid (ghak90 V7 and later).
    public static func capContainerIDPath(of pid: pid_t) -> String { "/proc/\(pid)/audit_capcontainerid" }
    /// /proc/PID/loginuid: writable by its own task only.
    public static func loginUIDPath(of pid: pid_t) -> String { "/proc/\(pid)/loginuid" }
}
