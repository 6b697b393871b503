import AuditKernel
import AuditRecords
import Matching
import ScenarioLanguage

/// Checks scenarios against a captured log instead of a live kernel: nothing is run.
///
/// The log is streamed once for all scenarios, each event offered to every scenario's
/// tracker, so a log of any size takes one pass and little memory. Variables come from
/// `--var name=value`, or are captured from the first records that match (`opid=$child`
/// binds child). Requirements are not checked: the records decide.
public struct ReplayRunner {
    public var parser: RecordParser
    public var variables: [String: String]
    /// Unreadable lines attached to each result, at most; the rest are counted in a note.
    public var unreadableLimit = 100

    public init(parser: RecordParser, variables: [String: String] = [:]) {
        self.parser = parser
        self.variables = variables
    }

    public func check(_ scenarios: [Scenario], log path: String) throws(LogReader.CannotOpen) -> [ScenarioResult] {
        var trackers = scenarios.map { ExpectationTracker(expectations: $0.expectations, variables: variables) }
        var unreadable: [UnreadableRecord] = []
        var unreadableCount = 0
        var eventCount = 0
        let started = Poller.now()
        // Only the record types some scenario names need their fields read.
        let named = Set(scenarios.flatMap(\.expectations).flatMap(\.records).map(\.type))
        var reading = parser
        let everything = parser.readsFields
        reading.readsFields = { type in named.contains(type) || everything?(type) == true }
        try LogReader(parser: reading).read(path: path) { item in
            switch item {
            case .event(let event):
                eventCount += 1
                for index in trackers.indices where !trackers[index].isSettled { trackers[index].consider(event) }
            case .unreadable(let record):
                unreadableCount += 1
                if unreadable.count < unreadableLimit { unreadable.append(record) }
            }
        }
        let duration = Poller.now() - started
        return zip(scenarios, trackers).map { scenario, tracker in
            var notes = ["replayed \(eventCount) events from \(path)"]
            if unreadableCount > unreadable.count {
                notes.append("\(unreadableCount) lines could not be read; the first \(unreadable.count) are listed")
            }
            let bound = tracker.variables.filter { variables[$0.key] == nil }.sorted { $0.key < $1.key }
            if !bound.isEmpty { notes.append("captured from the log: " + bound.map { "$\($0.key)=\($0.value)" }.joined(separator: " ")) }
            let outcomes = tracker.outcomes
            let missing = MissingEvent.list(scenario.expectations, outcomes, variables: tracker.variables)
            let matchedRecords = outcomes.flatMap { outcome -> [AuditRecord] in
                if case .matched(let event) = outcome { return event.records }
                return []
            }
            return ScenarioResult(path: scenario.path, title: scenario.title, verdict: missing.isEmpty ? .passed : .failed(missing),
                                  duration: duration, records: matchedRecords, unreadable: unreadable, notes: notes)
        }
    }
}
