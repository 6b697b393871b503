import AuditRecords
import Foundation
import Matching
import ScenarioLanguage
import Testing

/// Results travel as JSON (from a VM guest to the host, between patch revisions): a result
/// read back must be the same result, diff and records included.
struct ResultCodingTests {
    @Test func aFailedResultSurvivesJSON() throws {
        let record = AuditRecord(type: "SYSCALL", typeNumber: 1300, stamp: RecordStamp(time: "1700000000.123", serial: 7),
                                 fields: [RecordField(name: "key", value: "k\u{1D}x", quoting: .double)], text: "type=SYSCALL ...")
        let expected = ExpectedRecord(type: "SYSCALL",
                                      fields: [FieldExpectation(name: "key", matcher: .equals(Template.parse("$key", column: 5)),
                                                                location: SourceLocation(file: "a.scenario", line: 3, column: 5))],
                                      location: SourceLocation(file: "a.scenario", line: 3, column: 1))
        let comparison = EventComparison(event: AuditEvent(stamp: record.stamp, records: [record]),
                                         records: [RecordComparison(expected: expected, actual: record,
                                                                    fields: [.init(name: "key", expected: "k", actual: "k\u{1D}x", matches: false)])],
                                         matches: false)
        let result = ScenarioResult(path: "a.scenario", title: "t",
                                    verdict: .failed([MissingEvent(location: "a.scenario:2:1", nearest: comparison, expectedText: ["type=SYSCALL key=k"])]),
                                    duration: 0.5, records: [record],
                                    unreadable: [UnreadableRecord(text: "type=type=X", reason: "r", offset: 5)], notes: ["n"])

        let decoded = try JSONDecoder().decode(ScenarioResult.self, from: JSONEncoder().encode(result))

        #expect(decoded == result)
        #expect(DiffRenderer.render(MissingEvent(location: "x", nearest: comparison, expectedText: [])).contains { $0.contains("<- differs") })
    }
}
