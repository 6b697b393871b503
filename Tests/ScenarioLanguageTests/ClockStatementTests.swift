import ScenarioLanguage
import Testing

/// `settime CALL TIME by AGENT` and `adjtime CALL MODE [VALUE] by AGENT`: the clock changed by
/// an agent, only in a `requires vm` scenario.
@Suite struct ClockStatementTests {
    @Test func settimeReadsTheCallTheTimeAndTheAgent() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "requires audit vm",
            "agent clock",
            "settime settimeofday 757094400.123456 by clock",
            "settime clock_settime 725558400.000000001 by clock => EPERM"))
        let actions = scenario.steps.map(\.action)
        #expect(actions[1] == .setTime(SetTimeStatement(call: .settimeofday, time: ClockTime(seconds: 757094400, nanoseconds: 123456000), agent: "clock")))
        #expect(actions[2] == .setTime(SetTimeStatement(call: .clock_settime, time: ClockTime(seconds: 725558400, nanoseconds: 1),
                                                        agent: "clock", outcome: .errno("EPERM"))))
        #expect(scenario.changesGlobalState, "the clock is the whole machine's")
    }

    @Test(arguments: [
        ("setoffset 42.123456", AdjustTimeStatement.Adjustment.setOffset(ClockTime(seconds: 42, nanoseconds: 123456000))),
        ("setoffset -9.876544", .setOffset(ClockTime(seconds: -10, nanoseconds: 123456000))),
        ("setoffset -10", .setOffset(ClockTime(seconds: -10, nanoseconds: 0))),
        ("setoffset 0", .setOffset(ClockTime(seconds: 0, nanoseconds: 0))),
        ("adjust -42", .adjust(-42)), ("offset 100", .offset(100)), ("freq 42", .frequency(42)),
        ("status 0x2001", .status(0x2001)), ("tai 1234", .tai(1234)), ("tick 10001", .tick(10001)),
        ("nano", .nano), ("micro", .micro),
    ])
    func adjtimeReadsEachMode(_ written: String, _ adjustment: AdjustTimeStatement.Adjustment) throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled("requires vm", "agent clock", "adjtime clock_adjtime \(written) by clock"))
        #expect(scenario.steps[1].action == .adjustTime(AdjustTimeStatement(call: .clock_adjtime, adjustment: adjustment, agent: "clock")))
    }

    @Test func withoutRequiresVMEachIsAnErrorAtTheStatement() throws {
        let settime = try ScenarioText.only("requires audit", "agent clock", "settime clock_settime 0 by clock")
        #expect(settime.location == SourceLocation(file: ScenarioText.path, line: 4, column: 1))
        #expect(settime.message == "'settime' changes the machine's clock: the scenario must say 'requires vm'")
        let adjtime = try ScenarioText.only("agent clock", "adjtime adjtimex tai 1 by clock")
        #expect(adjtime.location == SourceLocation(file: ScenarioText.path, line: 3, column: 1))
        #expect(adjtime.message == "'adjtime' changes the machine's clock: the scenario must say 'requires vm'")
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let noAgent = try ScenarioText.only("requires vm", "settime clock_settime 1")
        #expect(noAgent.location == SourceLocation(file: ScenarioText.path, line: 3, column: 25))
        #expect(noAgent.message == "'settime' is made by an agent: end it with 'by AGENT'")

        let call = try ScenarioText.only("requires vm", "agent clock", "settime settimeofdya 1 by clock")
        #expect(call.location == SourceLocation(file: ScenarioText.path, line: 4, column: 9))
        #expect(call.hint == "did you mean 'settimeofday'?")

        let tooFine = try ScenarioText.only("requires vm", "agent clock", "settime settimeofday 1.1234567 by clock")
        #expect(tooFine.location == SourceLocation(file: ScenarioText.path, line: 4, column: 22))
        #expect(tooFine.message == "'1.1234567' is not a time: seconds since the epoch, and up to 6 digits after a point")

        let negative = try ScenarioText.only("requires vm", "agent clock", "settime clock_settime -5 by clock")
        #expect(negative.location == SourceLocation(file: ScenarioText.path, line: 4, column: 23))

        let mode = try ScenarioText.only("requires vm", "agent clock", "adjtime adjtimex frq 42 by clock")
        #expect(mode.location == SourceLocation(file: ScenarioText.path, line: 4, column: 18))
        #expect(mode.message == "unknown adjtime mode 'frq'")
        #expect(mode.hint == "did you mean 'freq'?")

        let noValue = try ScenarioText.only("requires vm", "agent clock", "adjtime adjtimex tai by clock")
        #expect(noValue.message == "'tai' takes a value")

        let extra = try ScenarioText.only("requires vm", "agent clock", "adjtime adjtimex nano 1 by clock")
        #expect(extra.location == SourceLocation(file: ScenarioText.path, line: 4, column: 23))
        #expect(extra.message == "'nano' takes no value")

        let notNumber = try ScenarioText.only("requires vm", "agent clock", "adjtime adjtimex freq 4x2 by clock")
        #expect(notNumber.location == SourceLocation(file: ScenarioText.path, line: 4, column: 23))
        #expect(notNumber.message == "'4x2' is not a number")

        let setoffsetNanos = try ScenarioText.only("requires vm", "agent clock", "adjtime adjtimex setoffset 1.0000001 by clock")
        #expect(setoffsetNanos.location == SourceLocation(file: ScenarioText.path, line: 4, column: 28))

        let notAnAgent = try ScenarioText.only("requires vm", "netns lab", "adjtime adjtimex tai 1 by lab")
        #expect(notAnAgent.location == SourceLocation(file: ScenarioText.path, line: 4, column: 27))
        #expect(notAnAgent.message == "'adjtime ... by' needs an agent, but 'lab' is a network namespace")

        let exit = try ScenarioText.only("requires vm", "agent clock", "adjtime adjtimex tai 1 by clock => exit 1")
        #expect(exit.message == "'adjtime' ends in ok or an errno name, not exit 1")
    }
}
