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

    static func compare(_ expected: ExpectedRecord, with record: AuditRecord, variables: [String: String]) -> RecordComparison {
        let fields = expected.fields.map { field in
            let actual = record[field: field.name]
            return Field(name: field.name, expected: FieldComparison.describe(field.matcher, variables: variables),
                         actual: actual, matches: FieldComparison.matches(field.matcher, field: field.name, actual: actual, variables: variables))
        }
        return RecordComparison(expected: expected, actual: record, fields: fields)
    }

    static func typeMatches(_ expected: ExpectedRecord, _ record: AuditRecord) -> Bool {
        record.type == expected.type || expected.type == "UNKNOWN[\(record.typeNumber ?? -1)]"
    }
}

/// How an expected event compares with one actual event.
public struct EventComparison: Hashable, Sendable, Codable {
    public var event: AuditEvent
    public var records: [RecordComparison]
    /// True when every expected record found a matching record, in arrival order.
    public var matches: Bool

    public init(event: AuditEvent, records: [RecordComparison], matches: Bool) {
        self.event = event
        self.records = records
        self.matches = matches
    }

    var score: Int { records.map(\.score).reduce(0, +) }

    /// Matches the expected records, in order, against a subsequence of the event's records.
    /// Taking the earliest match each time is optimal for subsequences, so no search is needed.
    /// When the event does not match, each expected record is paired with its nearest record
    /// of the same type anywhere in the event, for the diff.
    public static func compare(_ expected: ExpectedEvent, with event: AuditEvent, variables: [String: String]) -> EventComparison {
        let actual = event.meaningfulRecords
        var position = 0
        var inOrder: [RecordComparison] = []
        for record in expected.records {
            let found = actual[position...].firstIndex { candidate in
                RecordComparison.typeMatches(record, candidate)
                    && RecordComparison.compare(record, with: candidate, variables: variables).matches
            }
            guard let found else { break }
            inOrder.append(RecordComparison.compare(record, with: actual[found], variables: variables))
            position = found + 1
        }
        if inOrder.count == expected.records.count {
            return EventComparison(event: event, records: inOrder, matches: true)
        }
        let nearest = expected.records.map { record in
            actual.filter { RecordComparison.typeMatches(record, $0) }
                .map { RecordComparison.compare(record, with: $0, variables: variables) }
                .max { $0.score < $1.score }
                ?? RecordComparison(expected: record, actual: nil, fields: [])
        }
        return EventComparison(event: event, records: nearest, matches: false)
    }
}
