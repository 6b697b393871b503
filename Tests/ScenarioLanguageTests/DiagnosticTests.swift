import ScenarioLanguage
import Testing

@Suite struct DiagnosticTests {
    func diagnostic(column: Int, line: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(location: SourceLocation(file: "a/b.scenario", line: 7, column: column),
                   message: "something is wrong", hint: hint, lineText: line)
    }

    @Test func descriptionHasLocationLineAndCaret() {
        let text = diagnostic(column: 5, line: "run fals").description
        #expect(text == "a/b.scenario:7:5: error: something is wrong\n    run fals\n        ^")
    }

    @Test func caretUnderFirstColumn() {
        let lines = diagnostic(column: 1, line: "x").description.split(separator: "\n")
        #expect(lines.last == "    ^")
    }

    @Test func tabsStayTabsSoTheCaretLinesUp() {
        let lines = diagnostic(column: 3, line: "\t\tx").description.split(separator: "\n")
        #expect(lines.last == "    \t\t^")
    }

    @Test func hintIsANoteOnItsOwnLine() {
        let text = diagnostic(column: 1, line: "rulle", hint: "did you mean 'rule'?").description
        #expect(text.hasSuffix("\n    ^\n    note: did you mean 'rule'?"))
    }

    @Test func caretFromTheParserSitsUnderTheBadWord() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("requires audit contd"))
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "t.scenario:2:16: error: unknown feature 'contd'")
        #expect(lines[1] == "    requires audit contd")
        #expect(lines[2] == "    " + String(repeating: " ", count: 15) + "^")
        #expect(lines[3] == "    note: did you mean 'contid'?")
    }

    @Test func listDescriptionJoinsEveryDiagnostic() {
        let list = DiagnosticList([diagnostic(column: 1, line: "a"), diagnostic(column: 2, line: "bb")])
        let text = list.description
        #expect(text.contains("a/b.scenario:7:1: error"))
        #expect(text.contains("a/b.scenario:7:2: error"))
        #expect(text.split(separator: "\n").count == 6)
    }
}
