import ScenarioLanguage
import Testing

/// `set NAME VALUE`: machine-wide settings, marked global, and the two values no scenario may
/// ever write (enabled 2, failure 2) refused when the file is read.
struct SettingStatementTests {
    @Test func settingsParseAndMarkTheScenarioGlobal() throws {
        let scenario = try Sources.scenario(Sources.titled("set backlog_limit 64", "set lost 0", "set failure 0", "set enabled 1",
                                                           "set backlog_wait_time 0", "set rate_limit 100"))
        #expect(scenario.steps.map(\.action) == [.setting(SettingStatement(name: .backlogLimit, value: 64)), .setting(SettingStatement(name: .lost, value: 0)),
                                                 .setting(SettingStatement(name: .failure, value: 0)), .setting(SettingStatement(name: .enabled, value: 1)),
                                                 .setting(SettingStatement(name: .backlogWaitTime, value: 0)), .setting(SettingStatement(name: .rateLimit, value: 100))])
        #expect(scenario.changesGlobalState)
    }

    @Test func failureModeTwoIsRefusedAtItsValue() throws {
        let error = try Sources.diagnostic(Sources.titled("set failure 2"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 13))
        #expect(error.message == "failure mode 2 panics the kernel when a record is lost: never on a live kernel")
    }

    @Test func enabledTwoIsRefusedAtItsValue() throws {
        let error = try Sources.diagnostic(Sources.titled("set enabled 2"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 13))
        #expect(error.message == "enabled 2 locks the audit configuration until the machine reboots: never on a live kernel")
    }

    @Test func theLostCounterIsOnlyReset() throws {
        let error = try Sources.diagnostic(Sources.titled("set lost 5"))
        #expect(error.location.column == 10)
        #expect(error.message == "the lost counter can only be reset: set lost 0")
    }

    @Test func theBacklogWaitTimeActualIsOnlyReset() throws {
        let scenario = try Sources.scenario(Sources.titled("set backlog_wait_time_actual 0"))
        #expect(scenario.steps.map(\.action) == [.setting(SettingStatement(name: .backlogWaitTimeActual, value: 0))])
        #expect(scenario.changesGlobalState)
        let error = try Sources.diagnostic(Sources.titled("set backlog_wait_time_actual 7"))
        #expect(error.location.column == 30)
        #expect(error.message == "the backlog wait time actual can only be reset: set backlog_wait_time_actual 0")
    }

    @Test func unknownSettingSuggestsTheNearest() throws {
        let error = try Sources.diagnostic(Sources.titled("set backlog_limt 64"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 5))
        #expect(error.message == "unknown setting 'backlog_limt'")
        #expect(error.hint == "did you mean 'backlog_limit'?")
    }

    @Test func aSettingTakesANumber() throws {
        let error = try Sources.diagnostic(Sources.titled("set rate_limit many"))
        #expect(error.location.column == 16)
        #expect(error.message == "'rate_limit' takes a number from 0 to 4294967295")
        let shape = try Sources.diagnostic(Sources.titled("set rate_limit"))
        #expect(shape.location.column == 1)
        #expect(shape.message == "'set' takes a setting and a number")
    }
}
