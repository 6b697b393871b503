import AuditRecords
import Foundation
import Matching
import Runner
import ScenarioLanguage
import Testing

/// Notes that must not fire without cause (issue 14, item 9).
struct FrictionReplayTests {
    @Test func auditdsOwnRecordsOpenNoSerialGap() throws {
        var lines: [String] = []
        for serial in 1...3 {
            lines.append("type=SYSCALL msg=audit(1700000000.00\(serial):\(serial)): arch=c000003e syscall=257 success=yes exit=3 key=\"k\"")
        }
        lines.append("type=DAEMON_START msg=audit(1700000000.100:7341): op=start ver=3.1.2 format=enriched kernel=6.18.0 auid=4294967295 pid=900 uid=0 ses=4294967295 res=success")
        for serial in 4...5 {
            lines.append("type=SYSCALL msg=audit(1700000000.20\(serial):\(serial)): arch=c000003e syscall=257 success=yes exit=3 key=\"k\"")
        }
        lines.append("type=DAEMON_END msg=audit(1700000000.300:7342): op=terminate auid=0 uid=0 ses=4294967295 pid=1 res=success")
        let path = try ReplayReadingTests.write(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ReplayReadingTests.replay("scenario \"k\"\nexpect event\n    type=SYSCALL key=k\n", log: path)
        #expect(result.verdict == .passed)
        #expect(!result.notes.contains { $0.contains("skip") || $0.contains("start again") }, "\(result.notes)")
    }
}
