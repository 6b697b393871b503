import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Matching
import Reporters
import Testing

@Suite struct JUnitReporterTests {
    let xml = JUnitReporter().document(Samples.all, info: Samples.info)

    func document() throws -> XMLDocument { try XMLDocument(xmlString: xml, options: []) }

    func root() throws -> XMLElement { try #require(try document().rootElement()) }

    func suites() throws -> [XMLElement] { try root().elements(forName: "testsuite") }

    func testcase(_ path: String) throws -> XMLElement {
        let cases = try suites().flatMap { $0.elements(forName: "testcase") }
        return try #require(cases.first { $0.attribute(forName: "file")?.stringValue == path })
    }

    func attributes(_ element: XMLElement, _ names: [String]) -> [String?] {
        names.map { element.attribute(forName: $0)?.stringValue }
    }

    @Test func documentIsWellFormedXML() throws {
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        #expect(try root().name == "testsuites")
    }

    @Test func rootCountsAgreeWithRunSummary() throws {
        let summary = RunSummary(Samples.all)
        #expect(attributes(try root(), ["tests", "failures", "errors", "skipped", "time"])
            == ["\(summary.total)", "\(summary.failed)", "\(summary.errors)", "\(summary.skipped)", "2.01"])
    }

    @Test func oneTestsuitePerFolderWithItsOwnCounts() throws {
        let suites = try suites()
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["scenarios/baseline", "scenarios/ghak90"])
        #expect(attributes(suites[0], ["tests", "failures", "errors", "skipped"]) == ["2", "1", "0", "0"])
        #expect(attributes(suites[1], ["tests", "failures", "errors", "skipped"]) == ["2", "0", "1", "1"])
        #expect(attributes(suites[0], ["hostname", "timestamp"]) == ["box", "2025-01-01T00:00:00Z"])
        #expect(suites.map { $0.elements(forName: "testcase").count } == [2, 2])
    }

    @Test func propertiesNameTheKernelAndTheRunInfo() throws {
        let properties = try #require(try suites().first?.elements(forName: "properties").first).elements(forName: "property")
        #expect(properties.map { attributes($0, ["name", "value"]) } == [["kernel", "6.18.0-test"], ["features", "audit multicast"]])
    }

    @Test func testcaseNameClassnameFileAndTime() throws {
        let passed = try testcase("scenarios/baseline/a.scenario")
        #expect(attributes(passed, ["name", "classname", "time"]) == ["a passes", "scenarios.baseline.a", "0.50"])
        #expect((passed.children ?? []).allSatisfy { $0.kind != .element })
    }

    @Test func classnameDropsLeadingDotSlashAndOnlyTheExtension() throws {
        let results = [ScenarioResult(path: "./x.y/z.scenario", title: "t", verdict: .passed),
                       ScenarioResult(path: "top.scenario", title: "t", verdict: .passed)]
        let document = try XMLDocument(xmlString: JUnitReporter().document(results, info: Samples.info), options: [])
        let cases = try #require(document.rootElement()).elements(forName: "testsuite").flatMap { $0.elements(forName: "testcase") }
        #expect(cases.map { $0.attribute(forName: "classname")?.stringValue } == ["x.y.z", "top"])
        #expect(try #require(document.rootElement()).elements(forName: "testsuite").last?.attribute(forName: "name")?.stringValue == ".")
    }

    @Test func titleWithMarkupCharactersRoundTrips() throws {
        #expect(try testcase("scenarios/baseline/b.scenario").attribute(forName: "name")?.stringValue == "b <fails> & \"quotes\"")
    }

    @Test func skippedCarriesItsReason() throws {
        let skipped = try #require(try testcase("scenarios/ghak90/c.scenario").elements(forName: "skipped").first)
        #expect(skipped.attribute(forName: "message")?.stringValue == "needs contid: no /proc/self/audit_containerid")
    }

    @Test func failureCarriesTheDiff() throws {
        let failure = try #require(try testcase("scenarios/baseline/b.scenario").elements(forName: "failure").first)
        #expect(attributes(failure, ["message", "type"]) == ["1 expected event not seen", "records-mismatch"])
        #expect(failure.stringValue == DiffRenderer.render(Samples.missing).joined(separator: "\n"))
        #expect(failure.stringValue?.contains("expected \"auditspec-1\"  got \"other\"") == true)
    }

    @Test func errorCarriesPhaseFirstLineAndWholeMessage() throws {
        let error = try #require(try testcase("scenarios/ghak90/d.scenario").elements(forName: "error").first)
        #expect(attributes(error, ["message", "type"]) == ["setup: exec failed", "scenario-error"])
        #expect(error.stringValue == "exec failed\nno such file")
    }

    @Test func systemOutHoldsRecordsUnreadableLinesAndNotes() throws {
        let out = try #require(try testcase("scenarios/baseline/b.scenario").elements(forName: "system-out").first?.stringValue)
        #expect(out.split(separator: "\n") == [
            "type=USER_LOGIN msg=audit(1700000000.123:42): uid=0\\x1DUID=\"root\"",
            "UNREADABLE logs/audit.log:7:6 (bad type): type=type=X msg=audit(1.0:1): a=b",
            "UNREADABLE kernel:3 (unterminated quote): a=\"open",
            "note: colour \\x1B[31mred",
        ])
    }

    @Test func controlCharactersNeverAppearRaw() {
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        #expect(xml.contains("\\x1D"))
        #expect(xml.contains("\\x1B"))
    }

    @Test func controlCharactersInAttributesAreEscapedToo() throws {
        let result = ScenarioResult(path: "s/x.scenario", title: "t\u{1B}itle", verdict: .skipped(reason: "r\u{1D}eason\nline 2"))
        let text = JUnitReporter().document([result], info: Samples.info)
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{1D}" })
        let document = try XMLDocument(xmlString: text, options: [])
        let testcase = try #require(document.rootElement()?.elements(forName: "testsuite").first?.elements(forName: "testcase").first)
        #expect(testcase.attribute(forName: "name")?.stringValue == "t\\x1Bitle")
        #expect(testcase.elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue == "r\\x1Deason\nline 2")
    }

    @Test func emptyRunIsAValidDocumentWithZeroCounts() throws {
        let document = try XMLDocument(xmlString: JUnitReporter().document([], info: Samples.info), options: [])
        let root = try #require(document.rootElement())
        #expect(attributes(root, ["tests", "failures", "errors", "skipped"]) == ["0", "0", "0", "0"])
        #expect(root.elements(forName: "testsuite").isEmpty)
    }

    /// A JUnit parser as CI systems use (junitparser, from PyPI, which scripts/setup installs
    /// beside virtme-ng) reads each test case's verdict, for a run's report and for compare's.
    @Test func aJUnitParserReadsTheVerdicts() throws {
        let python = "/opt/auditspec-venv/bin/python3"
        let required = ProcessInfo.processInfo.environment["AUDITSPEC_REQUIRE_LIVE"] == "1"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            if required { Issue.record("no \(python): scripts/setup installs junitparser there") }
            return
        }
        let read = """
        import sys, junitparser
        x = junitparser.JUnitXml.fromfile(sys.argv[1])
        for suite in x:
            for case in suite:
                kinds = [type(r).__name__ for r in case.result]
                print(case.classname, kinds[0] if kinds else "Passed")
        """
        let output = try Consumer.read(Data(xml.utf8), suffix: ".xml", with: python) { ["-c", read, $0] }
        if output.contains("No module named 'junitparser'") {
            if required { Issue.record("junitparser is not installed in /opt/auditspec-venv: run scripts/setup") }
            return
        }
        #expect(output.split(separator: "\n") == ["scenarios.baseline.a Passed", "scenarios.baseline.b Failure",
                                                  "scenarios.ghak90.c Skipped", "scenarios.ghak90.d Error"], "\(output)")
    }
}
