import ScenarioLanguage
import Testing

/// `socketcall connect ADDRESS:PORT [by AGENT] [=> OUTCOME]`: an i386 socketcall(SYS_CONNECT).
@Suite struct SocketcallStatementTests {
    @Test func theAddressPortActorAndOutcomeAreRead() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "requires audit ia32",
            "agent caller",
            "socketcall connect 127.0.0.1:42424 by caller => ECONNREFUSED",
            "socketcall connect [::1]:80"))
        let actions = scenario.steps.map(\.action)
        #expect(actions[1] == .socketcall(SocketcallStatement(address: "127.0.0.1", port: 42424, isIPv6: false, actor: "caller",
                                                              outcome: .errno("ECONNREFUSED"))))
        #expect(actions[2] == .socketcall(SocketcallStatement(address: "::1", port: 80, isIPv6: true)))
        #expect(SocketcallStatement.Call.connect.number == 3)
        #expect(scenario.requirements.map(\.feature) == [.audit, .ia32])
        #expect(actions[2].statement.runnerMakesTheCall)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", "::1:80", "[127.0.0.1]:80", "host:80", "[::1]80", "1.2.3.4:8x"])
    func aBadEndpointIsAnErrorAtItsWord(text: String) throws {
        let error = try ScenarioText.only("socketcall connect \(text)")
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 2, column: 20))
        #expect(error.message == "'\(text)' is not ADDRESS:PORT")
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let call = try ScenarioText.only("socketcall conect 127.0.0.1:80")
        #expect(call.location == SourceLocation(file: ScenarioText.path, line: 2, column: 12))
        #expect(call.message == "'conect' is not a socketcall the statement makes")
        #expect(call.hint == "did you mean 'connect'?")

        let extra = try ScenarioText.only("socketcall connect 127.0.0.1 80")
        #expect(extra.location == SourceLocation(file: ScenarioText.path, line: 2, column: 30))
        #expect(extra.message == "'socketcall connect' takes one ADDRESS:PORT")

        let notAnAgent = try ScenarioText.only("netns lab", "socketcall connect 127.0.0.1:80 by lab")
        #expect(notAnAgent.location == SourceLocation(file: ScenarioText.path, line: 3, column: 36))
        #expect(notAnAgent.message == "'socketcall ... by' needs an agent, but 'lab' is a network namespace")

        let killed = try ScenarioText.only("socketcall connect 127.0.0.1:80 => killed KILL")
        #expect(killed.message == "'socketcall' ends in ok or an errno name, not killed by signal 9")
    }
}
