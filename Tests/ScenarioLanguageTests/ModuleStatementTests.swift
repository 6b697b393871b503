import ScenarioLanguage
import Testing

/// `module load NAME [PARAMETERS] by AGENT`, `module unload NAME by AGENT`: a module loaded or
/// unloaded by an agent, named (never a path), only in a `requires vm` scenario.
@Suite struct ModuleStatementTests {
    @Test func loadAndUnloadAreReadWithTheirAgent() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "requires audit vm",
            "agent loader",
            "module load dummy numdummies=0 by loader",
            "module load nf-tables \"a=1 b=2\" by loader => EEXIST",
            "module unload dummy by loader"))
        let actions = scenario.steps.map(\.action)
        #expect(actions[1] == .module(ModuleStatement(operation: .load(parameters: "numdummies=0"), name: "dummy", agent: "loader")))
        #expect(actions[2] == .module(ModuleStatement(operation: .load(parameters: "a=1 b=2"), name: "nf_tables", agent: "loader",
                                                      outcome: .errno("EEXIST"))), "'-' is read as '_', as the kernel does")
        #expect(actions[3] == .module(ModuleStatement(operation: .unload, name: "dummy", agent: "loader")))
        #expect(scenario.changesGlobalState)
    }

    @Test func withoutRequiresVMItIsAnErrorAtTheStatement() throws {
        let error = try ScenarioText.only("requires audit", "agent loader", "module load dummy by loader")
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 4, column: 1))
        #expect(error.message == "'module' loads code into the running kernel: the scenario must say 'requires vm'")
    }

    @Test func mistakesAreShownAtTheirPlace() throws {
        let verb = try ScenarioText.only("requires vm", "agent loader", "module lod dummy by loader")
        #expect(verb.location == SourceLocation(file: ScenarioText.path, line: 4, column: 8))
        #expect(verb.hint == "did you mean 'load'?")

        let path = try ScenarioText.only("requires vm", "agent loader", "module load /lib/modules/x/dummy.ko by loader")
        #expect(path.location == SourceLocation(file: ScenarioText.path, line: 4, column: 13))
        #expect(path.message.hasPrefix("'/lib/modules/x/dummy.ko' is not a module name"))

        let noAgent = try ScenarioText.only("requires vm", "module unload dummy")
        #expect(noAgent.location == SourceLocation(file: ScenarioText.path, line: 3, column: 21))
        #expect(noAgent.message == "'module unload' is made by an agent: end it with 'by AGENT'")

        let unloadParameters = try ScenarioText.only("requires vm", "agent loader", "module unload dummy x=1 by loader")
        #expect(unloadParameters.location == SourceLocation(file: ScenarioText.path, line: 4, column: 21))

        let twoWords = try ScenarioText.only("requires vm", "agent loader", "module load dummy a=1 b=2 by loader")
        #expect(twoWords.location == SourceLocation(file: ScenarioText.path, line: 4, column: 23))
        #expect(twoWords.message == "'module load' takes the parameters as one word (quote them)")

        let notAnAgent = try ScenarioText.only("requires vm", "netns lab", "module load dummy by lab")
        #expect(notAnAgent.location == SourceLocation(file: ScenarioText.path, line: 4, column: 22))
    }
}
