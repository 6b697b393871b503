import Foundation
import Matching
import Reporters
import TestSupport
import Testing

/// `auditspec check` writes the same reports as a live run: the JSON one reads back with the
/// verdicts the console showed. Runs the real binary on a fixture log; needs no kernel.
struct CheckReportTests {
    @Test func checkWritesAJSONReportThatReadsBack() throws {
        let folder = NSTemporaryDirectory() + "auditspec-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let json = folder + "/results.json"
        let scenario = TestPaths.packageRoot + "/scenarios/ghak90/contid-set.scenario"

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["check", "--log", SeedReplayTests.fixture("contid-set.v11.log"), "--json", json, scenario]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()

        let status = process.terminationStatus
        #expect(status == 0)
        let report = try JSONReporter.read(from: json)
        let verdicts = report.results.map(\.verdict)
        #expect(verdicts == [.passed])
        let paths = report.results.map(\.path)
        #expect(paths == [scenario])
        #expect(report.complete)
        #expect(report.info.kernelRelease.hasPrefix("replay of "))
        // The default profile (ghak90-v11) numbers CONTAINER_ID 1336, URINGOP in mainline: the report says so.
        let collisions = report.info.properties.first { $0.0 == "profile-collisions" }?.1
        #expect(collisions?.contains("ghak90-v11 numbers CONTAINER_ID 1336, which mainline calls URINGOP") == true, "\(report.info.properties)")
    }

    /// `--tap` without FILE before a scenario path: TAP alone on standard output, the console
    /// report on standard error.
    @Test func tapWithoutAFileGoesToStandardOutput() throws {
        let scenario = TestPaths.packageRoot + "/scenarios/ghak90/contid-set.scenario"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["check", "--log", SeedReplayTests.fixture("contid-set.v11.log"), "--tap", scenario]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors)")
        #expect(output.hasPrefix("TAP version 13\n1..1\n"), "\(output)")
        #expect(output.contains("ok 1 - \(scenario): "))
        #expect(!output.contains("PASS"), "the console report is not mixed into TAP")
        #expect(errors.contains("PASS  \(scenario)"))
    }
}
