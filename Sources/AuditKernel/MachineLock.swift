#if canImport(Glibc)
import Glibc
#endif

/// A lock over what is one for the whole machine: the audit settings, the rule list, the
/// count of network namespaces and processes a test or scenario compares before and after.
///
/// flock(2) on /run/auditspec/machine.lock: shared for work that only adds its own uniquely
/// keyed things, exclusive for work that changes global state (backlog, lost counter,
/// enabled flag, the exclude list) or counts what is on the machine. Locks belong to the open
/// file, so two holders in one process exclude each other as two processes do, and the
/// kernel drops a lock when its holder dies, even by SIGKILL: no stale lock file to clean.
public final class MachineLock: @unchecked Sendable {
    public enum Mode: Sendable { case shared, exclusive }

    public static let defaultPath = "/run/auditspec/machine.lock"
    private var fd: Int32

    /// Waits until the lock is granted. The wait is the kernel's (flock blocks until the holder
    /// lets go); a trapped SIGINT or SIGTERM ends it with `Interrupted`.
    public init(_ mode: Mode, path: String = MachineLock.defaultPath) throws(KernelError) {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { mkdir(folder, 0o700) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw KernelError("open \(path)", errno: errno) }
        while flock(fd, mode == .exclusive ? LOCK_EX : LOCK_SH) != 0 {
            let error = errno
            if error == EINTR, SignalTrap.caught == nil { continue }
            close(fd)
            throw KernelError("lock \(path)", errno: error)
        }
        self.fd = fd
    }

    /// Lets go at once (also done when the lock is dropped).
    public func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }
}
