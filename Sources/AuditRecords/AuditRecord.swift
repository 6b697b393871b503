/// One `name=value` pair of a record, in the order the kernel wrote it.
public struct RecordField: Hashable, Sendable, Codable {
    public enum Quoting: String, Hashable, Sendable, Codable {
        case bare, double, single
    }

    public var name: String
    /// The value without its quotes.
    public var value: String
    public var quoting: Quoting
    /// True for the pairs found inside a single-quoted `msg='...'` of a user record.
    public var nested: Bool

    public init(name: String, value: String, quoting: Quoting = .bare, nested: Bool = false) {
        self.name = name
        self.value = value
        self.quoting = quoting
        self.nested = nested
    }

    /// The pair as the kernel prints it.
    public var rawText: String {
        switch quoting {
        case .bare: return "\(name)=\(value)"
        case .double: return "\(name)=\"\(value)\""
        case .single: return "\(name)='\(value)'"
        }
    }
}

/// Whether values are as the kernel wrote them or as `ausearch -i` interprets them
/// (`syscall=openat`, `uid=root`, local-time stamps, ` : ` after the stamp).
public enum RecordForm: String, Hashable, Sendable, Codable {
    case raw, interpreted
}

/// One audit record: a type, the event stamp and the fields, as received.
///
/// `text` is the whole line as it came (bytes that are not UTF-8 escaped as `\xNN`),
/// so a report can always show exactly what the kernel or the log said.
public struct AuditRecord: Hashable, Sendable, Codable {
    /// The record type's name (`SYSCALL`, `NETFILTER_PKT`), or `UNKNOWN[n]` when unnamed.
    public var type: String
    /// The type's number when it is known (always, for records read from the kernel).
    public var typeNumber: Int?
    public var stamp: RecordStamp?
    public var fields: [RecordField]
    /// Fields after auditd's ENRICHED separator (0x1D): interpreted copies in upper case.
    public var enrichedFields: [RecordField]
    public var node: String?
    public var text: String
    public var form: RecordForm
    /// Read with a field selection (`RecordParser.selectsFields`): `fields` holds only the
    /// chosen ones. Never written out: a report gets records read in full.
    public var fieldsArePartial = false
    /// Where the record's line starts in the log it was read from, for a record read without
    /// its text (a replay of a regular file): `LogReader.completed` reads the line again from
    /// there. Never written out.
    public var lineOffset: Int?

    enum CodingKeys: String, CodingKey {
        case type, typeNumber, stamp, fields, enrichedFields, node, text, form
    }

    public init(type: String, typeNumber: Int? = nil, stamp: RecordStamp?, fields: [RecordField],
                enrichedFields: [RecordField] = [], node: String? = nil, text: String, form: RecordForm = .raw) {
        self.form = form
        self.type = type
        self.typeNumber = typeNumber
        self.stamp = stamp
        self.fields = fields
        self.enrichedFields = enrichedFields
        self.node = node
        self.text = text
    }

    /// The first value of the named field (top-level first, then nested), or nil.
    public subscript(field name: String) -> String? { pair(named: name)?.value }

    /// The first pair of that name (top-level first, then nested), with its quoting.
    public func pair(named name: String) -> RecordField? {
        var nested: RecordField?
        for field in fields where field.name == name {
            if !field.nested { return field }
            if nested == nil { nested = field }
        }
        return nested
    }

    public var isEndOfEvent: Bool { type == "EOE" || typeNumber == 1320 }

    /// Gives the record another type name (a patch profile's, for a number it took from
    /// mainline or that libaudit does not know), in `type` and in the `type=` of `text`, so
    /// that every report, diff and verbose listing names it as the profile in force does: a
    /// ghak90 V11 CONTAINER_OP is shown as `type=CONTAINER_OP`, not `type=UNKNOWN[1020]`.
    public mutating func rename(to name: String, number: Int?) {
        let old = "type=" + type + " "
        type = name
        typeNumber = number
        // The name stands first, or after auditd's `node=HOST `; nowhere else is it a type.
        if text.hasPrefix(old) {
            text.replaceSubrange(text.startIndex..<text.index(text.startIndex, offsetBy: old.count), with: "type=\(name) ")
        } else if text.hasPrefix("node="), let space = text.firstIndex(of: " "),
                  text[text.index(after: space)...].hasPrefix(old) {
            let start = text.index(after: space)
            text.replaceSubrange(start..<text.index(start, offsetBy: old.count), with: "type=\(name) ")
        }
    }
}
