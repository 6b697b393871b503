import AuditRecords
import Matching
import ScenarioLanguage
import Testing

@Suite struct EventComparisonTests {
    let variables = ["key": "k", "child": "99"]

    func compare(_ expected: ExpectedEvent, _ event: AuditEvent) -> EventComparison {
        EventComparison.compare(expected, with: event, variables: variables)
    }

    @Test func inOrderSubsequenceMatchesWithOtherRecordsBetween() {
        let expected = Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key", "pid=$child"),
                                             Samples.expected("PATH", "item=1", "nametype=CREATE"),
                                             Samples.expected("PROCTITLE", "proctitle=perl -e"))
        let comparison = compare(expected, Samples.syscallEvent())
        #expect(comparison.matches)
        #expect(comparison.records.map { $0.actual?.type } == ["SYSCALL", "PATH", "PROCTITLE"])
        #expect(comparison.records[1].actual?[field: "item"] == "1")
    }

    @Test func misorderedEventDoesNotMatch() {
        let expected = Samples.expectedEvent(Samples.expected("PATH", "item=1"), Samples.expected("SYSCALL", "key=$key"))
        #expect(!compare(expected, Samples.syscallEvent()).matches)
    }

    @Test func sameTypeLaterInTheEventIsFoundAfterAnEarlierNonMatch() {
        let expected = Samples.expectedEvent(Samples.expected("PATH", "item=0"), Samples.expected("PATH", "item=1"))
        #expect(compare(expected, Samples.syscallEvent()).matches)
        let reversed = Samples.expectedEvent(Samples.expected("PATH", "item=1"), Samples.expected("PATH", "item=0"))
        #expect(!compare(reversed, Samples.syscallEvent()).matches)
    }

    @Test func oneActualRecordCannotServeTwoExpectedRecords() {
        let expected = Samples.expectedEvent(Samples.expected("SYSCALL"), Samples.expected("SYSCALL"))
        #expect(!compare(expected, Samples.syscallEvent()).matches)
    }

    @Test func wrongFieldValueDoesNotMatch() {
        let expected = Samples.expectedEvent(Samples.expected("SYSCALL", "key=other"))
        #expect(!compare(expected, Samples.syscallEvent()).matches)
    }

    @Test func absentAndRegexFieldsTakePart() {
        #expect(compare(Samples.expectedEvent(Samples.expected("SYSCALL", "!contid", "syscall~=25[0-9]")), Samples.syscallEvent()).matches)
        #expect(!compare(Samples.expectedEvent(Samples.expected("SYSCALL", "!pid")), Samples.syscallEvent()).matches)
    }

    @Test func endOfEventMarkerIsNotMatchable() {
        #expect(!compare(Samples.expectedEvent(Samples.expected("EOE")), Samples.syscallEvent()).matches)
    }

    @Test func unknownTypeMatchesByNumber() {
        let record = AuditRecord(type: "URINGOP", typeNumber: 1336, stamp: nil,
                                 fields: [RecordField(name: "contid", value: "5")], text: "")
        let expected = Samples.expectedEvent(Samples.expected("UNKNOWN[1336]", "contid=5"))
        #expect(compare(expected, AuditEvent(stamp: nil, records: [record])).matches)
    }

    @Test func nearestCandidateIsTheSameTypeRecordWithMostMatchingFields() {
        let expected = Samples.expectedEvent(Samples.expected("PATH", "item=1", "name=/tmp/g", "nametype=CREATE"))
        let comparison = compare(expected, Samples.syscallEvent())
        #expect(!comparison.matches)
        let nearest = comparison.records[0]
        #expect(nearest.actual?[field: "item"] == "1")
        #expect(nearest.fields.map(\.matches) == [true, false, true])
        #expect(nearest.fields[1].expected == "/tmp/g")
        #expect(nearest.fields[1].actual == "/tmp/f")
    }

    @Test func expectedTypeMissingFromTheEventHasNoCandidate() {
        let expected = Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key"), Samples.expected("CONTAINER_ID", "contid=1"))
        let comparison = compare(expected, Samples.syscallEvent())
        #expect(!comparison.matches)
        #expect(comparison.records.count == 2)
        #expect(comparison.records[0].matches)
        #expect(comparison.records[1].actual == nil)
        #expect(!comparison.records[1].matches)
    }
}
