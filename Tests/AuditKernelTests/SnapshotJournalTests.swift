import AuditKernel
import Foundation
import Testing

/// The snapshot's journal: what a run tracked since the snapshot was written, read back as
/// `restore` would read it after a SIGKILL.
struct SnapshotJournalTests {
    static func snapshot(processes: [AuditStateSnapshot.Process] = []) -> AuditStateSnapshot {
        AuditStateSnapshot(ownerPid: 1, ownerStartTime: 2, takenAt: Date(timeIntervalSince1970: 0),
                           status: AuditStatus(enabled: 0, failure: 1, daemonPid: 0, rateLimit: 0, backlogLimit: 64, lost: 0,
                                               backlog: 0, featureBitmap: 0, backlogWaitTime: 60000, backlogWaitTimeActual: 0),
                           rules: [AuditRule(data: [1, 2, 3])], processes: processes)
    }

    @Test func entriesAddAndRemoveInOrder() {
        let journal = "+process 10 100\n+directory /tmp/auditspec.AAAAAA\n+process 11 110\n-process 10\n"
        let result = SnapshotJournal.apply(Array(journal.utf8), to: Self.snapshot())
        #expect(result.processes == [.init(pid: 11, startTime: 110)])
        #expect(result.directories == ["/tmp/auditspec.AAAAAA"])
        let removed = SnapshotJournal.apply(Array((journal + "-directory /tmp/auditspec.AAAAAA\n").utf8), to: Self.snapshot())
        #expect(removed.directories == [])
    }

    /// A line cut short (only a machine crash could leave one) and unknown lines are ignored.
    @Test func aTornLastLineIsIgnored() {
        let journal = "+process 10 100\nsomething else\n+process 11 1"
        let result = SnapshotJournal.apply(Array(journal.utf8), to: Self.snapshot())
        #expect(result.processes == [.init(pid: 10, startTime: 100)])
    }

    /// Replaying entries the snapshot already holds changes nothing (a save that was killed
    /// before it emptied the journal).
    @Test func replayIsIdempotent() {
        let base = Self.snapshot(processes: [.init(pid: 10, startTime: 100)])
        let result = SnapshotJournal.apply(Array("+process 10 100\n".utf8), to: base)
        #expect(result.processes == base.processes)
    }

    @Test func theStoreReadsTheSnapshotWithItsJournalAndRemovesBoth() throws {
        let folder = NSTemporaryDirectory() + "auditspec-journal-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = SnapshotStore(directory: folder)
        try store.save(Self.snapshot(processes: [.init(pid: 10, startTime: 100)]))
        try store.append(.started(.init(pid: 11, startTime: 110)))
        try store.append(.madeDirectory("/tmp/auditspec.BBBBBB"))
        try store.append(.ended(pid: 10))

        let loaded = try #require(try store.load())

        #expect(loaded.processes == [.init(pid: 11, startTime: 110)])
        #expect(loaded.directories == ["/tmp/auditspec.BBBBBB"])
        #expect(loaded.rules == [AuditRule(data: [1, 2, 3])])
        try store.save(loaded)
        #expect(!FileManager.default.fileExists(atPath: store.journalPath), "a whole save empties the journal")
        #expect(try store.load() == loaded)
        store.remove()
        #expect(try store.load() == nil)
        #expect(!FileManager.default.fileExists(atPath: store.journalPath))
    }
}
