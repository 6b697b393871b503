import ScenarioLanguage
import Testing

/// `read [NAME from] FILE [by AGENT] [is VALUE] [=> OUTCOME]`: binds `$NAME` for later steps
/// (a value is no process or agent), reads as an agent, checks the errno and the exact text.
@Suite struct ReadStatementTests {
    @Test func itBindsANameForTheStepsAfterIt() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "agent login",
            "read ses from /proc/$login/sessionid",
            "rule -a always,exit -F arch=b64 -S mkdir -F sessionid=$ses -k $key"))
        let actions = scenario.steps.map(\.action)
        guard case .read(let read) = actions[1] else { Issue.record("\(actions[1])"); return }
        #expect(read.name == "ses")
        #expect(read.path.render(["login": "42"]) == "/proc/42/sessionid")
        #expect(read.reader == nil && read.expected == nil && read.outcome == .success)
        #expect(actions[1].boundKind == .value)
    }

    @Test func anAgentReadsWithAnOutcomeAndAnExpectedText() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "agent t",
            "agent weak without CAP_AUDIT_CONTROL",
            "read /proc/$t/audit_containerid is 18446744073709551615",
            "read /proc/$t/audit_containerid by weak => EPERM",
            "read v from /proc/self/comm by t",
            "read id from /proc/$t/audit_containerid by t is \"$v\\n\" => ok"))
        let reads = scenario.steps.compactMap { step -> FileRead? in
            if case .read(let read) = step.action { return read } else { return nil }
        }
        #expect(reads.count == 4)
        #expect(reads[0].name == nil && reads[0].reader == nil)
        #expect(reads[0].expected?.render([:]) == "18446744073709551615")
        #expect(scenario.steps[2].action.boundName == nil && scenario.steps[2].action.boundKind == nil)
        #expect(reads[1].reader == "weak" && reads[1].outcome == .errno("EPERM") && reads[1].expected == nil)
        #expect(reads[2].name == "v" && reads[2].path.render([:]) == "/proc/self/comm")
        #expect(reads[3].name == "id" && reads[3].reader == "t")
        #expect(reads[3].expected?.render(["v": "7"]) == "7\n")
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let shape = try ScenarioText.only("read ses /proc/self/sessionid")
        #expect(shape.location == SourceLocation(file: ScenarioText.path, line: 2, column: 10))
        #expect(shape.message == "'read' takes a new name and 'from' the file to read")
        let unbound = try ScenarioText.only("read ses from /proc/$nobody/sessionid")
        #expect(unbound.message == "'$nobody' is not bound here")
        let notAnAgent = try ScenarioText.only("read v from /proc/self/comm", "thread v")
        #expect(notAnAgent.message == "'thread' needs an agent, but 'v' is a value read from a file")
        let noFile = try ScenarioText.only("read => ok")
        #expect(noFile.location == SourceLocation(file: ScenarioText.path, line: 2, column: 1))
        #expect(noFile.message == "'read' needs the file to read")
    }

    @Test func optionsAreCheckedWordByWord() throws {
        let misspelt = try ScenarioText.only("agent a", "read /proc/$a/comm bye a")
        #expect(misspelt.location == SourceLocation(file: ScenarioText.path, line: 3, column: 20))
        #expect(misspelt.message == "unknown word 'bye' after the file")
        #expect(misspelt.hint == "did you mean 'by'?")
        let dangling = try ScenarioText.only("read /proc/self/comm is")
        #expect(dangling.location == SourceLocation(file: ScenarioText.path, line: 2, column: 22))
        #expect(dangling.message == "'is' needs a value")
        let twice = try ScenarioText.only("read /proc/self/comm is a is b")
        #expect(twice.location == SourceLocation(file: ScenarioText.path, line: 2, column: 27))
        #expect(twice.message == "'is' is given twice")
        let notAnAgent = try ScenarioText.only("spawn s sleep 9", "read /proc/$s/comm by s")
        #expect(notAnAgent.location == SourceLocation(file: ScenarioText.path, line: 3, column: 23))
        #expect(notAnAgent.message == "'read ... by' needs an agent, but 's' is a spawned process")
    }

    @Test func aFailedReadHasNoTextToCompareOrBind() throws {
        let compared = try ScenarioText.only("read /proc/self/comm is x => EPERM")
        #expect(compared.location == SourceLocation(file: ScenarioText.path, line: 2, column: 22))
        #expect(compared.message == "a read that ends in EPERM returns no text to compare")
        let bound = try ScenarioText.only("read v from /proc/self/comm => EACCES")
        #expect(bound.location == SourceLocation(file: ScenarioText.path, line: 2, column: 6))
        #expect(bound.message == "a read that ends in EACCES binds nothing")
        let exit = try ScenarioText.only("read /proc/self/comm => exit 1")
        #expect(exit.location == SourceLocation(file: ScenarioText.path, line: 2, column: 1))
        #expect(exit.message == "'read' ends in ok or an errno name, not exit 1")
        let refusal = try ScenarioText.only("read /proc/self/comm => threaded")
        #expect(refusal.message == "'read' ends in ok or an errno name, not refusal 'threaded'")
    }
}
