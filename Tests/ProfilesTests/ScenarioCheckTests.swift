import Runner
import ScenarioLanguage
import Testing

/// A file's errors are all told at once: a misspelt record type is found even in a file the
/// parser also found errors in, and every error comes in file order.
struct ScenarioCheckTests {
    func judge(_ source: String) -> Result<Scenario, DiagnosticList> {
        ScenarioCheck.judge(ScenarioParser().parse(source: source, path: "t.scenario"))
    }

    @Test func namesAreCheckedBesideTheParsersErrorsInFileOrder() {
        let judged = judge("""
        scenario "t"
        expect event
            type=CONTAINR_ID contid=1
        run "unterminated
        """)
        guard case .failure(let list) = judged else {
            Issue.record("two errors expected, got \(judged)")
            return
        }
        #expect(list.diagnostics.map(\.location.line) == [3, 4], "\(list)")
        #expect(list.diagnostics.first?.hint?.contains("CONTAINER_ID") == true, "\(list)")
    }

    @Test func aFileWithOnlyANameErrorIsRefusedToo() {
        guard case .failure(let list) = judge("scenario \"t\"\nexpect event\n    type=SYSCAL key=x\n") else {
            Issue.record("a misspelt type must be an error")
            return
        }
        #expect(list.diagnostics.count == 1)
    }

    @Test func aSoundFileIsKept() throws {
        let scenario = try judge("scenario \"t\"\nexpect event\n    type=SYSCALL key=x\n").get()
        #expect(scenario.expectations.count == 1)
    }
}
