import AuditRecords
import Foundation
import Matching
import Runner
import ScenarioLanguage
import Testing

/// Field matchers through the whole replay path (field selection, quick test, matching, diff).
struct FieldMatcherReplayTests {
    static func replay(_ records: String, log: String) throws -> ScenarioResult {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString).log"
        try log.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try ScenarioParser().parse(source: "scenario \"t\"\nexpect event\n" + records, path: "t.scenario").get()
        return try #require(try ReplayRunner(parser: RecordParser(typeName: AuditNames.recordType), profiles: .defaults).check([scenario], log: path).first)
    }

    static func syscall(exit: Int) -> String {
        "type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=257 success=yes exit=\(exit) a0=ffffff9c a3=1b6 key=\"k\"\n"
    }

    static func diff(_ result: ScenarioResult) -> [String] {
        guard case .failed(let missing) = result.verdict else { return [] }
        return missing.flatMap { DiffRenderer.render($0) }
    }

    @Test func anOrderingPassesOnTheBoundAndFailsBelowItWithADiff() throws {
        let scenario = "    type=SYSCALL exit>=3 key=k\n"
        let passed = try Self.replay(scenario, log: Self.syscall(exit: 3))
        #expect(passed.verdict == .passed)
        let failed = try Self.replay(scenario, log: Self.syscall(exit: 2))
        #expect(failed.verdict.label == "FAIL")
        let lines = Self.diff(failed)
        #expect(lines.contains { $0.contains("exit") && $0.contains("expected \">=3\"  got \"2\"   <- differs") }, "\(lines)")
        #expect(lines.contains { $0.contains("key") && !$0.contains("differs") }, "\(lines)")
    }

    @Test func theExpectedTextOfAMissShowsTheRelation() throws {
        let failed = try Self.replay("    type=SYSCALL exit>3 ses!=unset key=other\n", log: Self.syscall(exit: 3))
        guard case .failed(let missing) = failed.verdict else {
            Issue.record("expected a failure, got \(failed.verdict)")
            return
        }
        #expect(missing.first?.expectedText == ["type=SYSCALL exit>3 ses!=unset key=other"])
    }

    @Test func pastedSpellingsOfModeAndArgumentsPass() throws {
        let log = Self.syscall(exit: 3)
            + "type=PATH msg=audit(1700000000.001:1): item=1 name=\"/tmp/x\" mode=0100644 nametype=CREATE\n"
        let pasted = try Self.replay("    type=SYSCALL a0=0xffffffffffffff9c a3=0x1b6\n    type=PATH item=1 mode=file,644\n", log: log)
        #expect(pasted.verdict == .passed)
        let wrong = try Self.replay("    type=SYSCALL a0=0xffffffffffffff9c a3=0x1b7\n    type=PATH item=1 mode=file,600\n", log: log)
        let lines = Self.diff(wrong)
        #expect(lines.contains { $0.contains("a3") && $0.contains("<- differs") }, "\(lines)")
        #expect(lines.contains { $0.contains("mode") && $0.contains("<- differs") }, "\(lines)")
        #expect(!lines.contains { $0.contains("a0") && $0.contains("<- differs") }, "\(lines)")
    }
}
