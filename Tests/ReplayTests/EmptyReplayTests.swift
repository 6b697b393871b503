import AuditRecords
import Foundation
import Matching
import Runner
import ScenarioLanguage
import Testing

/// A replay that judged nothing is an error, never a pass (issue 14, item 6): `expect no event`
/// holds vacuously over a log that held no event, or whose lines could not be read.
struct EmptyReplayTests {
    static let noEvent = """
        scenario "nothing opened"
        expect no event
            type=SYSCALL syscall=openat key=k

        """

    static func replay(_ bytes: [UInt8]) throws -> ScenarioResult {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString).log"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ReplayReadingTests.replay(noEvent, log: path)
    }

    static func isError(_ verdict: Verdict) -> Bool {
        if case .error = verdict { return true }
        return false
    }

    @Test func anEmptyLogIsAnError() throws {
        let result = try Self.replay([])
        #expect(Self.isError(result.verdict), "\(result.verdict)")
    }

    @Test func randomBytesAreAnError() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let result = try Self.replay(bytes)
        #expect(Self.isError(result.verdict), "\(result.verdict)")
    }

    @Test func aLogOfMostlyUnreadableLinesIsAnError() throws {
        let good = "type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=257 success=yes exit=3 key=\"other\"\n"
        let bad = (0..<5).map { "garbage line \($0)\n" }.joined()
        let result = try Self.replay(Array((good + bad).utf8))
        #expect(Self.isError(result.verdict), "\(result.verdict)")
        guard case .error(_, let message) = result.verdict else { return }
        #expect(message.contains("5 of 6 lines"), "\(message)")
    }

    @Test func aReadableLogWithoutTheEventPasses() throws {
        let good = "type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=257 success=yes exit=3 key=\"other\"\n"
        let result = try Self.replay(Array((good + "one bad line\n").utf8))
        #expect(result.verdict == .passed, "\(result.verdict)")
    }

    @Test func aTruncatedLastLineIsNoted() throws {
        let line = "type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=257 success=yes exit=3 key=\"other\"\n"
        let cut = line + "type=SYSCALL msg=audit(1700000000.002:2): arch=c000003e syscall=257 success=yes exit=3 pid=1"
        let result = try Self.replay(Array(cut.utf8))
        #expect(result.notes.contains { $0.contains("no newline") }, "\(result.notes)")
    }
}
