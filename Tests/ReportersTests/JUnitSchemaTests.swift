import Foundation
import Matching
import Reporters
import TestSupport
import Testing

/// Every JUnit report auditspec writes (a run's, compare's, merge's) checked against the JUnit
/// XSD by a real validator: the Jenkins xUnit plugin's junit-10.xsd, the schema CI systems'
/// JUnit readers follow (scripts/setup installs it beside the venv), with xmllint.
@Suite(.requires(Consumer.junitSchema)) struct JUnitSchemaTests {
    /// xmllint's verdict on a document: valid, or what it found wrong.
    func validate(_ xml: String) throws -> (valid: Bool, output: String) {
        let outcome = try Consumer.outcome(Data(xml.utf8), suffix: ".xml", with: Consumer.xmllint) {
            ["--noout", "--schema", Consumer.junitSchemaPath, $0]
        }
        return (outcome.status == 0 && outcome.output.contains(" validates"), outcome.output)
    }

    func expectValid(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verdict = try validate(xml)
        #expect(verdict.valid, "not valid against junit-10.xsd:\n\(verdict.output)\n\(xml)", sourceLocation: sourceLocation)
    }

    @Test func aRunsReportIsValid() throws {
        try expectValid(JUnitReporter().document(Samples.all, info: Samples.info))
    }

    @Test func anEmptyRunsReportIsValid() throws {
        try expectValid(JUnitReporter().document([], info: RunInfo(kernelRelease: "6.18.0", hostname: "box", startedAt: "2026-12-05T00:00:00Z")))
    }

    /// Compare's report holds a failing regression, passing fixes and changes, a skipped removal.
    @Test func comparesReportIsValid() throws {
        func report(_ results: [ScenarioResult]) -> JSONReport { JSONReport(info: Samples.info, results: results, complete: true) }
        let older = report([ScenarioResult(path: Samples.failed.path, title: Samples.failed.title, verdict: .passed),
                            Samples.passed, Samples.broken, Samples.skipped,
                            ScenarioResult(path: "scenarios/old/gone.scenario", title: "gone", verdict: .passed)])
        let newer = report([Samples.failed, Samples.passed.renamed("scenarios/baseline/new.scenario"),
                            ScenarioResult(path: Samples.broken.path, title: Samples.broken.title, verdict: .passed),
                            ScenarioResult(path: Samples.skipped.path, title: Samples.skipped.title, verdict: .skipped(reason: "other"))])
        let comparison = RunComparison(older: .init(label: "v10 <a&b>", report: older), newer: .init(label: "v11", report: newer))
        let kinds = Set(comparison.changes.map(\.kind))
        #expect(kinds.isSuperset(of: [.regression, .fix, .removed, .added]), "\(kinds)")
        try expectValid(ComparisonRenderer().junit(comparison))
    }

    /// Merge's report is the run's reporter on the joined shards, with their properties.
    @Test func mergedShardsReportIsValid() throws {
        let merged = try ShardMerge.merge(ShardMergeTests.whole.map { (path: $0.0, report: $0.1) })
        try expectValid(JUnitReporter().document(merged.results, info: merged.info))
    }

    /// The check can fail: a document the schema forbids (a test case without its name, a suite
    /// without its counts) is refused, saying where.
    @Test func theSchemaRefusesWhatItForbids() throws {
        let bad = "<?xml version=\"1.0\"?>\n<testsuites>\n  <testsuite name=\"s\">\n    <testcase classname=\"c\"/>\n  </testsuite>\n</testsuites>\n"
        let verdict = try validate(bad)
        #expect(!verdict.valid)
        #expect(verdict.output.contains("'tests' is required") && verdict.output.contains("'name' is required"), "\(verdict.output)")
    }
}

private extension ScenarioResult {
    func renamed(_ path: String) -> ScenarioResult { ScenarioResult(path: path, title: title, verdict: verdict, duration: duration) }
}
