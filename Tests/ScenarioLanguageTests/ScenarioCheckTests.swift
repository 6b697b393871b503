import Profiles
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

/// A revision condition that names a patchset or revision no profile knows is an error at the
/// word, with the known ones; a profile in force (a file of the user's) makes its revision known.
struct RevisionCheckTests {
    static let source = """
    scenario "t"
    spawn child sleep 30
    [ghak90 >= v12] signal TERM to child
    [ghak09 < v8] signal TERM to child
    """

    @Test func unknownRevisionsAndPatchsetsAreErrorsAtTheirWord() {
        guard case .failure(let list) = ScenarioCheck.judge(ScenarioParser().parse(source: Self.source, path: "t.scenario")) else {
            Issue.record("two errors expected")
            return
        }
        #expect(list.diagnostics.map(\.location.description) == ["t.scenario:3:12", "t.scenario:4:2"], "\(list)")
        #expect(list.diagnostics.map(\.message) == ["no profile knows ghak90 v12", "no profile knows the patchset 'ghak09'"])
        #expect(list.diagnostics.first?.hint?.hasPrefix("known revisions of ghak90: v5, v6, v7, v8, v9, v10, v11") == true)
        #expect(list.diagnostics.last?.hint == "did you mean 'ghak90'?")
    }

    @Test func aProfileInForceMakesItsRevisionKnown() {
        var v12 = BuiltinProfiles.named("ghak90-v11")!
        v12.name = "ghak90-v12"
        v12.revision = 12
        let source = Self.source.replacingOccurrences(of: "[ghak09 < v8] ", with: "")
        let judged = ScenarioCheck.judge(ScenarioParser().parse(source: source, path: "t.scenario"), known: BuiltinProfiles.all + [v12])
        guard case .success = judged else {
            Issue.record("v12 is known once its profile is given: \(judged)")
            return
        }
    }
}
