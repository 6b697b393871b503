import AuditRecords
import ScenarioLanguage

/// Where one expected event stands against the events seen so far.
public enum ExpectationOutcome: Hashable, Sendable {
    case matched(AuditEvent)
    /// Not seen; the nearest event, if any had a record of an expected type, and an event that
    /// did match but only after the expectation's `within` bound, if one came.
    case missing(nearest: EventComparison?, late: LateArrival? = nil)
    /// `expect no event`, `expect 2 events`, `at least 3`: seen another number of times.
    /// `matching` holds the first few events that did match (for `no event`, the culprits).
    case wrongCount(seen: Int, matching: [AuditEvent], nearest: EventComparison?)
}

/// An event that matched an expectation after its `within` bound: when it came, seconds
/// after the last action.
public struct LateArrival: Hashable, Sendable {
    public var event: AuditEvent
    public var elapsed: Double
}

/// Checks a scenario's expected events against events as they arrive.
///
/// Each expected event needs an event of its own: two expectations of the same shape need
/// two events. Which event settles which expectation is a bipartite matching, found again as
/// events arrive (augmenting paths: the sets are small), so the verdict never depends on the
/// order in which expectations are written. `isSettled` says when waiting longer cannot
/// change the verdict, so a run stops as soon as the records it needs are in.
public struct ExpectationTracker: Sendable {
    public let expectations: [ExpectedEvent]
    public var variables: [String: String]
    /// Events that match at least one expectation, in arrival order.
    private var candidates: [AuditEvent] = []
    /// For each expectation, the candidates it matches.
    private var fits: [[Int]]
    /// For each expectation, the candidate assigned to it by the current matching.
    private var assignment: [Int?]
    private var nearest: [EventComparison?]
    /// The score of each nearest event, kept rather than recomputed for every event.
    private var nearestScores: [Int]
    /// Each expectation's `EventComparison.perfectScore`.
    private let perfectScores: [Int]
    /// For an expectation with `within`: the first event that matched it too late.
    private var late: [LateArrival?]
    /// Makes an event whole before it is kept for a report (a matched or nearest event): replay
    /// reads only the fields its expectations name, and a report shows every field.
    private let completing: (@Sendable (AuditEvent) -> AuditEvent)?

    public init(expectations: [ExpectedEvent], variables: [String: String],
                completing: (@Sendable (AuditEvent) -> AuditEvent)? = nil) {
        self.expectations = expectations
        self.variables = variables
        self.completing = completing
        self.fits = Array(repeating: [], count: expectations.count)
        self.assignment = Array(repeating: nil, count: expectations.count)
        self.nearest = Array(repeating: nil, count: expectations.count)
        self.nearestScores = Array(repeating: 0, count: expectations.count)
        self.perfectScores = expectations.map(EventComparison.perfectScore)
        self.late = Array(repeating: nil, count: expectations.count)
    }

    /// `elapsed` is the time since the last action: an expectation with `within` ignores
    /// events that came later. Replay passes 0.
    public mutating func consider(_ received: AuditEvent, elapsed: Double = 0) {
        // An expectation names an EXECVE argument, not the pieces the kernel cut it into.
        let event = received.joiningExecveArguments()
        let index = candidates.count
        var fitsAny = false
        for expectation in expectations.indices {
            if let bound = expectations[expectation].within, elapsed > bound {
                // Kept to say so: "it came, but too late" is not "it never came".
                if late[expectation] == nil, RecordComparison.anyTypeMatches(expectations[expectation], event),
                   EventComparison.matchOnly(expectations[expectation], with: event, variables: variables) != nil {
                    late[expectation] = LateArrival(event: completing?(event) ?? event, elapsed: elapsed)
                }
                continue
            }
            guard RecordComparison.anyTypeMatches(expectations[expectation], event) else { continue }
            // The quick bound first: an event below the perfect score cannot match (most of a
            // large log), and one not above the nearest so far cannot replace it.
            let bound = EventComparison.scoreBound(expectations[expectation], with: event, variables: variables)
            if bound == perfectScores[expectation],
               let comparison = EventComparison.matchOnly(expectations[expectation], with: event, variables: variables) {
                fits[expectation].append(index)
                fitsAny = true
                // A capture made by the first event that settles an expectation holds for the rest.
                if assignment[expectation] == nil { variables.merge(comparison.bindings) { old, _ in old } }
                continue
            }
            // The diff is built only for an event nearer than any before it.
            let best = nearestScores[expectation]
            guard bound > best else { continue }
            let score = EventComparison.nearestScore(expectations[expectation], with: event, variables: variables, beat: best, bound: bound)
            if score > 0, score > best {
                let whole = (completing?(event) ?? event).joiningExecveArguments()
                let comparison = EventComparison.compare(expectations[expectation], with: whole, variables: variables)
                nearest[expectation] = comparison
                nearestScores[expectation] = comparison.score
            }
        }
        guard fitsAny else { return }
        candidates.append(completing?(event) ?? event)
        for expectation in expectations.indices where assignment[expectation] == nil && isSingle(expectation) {
            var visited = Set<Int>()
            _ = augment(expectation, &visited)
        }
    }

    /// Kuhn's step: give `expectation` a candidate, moving others along if that frees one.
    /// A free candidate is taken before any other is moved, so earlier assignments stay put.
    private mutating func augment(_ expectation: Int, _ visited: inout Set<Int>) -> Bool {
        if let free = fits[expectation].first(where: { candidate in !assignment.contains { $0 == candidate } }) {
            assignment[expectation] = free
            return true
        }
        for candidate in fits[expectation] where !visited.contains(candidate) {
            visited.insert(candidate)
            let holder = assignment.firstIndex { $0 == candidate }
            // The holder, if any, is moved to another candidate by the recursive call.
            if holder == nil || augment(holder!, &visited) {
                assignment[expectation] = candidate
                return true
            }
        }
        return false
    }

    /// `expect event` takes one event of its own; counted expectations count every event that fits.
    private func isSingle(_ expectation: Int) -> Bool { expectations[expectation].count == .atLeast(1) }

    public var isSettled: Bool {
        expectations.indices.allSatisfy { index in
            isSingle(index) ? assignment[index] != nil : expectations[index].count.isSettled(by: fits[index].count)
        }
    }

    public var outcomes: [ExpectationOutcome] {
        expectations.indices.map { index in
            if isSingle(index) {
                return assignment[index].map { .matched(candidates[$0]) } ?? .missing(nearest: nearest[index], late: late[index])
            }
            let seen = fits[index].count
            let matching = fits[index].prefix(3).map { candidates[$0] }
            if expectations[index].count.isSatisfied(by: seen) {
                return matching.first.map { .matched($0) } ?? .matched(AuditEvent(stamp: nil, records: []))
            }
            return .wrongCount(seen: seen, matching: matching, nearest: nearest[index])
        }
    }
}
