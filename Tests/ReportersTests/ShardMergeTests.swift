import AuditRecords
import Matching
import Reporters
import Testing

/// `auditspec merge`: the shards of one run become the whole run, in its order; anything else
/// is refused with the file and the reason.
struct ShardMergeTests {
    static func shard(_ index: Int, of count: Int, positions: [Int], total: Int, profiles: String = "ghak90-v11",
                      kernel: String = "6.18.0", complete: Bool = true) -> JSONReport {
        let results = positions.map { ScenarioResult(path: "s\($0).scenario", title: "t\($0)", verdict: .passed) }
        let info = RunInfo(kernelRelease: kernel, hostname: "box", startedAt: "2026-12-05T00:00:00Z",
                           properties: [("profiles", profiles), ("shard", "\(index)/\(count)"),
                                        ("shard-positions", positions.map(String.init).joined(separator: ",")),
                                        ("scenario-count", String(total))])
        return JSONReport(info: info, results: results, complete: complete)
    }

    static let whole = [("a.json", shard(1, of: 3, positions: [0, 3], total: 5)),
                        ("b.json", shard(2, of: 3, positions: [1, 4], total: 5)),
                        ("c.json", shard(3, of: 3, positions: [2], total: 5))]

    @Test func theShardsBecomeTheWholeRunInItsOrder() throws {
        let merged = try ShardMerge.merge(Self.whole.reversed().map { (path: $0.0, report: $0.1) })
        #expect(merged.results.map(\.path) == (0..<5).map { "s\($0).scenario" })
        #expect(!merged.run.properties.contains { $0.name == "shard" })
        #expect(merged.run.properties.contains { $0.name == "merged-shards" && $0.value == "a.json b.json c.json" })
    }

    @Test(arguments: [
        ("missing", "shard 3/3 missing: a merge must hold every shard of the run"),
        ("doubled", "shard 2/3 is given twice: b.json and d.json"),
        ("split", "shards of different splits: a.json is 1/3, d.json is 2/4"),
        ("profile", "shards of different runs: 'profiles' is 'ghak90-v11' in a.json and 'ghak90-v5' in d.json"),
        ("kernel", "shards of different runs: the kernel is '6.18.0' in a.json and '6.1.0' in d.json"),
        ("unfinished", "d.json: shard 3/3 did not finish (its file says complete: false); run it again"),
    ])
    func anythingButTheWholeRunIsRefused(case name: String, message: String) {
        var files = Self.whole.map { (path: $0.0, report: $0.1) }
        switch name {
        case "missing": files.removeLast()
        case "doubled": files.append((path: "d.json", report: Self.shard(2, of: 3, positions: [1, 4], total: 5)))
        case "split": files.append((path: "d.json", report: Self.shard(2, of: 4, positions: [1], total: 5)))
        case "profile": files[2] = (path: "d.json", report: Self.shard(3, of: 3, positions: [2], total: 5, profiles: "ghak90-v5"))
        case "kernel": files[2] = (path: "d.json", report: Self.shard(3, of: 3, positions: [2], total: 5, kernel: "6.1.0"))
        default: files[2] = (path: "d.json", report: Self.shard(3, of: 3, positions: [2], total: 5, complete: false))
        }
        #expect(throws: ShardMerge.Refusal.self) { try ShardMerge.merge(files) }
        do { _ = try ShardMerge.merge(files) } catch { #expect(error.message == message) }
    }
}

/// The shape of records where both runs passed, and the Markdown limit.
struct RunComparisonTests {
    static func report(_ records: [AuditRecord], verdict: Verdict = .passed, count: Int = 1) -> JSONReport {
        JSONReport(info: Samples.info, results: (0..<count).map {
            ScenarioResult(path: "s\($0).scenario", title: "t", verdict: verdict, records: records)
        }, complete: true)
    }

    static func op(_ names: [String]) -> AuditRecord {
        AuditRecord(type: "CONTAINER_OP", stamp: nil, fields: names.map { RecordField(name: $0, value: "1", quoting: .bare) }, text: "")
    }

    @Test func fieldsAddedDroppedAndMovedAreSaid() {
        let v5 = Self.report([Self.op(["op", "opid", "old-contid", "contid", "pid", "res"])])
        let v11 = Self.report([Self.op(["op", "opid", "contid", "old-contid", "record"])])
        let comparison = RunComparison(older: .init(label: "v5", report: v5), newer: .init(label: "v11", report: v11))
        #expect(comparison.changes.map(\.kind) == [.recordsChanged])
        #expect(comparison.changes.first?.details == ["CONTAINER_OP: added record; dropped pid res; reordered: op opid old-contid contid -> op opid contid old-contid"])
    }

    @Test func aLongSummaryIsCutWithANoteUnderTheLimit() {
        let failing = Verdict.error(phase: .records, message: String(repeating: "x", count: 2000))
        let older = Self.report([], count: 200), newer = Self.report([], verdict: failing, count: 200)
        let comparison = RunComparison(older: .init(label: "a", report: older), newer: .init(label: "b", report: newer))
        let markdown = ComparisonRenderer().markdown(comparison, limit: 20_000)
        #expect(markdown.utf8.count <= 20_000)
        #expect(markdown.contains("left out to keep this summary under 20000 characters"))
        #expect(comparison.regressions.count == 200)
    }
}
