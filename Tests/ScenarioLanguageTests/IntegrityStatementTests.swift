import ScenarioLanguage
import Testing

/// `ima policy RULE [by AGENT] [=> OUTCOME]`: one rule appended to the IMA policy, which lasts
/// until reboot, so only a `requires vm` scenario may say it.
@Suite struct IntegrityStatementTests {
    @Test func aRuleIsReadWithItsWriterAndOutcome() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "requires audit vm",
            "agent admin",
            "ima policy \"audit func=BPRM_CHECK mask=MAY_EXEC\" by admin",
            "ima policy 'bogus rule' => EINVAL"))
        let actions = scenario.steps.map(\.action)
        #expect(actions[1] == .integrityPolicy(IntegrityPolicyStatement(rule: .literal("audit func=BPRM_CHECK mask=MAY_EXEC"), writer: "admin")))
        #expect(actions[2] == .integrityPolicy(IntegrityPolicyStatement(rule: .literal("bogus rule"), outcome: .errno("EINVAL"))))
        #expect(scenario.changesGlobalState, "the policy changes what other processes' events hold")
        #expect(scenario.steps[1].location == SourceLocation(file: Sources.path, line: 4, column: 1))
    }

    @Test func requiresVMMayComeAfterTheStatement() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "ima policy \"audit func=BPRM_CHECK\"",
            "requires audit vm"))
        #expect(scenario.steps.count == 1)
    }

    @Test func withoutRequiresVMItIsAnErrorAtTheStatement() throws {
        let error = try Sources.only("requires audit contid", "agent admin", "ima policy \"audit func=BPRM_CHECK\" by admin")
        #expect(error.location == SourceLocation(file: Sources.path, line: 4, column: 1))
        #expect(error.message == "'ima policy' changes the kernel's IMA policy until the next boot: the scenario must say 'requires vm'")
        #expect(error.lineText == "ima policy \"audit func=BPRM_CHECK\" by admin")
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let noPolicy = try Sources.only("requires vm", "ima polcy \"audit func=BPRM_CHECK\"")
        #expect(noPolicy.location == SourceLocation(file: Sources.path, line: 3, column: 5))
        #expect(noPolicy.message == "'ima' is followed by 'policy'")
        #expect(noPolicy.hint == "did you mean 'policy'?")

        let twoWords = try Sources.only("requires vm", "ima policy audit func=BPRM_CHECK")
        #expect(twoWords.location == SourceLocation(file: Sources.path, line: 3, column: 18))
        #expect(twoWords.message == "'ima policy' takes one rule (quote it)")

        let nothing = try Sources.only("requires vm", "ima policy")
        #expect(nothing.location == SourceLocation(file: Sources.path, line: 3, column: 12))

        let notAnAgent = try Sources.only("requires vm", "netns lab", "ima policy \"audit func=BPRM_CHECK\" by lab")
        #expect(notAnAgent.location == SourceLocation(file: Sources.path, line: 4, column: 39))
        #expect(notAnAgent.message == "'ima policy ... by' needs an agent, but 'lab' is a network namespace")

        let exit = try Sources.only("requires vm", "ima policy \"audit func=BPRM_CHECK\" => exit 1")
        #expect(exit.location == SourceLocation(file: Sources.path, line: 3, column: 1))
        #expect(exit.message == "'ima policy' ends in ok or an errno name, not exit 1")

        let unbound = try Sources.only("requires vm", "ima policy \"audit fowner=$owner\"")
        #expect(unbound.message == "'$owner' is not bound here")
    }
}
