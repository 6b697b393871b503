import Foundation
#if canImport(Glibc)
import Glibc
import POSIXSupport
#endif

/// The kernel's audit state as a run found it, saved before anything is changed.
///
/// It lives in a file so that a run killed with SIGKILL, or a crash, still leaves what
/// `auditspec restore` needs: the settings, the exact rules, and the processes the run started.
public struct AuditStateSnapshot: Codable, Hashable, Sendable {
    public struct Process: Codable, Hashable, Sendable {
        public var pid: Int32
        /// With the pid, names the process uniquely (a recycled pid has another start time).
        public var startTime: UInt64

        public init(pid: Int32, startTime: UInt64) {
            self.pid = pid
            self.startTime = startTime
        }
    }

    /// The run that took it; while that process lives, no other run may start.
    public var ownerPid: Int32
    public var ownerStartTime: UInt64?
    public var takenAt: Date
    public var status: AuditStatus
    public var rules: [AuditRule]
    /// Processes the run started that must not outlive it.
    public var processes: [Process]
    /// Scratch folders the run made (`auditspec.*`): removed by `restore` if the run dies.
    /// Optional so that a snapshot written before this field existed still reads.
    public var directories: [String]?

    public init(ownerPid: Int32, ownerStartTime: UInt64?, takenAt: Date, status: AuditStatus, rules: [AuditRule],
                processes: [Process] = []) {
        self.ownerPid = ownerPid
        self.ownerStartTime = ownerStartTime
        self.takenAt = takenAt
        self.status = status
        self.rules = rules
        self.processes = processes
    }

    /// Whether the run that took the snapshot is still alive.
    public var ownerIsAlive: Bool {
        guard let start = ownerStartTime else { return ProcStat(pid: ownerPid)?.isLive ?? false }
        return ProcStat.isLive(pid: ownerPid, startTime: start)
    }
}

/// Where the snapshot is kept: /run/auditspec/snapshot.json (tmpfs, so a reboot, which
/// resets the kernel's audit state anyway, also forgets it).
public struct SnapshotStore: Sendable {
    public var directory: String

    public init(directory: String = "/run/auditspec") { self.directory = directory }

    public var path: String { directory + "/snapshot.json" }
    /// Processes and folders tracked since the snapshot was written (see SnapshotJournal).
    public var journalPath: String { directory + "/snapshot.journal" }

    /// The snapshot with its journal applied, or nil if there is none.
    public func load() throws -> AuditStateSnapshot? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let snapshot = try decoder.decode(AuditStateSnapshot.self, from: data)
        guard let journal = FileManager.default.contents(atPath: journalPath) else { return snapshot }
        return SnapshotJournal.apply(Array(journal), to: snapshot)
    }

    /// Writes the whole snapshot atomically (a temporary file renamed over the old one), so a
    /// kill mid-write leaves either the old snapshot or the new one, never half of one; then
    /// empties the journal, which the new file includes (replaying it again would be harmless).
    public func save(_ snapshot: AuditStateSnapshot) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(snapshot).write(to: URL(fileURLWithPath: path), options: .atomic)
        unlink(journalPath)
    }

    /// Adds one change to the journal: one write(2) of one line, appended.
    public func append(_ entry: SnapshotJournal.Entry) throws {
        let bytes = Array(entry.line.utf8)
        let fd = open(journalPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw KernelError("open \(journalPath)", errno: errno) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count { throw KernelError("append to \(journalPath)", errno: written < 0 ? errno : EIO) }
    }

    public func remove() {
        unlink(journalPath)
        try? FileManager.default.removeItem(atPath: path)
    }
}
