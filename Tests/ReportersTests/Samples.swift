import AuditRecords
import Matching
import Reporters
import ScenarioLanguage

/// Results of a small run, one of each verdict, over two folders.
enum Samples {
    static let info = RunInfo(kernelRelease: "6.18.0-test", hostname: "box", startedAt: "2025-01-01T00:00:00Z",
                              properties: [("features", "audit multicast")])

    /// A log record; `body` may hold control characters such as 0x1D.
    static func record(_ type: String, _ body: String) -> AuditRecord {
        AuditRecord(type: type, stamp: RecordStamp(time: "1700000000.123", serial: 42), fields: [],
                    text: "type=\(type) msg=audit(1700000000.123:42): \(body)")
    }

    /// A missing event whose nearest candidate differs in `key`.
    static var missing: MissingEvent {
        let location = SourceLocation(file: "scenarios/baseline/b.scenario", line: 9, column: 5)
        let expected = ExpectedEvent(records: [ExpectedRecord(type: "SYSCALL", fields: [
            FieldExpectation(name: "key", matcher: .equals(.literal("auditspec-1")), location: location),
        ], location: location)], location: location)
        let actual = AuditRecord(type: "SYSCALL", stamp: RecordStamp(time: "1700000000.123", serial: 42),
                                 fields: [RecordField(name: "key", value: "other", quoting: .double)], text: "")
        let comparison = EventComparison.compare(expected, with: AuditEvent(stamp: actual.stamp, records: [actual]), variables: [:])
        return MissingEvent(location: "scenarios/baseline/b.scenario:8:1", nearest: comparison,
                            expectedText: ["type=SYSCALL key=auditspec-1"])
    }

    static let passed = ScenarioResult(path: "scenarios/baseline/a.scenario", title: "a passes", verdict: .passed, duration: 0.5)
    static var failed: ScenarioResult {
        ScenarioResult(path: "scenarios/baseline/b.scenario", title: "b <fails> & \"quotes\"", verdict: .failed([missing]),
                       duration: 1.25, records: [record("USER_LOGIN", "uid=0\u{1D}UID=\"root\"")],
                       unreadable: [UnreadableRecord(text: "type=type=X msg=audit(1.0:1): a=b", reason: "bad type", offset: 5,
                                                     origin: "logs/audit.log:7"),
                                    UnreadableRecord(text: "a=\"open", reason: "unterminated quote", offset: 2)],
                       notes: ["colour \u{1B}[31mred"])
    }
    static let skipped = ScenarioResult(path: "scenarios/ghak90/c.scenario", title: "c skips",
                                        verdict: .skipped(reason: "needs contid: no /proc/self/audit_containerid"), duration: 0.01)
    static let broken = ScenarioResult(path: "scenarios/ghak90/d.scenario", title: "d breaks",
                                       verdict: .error(phase: .setup, message: "exec failed\nno such file"), duration: 0.25)

    static var all: [ScenarioResult] { [passed, failed, skipped, broken] }
}
