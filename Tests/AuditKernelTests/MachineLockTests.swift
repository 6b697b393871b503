import Dispatch
import Foundation
import POSIXSupport
import Synchronization
import Testing
import TestSupport

/// The machine lock on a lock file of the test's own (not the machine's): who holds it, as
/// /proc/locks says, and a second taker that waits, is told for whom, and gets it after.
struct MachineLockTests {
    @Test func holdersAreReadFromProcLocksLeavingOutWaitersAndOtherFiles() {
        let table = """
            1: FLOCK  ADVISORY  WRITE 8510 fe:00:16261415 0 EOF
            1: -> FLOCK  ADVISORY  WRITE 8600 fe:00:16261415 0 EOF
            2: FLOCK  ADVISORY  READ 7289 fe:00:16220926 0 EOF
            3: POSIX  ADVISORY  WRITE 8186 fe:00:16261415 1073741824 1073742335
            4: FLOCK  ADVISORY  READ 7300 103:02:16261415 0 EOF
            """
        let holders = LockHolder.parse(table, device: (0xfe, 0), inode: 16261415)
        #expect(holders == [LockHolder(pid: 8510, exclusive: true)])
        let shared = LockHolder.parse(table, device: (0x103, 2), inode: 16261415)
        #expect(shared == [LockHolder(pid: 7300, exclusive: false)])
    }

    @Test func aSecondTakerWaitsIsToldWhoHoldsItAndGetsItOnRelease() throws {
        let path = NSTemporaryDirectory() + "auditspec-lock-test-\(getpid()).lock"
        defer { unlink(path) }
        let first = try MachineLock(.exclusive, path: path)
        let mine = LockHolder.holders(of: path)
        #expect(mine.contains { $0.pid == getpid() && $0.exclusive })

        let waiting = DispatchSemaphore(value: 0)
        let granted = DispatchSemaphore(value: 0)
        let toldHolder = LockedValue<LockHolder?>(nil)
        Thread.detachNewThread {
            let second = try? MachineLock(.exclusive, path: path) { holder in
                toldHolder.set(holder)
                waiting.signal()
            }
            granted.signal()
            second?.release()
        }
        #expect(waiting.wait(timeout: .now() + 10) == .success, "the second taker never found the lock taken")
        #expect(granted.wait(timeout: .now()) == .timedOut, "the second taker got the lock while the first held it")
        #expect(toldHolder.get()?.pid == getpid())
        first.release()
        #expect(granted.wait(timeout: .now() + 10) == .success, "the second taker never got the lock")
    }

    @Test func aHolderThatIsNoAncestorLendsNothing() throws {
        let path = NSTemporaryDirectory() + "auditspec-lock-lend-\(getpid()).lock"
        defer { unlink(path) }
        // pid 1 is an ancestor but holds no lock on this file: the claim takes the lock itself.
        let claim = try MachineClaim.claim(.exclusive, path: path, environment: [MachineLock.holderVariable: "1"])
        guard case .locked = claim else {
            Issue.record("lent by a process that holds nothing: \(claim)")
            return
        }
        #expect(LockHolder.holders(of: path).contains { $0.pid == getpid() })
        claim.release()
        #expect(LockHolder.holders(of: path).isEmpty)
    }
}

extension MachineLockTests {
    /// With other locks on the machine, one of them awaited by many (as when several test runs
    /// queue for the machine lock), the holder is still found: /proc/locks is read to its end,
    /// where Foundation's contentsOfFile stops at the first short read of that seq_file.
    @Test func theHolderIsFoundBehindALockManyWaitFor() throws {
        let folder = NSTemporaryDirectory() + "auditspec-lock-many-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mine = try MachineLock(.exclusive, path: folder + "/mine.lock")
        defer { mine.release() }
        let crowded = try MachineLock(.exclusive, path: folder + "/crowded.lock")
        let waiters = 60, done = DispatchGroup()
        for _ in 0..<waiters {
            done.enter()
            Thread.detachNewThread {
                (try? MachineLock(.exclusive, path: folder + "/crowded.lock"))?.release()
                done.leave()
            }
        }
        var status = stat()
        try #require(stat(folder + "/crowded.lock", &status) == 0)
        let place = ":\(status.st_ino) "
        func waiting() -> Int {
            let table = String(decoding: FileHandle(forReadingAtPath: "/proc/locks")?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            return table.split(separator: "\n").filter { $0.contains("->") && $0.contains(place) }.count
        }
        let queued = StatePoll.until(seconds: 20) { waiting() >= waiters }
        let holders = LockHolder.holders(of: folder + "/mine.lock")
        crowded.release()
        #expect(done.wait(timeout: .now() + 20) == .success, "the waiters got the lock in turn")
        #expect(queued, "\(waiters) waiters queued")
        #expect(holders.map(\.pid) == [getpid()] && holders.allSatisfy(\.exclusive), "\(holders)")
    }
}

/// A value two threads of a test share.
final class LockedValue<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    func set(_ value: Value) { storage.withLock { $0 = value } }
    func get() -> Value { storage.withLock { $0 } }
}
