import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a process has the machine to itself: by holding the machine lock, or under the lock of
/// an ancestor that holds it and said so in `AUDITSPEC_MACHINE_LOCK_HOLDER`.
///
/// A lock belongs to an open file, and the tools that start processes (Foundation's Process
/// among them) close every descriptor but the standard three in the child, so the holder's
/// lock cannot be handed down as a descriptor. The child checks the word instead of trusting
/// it: the named process must be its ancestor and must hold the lock (exclusively, for
/// exclusive work) now, as /proc/locks shows; otherwise it takes the lock itself.
public enum MachineClaim: Sendable {
    case locked(MachineLock)
    case lent(by: pid_t)

    public static func claim(_ mode: MachineLock.Mode, path: String = MachineLock.defaultPath,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             whileWaiting: (LockHolder?) -> Void = { _ in }) throws(KernelError) -> MachineClaim {
        if let word = environment[MachineLock.holderVariable], let holder = pid_t(word),
           isLent(by: holder, mode: mode, path: path) {
            return .lent(by: holder)
        }
        return .locked(try MachineLock(mode, path: path, whileWaiting: whileWaiting))
    }

    static func isLent(by holder: pid_t, mode: MachineLock.Mode, path: String) -> Bool {
        guard ProcStat.ancestors(of: getpid()).contains(holder) else { return false }
        return LockHolder.holders(of: path).contains { $0.pid == holder && ($0.exclusive || mode == .shared) }
    }

    /// Lets go of a lock held here (a lent one is the lender's to release).
    public func release() {
        if case .locked(let lock) = self { lock.release() }
    }
}
