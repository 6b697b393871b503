import ScenarioLanguage
import Testing

/// `io_uring openat FILE [by AGENT] [=> OUTCOME]`: a ring's openat and close of a file under $tmp.
@Suite struct IoUringStatementTests {
    @Test func theFileActorAndOutcomeAreRead() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "requires audit io_uring",
            "agent ringer",
            "io_uring openat $tmp/file by ringer",
            "io_uring openat $tmp/absent => ENOENT"))
        let actions = scenario.steps.map(\.action)
        guard case .ioUring(let byAgent) = actions[1], case .ioUring(let byRunner) = actions[2] else {
            Issue.record("not io_uring steps: \(actions)")
            return
        }
        #expect(byAgent.operation == .openat && byAgent.actor == "ringer" && byAgent.outcome == .success)
        #expect(byAgent.file.render(["tmp": "/T"]) == "/T/file")
        #expect(byRunner.actor == nil && byRunner.outcome == .errno("ENOENT"))
        #expect(byRunner.file.render(["tmp": "/T"]) == "/T/absent")
        #expect(scenario.requirements.map(\.feature) == [.audit, .ioUring])
        #expect(!actions[1].statement.runnerMakesTheCall)
        #expect(actions[2].statement.runnerMakesTheCall)
        #expect(!scenario.changesGlobalState)
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let operation = try ScenarioText.only("io_uring opnat $tmp/file")
        #expect(operation.location == SourceLocation(file: ScenarioText.path, line: 2, column: 10))
        #expect(operation.message == "'opnat' is not an io_uring operation of the statement")
        #expect(operation.hint == "did you mean 'openat'?")

        let outside = try ScenarioText.only("io_uring openat /etc/passwd")
        #expect(outside.location == SourceLocation(file: ScenarioText.path, line: 2, column: 17))
        #expect(outside.message == "'io_uring' works on paths under $tmp only")

        let extra = try ScenarioText.only("agent a", "io_uring openat $tmp/f bye a")
        #expect(extra.location == SourceLocation(file: ScenarioText.path, line: 3, column: 24))
        #expect(extra.message == "'io_uring openat' takes one path")
        #expect(extra.hint == "did you mean 'by'?")

        let notAnAgent = try ScenarioText.only("netns lab", "io_uring openat $tmp/f by lab")
        #expect(notAnAgent.location == SourceLocation(file: ScenarioText.path, line: 3, column: 27))
        #expect(notAnAgent.message == "'io_uring ... by' needs an agent, but 'lab' is a network namespace")

        let exit = try ScenarioText.only("io_uring openat $tmp/f => exit 1")
        #expect(exit.location == SourceLocation(file: ScenarioText.path, line: 2, column: 1))
        #expect(exit.message == "'io_uring' ends in ok or an errno name, not exit 1")

        let nothing = try ScenarioText.only("io_uring")
        #expect(nothing.message == "'io_uring' needs an operation")
    }
}
