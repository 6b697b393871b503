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

/// Results files (docs/results-schema.md): a verdict is `{"status": ...}` with its own fields;
/// files of version 1, in Swift's own layout, are still read.
struct VerdictCodingTests {
    @Test(arguments: [(Verdict.passed, #"{"status":"PASS"}"#),
                      (.skipped(reason: "no contid"), #"{"reason":"no contid","status":"SKIP"}"#),
                      (.error(phase: .step(SourceLocation(file: "s/a.scenario", line: 3, column: 1)), message: "boom"),
                       #"{"message":"boom","phase":"s\/a.scenario:3:1","status":"ERROR"}"#),
                      (.failed([]), #"{"missing":[],"status":"FAIL"}"#)])
    func eachVerdictIsItsStatusAndItsFields(verdict: Verdict, json: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(verdict), as: UTF8.self) == json)
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(json.utf8)) == verdict)
    }

    @Test(arguments: [(#"{"passed":{}}"#, Verdict.passed),
                      (#"{"skipped":{"reason":"no contid"}}"#, .skipped(reason: "no contid")),
                      (#"{"error":{"phase":"setup","message":"boom"}}"#, .error(phase: .setup, message: "boom")),
                      // A phase another version wrote is kept as written.
                      (#"{"status":"ERROR","phase":"steps","message":"boom"}"#, .error(phase: .other("steps"), message: "boom")),
                      (#"{"failed":{"_0":[]}}"#, .failed([]))])
    func versionOneVerdictsAreStillRead(json: String, verdict: Verdict) throws {
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(json.utf8)) == verdict)
    }

    @Test func anUnknownStatusIsAnError() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Verdict.self, from: Data(#"{"status":"MAYBE"}"#.utf8)) }
    }
}
