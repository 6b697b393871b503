import ScenarioLanguage
import Testing

/// `parameters NAME...` and its rows: one scenario per row, its values bound as variables,
/// named by them; every mistake reported at its word.
struct ParameterStatementTests {
    static let table = ScenarioText.titled(
        "parameters contid address",
        "    123451 127.0.0.1",
        "    '123452' \"::1\"",
        "spawn child sleep 30",
        "write /proc/$child/audit_containerid $contid",
        "run ping -c 1 $address",
        "expect event",
        "    type=CONTAINER_OP opid=$child contid=$contid")

    @Test func aTableParsesWithItsNamesRowsAndPlaces() throws {
        let scenario = try ScenarioText.scenario(Self.table)
        let table = try #require(scenario.parameters)
        #expect(table.names == ["contid", "address"])
        #expect(table.rows.map(\.values) == [["123451", "127.0.0.1"], ["123452", "::1"]])
        #expect(table.rows.map(\.location.line) == [3, 4])
        #expect(table.rows.map(\.location.column) == [5, 5])
        #expect(table.location == SourceLocation(file: ScenarioText.path, line: 2, column: 1))
        #expect(scenario.boundNames.isSuperset(of: ["contid", "address"]))
    }

    @Test func eachRowIsAScenarioNamedByItsValuesWithThemBound() throws {
        let rows = try ScenarioText.scenario(Self.table).expanded()
        #expect(rows.map(\.title) == ["t [contid=123451 address=127.0.0.1]", "t [contid=123452 address=::1]"])
        #expect(rows.map(\.arguments) == [["contid": "123451", "address": "127.0.0.1"], ["contid": "123452", "address": "::1"]])
        #expect(rows.allSatisfy { $0.parameters == nil && $0.steps.count == 3 && $0.path == ScenarioText.path })
    }

    @Test func aScenarioWithoutATableIsItself() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled("expect event", "    type=SYSCALL key=$key"))
        #expect(scenario.expanded() == [scenario])
    }

    @Test func aValueWithASpaceIsQuotedInTheTitle() throws {
        let rows = try ScenarioText.scenario(ScenarioText.titled("parameters text", "    \"a b\"", "    ''", "usermsg $text")).expanded()
        #expect(rows.map(\.title) == ["t [text=\"a b\"]", "t [text=\"\"]"])
    }

    @Test func aRowWithTooFewValuesIsAnErrorAfterItsLastValue() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters contid address", "    123451", "run true"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 12))
        #expect(error.message == "this row has 1 value, but the table names 2 (contid address)")
    }

    @Test func aRowWithTooManyValuesIsAnErrorAtTheFirstExtraOne() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters contid", "    1 2"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 7))
        #expect(error.message == "this row has 2 values, but the table names 1 (contid)")
    }

    @Test func aTableWithoutRowsIsAnError() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters contid", "run true"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 2, column: 1))
        #expect(error.message == "'parameters' needs at least one row of values on an indented line below it")
    }

    @Test func namesMustBeIdentifiersUniqueAndNotTheRunners() throws {
        let errors = try ScenarioText.diagnostics(ScenarioText.titled("parameters 1st key a a", "    1 2 3 4"))
        #expect(errors.map(\.location.column) == [12, 16, 22])
        #expect(errors.map(\.message) == ["'1st' is not a parameter name (letters, digits and _, not starting with a digit)",
                                          "'$key' is given by the runner; a parameter cannot take its name",
                                          "'a' names two columns"])
    }

    @Test func aSecondTableIsAnError() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters a", "    1", "parameters b", "    2"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 4, column: 1))
        #expect(error.message == "a scenario has one 'parameters' table (the first is at line 2)")
    }

    @Test func theTableComesBeforeTheSteps() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("run true", "parameters a", "    1"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 1))
        #expect(error.message == "'parameters' comes before the steps (the first is at line 2)")
    }

    @Test func aRepeatedRowIsAnError() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters a", "    1", "    1"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 4, column: 5))
        #expect(error.message == "this row repeats the row at line 3")
    }

    @Test func aValueIsPlainText() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters a", "    $key"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 5))
        #expect(error.message == "a parameter value is plain text, not a variable")
    }

    @Test func aNameUsedBeforeTheTableOrNeverGivenIsUnbound() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters contid", "    1", "expect event", "    type=CONTAINER_ID contid=$contd"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 5, column: 30))
        #expect(error.hint == "did you mean '$contid'?")
    }

    @Test func aStepCannotBindAParameterName() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("parameters child", "    1", "spawn child sleep 30"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 4, column: 7))
        #expect(error.message == "'child' is a parameter of this scenario; a step cannot bind it again")
    }
}
