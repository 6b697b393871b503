import ScenarioLanguage
import Testing

/// Double-quoted expected values take the escapes the docs give words (`\n \t \\ \" \$`), so a
/// value holding both quote kinds can be written (issue 14, item 8).
struct ExpectedValueEscapeTests {
    func value(_ written: String) throws -> FieldMatcher {
        let scenario = try ScenarioText.scenario(ScenarioText.titled("expect event", "    type=USER msg=\(written)"))
        return try #require(scenario.expectations.first?.records.first?.fields.first).matcher
    }

    @Test func aDoubleQuotedValueTakesEscapes() throws {
        #expect(try value(#""say \"hi\" it's""#) == .equals(.literal(#"say "hi" it's"#)))
        #expect(try value(#""a\tb\nc""#) == .equals(.literal("a\tb\nc")))
        #expect(try value(#""back\\slash""#) == .equals(.literal(#"back\slash"#)))
        #expect(try value(#""cost \$5""#) == .equals(.literal("cost $5")))
        #expect(try value(#""keep \d as is""#) == .equals(.literal(#"keep \d as is"#)), "only the listed escapes")
    }

    @Test func aVariableAfterAnEscapeKeepsItsColumn() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled("expect event", #"    type=USER msg="\"$tmp\"""#))
        let matcher = try #require(scenario.expectations.first?.records.first?.fields.first).matcher
        guard case .equals(let template) = matcher else { Issue.record("\(matcher)"); return }
        #expect(template.variables.first?.name == "tmp")
        #expect(template.variables.first?.column == 22)
    }

    @Test func aSingleQuotedValueIsLiteral() throws {
        #expect(try value(#"'a\"b'"#) == .equals(.literal(#"a\"b"#)))
    }
}
