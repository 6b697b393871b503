import Foundation
import Matching

/// The results file of a run still going on (`complete` false), rewritten after every scenario
/// as `JSONReporter.write` does, by a flushed rename, but with each result encoded once: the
/// guest of `auditspec vm` rewrites it at every scenario's end, and encoding every result
/// again each time cost a second and more per run on an emulated CPU. The final document is
/// still written whole by `JSONReporter.write` (`complete` true), byte for byte as always.
public final class PartialResultsFile {
    private let path: String
    private let run: Data
    /// Each result's JSON, by its place in the run.
    private var fragments: [Int: Data] = [:]

    public init(path: String, info: RunInfo) {
        self.path = path
        let facts = JSONReport(info: info, results: [], complete: false).run
        run = (try? JSONReporter.encoder().encode(facts)) ?? Data("{}".utf8)
    }

    /// Adds the result found at `index`, and rewrites the file with the results so far that
    /// have every earlier one before them: a reader takes the i-th result for the i-th scenario
    /// (`auditspec vm` does), so a result whose predecessor is still running waits for it.
    public func add(_ result: ScenarioResult, at index: Int) throws(JSONReportError) {
        fragments[index] = (try? JSONReporter.encoder().encode(result)) ?? Data("{}".utf8)
        try JSONReporter.replace(path, with: document())
    }

    /// The same keys, in the same (sorted) order, as `JSONReporter.document`.
    func document() -> Data {
        var data = Data("{\n  \"complete\" : false,\n  \"format\" : \"\(JSONReport.formatName)\",\n  \"results\" : [".utf8)
        var index = 0
        while let fragment = fragments[index] {
            data.append(Data((index == 0 ? "\n" : ",\n").utf8))
            data.append(fragment)
            index += 1
        }
        data.append(Data("\n  ],\n  \"run\" : ".utf8))
        data.append(run)
        data.append(Data(",\n  \"version\" : \(JSONReport.currentVersion)\n}\n".utf8))
        return data
    }
}
