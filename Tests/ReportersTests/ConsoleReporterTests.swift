import Matching
import Reporters
import Testing

/// Collects what a reporter writes.
final class Written {
    var lines: [String] = []
    var reporter: ConsoleReporter { reporter(verbose: false) }
    func reporter(verbose: Bool) -> ConsoleReporter { ConsoleReporter(verbose: verbose) { self.lines.append($0) } }
}

@Suite struct ConsoleReporterTests {
    @Test func passLineHasLabelPathTimeAndTitle() {
        let out = Written()
        out.reporter.report(Samples.passed)
        #expect(out.lines == ["PASS  scenarios/baseline/a.scenario  (0.50 s)  a passes"])
    }

    @Test func skipShowsItsReason() {
        let out = Written()
        out.reporter.report(Samples.skipped)
        #expect(out.lines == ["SKIP  scenarios/ghak90/c.scenario  (0.01 s)  c skips",
                              "      skipped: needs contid: no /proc/self/audit_containerid"])
    }

    @Test func errorShowsPhaseAndIndentsEveryLine() {
        let out = Written()
        out.reporter.report(Samples.broken)
        #expect(out.lines.first == "ERROR scenarios/ghak90/d.scenario  (0.25 s)  d breaks")
        #expect(out.lines.last == "      error at setup: exec failed\n      no such file")
    }

    @Test func failureShowsTheDiffIndented() {
        let out = Written()
        out.reporter.report(Samples.failed)
        #expect(out.lines.first?.hasPrefix("FAIL  scenarios/baseline/b.scenario  (1.25 s)") == true)
        for line in DiffRenderer.render(Samples.missing) {
            #expect(out.lines.contains("      " + line))
        }
        #expect(out.lines.contains { $0.contains("expected \"auditspec-1\"") && $0.contains("got \"other\"") })
    }

    @Test func notesAndUnreadableRecordsAreShownWithControlCharactersVisible() {
        let out = Written()
        out.reporter.report(Samples.failed)
        #expect(out.lines.contains("      note: colour \\x1B[31mred"))
        #expect(out.lines.contains("      logs/audit.log:7:6: unreadable record kept: bad type: type=type=X msg=audit(1.0:1): a=b"))
        #expect(out.lines.contains("      kernel:3: unreadable record kept: unterminated quote: a=\"open"), "a live record has no file")
        #expect(!out.lines.joined().unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{1D}" })
    }

    @Test func recordsAreListedOnlyWhenVerbose() {
        let quiet = Written()
        quiet.reporter.report(Samples.failed)
        #expect(!quiet.lines.contains { $0.contains("records received") })
        let verbose = Written()
        verbose.reporter(verbose: true).report(Samples.failed)
        #expect(verbose.lines.contains("      records received:"))
        #expect(verbose.lines.contains("        type=USER_LOGIN msg=audit(1700000000.123:42): uid=0\\x1DUID=\"root\""))
    }

    @Test func summaryLineWithoutErrors() {
        let out = Written()
        out.reporter.summarize([Samples.passed, Samples.passed, Samples.failed, Samples.skipped])
        #expect(out.lines == ["2 passed, 1 failed, 1 skipped"])
    }

    @Test func summaryLineWithErrors() {
        let out = Written()
        out.reporter.summarize(Samples.all + [Samples.broken])
        #expect(out.lines == ["1 passed, 1 failed, 1 skipped, 2 errors"])
    }
}
