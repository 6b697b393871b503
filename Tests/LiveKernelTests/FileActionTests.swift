import Foundation
import Testing

/// The file statements through the real binary on this kernel: each call with its success and
/// its errno, by the runner and by agents (the records carry the agent's pid), a wrong errno
/// as an error, and a link out of $tmp refused before any call is made.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct FileActionTests {
    let root = LiveKernel.packageRoot

    @Test func everyFileCallSucceedsAndIsRefusedAsWrittenLeavingNothing() throws {
        let before = try AuditStateReading.read()
        let tag = ProcessActionTests.tag()

        let run = try Command.run([tag, LiveKernel.binary, "run", LiveKernel.fixture("file-actions.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
        #expect(ProcessActionTests.agents(tagged: tag).isEmpty)
    }

    @Test func aCallWithAnotherErrnoIsAnErrorNamingBoth() throws {

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("file-wrong-outcome.scenario")], currentDirectory: root)

        #expect(run.status == 1)
        #expect(run.output.contains("file-wrong-outcome.scenario:6:1"), "\(run.output)")
        #expect(run.output.contains("mode 644: expected success, got EEXIST"), "\(run.output)")
    }

    /// A link to /etc made inside $tmp: the chmod through it is refused, and /etc/passwd keeps
    /// its mode (and its contents, for the append through a link to the file itself).
    @Test func aLinkOutOfTmpIsNeverFollowed() throws {
        var before = stat()
        try #require(stat("/etc/passwd", &before) == 0)
        let contents = FileManager.default.contents(atPath: "/etc/passwd")

        let directory = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("file-escape.scenario")], currentDirectory: root)
        let file = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("file-escape-link.scenario")], currentDirectory: root)

        #expect(directory.status == 1)
        #expect(directory.output.contains("file-escape.scenario:7:1: refused:"), "\(directory.output)")
        #expect(directory.output.contains("leads to /etc, outside the scenario's directory"), "\(directory.output)")
        #expect(file.status == 1)
        #expect(file.output.contains("is a symbolic link to /etc/passwd, outside the scenario's directory"), "\(file.output)")
        var after = stat()
        try #require(stat("/etc/passwd", &after) == 0)
        #expect(after.st_mode == before.st_mode)
        #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        #expect(FileManager.default.contents(atPath: "/etc/passwd") == contents)
    }
}
