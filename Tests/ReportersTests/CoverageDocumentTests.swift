import Foundation
import TestSupport
import Testing

/// docs/coverage.md is what `auditspec coverage --markdown` makes of the scenarios as they are
/// now: a scenario added, or an item of the spec, without regenerating it fails here.
struct CoverageDocumentTests {
    static var specFolder: String { TestPaths.packageRoot + "/../shared/spec" }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: specFolder), "the spec documents (../shared/spec) are not beside the package"))
    func theCoveragePageIsCurrent() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.binary)
        process.arguments = ["coverage", "--markdown", "-", "--spec", Self.specFolder]
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.packageRoot)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let generated = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let page = try String(contentsOfFile: TestPaths.packageRoot + "/docs/coverage.md", encoding: .utf8)
        #expect(generated.contains("| g27 |"), "the spec's items are listed")
        // The first line that differs, rather than two whole pages.
        let pageLines = page.split(separator: "\n", omittingEmptySubsequences: false)
        let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(pageLines.count, generatedLines.count)).first { pageLines[$0] != generatedLines[$0] } ?? min(pageLines.count, generatedLines.count)
        let current = page == generated
        #expect(current, """
            docs/coverage.md is stale from line \(first + 1): run `auditspec coverage --markdown docs/coverage.md` and commit it
            page:      \(first < pageLines.count ? String(pageLines[first]) : "(end)")
            generated: \(first < generatedLines.count ? String(generatedLines[first]) : "(end)")
            """)
    }
}
