import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Counted, unordered, exact and time-bound expectations, read from scenario text and
/// judged against events.
struct EventCountTests {
    func expectations(_ block: String) throws -> [ExpectedEvent] {
        try ScenarioParser().parse(source: "scenario \"t\"\n" + block, path: "t.scenario").get().expectations
    }

    func event(_ serial: UInt64, _ lines: String...) -> AuditEvent {
        let stamp = RecordStamp(time: "1700000000.123", serial: serial)
        let parser = RecordParser()
        let records = lines.map { try! parser.parseLine(Array("type=\($0.split(separator: " ")[0]) msg=audit(1700000000.123:\(serial)): \($0.split(separator: " ", maxSplits: 1).dropFirst().first ?? "")".utf8)).get() }
        return AuditEvent(stamp: stamp, records: records)
    }

    func outcome(_ block: String, _ events: [AuditEvent], elapsed: Double = 0) throws -> (settled: Bool, outcome: ExpectationOutcome) {
        var tracker = ExpectationTracker(expectations: try expectations(block), variables: [:])
        for event in events { tracker.consider(event, elapsed: elapsed) }
        return (tracker.isSettled, tracker.outcomes[0])
    }

    @Test func theCountFormsAreRead() throws {
        let read = try expectations("""
        expect no event
            type=SYSCALL key=a
        expect 2 events
            type=SYSCALL key=b
        expect at least 3 events unordered exact within 2s
            type=SYSCALL key=c
        """)
        #expect(read.map(\.count) == [.exactly(0), .exactly(2), .atLeast(3)])
        #expect(read[2].ordered == false && read[2].exact && read[2].within == 2)
    }

    @Test func noEventPassesOnlyWhenNothingMatchesAndNeverSettlesEarly() throws {
        let block = "expect no event\n    type=SYSCALL key=k\n"
        let quiet = try outcome(block, [event(1, "SYSCALL key=other")])
        #expect(!quiet.settled, "absence is known only at the timeout")
        if case .matched = quiet.outcome {} else { Issue.record("no matching event: passes") }
        let fired = try outcome(block, [event(2, "SYSCALL key=k")])
        #expect(fired.settled, "one matching event already decides")
        guard case .wrongCount(let seen, let matching, _) = fired.outcome else { Issue.record("\(fired.outcome)"); return }
        #expect(seen == 1 && matching.count == 1)
    }

    @Test func exactlyAndAtLeastCountDistinctEvents() throws {
        let two = "expect 2 events\n    type=SYSCALL key=k\n"
        #expect(try outcome(two, [event(1, "SYSCALL key=k"), event(2, "SYSCALL key=k")]).outcome != .missing(nearest: nil))
        if case .wrongCount(let seen, _, _) = try outcome(two, [event(1, "SYSCALL key=k")]).outcome { #expect(seen == 1) } else {
            Issue.record("one event of two must fail")
        }
        #expect(try outcome("expect at least 2 events\n    type=SYSCALL key=k\n", [event(1, "SYSCALL key=k"), event(2, "SYSCALL key=k")]).settled)
    }

    @Test func unorderedAcceptsAnyOrderAndOrderedDoesNot() throws {
        let misordered = event(1, "PATH item=1", "CWD cwd=/")
        let ordered = "expect event\n    type=CWD\n    type=PATH item=1\n"
        if case .matched = try outcome(ordered, [misordered]).outcome { Issue.record("ordered must not match a misordered event") }
        if case .matched = try outcome("expect event unordered\n    type=CWD\n    type=PATH item=1\n", [misordered]).outcome {} else {
            Issue.record("unordered must match")
        }
    }

    @Test func exactRefusesExtraRecords() throws {
        let withExtra = event(1, "SYSCALL key=k", "PROCTITLE proctitle=AB")
        if case .matched = try outcome("expect event exact\n    type=SYSCALL key=k\n", [withExtra]).outcome { Issue.record("exact: extra record") }
        if case .matched = try outcome("expect event exact\n    type=SYSCALL key=k\n    type=PROCTITLE\n", [withExtra]).outcome {} else {
            Issue.record("exact with every record listed must match")
        }
    }

    @Test func withinIgnoresLateEvents() throws {
        let block = "expect event within 1s\n    type=SYSCALL key=k\n"
        if case .matched = try outcome(block, [event(1, "SYSCALL key=k")], elapsed: 1.5).outcome { Issue.record("a late event must not count") }
        if case .matched = try outcome(block, [event(1, "SYSCALL key=k")], elapsed: 0.5).outcome {} else { Issue.record("in time") }
    }

    /// A late event is told apart from one that never came: the diff says how late it was.
    @Test func aLateEventIsSaidToBeLate() throws {
        let block = "expect event within 1s\n    type=SYSCALL key=k\n"
        let expectations = try expectations(block)
        let late = try outcome(block, [event(1, "SYSCALL key=other"), event(2, "SYSCALL key=k")], elapsed: 1.5).outcome
        guard case .missing(_, let arrival?) = late else { Issue.record("\(late)"); return }
        #expect(arrival.elapsed == 1.5 && arrival.event.stamp?.serial == 2)
        let missing = MissingEvent.list(expectations, [late], variables: [:])
        let lines = missing.flatMap(DiffRenderer.render)
        #expect(lines.first == "expected event (t.scenario:2:1) came too late: a matching event came 1.50 s after the last action, past 'within 1s':", "\(lines)")
        #expect(lines.contains { $0.hasPrefix("  late event audit(1700000000.123:2)") }, "\(lines)")
        // Nothing that matches, nothing late: the nearest miss as before.
        guard case .missing(_, nil) = try outcome(block, [event(1, "SYSCALL key=other")], elapsed: 1.5).outcome else {
            Issue.record("no late event was seen"); return
        }
    }

    @Test func badExpectWordsGetAHint() {
        guard case .failure(let list) = ScenarioParser().parse(source: "scenario \"t\"\nexpect event unorderd\n    type=SYSCALL\n", path: "t.scenario") else {
            Issue.record("must fail"); return
        }
        #expect(list.diagnostics.count == 1, "no cascade onto the record line")
        #expect(list.diagnostics.first?.location.column == 14)
        #expect(list.diagnostics.first?.hint == "did you mean 'unordered'?")
    }
}
