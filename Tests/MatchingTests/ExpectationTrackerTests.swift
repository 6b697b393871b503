import AuditRecords
import Matching
import ScenarioLanguage
import Testing

@Suite struct ExpectationTrackerTests {
    func tracker(_ expectations: ExpectedEvent...) -> ExpectationTracker {
        ExpectationTracker(expectations: expectations, variables: ["key": "k"])
    }

    func isMatched(_ outcome: ExpectationOutcome) -> Bool {
        if case .matched = outcome { true } else { false }
    }

    @Test func noExpectationsIsSettledAtOnce() {
        #expect(tracker().isSettled)
    }

    @Test func matchingEventSettlesTheExpectation() {
        var tracker = tracker(Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key")))
        #expect(!tracker.isSettled)
        tracker.consider(Samples.syscallEvent())
        #expect(tracker.isSettled)
        #expect(tracker.outcomes == [.matched(Samples.syscallEvent())])
    }

    @Test func oneEventSettlesAtMostOneExpectation() {
        let same = Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key"))
        var tracker = tracker(same, same)
        tracker.consider(Samples.syscallEvent(serial: 1))
        #expect(!tracker.isSettled)
        #expect(tracker.outcomes.map(isMatched) == [true, false])
        tracker.consider(Samples.syscallEvent(serial: 2))
        #expect(tracker.isSettled)
        #expect(tracker.outcomes == [.matched(Samples.syscallEvent(serial: 1)), .matched(Samples.syscallEvent(serial: 2))])
    }

    @Test func unrelatedEventLeavesItMissingWithoutCandidate() {
        var tracker = tracker(Samples.expectedEvent(Samples.expected("NETFILTER_PKT")))
        tracker.consider(Samples.syscallEvent())
        #expect(!tracker.isSettled)
        #expect(tracker.outcomes == [.missing(nearest: nil)])
    }

    @Test func missingExpectationKeepsTheNearestEvent() {
        var tracker = tracker(Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key", "pid=1")))
        tracker.consider(Samples.syscallEvent(key: "other", serial: 1))
        tracker.consider(Samples.syscallEvent(key: "k", serial: 2))
        tracker.consider(Samples.syscallEvent(key: "other", serial: 3))
        guard case .missing(let nearest?, _) = tracker.outcomes[0] else {
            Issue.record("expected a missing outcome with a candidate"); return
        }
        #expect(nearest.event.stamp?.serial == 2)
        #expect(!nearest.matches)
    }

    @Test func settlingDoesNotDependOnTheOrderExpectationsAreWritten() {
        let general = Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key"))
        let specific = Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key", "syscall=257"))
        let specificEvent = Samples.syscallEvent(serial: 1)
        let otherEvent = AuditEvent(stamp: nil, records: [Samples.record("SYSCALL", "syscall=59 key=\"k\"", serial: 2)])
        for order in [[general, specific], [specific, general]] {
            var tracker = ExpectationTracker(expectations: order, variables: ["key": "k"])
            tracker.consider(specificEvent)
            tracker.consider(otherEvent)
            let settled = tracker.isSettled
            #expect(settled, "expectations with \(order.map { $0.records[0].fields.count }) fields, in that order")
        }
    }
}
