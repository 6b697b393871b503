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

    public init(records: [ExpectedRecord], location: SourceLocation, pastedFromAusearch: Bool = false) {
        self.records = records
        self.location = location
        self.pastedFromAusearch = pastedFromAusearch
    }
}

public struct ExpectedRecord: Hashable, Sendable, Codable {
    public var type: String
    public var fields: [FieldExpectation]
    public var location: SourceLocation
    public init(type: String, fields: [FieldExpectation], location: SourceLocation) {
        self.type = type
        self.fields = fields
        self.location = location
    }
}

public struct FieldExpectation: Hashable, Sendable, Codable {
    public var name: String
    public var matcher: FieldMatcher
    public var location: SourceLocation
    public init(name: String, matcher: FieldMatcher, location: SourceLocation) {
        self.name = name
        self.matcher = matcher
        self.location = location
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

    public var description: String {
        switch self {
        case .equals(let template): return template.description
        case .present: return "*"
        case .absent: return "(absent)"
        case .regex(let pattern): return "~\(pattern)"
        }
    }
}
