import Foundation
import Matching
import Reporters
import Testing

/// The file a run rewrites after every scenario reads back as the whole-document writer's
/// would: the results so far, in the run's order, marked incomplete; a result whose
/// predecessor is still running waits for it, so the i-th result is always the i-th scenario's.
struct PartialResultsFileTests {
    @Test func itReadsBackAsTheResultsSoFarInOrder() throws {
        let path = NSTemporaryDirectory() + "auditspec-partial-\(getpid()).json"
        defer { unlink(path) }
        let partial = PartialResultsFile(path: path, info: Samples.info)
        let results = Samples.all
        // Out of order, as parallel scenarios end, with a gap while one is still running.
        try partial.add(results[2], at: 2)
        #expect(try JSONReporter.read(from: path).results.isEmpty)
        try partial.add(results[0], at: 0)
        let report = try JSONReporter.read(from: path)
        let expected = JSONReport(info: Samples.info, results: [results[0]], complete: false)
        #expect(report == expected)
        for index in [1, 3] where index < results.count { try partial.add(results[index], at: index) }
        let whole = try JSONReporter.read(from: path)
        #expect(whole.results == results)
        let origins = whole.results[1].unreadable.map(\.origin)
        #expect(origins == ["logs/audit.log:7", nil], "an unreadable line keeps its file and line")
        #expect(!whole.complete)
    }
}
