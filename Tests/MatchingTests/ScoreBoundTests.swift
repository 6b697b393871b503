import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// The tracker skips the full match of any event whose quick bound is below the perfect score:
/// that is only sound if every event that matches reaches it, whatever the matchers, bindings
/// and captures. And the bound must stay a bound on the nearest-miss score.
struct ScoreBoundTests {
    static let expectations: [ExpectedEvent] = [
        Samples.expectedEvent(Samples.expected("SYSCALL", "key=$key", "pid=$child"), Samples.expected("PATH", "item=1", "nametype=CREATE")),
        Samples.expectedEvent(Samples.expected("SYSCALL", "syscall=openat", "success=yes")),
        Samples.expectedEvent(Samples.expected("SYSCALL", "pid=$unbound"), Samples.expected("PATH", "item=$unbound")),
        Samples.expectedEvent(Samples.expected("SYSCALL", "pid=$captured"), Samples.expected("PROCTITLE", "proctitle=perl -e")),
        Samples.expectedEvent(Samples.expected("PATH", "name~=/tmp/.*", "!inode", "nametype=*")),
        Samples.expectedEvent(Samples.expected("PATH", "item=1"), Samples.expected("PATH", "item=0")),
        Samples.expectedEvent(Samples.expected("CWD", "cwd=/root"), Samples.expected("NETFILTER_PKT")),
        Samples.expectedEvent(),
    ]

    static let events: [AuditEvent] = [
        Samples.syscallEvent(), Samples.syscallEvent(key: "other"),
        Samples.event(Samples.record("SYSCALL", "syscall=257 success=no pid=7 key=\"k\""),
                      Samples.record("PATH", "item=7 name=\"/etc/x\" nametype=NORMAL inode=12")),
        Samples.event(Samples.record("PATH", "item=1 name=\"/tmp/f\""), Samples.record("CWD", "cwd=\"/root\"")),
    ]

    @Test func everyEventThatMatchesReachesThePerfectScore() {
        let variables = ["key": "k", "child": "99"]
        var matched = 0
        for expected in Self.expectations {
            for event in Self.events {
                let bound = EventComparison.scoreBound(expected, with: event, variables: variables)
                let comparison = EventComparison.compare(expected, with: event, variables: variables)
                if comparison.matches {
                    matched += 1
                    #expect(bound == EventComparison.perfectScore(expected), "\(expected.records.map(\.type)) against \(event.records.map(\.type))")
                } else {
                    #expect(EventComparison.nearestScore(expected, with: event, variables: variables) <= bound)
                }
            }
        }
        // The table holds matches (captures of unbound variables among them) as well as misses.
        #expect(matched >= 6)
    }

    @Test func aFieldThatSurelyFailsLowersTheBoundOfEveryCandidate() {
        let expected = Samples.expectedEvent(Samples.expected("SYSCALL", "key=absent", "success=yes"))
        let bound = EventComparison.scoreBound(expected, with: Samples.syscallEvent(), variables: [:])
        #expect(bound == EventComparison.perfectScore(expected) - 1)
        let missing = Samples.expectedEvent(Samples.expected("NETFILTER_PKT", "mark=1"))
        #expect(EventComparison.scoreBound(missing, with: Samples.syscallEvent(), variables: [:]) == 0)
    }
}
