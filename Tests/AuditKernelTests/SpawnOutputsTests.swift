import Foundation
import Glibc
@testable import POSIXSupport
import SystemTypes
import Testing

/// The descriptors a spawned child's output goes to: the child's ends closed however the spawn
/// ended, the readiness pipe's read end kept only for a child that started.
struct SpawnOutputsTests {
    struct SpawnFailed: Error {}

    /// What the descriptor refers to now (`pipe:[inode]`, a path), or nil once closed. A number
    /// reused by another thread's open refers to something else, so a changed answer means closed.
    private func identity(_ descriptor: FileDescriptor?) -> String? {
        guard let descriptor else { return nil }
        return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor.rawValue)")
    }

    @Test func aReadinessPipesReadEndOutlivesASpawnThatSucceeded() throws {
        let outputs = try SpawnOutputs(.readinessPipe(errors: nil))
        #expect(outputs.standardError == nil)
        let read = try #require(identity(outputs.readEnd)), write = try #require(identity(outputs.standardOutput))
        #expect(read.hasPrefix("pipe:"))
        #expect(read == write)
        outputs.handOver { () -> Void in }
        #expect(identity(outputs.readEnd) == read)
        #expect(identity(outputs.standardOutput) != write)
        try outputs.readEnd?.close()
    }

    @Test func aSpawnThatFailedLeavesNoEndOpen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auditspec.outputs-\(getpid())-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputs = try SpawnOutputs(.readinessPipe(errors: folder.appendingPathComponent("errors").path))
        let ends = [outputs.readEnd, outputs.standardOutput, outputs.standardError].map(identity)
        #expect(ends.allSatisfy { $0 != nil })
        #expect(ends[2] == folder.appendingPathComponent("errors").path)
        #expect(throws: SpawnFailed.self) {
            try outputs.handOver { () throws(SpawnFailed) in throw SpawnFailed() }
        }
        let after = [outputs.readEnd, outputs.standardOutput, outputs.standardError].map(identity)
        for (before, now) in zip(ends, after) { #expect(now != before) }
    }

    @Test func aFileTakesBothStreamsAndClosesOnce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("auditspec.outputs-\(getpid())-\(UUID())").path
        defer { unlink(path) }
        let outputs = try SpawnOutputs(.file(path))
        #expect(outputs.readEnd == nil)
        #expect(outputs.standardOutput == outputs.standardError)
        #expect(identity(outputs.standardOutput) == path)
        outputs.handOver { () -> Void in }
        #expect(identity(outputs.standardOutput) != path)
    }

    @Test func anErrorsFileThatCannotOpenIsItsErrno() {
        #expect(throws: Errno.noSuchFileOrDirectory) {
            try SpawnOutputs(.readinessPipe(errors: "/nonexistent/auditspec-errors"))
        }
        #expect(throws: Errno.noSuchFileOrDirectory) { try SpawnOutputs(.file("/nonexistent/auditspec-output")) }
    }
}
