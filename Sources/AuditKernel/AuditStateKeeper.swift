import CPOSIX
import Foundation
import POSIXSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Takes the snapshot before a run changes anything, and puts everything back after it.
///
/// Restoring is exact and idempotent: the rule list is compared byte for byte and rebuilt
/// only if it differs; each setting is written only if it differs. It never writes failure
/// mode 2 or enabled 2: a snapshot holding those was refused when it was taken.
///
/// Shared by every thread of a run: what they track is added to one snapshot under a lock and
/// saved whole each time, so the file always lists every process and folder under way. It keeps no socket: `restore(through:)` is given one.
public final class AuditStateKeeper: Sendable {
    public let store: SnapshotStore
    private let state: Mutex<AuditStateSnapshot>

    /// The state saved at the start, with what the run tracks now.
    public var snapshot: AuditStateSnapshot { state.withLock { $0 } }

    public enum BeginFailure: Error, CustomStringConvertible {
        case anotherRun(pid: Int32)
        case locked
        case kernel(KernelError)
        case store(Error)

        public var description: String {
            switch self {
            case .anotherRun(let pid):
                return "another auditspec run (pid \(pid)) is changing the audit state; wait for it to end"
            case .locked:
                return "the audit configuration is locked (enabled 2) until reboot: rules cannot be added or removed"
            case .kernel(let error): return error.description
            case .store(let error): return "cannot save the audit state snapshot: \(error)"
            }
        }
    }

    /// What a restore did, for the report.
    public struct RestoreReport: Sendable {
        public var actions: [String] = []
        public var problems: [String] = []
        public init() {}
    }

    /// Saves the current state. A snapshot left by a killed run is restored first (it holds
    /// the state from before that run, which is the state to keep); one owned by a live run
    /// stops this one.
    public init(socket: AuditSocket, store: SnapshotStore = SnapshotStore(),
                onStaleSnapshot: (AuditStateSnapshot, RestoreReport) -> Void = { _, _ in }) throws(BeginFailure) {
        self.store = store
        let existing: AuditStateSnapshot?
        do { existing = try store.load() } catch { throw .store(error) }
        if let existing {
            if existing.ownerIsAlive, existing.ownerPid != getpid() { throw .anotherRun(pid: existing.ownerPid) }
            let report = Self.restore(existing, through: socket, store: store)
            onStaleSnapshot(existing, report)
        }
        let snapshot: AuditStateSnapshot
        do {
            let status = try socket.status()
            if status.isLocked { throw BeginFailure.locked }
            let pid = getpid()
            snapshot = AuditStateSnapshot(ownerPid: pid, ownerStartTime: ProcStat(pid: pid)?.startTime, takenAt: Date(),
                                          status: status, rules: try socket.rules())
        } catch let error as KernelError {
            throw .kernel(error)
        } catch let error as BeginFailure {
            throw error
        } catch {
            throw .store(error)
        }
        do { try store.save(snapshot) } catch { throw .store(error) }
        state = Mutex(snapshot)
    }

    /// Changes the snapshot and appends the change to the store's journal, under the lock, so
    /// changes from threads at once are neither lost nor interleaved.
    private func update(_ entry: SnapshotJournal.Entry, _ change: (inout AuditStateSnapshot) -> Void) {
        state.withLock { snapshot in
            change(&snapshot)
            try? store.append(entry)
        }
    }

    /// Records a process the run started, so a later `restore` can end it if the run dies.
    public func track(_ process: ChildProcess) {
        track(pid: process.pid)
    }

    public func untrack(_ process: ChildProcess) {
        untrack(pid: process.pid)
    }

    /// Records a scratch folder of the run, so a later `restore` can remove it if the run dies.
    /// Only folders under /tmp named auditspec.* are ever recorded (and so ever removed).
    public func track(directory: String) {
        guard directory.hasPrefix("/tmp/auditspec."), !directory.contains("\n") else { return }
        update(.madeDirectory(directory)) { $0.directories = ($0.directories ?? []) + [directory] }
    }

    public func untrack(directory: String) {
        update(.removedDirectory(directory)) { $0.directories?.removeAll { $0 == directory } }
    }

    /// Records any process of the run by pid (an agent's child is not the runner's own child,
    /// but must not outlive the run either). The start time makes a reused pid safe.
    public func track(pid: pid_t) {
        guard let start = ProcStat(pid: pid)?.startTime else { return }
        let process = AuditStateSnapshot.Process(pid: pid, startTime: start)
        update(.started(process)) { $0.processes.append(process) }
    }

    public func untrack(pid: pid_t) {
        update(.ended(pid: pid)) { $0.processes.removeAll { $0.pid == pid } }
    }

    /// Whether a folder a snapshot names is a scratch folder a run made (`auditspec.*`
    /// in /tmp or in $TMPDIR), the only kind restore removes, whatever the file says.
    static func isScenarioFolder(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        let folders = ["/tmp"] + [ProcessInfo.processInfo.environment["TMPDIR"]].compactMap { $0 }
            .map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return url.lastPathComponent.hasPrefix("auditspec.") && url.path == path && folders.contains(parent)
    }

    /// Puts back the state from before the run and removes the snapshot file.
    public func restore(through socket: AuditSocket) -> RestoreReport {
        Self.restore(snapshot, through: socket, store: store)
    }

    /// Restores `snapshot`: ends its processes, removes its folders, rebuilds the rule list if
    /// it differs, resets the settings that differ, and removes the file if everything went back.
    public static func restore(_ snapshot: AuditStateSnapshot, through socket: AuditSocket,
                               store: SnapshotStore) -> RestoreReport {
        var report = RestoreReport()
        endProcesses(of: snapshot, into: &report)
        removeFolders(of: snapshot, into: &report)
        do {
            try restoreRules(snapshot.rules, through: socket, into: &report)
        } catch {
            report.problems.append("\(error)")
        }
        do {
            try restoreSettings(snapshot.status, through: socket, into: &report)
        } catch {
            report.problems.append("\(error)")
        }
        if report.problems.isEmpty { store.remove() }
        return report
    }

    /// Kills the snapshot's processes that still live, and waits for each (its pidfd turns
    /// readable when it exits), so that nothing of the run is left once restore returns.
    private static func endProcesses(of snapshot: AuditStateSnapshot, into report: inout RestoreReport) {
        var ending: [Int32] = []
        for process in snapshot.processes where ProcStat.isLive(pid: process.pid, startTime: process.startTime) {
            let pidfd = as_pidfd_open(process.pid)
            kill(-process.pid, SIGKILL)
            kill(process.pid, SIGKILL)
            if pidfd >= 0 { ending.append(pidfd) }
            report.actions.append("killed leftover process \(process.pid)")
        }
        let deadline = Poller.now() + 10
        while !ending.isEmpty, Poller.now() < deadline {
            let ended = (try? Poller.wait(for: ending, until: deadline, interruptible: false)) ?? []
            for fd in ended { close(fd) }
            ending.removeAll { ended.contains($0) }
        }
        for fd in ending {
            close(fd)
            report.problems.append("a killed process did not end within 10 s")
        }
    }

    /// Removes the snapshot's folders that are still there, scratch folders only.
    private static func removeFolders(of snapshot: AuditStateSnapshot, into report: inout RestoreReport) {
        for directory in snapshot.directories ?? [] where isScenarioFolder(directory)
            && FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.removeItem(atPath: directory)
                report.actions.append("removed leftover folder \(directory)")
            } catch {
                report.problems.append("cannot remove \(directory): \(error.localizedDescription)")
            }
        }
    }

    /// Rebuilds the rule list as `saved` if it differs, byte for byte.
    private static func restoreRules(_ saved: [AuditRule], through socket: AuditSocket,
                                     into report: inout RestoreReport) throws(KernelError) {
        let current = try socket.rules()
        guard current != saved else { return }
        for rule in current { try socket.delete(rule) }
        for rule in saved { try socket.add(rule) }
        report.actions.append("rule list rebuilt: \(current.count) removed, \(saved.count) put back")
    }

    /// Writes back each setting that differs from `saved`.
    private static func restoreSettings(_ saved: AuditStatus, through socket: AuditSocket,
                                        into report: inout RestoreReport) throws(KernelError) {
        let now = try socket.status()
        if now.backlogLimit != saved.backlogLimit {
            try socket.setBacklogLimit(saved.backlogLimit)
            report.actions.append("backlog_limit \(now.backlogLimit) -> \(saved.backlogLimit)")
        }
        if now.backlogWaitTime != saved.backlogWaitTime {
            try socket.setBacklogWaitTime(saved.backlogWaitTime)
            report.actions.append("backlog_wait_time \(now.backlogWaitTime) -> \(saved.backlogWaitTime)")
        }
        if now.rateLimit != saved.rateLimit {
            try socket.setRateLimit(saved.rateLimit)
            report.actions.append("rate_limit \(now.rateLimit) -> \(saved.rateLimit)")
        }
        if now.failure != saved.failure, let mode = AuditSocket.FailureMode(rawValue: saved.failure) {
            try socket.setFailure(mode)
            report.actions.append("failure \(now.failure) -> \(saved.failure)")
        }
        if now.enabled != saved.enabled, let enabled = AuditSocket.Enabled(rawValue: saved.enabled) {
            try socket.setEnabled(enabled)
            report.actions.append("enabled \(now.enabled) -> \(saved.enabled)")
        }
    }
}
