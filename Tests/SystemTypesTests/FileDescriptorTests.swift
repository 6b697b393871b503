import Glibc
import SystemTypes
import Testing

struct FileDescriptorTests {
    private struct Refused: Error {}

    private func isOpen(_ fd: FileDescriptor) -> Bool { fcntl(fd.rawValue, F_GETFD) != -1 }

    private func openNull() throws -> FileDescriptor {
        try FileDescriptor.opened(open("/dev/null", O_RDONLY | O_CLOEXEC)).get()
    }

    @Test func closeAfterClosesOnEveryPath() throws {
        let kept = try openNull()
        #expect(kept.closeAfter { isOpen(kept) })
        #expect(!isOpen(kept))
        let thrown = try openNull()
        #expect(throws: Refused.self) { try thrown.closeAfter { () throws(Refused) in throw Refused() } }
        #expect(!isOpen(thrown))
    }

    @Test func closeOnErrorClosesOnlyWhenTheBodyThrows() throws {
        let handedOn = try openNull()
        handedOn.closeOnError { () in }
        #expect(isOpen(handedOn))
        try handedOn.close()
        #expect(!isOpen(handedOn))
        let failed = try openNull()
        #expect(throws: Refused.self) { try failed.closeOnError { () throws(Refused) in throw Refused() } }
        #expect(!isOpen(failed))
    }

    @Test func aFailedOpenIsItsErrno() {
        #expect(FileDescriptor.opened(open("/nonexistent/auditspec", O_RDONLY)).errno == .noSuchFileOrDirectory)
        #expect(throws: Errno.badFileDescriptor) { try FileDescriptor(rawValue: -1).close() }
    }
}
