import ScenarioLanguage
import Testing

/// `=> killed SIGNAL`: a process that must end by a signal (`run`, `wait`), by name or number;
/// a misspelt signal, and the statements whose outcome is a system call's, are errors at
/// their place.
@Suite struct KilledOutcomeTests {
    @Test func waitAndRunTakeASignalByNameOrNumber() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "spawn child sleep 30",
            "signal KILL to child",
            "wait child => killed KILL",
            "run sh -c 'kill -TERM $$' => killed SIGTERM",
            "run sh -c 'kill -USR1 $$' => killed 10"))
        let actions = scenario.steps.map(\.action)
        #expect(actions[2] == .wait(WaitStatement(name: "child", outcome: .killed(signal: 9))))
        guard case .run(let term) = actions[3], case .run(let usr1) = actions[4] else { Issue.record("\(actions[3...4])"); return }
        #expect(term.outcome == .killed(signal: 15) && term.options == ProcessOptions())
        #expect(usr1.outcome == .killed(signal: 10) && usr1.options == ProcessOptions())
        #expect(ExpectedOutcome.killed(signal: 9).description == "killed by signal 9")
    }

    @Test func aMisspeltSignalIsSuggested() throws {
        let error = try Sources.only("spawn child sleep 30", "wait child => killed KIL")
        #expect(error.location == SourceLocation(file: Sources.path, line: 3, column: 22))
        #expect(error.message == "unknown signal 'KIL'")
        #expect(error.hint == "did you mean 'KILL'?")
        let zero = try Sources.only("run true => killed 0")
        #expect(zero.message == "unknown signal '0'")
    }

    @Test func systemCallsDoNotEndKilled() throws {
        let signal = try Sources.only("spawn child sleep 30", "signal KILL to child => killed KILL")
        #expect(signal.message == "a signal ends in ok or an errno, not killed by signal 9")
        let message = try Sources.only("usermsg hi => killed KILL")
        #expect(message.message == "a user message ends in ok or an errno name, not killed by signal 9")
    }
}
