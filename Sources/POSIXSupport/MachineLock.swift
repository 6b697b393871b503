import Foundation
import Synchronization
import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

/// A lock over what is one for the whole machine: the audit settings, the rule list, the
/// count of network namespaces and processes a test or scenario compares before and after.
///
/// flock(2) on /run/auditspec/machine.lock: shared for work that only adds its own uniquely
/// keyed things, exclusive for work that changes global state (backlog, lost counter,
/// enabled flag, the exclude list) or counts what is on the machine. A whole `auditspec run`
/// holds it exclusively, from before its snapshot to after its restore. Locks belong to the
/// open file, so two holders in one process exclude each other as two processes do, and the
/// kernel drops a lock when its holder dies, even by SIGKILL: no stale lock file to clean.
public final class MachineLock: Sendable {
    public enum Mode: Sendable { case shared, exclusive }

    public static let defaultPath = "/run/auditspec/machine.lock"

    /// Set by a holder in the environment of a child that works under its lock (a test that
    /// holds the lock and runs `auditspec run`): the holder's pid. See `MachineClaim`.
    public static let holderVariable = "AUDITSPEC_MACHINE_LOCK_HOLDER"

    /// The open lock file, or -1 once released.
    private let descriptor: Atomic<Int32>

    /// Waits until the lock is granted. If another process holds it, `whileWaiting` is told
    /// who (from /proc/locks) before the wait starts. The wait is the kernel's (flock blocks
    /// until the holder lets go); a trapped SIGINT or SIGTERM ends it with errno EINTR.
    public init(_ mode: Mode, path: String = MachineLock.defaultPath,
                whileWaiting: (LockHolder?) -> Void = { _ in }) throws(KernelError) {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { mkdir(folder, 0o700) }
        let file: FileDescriptor
        switch FileDescriptor.opened(open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)) {
        case .success(let opened): file = opened
        case .failure(let error): throw KernelError("open \(path)", errno: error)
        }
        let operation = mode == .exclusive ? LOCK_EX : LOCK_SH
        try file.closeOnError { () throws(KernelError) in
            if flock(file.rawValue, operation | LOCK_NB) == 0 { return }
            guard errno == EWOULDBLOCK else { throw KernelError("lock \(path)", errno: errno) }
            whileWaiting(LockHolder.holders(of: path).first)
            while flock(file.rawValue, operation) != 0 {
                let error = errno
                if error == EINTR, SignalTrap.caught == nil { continue }
                throw KernelError("lock \(path)", errno: error)
            }
        }
        descriptor = Atomic(file.rawValue)
    }

    /// Lets go at once (also done when the lock is dropped). Safe from any thread, and twice.
    public func release() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
    }

    deinit { release() }
}
