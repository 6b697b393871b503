import AuditRecords
import ScenarioLanguage

/// How one expected record compares with one actual record, field by field.
public struct RecordComparison: Hashable, Sendable, Codable {
    public struct Field: Hashable, Sendable, Codable {
        public var name: String
        public var expected: String
        public var actual: String?
        public var matches: Bool

        public init(name: String, expected: String, actual: String?, matches: Bool) {
            self.name = name
            self.expected = expected
            self.actual = actual
            self.matches = matches
        }
    }

    public var expected: ExpectedRecord
    /// The nearest record of the same type, or nil when the event has none.
    public var actual: AuditRecord?
    public var fields: [Field]

    public init(expected: ExpectedRecord, actual: AuditRecord?, fields: [Field]) {
        self.expected = expected
        self.actual = actual
        self.fields = fields
    }

    public var matches: Bool { actual != nil && fields.allSatisfy(\.matches) }
    var score: Int { actual == nil ? 0 : 1 + fields.filter(\.matches).count }

    /// Compares field by field; values captured by unbound variables are added to `bindings`.
    static func compare(_ expected: ExpectedRecord, with record: AuditRecord, bindings: inout [String: String]) -> RecordComparison {
        let fields = expected.fields.map { field in
            let matches = FieldComparison.matches(field.matcher, field: field.name, in: record, bindings: &bindings)
            return Field(name: field.name, expected: FieldComparison.describe(field.matcher, variables: bindings),
                         actual: record[field: field.name], matches: matches)
        }
        return RecordComparison(expected: expected, actual: record, fields: fields)
    }

    static func typeMatches(_ expected: ExpectedRecord, _ record: AuditRecord) -> Bool {
        if record.type == expected.type { return true }
        // `UNKNOWN[1336]` names a record by its number, whatever name it arrived with.
        guard let number = record.typeNumber, expected.type.hasPrefix("UNKNOWN[") else { return false }
        return expected.type == "UNKNOWN[\(number)]"
    }

    /// Whether any record of the event is of a type some expected record names: an event with
    /// none can neither match nor be a nearest miss (most events of a large log).
    static func anyTypeMatches(_ expected: ExpectedEvent, _ event: AuditEvent) -> Bool {
        expected.records.isEmpty || event.records.contains { record in expected.records.contains { typeMatches($0, record) } }
    }
}

/// How an expected event compares with one actual event.
public struct EventComparison: Hashable, Sendable, Codable {
    public var event: AuditEvent
    public var records: [RecordComparison]
    /// True when every expected record found a matching record, in arrival order.
    public var matches: Bool
    /// The variables after the comparison: those given, plus any a match captured.
    public var bindings: [String: String]

    public init(event: AuditEvent, records: [RecordComparison], matches: Bool, bindings: [String: String] = [:]) {
        self.event = event
        self.records = records
        self.matches = matches
        self.bindings = bindings
    }

    var score: Int { records.map(\.score).reduce(0, +) }

    /// The score an event whose every field matches reaches: one per record, one per field.
    public static func perfectScore(_ expected: ExpectedEvent) -> Int {
        expected.records.reduce(0) { $0 + 1 + $1.fields.count }
    }

    /// The highest score the event could reach, from the quick test alone (no libauparse): for
    /// each expected record, its best candidate counting every field not surely failing. An
    /// event that matches reaches `perfectScore`, so one whose bound is lower cannot match, and
    /// most events of a large log are passed over with this alone. Only fields whose variables
    /// are all bound can surely fail, and a match only adds bindings, so the bound holds for
    /// any bindings a match would make.
    public static func scoreBound(_ expected: ExpectedEvent, with event: AuditEvent, variables: [String: String]) -> Int {
        var bound = 0
        for record in expected.records {
            var best = 0
            for candidate in event.records where RecordComparison.typeMatches(record, candidate) {
                var possible = 1
                for field in record.fields where !FieldComparison.surelyFails(field.matcher, field: field.name, in: candidate, bindings: variables) {
                    possible += 1
                }
                best = max(best, possible)
            }
            bound += best
        }
        return bound
    }

    /// What `compare(...).score` would be for a non-matching event, without building the diff:
    /// the tracker builds the diff only for an event that beats the nearest so far. Scoring
    /// stops (returning at most `beat`) as soon as the records left cannot lift it past `beat`.
    /// `bound` is `scoreBound(...)`, when the caller has it already.
    public static func nearestScore(_ expected: ExpectedEvent, with event: AuditEvent, variables: [String: String],
                                    beat: Int = 0, bound given: Int? = nil) -> Int {
        let bound = given ?? scoreBound(expected, with: event, variables: variables)
        if bound <= beat { return bound }
        var remaining = perfectScore(expected)
        var total = 0
        for record in expected.records {
            if total + remaining <= beat { return total }
            remaining -= 1 + record.fields.count
            var best = 0
            for candidate in event.records where RecordComparison.typeMatches(record, candidate) {
                var scratch = variables
                let matched = record.fields.reduce(0) { count, field in
                    if FieldComparison.surelyFails(field.matcher, field: field.name, in: candidate, bindings: scratch) { return count }
                    return count + (FieldComparison.matches(field.matcher, field: field.name, in: candidate, bindings: &scratch) ? 1 : 0)
                }
                best = max(best, 1 + matched)
            }
            total += best
        }
        return total
    }

    /// Matches the expected records, in order, against a subsequence of the event's records.
    /// Taking the earliest match each time is optimal for subsequences, so no search is needed.
    /// When the event does not match, each expected record is paired with its nearest record
    /// of the same type anywhere in the event, for the diff.
    public static func compare(_ expected: ExpectedEvent, with event: AuditEvent, variables: [String: String]) -> EventComparison {
        let actual = event.meaningfulRecords
        var bindings = variables
        let assigned = expected.ordered ? inOrder(expected.records, actual, &bindings) : anyOrder(expected.records, actual, &bindings)
        // `exact`: nothing beyond the listed records.
        if let assigned, !expected.exact || actual.count == expected.records.count {
            return EventComparison(event: event, records: assigned, matches: true, bindings: bindings)
        }
        return nearest(expected, actual, event: event, variables: variables)
    }

    /// Whether the event matches, without building the nearest-miss diff when it does not.
    static func matchOnly(_ expected: ExpectedEvent, with event: AuditEvent, variables: [String: String]) -> EventComparison? {
        let actual = event.meaningfulRecords
        var bindings = variables
        let assigned = expected.ordered ? inOrder(expected.records, actual, &bindings) : anyOrder(expected.records, actual, &bindings)
        guard let assigned, !expected.exact || actual.count == expected.records.count else { return nil }
        return EventComparison(event: event, records: assigned, matches: true, bindings: bindings)
    }

    /// The earliest match of each expected record after the previous one's: optimal for subsequences.
    private static func inOrder(_ expected: [ExpectedRecord], _ actual: [AuditRecord],
                                _ bindings: inout [String: String]) -> [RecordComparison]? {
        var position = 0
        var matched: [RecordComparison] = []
        for record in expected {
            var found: (Int, RecordComparison, [String: String])?
            for index in actual.indices.dropFirst(position) where RecordComparison.typeMatches(record, actual[index]) {
                if record.fields.contains(where: { FieldComparison.surelyFails($0.matcher, field: $0.name, in: actual[index], bindings: bindings) }) {
                    continue
                }
                var trial = bindings
                let comparison = RecordComparison.compare(record, with: actual[index], bindings: &trial)
                if comparison.matches { found = (index, comparison, trial); break }
            }
            guard let (index, comparison, trial) = found else { return nil }
            matched.append(comparison)
            bindings = trial
            position = index + 1
        }
        return matched
    }

    /// Each expected record to a distinct actual record, in any order (backtracking: events are small).
    private static func anyOrder(_ expected: [ExpectedRecord], _ actual: [AuditRecord],
                                 _ bindings: inout [String: String]) -> [RecordComparison]? {
        var used = Set<Int>()
        var matched: [RecordComparison] = []
        func solve(_ next: Int, _ current: [String: String]) -> [String: String]? {
            if next == expected.count { return current }
            for index in actual.indices where !used.contains(index) && RecordComparison.typeMatches(expected[next], actual[index]) {
                var trial = current
                let comparison = RecordComparison.compare(expected[next], with: actual[index], bindings: &trial)
                guard comparison.matches else { continue }
                used.insert(index)
                matched.append(comparison)
                if let done = solve(next + 1, trial) { return done }
                used.remove(index)
                matched.removeLast()
            }
            return nil
        }
        guard let done = solve(0, bindings) else { return nil }
        bindings = done
        return matched
    }

    /// For the diff: each expected record paired with its nearest record of the same type.
    private static func nearest(_ expected: ExpectedEvent, _ actual: [AuditRecord], event: AuditEvent,
                                variables: [String: String]) -> EventComparison {
        // What a record captured holds for the records after it, so a link that differs
        // between two records (`record=$n`) is marked where it differs.
        var known = variables
        let records = expected.records.map { record -> RecordComparison in
            var best: (comparison: RecordComparison, bindings: [String: String])?
            for candidate in actual where RecordComparison.typeMatches(record, candidate) {
                var scratch = known
                let comparison = RecordComparison.compare(record, with: candidate, bindings: &scratch)
                if best == nil || comparison.score > best!.comparison.score { best = (comparison, scratch) }
            }
            guard let best else { return RecordComparison(expected: record, actual: nil, fields: []) }
            known = best.bindings
            return best.comparison
        }
        return EventComparison(event: event, records: records, matches: false, bindings: variables)
    }
}
