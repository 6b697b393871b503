import Matching
import Reporters
import Testing

@Suite struct RunSummaryTests {
    @Test func countsEachVerdictAndAddsDurations() {
        let summary = RunSummary(Samples.all)
        #expect([summary.passed, summary.failed, summary.skipped, summary.errors] == [1, 1, 1, 1])
        #expect(summary.total == 4)
        #expect(abs(summary.duration - 2.01) < 1e-9)
    }

    @Test func lineMentionsErrorsOnlyWhenThereAreAny() {
        #expect(RunSummary([Samples.passed, Samples.failed, Samples.skipped]).line == "1 passed, 1 failed, 1 skipped")
        #expect(RunSummary(Samples.all).line == "1 passed, 1 failed, 1 skipped, 1 error")
        #expect(RunSummary([]).line == "0 passed, 0 failed, 0 skipped")
    }

    @Test func exitCodeIsOneOnlyForFailuresOrErrors() {
        #expect(RunSummary([Samples.passed, Samples.skipped]).exitCode == 0)
        #expect(RunSummary([Samples.passed, Samples.failed]).exitCode == 1)
        #expect(RunSummary([Samples.broken]).exitCode == 1)
    }
}
