#if canImport(Glibc)
import Glibc
#endif

/// An open descriptor of one namespace (/proc/PID/ns/KIND), for children to setns into.
///
/// Holding the descriptor keeps the namespace alive only as long as this process lives: unlike
/// an `ip netns` bind mount, nothing of it outlasts a SIGKILL of the runner. The runner never
/// calls setns itself (it is multi-threaded); the descriptor is handed to a spawned child.
public final class NamespaceHandle: Sendable, CustomStringConvertible {
    public let fd: Int32
    public let kind: Namespaces
    /// The namespace's inode number: equal inodes (on nsfs) are the same namespace.
    public let inode: UInt64

    /// Opens the namespace of `kind` that process `pid` is in.
    public init(of pid: pid_t, kind: Namespaces) throws(KernelError) {
        guard let name = kind.procName else { preconditionFailure("one namespace kind at a time, not \(kind)") }
        let path = "/proc/\(pid)/ns/\(name)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw KernelError("open \(path)", errno: errno) }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let error = errno
            close(fd)
            throw KernelError("stat \(path)", errno: error)
        }
        self.fd = fd
        self.kind = kind
        self.inode = UInt64(info.st_ino)
    }

    deinit { close(fd) }

    /// The inode of a process's namespace of `kind`, or nil if the process is gone.
    public static func inode(of pid: pid_t, kind: Namespaces) -> UInt64? {
        guard let name = kind.procName else { return nil }
        var info = stat()
        return stat("/proc/\(pid)/ns/\(name)", &info) == 0 ? UInt64(info.st_ino) : nil
    }

    public var description: String { "\(kind.procName ?? "?"):[\(inode)]" }
}
