import ScenarioLanguage
import Testing

struct RecordTypeCheckTests {
    @Test func anUnknownTypeIsAnErrorWithTheNearestName() throws {
        let scenario = try ScenarioParser().parse(source: """
        scenario "t"
        expect event
            type=SYSCAL key=x
            type=CONTAINER_ID contid=1
            type=UNKNOWN[1999]
            type=NETFILTER_PKT
        """, path: "t.scenario").get()

        let found = RecordTypeCheck.diagnostics(for: scenario)

        #expect(found.count == 1, "CONTAINER_ID comes from a profile, UNKNOWN[n] is always allowed")
        #expect(found.first?.location.line == 3 && found.first?.location.column == 10)
        #expect(found.first?.hint?.hasPrefix("did you mean 'SYSCALL'?") == true)
    }
}
