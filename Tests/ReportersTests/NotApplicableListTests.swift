import Reporters
import ScenarioLanguage
import Testing

/// scenarios/not-applicable.txt: items no scenario can check, each with its reason.
struct NotApplicableListTests {
    @Test func linesGiveItemsAndReasons() throws {
        let list = try NotApplicableList.parse("# why\nghak90 g27  limits existed only in V7-V8   # a comment\n\n", path: "n.txt").get()
        #expect(list.entries.map { "\($0.spec) \($0.item): \($0.reason)" } == ["ghak90 g27: limits existed only in V7-V8"])
        #expect(list.reason(spec: "ghak90", item: "g27") == "limits existed only in V7-V8")
    }

    @Test func mistakesAreErrorsAtTheirPlace() throws {
        let text = "ghak90 g27\nghak90 z99 no such item\nghak90 g27 one\nghak90 g27 again\n"
        guard case .failure(let list) = NotApplicableList.parse(text, path: "n.txt", known: ["ghak90 g27"]) else {
            Issue.record("accepted"); return
        }
        #expect(list.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
            "1:12 a line is SPEC ITEM REASON: the reason is missing",
            "2:1 'ghak90 z99' is not an item of the spec documents",
            "4:1 'ghak90 g27' is listed twice",
        ])
    }

    @Test func theTableShowsTheReasonInsteadOfAGap() throws {
        let list = try NotApplicableList.parse("ghak90 g27 dropped in V9\n", path: "n.txt").get()
        let scenario = try ScenarioParser().parse(source: "scenario \"s\"\ncovers ghak90 a1\n", path: "s.scenario").get()
        let table = CoverageTable(specItems: [("ghak90", "a1", "the proc file"), ("ghak90", "g27", "limits | depth"), ("ghak90", "g28", "x")],
                                  scenarios: [scenario], notApplicable: list)
        #expect(table.lines().last == "1 of 3 spec items covered, 1 not applicable")
        let markdown = table.markdown(command: "auditspec coverage --markdown x.md")
        #expect(markdown.contains("| a1 | the proc file | `s.scenario` |\n"))
        #expect(markdown.contains("| g27 | limits \\| depth | not applicable: dropped in V9 |\n"))
        #expect(markdown.contains("| g28 | x | - |\n"))
    }
}
