import ScenarioLanguage
import Testing

/// `read NAME from FILE`: binds `$NAME` for later steps; a value is no process or agent.
@Suite struct ReadStatementTests {
    @Test func itBindsANameForTheStepsAfterIt() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "agent login",
            "read ses from /proc/$login/sessionid",
            "rule -a always,exit -F arch=b64 -S mkdir -F sessionid=$ses -k $key"))
        let actions = scenario.steps.map(\.action)
        guard case .read("ses", let path) = actions[1] else { Issue.record("\(actions[1])"); return }
        #expect(path.render(["login": "42"]) == "/proc/42/sessionid")
        #expect(actions[1].boundKind == .value)
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let shape = try Sources.only("read ses /proc/self/sessionid")
        #expect(shape.location == SourceLocation(file: Sources.path, line: 2, column: 10))
        #expect(shape.message == "'read' takes a new name and 'from' the file to read")
        let unbound = try Sources.only("read ses from /proc/$nobody/sessionid")
        #expect(unbound.message == "'$nobody' is not bound here")
        let notAnAgent = try Sources.only("read v from /proc/self/comm", "thread v")
        #expect(notAnAgent.message == "'thread' needs an agent, but 'v' is a value read from a file")
    }
}
