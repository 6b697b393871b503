import Foundation
import Synchronization
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
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw KernelError("open \(path)", errno: errno) }
        let operation = mode == .exclusive ? LOCK_EX : LOCK_SH
        if flock(fd, operation | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let error = errno
                close(fd)
                throw KernelError("lock \(path)", errno: error)
            }
            whileWaiting(LockHolder.holders(of: path).first)
            while flock(fd, operation) != 0 {
                let error = errno
                if error == EINTR, SignalTrap.caught == nil { continue }
                close(fd)
                throw KernelError("lock \(path)", errno: error)
            }
        }
        descriptor = Atomic(fd)
    }

    /// Lets go at once (also done when the lock is dropped). Safe from any thread, and twice.
    public func release() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
    }

    deinit { release() }
}

/// A process holding a flock on a file, as /proc/locks lists it.
public struct LockHolder: Hashable, Sendable, CustomStringConvertible {
    public var pid: pid_t
    public var exclusive: Bool
    /// Its command line, for a message (empty if it is gone).
    public var command: String

    public init(pid: pid_t, exclusive: Bool, command: String = "") {
        self.pid = pid
        self.exclusive = exclusive
        self.command = command
    }

    public var description: String { "pid \(pid)" + (command.isEmpty ? "" : " (\(command))") }

    /// Who holds a flock on the file at `path` now (waiters are left out).
    public static func holders(of path: String) -> [LockHolder] {
        var info = stat()
        guard stat(path, &info) == 0,
              let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return [] }
        // glibc's encoding of dev_t (its major() and minor() are macros Swift cannot call).
        let device = UInt64(info.st_dev)
        let major = UInt32(truncatingIfNeeded: ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff)))
        let minor = UInt32(truncatingIfNeeded: (device & 0xff) | ((device >> 12) & ~UInt64(0xff)))
        return parse(table, device: (major, minor), inode: UInt64(info.st_ino)).map { holder in
            var named = holder
            named.command = commandLine(of: holder.pid)
            return named
        }
    }

    /// The flock holders of one file in the text of /proc/locks:
    /// `1: FLOCK  ADVISORY  WRITE 8510 fe:00:16261415 0 EOF` (major and minor in hex);
    /// a line with `->` is a process waiting for that lock, not holding it.
    public static func parse(_ table: String, device: (major: UInt32, minor: UInt32), inode: UInt64) -> [LockHolder] {
        table.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 6, words[1] == "FLOCK", let pid = pid_t(words[4]) else { return nil }
            let place = words[5].split(separator: ":")
            guard place.count == 3, UInt32(place[0], radix: 16) == device.major, UInt32(place[1], radix: 16) == device.minor,
                  UInt64(place[2]) == inode else { return nil }
            return LockHolder(pid: pid, exclusive: words[3] == "WRITE")
        }
    }

    static func commandLine(of pid: pid_t) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}

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
