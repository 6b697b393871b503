import Foundation
import Reporters
import TestSupport
import Testing

/// `auditspec compare` on two real results files (replays of the seed and V11 fixtures, one
/// made to regress): exactly that regression, in the console, JUnit and Markdown.
struct CompareTests {
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func oneRegressionIsListedInEveryFormat() throws {
        let folder = NSTemporaryDirectory() + "auditspec-compare-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scenarios = ["contid-set", "contid-filter-dir"].map { TestPaths.packageRoot + "/scenarios/ghak90/\($0).scenario" }
        // Both V11 fixtures in one log; the newer run's copy has the set's identifier changed.
        let log = try ["contid-set.v11.log", "contid-filter-dir.v11.log"]
            .map { try String(contentsOfFile: SeedReplayTests.fixture($0), encoding: .utf8) }.joined()
        try log.write(toFile: folder + "/good.log", atomically: true, encoding: .utf8)
        try log.replacingOccurrences(of: "contid=123456", with: "contid=123457").write(toFile: folder + "/bad.log", atomically: true, encoding: .utf8)
        // Two revisions over the same scenarios: V10 on the good records, V11 on the bad.
        for (name, profile) in [("good", "ghak90-v10"), ("bad", "ghak90-v11")] {
            _ = try run(["check", "--profile", profile, "--log", folder + "/\(name).log", "--json", folder + "/\(name).json"] + scenarios)
        }
        let compared = try run(["compare", folder + "/good.json", folder + "/bad.json", "--junit", folder + "/c.xml", "--markdown", folder + "/c.md"])
        #expect(compared.status == 1, "a regression exits 1")
        #expect(compared.output.contains("Regressions:\n  \(scenarios[0])  PASS -> FAIL"), "\(compared.output)")
        #expect(compared.output.contains("1 regression; 1 unchanged"), "\(compared.output)")
        let xml = try String(contentsOfFile: folder + "/c.xml", encoding: .utf8)
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.components(separatedBy: "<failure ").count == 2)
        #expect(xml.contains("contid-set") && xml.contains("expected \"123456\"  got \"123457\""))
        let markdown = try String(contentsOfFile: folder + "/c.md", encoding: .utf8)
        #expect(markdown.contains("### Regressions"))
        #expect(markdown.contains("| PASS | FAIL |"))
        #expect(!markdown.contains("### Fixes"))

        let unchanged = try run(["compare", folder + "/good.json", folder + "/good.json"])
        #expect(unchanged.status == 0)
        #expect(unchanged.output.contains("no change; 2 unchanged"), "\(unchanged.output)")
    }

    /// A results file of a newer version, or one cut short, is refused, saying which and why.
    @Test(arguments: [(#"{"format": "auditspec-results", "version": 99}"#, "results format version 99 is newer than this auditspec reads"),
                      (#"{"format": "auditspec-results", "version": 2, "complete": tr"#, "not a JSON object")])
    func aFileThatIsNoResultsFileIsRefused(text: String, reason: String) throws {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["compare", path, path]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(said.contains(path) && said.contains(reason), "\(said)")
    }
}
