/// An event the kernel must log: its records, in arrival order.
///
/// Other records may come between the listed ones (a PATH item the author left out, an
/// auxiliary record a patch adds); listed fields must match, unlisted fields are free.
public struct ExpectedEvent: Hashable, Sendable, Codable {
    /// In arrival order, whatever order they were written in.
    public var records: [ExpectedRecord]
    public var location: SourceLocation
    /// Written as `ausearch` prints events (newest record first) and reversed when read.
    public var pastedFromAusearch: Bool
    /// How many distinct events must match: at least one by default.
    public var count: EventCount
    /// Whether the records must come in the written order (the default) or in any order.
    public var ordered: Bool
    /// Whether the event may hold no record beyond the listed ones (EOE aside).
    public var exact: Bool
    /// Seconds after the last action by which the event must have arrived (live runs).
    public var within: Double?
    /// `[ghak90 >= v8] expect event`: expected only under a profile in that range.
    public var condition: RevisionCondition?

    public init(records: [ExpectedRecord], location: SourceLocation, pastedFromAusearch: Bool = false,
                count: EventCount = .atLeast(1), ordered: Bool = true, exact: Bool = false, within: Double? = nil) {
        self.records = records
        self.location = location
        self.pastedFromAusearch = pastedFromAusearch
        self.count = count
        self.ordered = ordered
        self.exact = exact
        self.within = within
    }
}

/// How many events an expectation asks for.
public enum EventCount: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `expect event` (n = 1), `expect at least 3 events`.
    case atLeast(Int)
    /// `expect 2 events`, and `expect no event` (0): waiting stops only at the timeout.
    case exactly(Int)

    public func isSatisfied(by seen: Int) -> Bool {
        switch self {
        case .atLeast(let n): return seen >= n
        case .exactly(let n): return seen == n
        }
    }

    /// Whether more events can still change the verdict.
    public func isSettled(by seen: Int) -> Bool {
        switch self {
        case .atLeast(let n): return seen >= n
        case .exactly(let n): return seen > n
        }
    }

    public var description: String {
        switch self {
        case .atLeast(1): return "an event"
        case .atLeast(let n): return "at least \(n) events"
        case .exactly(0): return "no event"
        case .exactly(1): return "exactly 1 event"
        case .exactly(let n): return "exactly \(n) events"
        }
    }
}

public struct ExpectedRecord: Hashable, Sendable, Codable {
    public var type: String
    public var fields: [FieldExpectation]
    public var location: SourceLocation
    /// `[ghak90 >= v10] type=CONTAINER_ID ...`: expected only under a profile in that range.
    public var condition: RevisionCondition?
    public init(type: String, fields: [FieldExpectation], location: SourceLocation, condition: RevisionCondition? = nil) {
        self.type = type
        self.fields = fields
        self.location = location
        self.condition = condition
    }
}

public struct FieldExpectation: Hashable, Sendable, Codable {
    public var name: String
    public var matcher: FieldMatcher
    public var location: SourceLocation
    /// Written on a line of its own, `[ghak90 <= v7] res=yes`, under its record: expected only
    /// under a profile in that range.
    public var condition: RevisionCondition?
    public init(name: String, matcher: FieldMatcher, location: SourceLocation, condition: RevisionCondition? = nil) {
        self.name = name
        self.matcher = matcher
        self.location = location
        self.condition = condition
    }
}

/// How one field is compared.
public enum FieldMatcher: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `name=value`: the value, after filling in variables.
    case equals(Template)
    /// `name=*`: present, any value.
    case present
    /// `!name`: the record must not have the field.
    case absent
    /// `name~=PATTERN`: a regular expression that must match the whole value.
    case regex(String)
    /// `name>=VALUE`, `name<VALUE`, `name!=VALUE`...: present, and in that relation to the value
    /// (variables filled in). See FieldRelation.
    case relation(FieldRelation, Template)

    public var description: String {
        switch self {
        case .equals(let template): return template.description
        case .present: return "*"
        case .absent: return "(absent)"
        case .regex(let pattern): return "~\(pattern)"
        case .relation(let relation, let template): return relation.rawValue + template.description
        }
    }
}
