import ScenarioLanguage
import Testing

/// `exit>=3`, `pid>1`, `items<5`, `exit<=0`, `ses!=4294967295` in expected records.
struct RelationFieldTests {
    static func fields(_ record: String, before: [String] = []) throws -> [FieldExpectation] {
        let scenario = try ScenarioText.scenario((["scenario \"t\""] + before + ["expect event", "    " + record]).joined(separator: "\n") + "\n")
        return try #require(scenario.expectations.first?.records.first).fields
    }

    static func error(_ record: String) throws -> Diagnostic {
        try ScenarioText.diagnostic(ScenarioText.titled("expect event", "    " + record))
    }

    @Test(arguments: [("exit>=3", FieldRelation.greaterOrEqual, "3"), ("exit<=-1", .lessOrEqual, "-1"), ("exit>3", .greater, "3"),
                      ("exit<3", .less, "3"), ("exit!=3", .notEqual, "3"), ("exit>=0x10", .greaterOrEqual, "0x10")])
    func eachOperatorParses(written: String, relation: FieldRelation, value: String) throws {
        let fields = try Self.fields("type=SYSCALL \(written) key=k")
        let first = try #require(fields.first)
        #expect(first.name == "exit")
        #expect(first.matcher == .relation(relation, .literal(value)))
        #expect(first.location.line == 3)
        #expect(first.location.column == 18, "at the field name")
        #expect(fields.last?.matcher == .equals(.literal("k")), "the next field is read as before")
    }

    @Test func notEqualTakesTextAndQuotes() throws {
        let fields = try Self.fields(#"type=SYSCALL uid!=root comm!="a b" ses!=unset"#)
        let matchers = fields.map(\.matcher)
        #expect(matchers == [.relation(.notEqual, .literal("root")), .relation(.notEqual, .literal("a b")), .relation(.notEqual, .literal("unset"))])
    }

    @Test func hexFieldsTakeHexWithOrWithoutPrefix() throws {
        let fields = try Self.fields("type=SYSCALL a1>7ffc a2<=0x241")
        let matchers = fields.map(\.matcher)
        #expect(matchers == [.relation(.greater, .literal("7ffc")), .relation(.lessOrEqual, .literal("0x241"))])
    }

    @Test func aVariableMayStandForTheNumber() throws {
        let fields = try Self.fields("type=SYSCALL pid>$child", before: ["spawn child sleep 1"])
        let matcher = try #require(fields.first).matcher
        #expect(matcher == .relation(.greater, Template.parse("$child", column: 22)))
    }

    @Test func anUnboundVariableIsAnErrorAtItsDollar() throws {
        let error = try Self.error("type=SYSCALL pid>=$chlid")
        #expect(error.location.column == 23)
        #expect(error.message.contains("'$chlid'"))
    }

    /// A relation captures nothing: two of them do not make a capture, but they may use one.
    @Test func aRelationUsesACaptureButMakesNone() throws {
        let errors = try ScenarioText.diagnostics(ScenarioText.titled("expect event", "    type=SYSCALL pid>$n ppid<$n"))
        #expect(errors.map(\.location.column) == [22, 30])
        let scenario = try ScenarioText.scenario(ScenarioText.titled("expect event", "    type=SYSCALL record=$n", "    type=PATH record=$n item<$n"))
        let path = try #require(scenario.expectations.first?.records.last)
        #expect(path.fields.last?.matcher == .relation(.less, Template.parse("$n", column: 30)))
    }

    @Test func anOrderingWithoutAValueIsAnErrorWhereTheValueShouldBe() throws {
        let error = try Self.error("type=SYSCALL exit>=")
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 24))
        #expect(error.message == "'exit>=' needs a value after '>='")
        #expect(error.hint?.contains("exit>=3") == true)
        let text = error.description
        #expect(text.hasPrefix("t.scenario:3:24: error: "))
        // The line is shown indented by 4, the caret under column 24.
        #expect(text.contains("\n        type=SYSCALL exit>=\n" + String(repeating: " ", count: 4 + 23) + "^"), "\(text)")
        let bare = try Self.error("type=SYSCALL exit<")
        #expect(bare.location.column == 23)
        let notEqual = try Self.error("type=SYSCALL exit!= key=k")
        #expect(notEqual.location.column == 24)
    }

    @Test func anOrderingOfTextIsAnErrorAtTheValue() throws {
        let error = try Self.error("type=SYSCALL exit>=abc")
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 24))
        #expect(error.message.contains("'abc' is not a number"))
        #expect(error.hint?.contains("exit!=VALUE") == true)
        let hexInDecimal = try Self.error("type=SYSCALL exit>1b6")
        #expect(hexInDecimal.location.column == 23)
        let notHex = try Self.error("type=SYSCALL a3>0xzz")
        #expect(notHex.location.column == 21)
        #expect(notHex.hint?.contains("hex") == true)
    }

    @Test func anOperatorWithoutAFieldNameIsAnError() throws {
        let error = try Self.error("type=SYSCALL >=3")
        #expect(error.location.column == 18)
        #expect(error.message.contains("field name"))
        let bare = try Self.error("type=SYSCALL <3")
        #expect(bare.location.column == 18)
    }

    @Test func everyMalformedComparisonOfALineIsReported() throws {
        let errors = try ScenarioText.diagnostics(ScenarioText.titled("expect event", "    type=SYSCALL exit>= pid<x items>=5 ses!="))
        #expect(errors.map(\.location.column) == [24, 29, 45])
    }
}
