import Foundation
import Matching
import Reporters
import Testing

/// `--tap`: one test point per scenario, read by a real consumer (prove, from Debian's perl).
struct TAPReporterTests {
    let document = TAPReporter().document(Samples.all, info: Samples.info)

    @Test func eachVerdictIsATestPointInOrder() {
        let points = document.split(separator: "\n").filter { $0.hasPrefix("ok ") || $0.hasPrefix("not ok ") }
        #expect(points == [
            "ok 1 - scenarios/baseline/a.scenario: a passes",
            "not ok 2 - scenarios/baseline/b.scenario: b <fails> & \"quotes\"",
            "ok 3 - scenarios/ghak90/c.scenario: c skips # SKIP needs contid: no /proc/self/audit_containerid",
            "not ok 4 - scenarios/ghak90/d.scenario: d breaks",
        ])
        #expect(document.hasPrefix("TAP version 13\n1..4\n"))
    }

    @Test func theDiffAndTheErrorAreYAMLUnderTheirTestPoint() {
        #expect(document.contains("  severity: fail\n"))
        #expect(document.contains("    expected event (scenarios/baseline/b.scenario:8:1)"), "\(document)")
        #expect(document.contains("  severity: error\n"))
        #expect(document.contains("    - \"colour \\\\x1B[31mred\""), "a control character is made visible, and quoted for YAML")
    }

    @Test func aHashInADescriptionIsEscapedNotADirective() {
        let result = ScenarioResult(path: "s/x.scenario", title: "issue #5 \\ done\nsecond line", verdict: .passed)
        let text = TAPReporter().document([result], info: Samples.info)
        #expect(text.contains("ok 1 - s/x.scenario: issue \\#5 \\\\ done second line\n"))
    }

    @Test func anInterruptedRunBailsOutWithoutAPlan() {
        let text = TAPReporter().document([Samples.passed], info: Samples.info, bailOut: "interrupted by signal 2")
        #expect(!text.contains("1.."))
        #expect(text.hasSuffix("Bail out! interrupted by signal 2\n"))
    }

    /// prove parses the stream: the right counts, the failures where they are, no parse error.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prove"), "prove (package perl) is not installed"))
    func proveReadsIt() throws {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString).tap"
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prove")
        process.arguments = ["-e", "cat", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.contains("Tests: 4 Failed: 2"), "\(output)")
        #expect(output.contains("Failed tests:  2, 4"), "\(output)")
        #expect(!output.contains("Parse errors"), "\(output)")
    }
}
