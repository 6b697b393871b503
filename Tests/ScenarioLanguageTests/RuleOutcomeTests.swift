import ScenarioLanguage
import Testing

/// `rule ... => ok | ERRNO | refusal`: what the kernel must answer to a rule.
struct RuleOutcomeTests {
    func spec(_ line: String) throws -> RuleSpec? {
        let scenario = try Sources.scenario(Sources.titled(line))
        guard case .rule(let spec) = scenario.steps.first?.action else { return nil }
        return spec
    }

    @Test func theAnswerIsReadOffTheEnd() throws {
        #expect(try spec("rule -a always,exit -F contid=1 -k $key => EINVAL")?.outcome == .errno("EINVAL"))
        #expect(try spec("rule -a always,exit -F contid=1 -k $key => ok")?.outcome == .success)
        #expect(try spec("rule -a always,exit -F contid=1 -k $key")?.outcome == .success)
        let plain = try spec("rule -a always,exit -F contid=1 -k $key")
        #expect(plain?.fields.count == 1 && plain?.keys.count == 1)
    }

    @Test func anExitStatusIsNotARulesAnswer() throws {
        let error = try Sources.diagnostic(Sources.titled("rule -a always,exit -k $key => exit 1"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 29))
        #expect(error.message == "a rule's outcome is ok, an errno name (EINVAL) or a refusal name")
    }

    @Test func aMisspeltErrnoGetsTheNearestName() throws {
        let error = try Sources.diagnostic(Sources.titled("rule -a always,exit -k $key => EINVL"))
        #expect(error.message == "unknown errno 'EINVL'")
        #expect(error.hint == "did you mean 'EINVAL'?")
    }
}
