import AuditRecords
import Matching
import ScenarioLanguage
import Testing

@Suite struct DiffRendererTests {
    func diff(_ expected: ExpectedEvent, against event: AuditEvent, variables: [String: String] = ["key": "auditspec-1"]) -> [String] {
        let comparison = EventComparison.compare(expected, with: event, variables: variables)
        return DiffRenderer.render(MissingEvent(location: "s.scenario:12:1", nearest: comparison, expectedText: []))
    }

    @Test func differingFieldShowsExpectedAndActualValues() throws {
        let lines = diff(Samples.expectedEvent(Samples.expected("SYSCALL", "syscall=257", "key=$key")),
                         against: Samples.syscallEvent(key: "other"))
        #expect(lines[0] == "expected event (s.scenario:12:1) was not seen; nearest event audit(1700000000.123:42):")
        #expect(lines[1] == "  ~ type=SYSCALL  (line 13:5)")
        let keyLine = try #require(lines.first { $0.contains("key") })
        #expect(keyLine.contains("expected \"auditspec-1\""))
        #expect(keyLine.contains("got \"other\""))
        #expect(keyLine.hasSuffix("<- differs"))
        let syscallLine = try #require(lines.first { $0.contains("syscall") })
        #expect(syscallLine.contains("\"257\""))
        #expect(!syscallLine.contains("differs"))
    }

    @Test func fieldNamesAreAlignedInOneColumn() {
        let lines = diff(Samples.expectedEvent(Samples.expected("SYSCALL", "key=x", "syscall=257")), against: Samples.syscallEvent())
        #expect(lines.contains("      key      expected \"x\"  got \"k\"   <- differs"))
        #expect(lines.contains("      syscall  \"257\""))
    }

    @Test func decimalNumbersAreNotShownAsDecodedHex() throws {
        let lines = diff(Samples.expectedEvent(Samples.expected("SYSCALL", "pid=1")), against: Samples.syscallEvent())
        let pidLine = try #require(lines.first { $0.contains("pid") })
        #expect(pidLine == "      pid  expected \"1\"  got \"99\"   <- differs")
    }

    @Test func absentActualFieldIsShownAsAbsent() {
        let lines = diff(Samples.expectedEvent(Samples.expected("SYSCALL", "contid=5")), against: Samples.syscallEvent())
        #expect(lines.contains { $0.contains("contid") && $0.contains("got (absent)") && $0.contains("<- differs") })
    }

    @Test func hexEncodedActualValueIsShownDecodedToo() {
        let lines = diff(Samples.expectedEvent(Samples.expected("PROCTITLE", "proctitle=python")), against: Samples.syscallEvent())
        #expect(lines.contains { $0.contains("got \"7065726C002D65\" (decoded: \"perl -e\")") })
    }

    @Test func recordTypeMissingFromTheEventIsSaid() {
        let lines = diff(Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key"), Samples.expected("CONTAINER_ID", "contid=1", line: 14)),
                         against: Samples.syscallEvent(key: "auditspec-1"))
        #expect(lines.contains("  - type=CONTAINER_ID  (line 14:5): no record of this type in the event"))
        #expect(lines.contains("    type=SYSCALL  (line 13:5)"))
    }

    @Test func misorderedRecordsAreMarkedOutOfOrder() {
        let lines = diff(Samples.expectedEvent(Samples.expected("PATH", "item=1"), Samples.expected("SYSCALL", "key=$key", line: 14)),
                         against: Samples.syscallEvent(key: "auditspec-1"))
        #expect(lines.contains { $0.contains("type=SYSCALL") && $0.contains("out of order") })
        #expect(!lines.contains { $0.contains("type=PATH") && $0.contains("out of order") })
    }

    @Test func noCandidateListsTheExpectedRecords() {
        let lines = DiffRenderer.render(MissingEvent(location: "s.scenario:3:1", nearest: nil,
                                                     expectedText: ["type=NETFILTER_PKT mark=0x1"]))
        #expect(lines == ["expected event (s.scenario:3:1) was not seen, and no event had a record of its types:",
                          "  type=NETFILTER_PKT mark=0x1"])
    }
}
