import Foundation
import Reporters
import ScenarioLanguage
import Testing

struct CoverageTableTests {
    @Test func itemsComeFromTheSpecAndUnknownOnesAreFlagged() throws {
        let folder = NSTemporaryDirectory() + "auditspec-spec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "# ghak90\n- a1 [code] the proc file\n- c13, in the order the kernel checks\nnot an item\n"
            .write(toFile: folder + "/ghak90.md", atomically: true, encoding: .utf8)
        try "| item | test |\n|---|---|\n| B8 | file_create | a watch |\n".write(toFile: folder + "/baseline.md", atomically: true, encoding: .utf8)
        let scenario = try ScenarioParser().parse(source: "scenario \"s\"\ncovers ghak90 c13.7 z9\ncovers baseline B8\n", path: "s.scenario").get()

        let table = CoverageTable(specItems: CoverageTable.specItems(in: folder), scenarios: [scenario])

        #expect(table.rows.map { "\($0.spec) \($0.item)" } == ["baseline B8", "ghak90 a1", "ghak90 c13", "ghak90 z9"])
        // Looked up before #expect: a trailing closure inside an optional chain in #expect read
        // garbage here (a Swift Testing expansion problem, it seems), so the values come first.
        let c13 = table.rows.first(where: { $0.item == "c13" })
        let z9 = table.rows.first(where: { $0.item == "z9" })
        #expect(c13?.scenarios == ["s.scenario"], "a sub-item counts for its item")
        #expect(z9?.unknown == true)
        #expect(table.coveredCount == 2 && table.itemCount == 3)
        #expect(table.lines().last == "2 of 3 spec items covered")
    }

    /// ghak90.md states c16 in two paragraphs: a scenario that covers c16 covers both, and an
    /// item no spec states, covered twice, is one row.
    @Test func anItemStatedTwiceIsCoveredInBothPlaces() throws {
        let items = [(spec: "ghak90", item: "c16", summary: "V8's errnos"), (spec: "ghak90", item: "c16", summary: "revision differences")]
        let first = try ScenarioParser().parse(source: "scenario \"s\"\ncovers ghak90 c16 z9\n", path: "s.scenario").get()
        let second = try ScenarioParser().parse(source: "scenario \"t\"\ncovers ghak90 z9\n", path: "t.scenario").get()
        let table = CoverageTable(specItems: items, scenarios: [first, second])
        let scenarios = table.rows.map(\.scenarios)
        #expect(scenarios == [["s.scenario"], ["s.scenario"], ["s.scenario", "t.scenario"]])
    }
}
