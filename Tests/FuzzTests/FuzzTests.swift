@testable import auditspec_fuzz
import Foundation
import Testing

/// A short, seeded fuzz run on every test run (the long one is scripts/fuzz): no crash, no
/// hang, and every error with its place, on the shipped scenarios and seed records mutated.
struct FuzzTests {
    static let root: String = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.path
    }()

    @Test func mutatedScenariosAndRecordsNeverBreakTheParsers() throws {
        let scenarios = try FileManager.default.subpathsOfDirectory(atPath: Self.root + "/scenarios")
            .filter { $0.hasSuffix(".scenario") }
            .compactMap { FileManager.default.contents(atPath: Self.root + "/scenarios/" + $0).map(Array.init) }
        let records = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Tests/ReplayTests/Fixtures")
            .compactMap { FileManager.default.contents(atPath: Self.root + "/Tests/ReplayTests/Fixtures/" + $0) }
            .flatMap { $0.split(separator: 0x0A).map(Array.init) }
        #expect(!scenarios.isEmpty && !records.isEmpty)

        let summary = FuzzRun(cases: 20_000, seed: 42, scenarioSeeds: scenarios, recordSeeds: records).run()

        #expect(summary.violations.isEmpty, "\(summary.violations)")
        #expect(summary.cases == 20_000)
    }

    @Test func theMutatorIsReproducible() {
        var first = Mutator(seed: 7), second = Mutator(seed: 7)
        #expect(first.mutate(Array("type=SYSCALL".utf8)) == second.mutate(Array("type=SYSCALL".utf8)))
    }
}
