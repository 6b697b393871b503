import AuditRecords
import Foundation
import Matching
import Reporters
import ScenarioLanguage
import Testing

/// The console cuts long values with a marker and shows tabs escaped; the JSON report keeps
/// every value whole (issue 14, item 9).
@Suite struct LongValueTests {
    static let long = String(repeating: "x", count: 7_500)

    static var result: ScenarioResult {
        let location = SourceLocation(file: "s.scenario", line: 3, column: 5)
        let expected = ExpectedEvent(records: [ExpectedRecord(type: "PATH", fields: [
            FieldExpectation(name: "name", matcher: .equals(.literal("short")), location: location),
        ], location: location)], location: location)
        let actual = AuditRecord(type: "PATH", stamp: RecordStamp(time: "1700000000.123", serial: 42),
                                 fields: [RecordField(name: "name", value: long + "\tend", quoting: .double)], text: "type=PATH ...")
        let comparison = EventComparison.compare(expected, with: AuditEvent(stamp: actual.stamp, records: [actual]), variables: [:])
        let missing = MissingEvent(location: "s.scenario:2:1", nearest: comparison, expectedText: ["type=PATH name=short"])
        let hugeLine = "type=PATH msg=audit(1.0:1): name=\"" + String(repeating: "y", count: 1_000_000)
        return ScenarioResult(path: "s.scenario", title: "long", verdict: .failed([missing]), duration: 0.1,
                              unreadable: [UnreadableRecord(text: hugeLine, reason: "the value of 'name' opens a \" quote that is never closed",
                                                            offset: 33, origin: "audit.log:1")])
    }

    @Test func theConsoleCutsLongValuesWithAMarker() {
        let out = Written()
        out.reporter.report(Self.result)
        let text = out.lines.joined(separator: "\n")
        #expect(text.count < 5_000, "\(text.count) characters written")
        #expect(text.contains("more characters"), "a marker says what was cut")
        let differs = out.lines.first { $0.contains("<- differs") }
        #expect(differs != nil, "the mark of a differing field survives the cut")
        #expect(!text.contains("\t"), "no raw tab reaches the console")
    }

    @Test func theJSONReportKeepsThemWhole() throws {
        let path = NSTemporaryDirectory() + "auditspec-long-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONReporter().write([Self.result], info: Samples.info, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(Self.long))
    }
}
