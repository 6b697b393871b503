import AuditRecords
import ScenarioLanguage

/// Where one expected event stands against the events seen so far.
public enum ExpectationOutcome: Hashable, Sendable {
    case matched(AuditEvent)
    /// Not seen; the nearest event, if any had a record of an expected type.
    case missing(nearest: EventComparison?)
}

/// Checks a scenario's expected events against events as they arrive.
///
/// The runner feeds every completed event; `isSettled` says when waiting longer cannot
/// change the verdict, so a run stops as soon as the records it needs are in.
public struct ExpectationTracker: Sendable {
    public let expectations: [ExpectedEvent]
    public var variables: [String: String]
    private(set) var matched: [AuditEvent?]
    private(set) var nearest: [EventComparison?]

    public init(expectations: [ExpectedEvent], variables: [String: String]) {
        self.expectations = expectations
        self.variables = variables
        self.matched = Array(repeating: nil, count: expectations.count)
        self.nearest = Array(repeating: nil, count: expectations.count)
    }

    /// Considers one more event. An event settles at most one expectation, so two
    /// expectations of the same shape need two events.
    public mutating func consider(_ event: AuditEvent) {
        for index in expectations.indices where matched[index] == nil {
            let comparison = EventComparison.compare(expectations[index], with: event, variables: variables)
            if comparison.matches {
                matched[index] = event
                return
            }
            if comparison.score > 0, comparison.score > (nearest[index]?.score ?? 0) {
                nearest[index] = comparison
            }
        }
    }

    public var isSettled: Bool { matched.allSatisfy { $0 != nil } }

    public var outcomes: [ExpectationOutcome] {
        expectations.indices.map { index in
            matched[index].map { .matched($0) } ?? .missing(nearest: nearest[index])
        }
    }
}
