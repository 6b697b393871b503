import ScenarioLanguage
import Testing

/// `check --var NAME=VALUE` binds NAME for the load-time check too (issue 14, item 7).
struct GivenVariableTests {
    static let source = """
        scenario "killer given"
        expect event
            type=SYSCALL syscall=kill pid=$killer

        """

    @Test func aNameWrittenOnceIsAnErrorWhenNothingGivesIt() {
        guard case .failure(let list) = ScenarioParser().parse(source: Self.source, path: "t.scenario") else {
            Issue.record("'$killer' written once and bound by nothing must be an error")
            return
        }
        #expect(list.diagnostics.first?.message == "'$killer' is not bound here")
    }

    @Test func aNameGivenFromOutsideIsBound() throws {
        let scenario = try ScenarioParser(givenNames: ["killer"]).parse(source: Self.source, path: "t.scenario").get()
        #expect(scenario.expectations.count == 1)
    }
}
