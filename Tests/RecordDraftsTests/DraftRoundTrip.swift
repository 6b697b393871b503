import AuditRecords
import Foundation
import Matching
@testable import RecordDrafts
import Reporters
import ScenarioLanguage
import Testing

/// A recorded run (fixture: the scenario and the JSON results `auditspec record --json` wrote
/// on a stock kernel) and what its draft must do: parse back, and match the same records.
struct RecordedRun {
    let sourcePath: String
    let scenario: Scenario
    let result: ScenarioResult

    init(_ name: String) throws {
        sourcePath = try #require(Bundle.module.path(forResource: "Fixtures/" + name, ofType: "scenario"))
        scenario = try ScenarioParser().parse(fileAt: sourcePath).get()
        let results = try #require(Bundle.module.path(forResource: "Fixtures/" + name + ".results", ofType: "json"))
        result = try #require(try JSONReporter.read(from: results).results.first)
    }

    init(source: String, result: ScenarioResult) throws {
        sourcePath = "inline.scenario"
        scenario = try ScenarioParser().parse(source: source, path: sourcePath).get()
        self.result = result
        inlineSource = source
    }

    private var inlineSource: String?

    var draft: ExpectDraft { ExpectDraft(scenario: scenario, result: result) }
    var variables: [String: String] { result.bindings?.variables ?? [:] }

    /// The scenario with its own expect blocks replaced by the draft, as a person would paste it.
    func scenarioWithDraft() throws -> String {
        let source = try inlineSource ?? String(contentsOfFile: sourcePath, encoding: .utf8)
        let head = source.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.hasPrefix("expect") }
        return head.joined(separator: "\n") + "\n" + draft.text(heading: ["a test"])
    }

    /// The draft read back through the parser and the load-time checks of every command.
    func parsedDraft() throws -> Scenario {
        switch ScenarioCheck.judge(ScenarioParser().parse(source: try scenarioWithDraft(), path: "draft.scenario")) {
        case .success(let scenario): return scenario
        case .failure(let list):
            Issue.record("the draft does not parse: \(list.description)\n\(try scenarioWithDraft())")
            throw list
        }
    }

    /// The expectations of the draft that the run's own events do not satisfy, with `variables`.
    func missing(with variables: [String: String]? = nil) throws -> [MissingEvent] {
        let parsed = try parsedDraft()
        var tracker = ExpectationTracker(expectations: parsed.expectations, variables: variables ?? self.variables)
        for event in ExpectDraft.events(of: result.records) { tracker.consider(event) }
        return MissingEvent.list(parsed.expectations, tracker.outcomes, variables: tracker.variables)
    }
}

