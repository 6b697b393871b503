import ScenarioLanguage
import Testing

/// `$NAME.tid` and `$NAME.netns`: what a bound process offers beside its pid.
struct AttributeVariableTests {
    func names(_ text: String) -> [String] { Template.parse(text, column: 1).variables.map(\.name) }

    @Test func anAttributeIsPartOfTheNameAndAnyOtherDotIsText() {
        #expect(names("/proc/$child.tid/audit_containerid") == ["child.tid"])
        #expect(names("netns=${lab.netns}") == ["lab.netns"])
        #expect(names("$tmp.log") == ["tmp"])
        #expect(names("$a.netnsx $a.tidy") == ["a", "a"])
        #expect(Template.parse("$a.tid.", column: 1).render(["a.tid": "12"]) == "12.")
    }

    @Test func aTidIsBoundByThreadAndANamespaceByAnyProcess() throws {
        let early = try ScenarioText.diagnostic(ScenarioText.titled("agent a", "run echo $a.tid", "thread a"))
        #expect(early.message == "'$a.tid' is not bound here")
        #expect(early.location.line == 3)
        _ = try ScenarioText.scenario(ScenarioText.titled("agent a", "thread a", "run echo $a.tid $a.netns"))
        _ = try ScenarioText.scenario(ScenarioText.titled("netns lab", "spawn s sleep 9", "run echo $lab.netns $s.netns"))
        let value = try ScenarioText.diagnostic(ScenarioText.titled("read v from /proc/self/comm", "run echo $v.netns"))
        #expect(value.message == "'$v.netns' is not bound here", "a value read from a file has no namespace")
    }
}
