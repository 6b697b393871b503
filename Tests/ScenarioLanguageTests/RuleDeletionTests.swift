import ScenarioLanguage
import Testing

/// `rule -d LIST,ACTION ...` and `rule -W PATH ...`: the same words as the rule they delete.
@Suite struct RuleDeletionTests {
    @Test func deletionsReadAsTheRuleTheyDelete() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "rule -a always,exit -S mkdir -F dir=$tmp -k $key",
            "rule -d always,exit -S mkdir -F dir=$tmp -k $key",
            "rule -w $tmp/f -p wa -k $key",
            "rule -W $tmp/f -p wa -k $key"))
        let specs = scenario.steps.compactMap { step -> RuleSpec? in
            if case .rule(let spec) = step.action { return spec } else { return nil }
        }
        #expect(specs.map(\.deletes) == [false, true, false, true])
        var added = specs[1]
        added.deletes = false
        #expect(added == specs[0])
        var watched = specs[3]
        watched.deletes = false
        #expect(watched == specs[2])
    }

    @Test func aDeletionNeedsItsList() throws {
        let error = try ScenarioText.only("rule -d exit")
        #expect(error.message == "'exit' is not LIST,ACTION")
    }
}
