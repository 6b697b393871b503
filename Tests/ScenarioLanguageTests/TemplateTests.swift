import ScenarioLanguage
import Testing

@Suite struct TemplateTests {
    @Test func literalAndVariablePartsWithColumns() {
        let template = Template.parse("a $x b", column: 10)
        #expect(template.parts == [.literal("a "), .variable("x", column: 12), .literal(" b")])
        #expect(template.variables.map(\.name) == ["x"])
    }

    @Test func variableEndsAtFirstNonNameCharacter() {
        let template = Template.parse("/proc/$child/audit_containerid", column: 1)
        #expect(template.variables.map(\.name) == ["child"])
        #expect(template.render(["child": "42"]) == "/proc/42/audit_containerid")
    }

    @Test func bracedVariable() {
        let template = Template.parse("${tmp}x", column: 1)
        #expect(template.parts == [.variable("tmp", column: 1, braced: true), .literal("x")])
        #expect(template.render(["tmp": "/t"]) == "/tx")
    }

    @Test func doubleDollarIsALiteralDollar() {
        let template = Template.parse("cost $$5 $$x", column: 1)
        #expect(template.variables.isEmpty)
        #expect(template.render([:]) == "cost $5 $x")
    }

    @Test func dollarNotFollowedByANameStaysLiteral() {
        for text in ["$", "a$", "$1", "$-", "${x", "${}"] {
            let template = Template.parse(text, column: 1)
            #expect(template.variables.isEmpty, "\(text)")
            #expect(template.render([:]) == text)
        }
    }

    @Test func renderFillsKnownAndKeepsUnknownAsWritten() {
        let template = Template.parse("$a-$b", column: 1)
        #expect(template.render(["a": "1"]) == "1-$b")
    }

    @Test func unknownBracedVariableIsKeptAsWritten() {
        #expect(Template.parse("${dir}x", column: 1).render([:]) == "${dir}x")
    }

    @Test func descriptionBracesVariables() {
        #expect(Template.parse("$a/$b", column: 1).description == "${a}/${b}")
    }

    @Test func emptyTextIsOneEmptyLiteral() {
        #expect(Template.parse("", column: 1).parts == [.literal("")])
        #expect(Template.literal("x").render(["x": "y"]) == "x")
    }
}
