import AuditRecords
import Profiles

/// Names record types for the profiles in force: libaudit's mainline names, except where a
/// profile gives the number to a record of its patch.
///
/// Unmerged patches took numbers that mainline later gave to other records (ghak90 V5's
/// CONTAINER_ID 1332 is mainline's TIME_INJOFFSET; V11's 1336 is URINGOP, and a stock auditd
/// logs it as `type=URINGOP`). A record is renamed only when it carries the field that only
/// the patch's record has (`contid=`), so a true TIME_INJOFFSET keeps its name.
public struct RecordNaming: Sendable {
    public let profiles: ProfileSet

    public init(profiles: ProfileSet) { self.profiles = profiles }

    public func parser() -> RecordParser {
        let profiles = self.profiles
        // Only a record whose number a profile reuses can be renamed: know those names up front,
        // and let every other record (nearly all of a large log) pass without a lookup.
        let numbers = Set(profiles.profiles.flatMap(\.recordTypes).compactMap(\.number))
        let renamable = Self.renamable(by: profiles.profiles)
        return RecordParser(typeName: AuditNames.recordType) { record in
            if let number = record.typeNumber { guard numbers.contains(number) else { return } }
            else { guard renamable(record.type) else { return } }
            guard let number = record.typeNumber ?? AuditNames.recordNumber(record.type),
                  let patchType = profiles.recordType(number: number), patchType.name != record.type else { return }
            if let signature = patchType.signatureField, record[field: signature] == nil { return }
            record.rename(to: patchType.name, number: number)
        }
    }

    /// A parser that reads the fields of `types` only, and of any record a profile might rename
    /// into one of them (which it can only tell by the record's fields).
    public func parser(readingFieldsOf types: Set<String>) -> RecordParser {
        var parser = parser()
        let renamable = Self.renamable(by: profiles.profiles)
        parser.selectsFields = { type in types.contains(type) || renamable(type) ? .all : .none }
        return parser
    }

    /// Whether `profiles` may rename a record that arrives with this type name: an unnamed
    /// number (`UNKNOWN[1332]`), or the mainline name of a number a profile reuses. Only the
    /// record's fields then tell which it is, so such a record must be read in full.
    public static func renamable(by profiles: [Profile]) -> @Sendable (String) -> Bool {
        // A few names, compared in turn: cheaper than hashing the type of every record.
        let names = Array(Set(profiles.flatMap(\.recordTypes).compactMap(\.number).compactMap(AuditNames.recordType)))
        return { type in names.contains(type) || type.hasPrefix("UNKNOWN[") }
    }

    /// One line per profile number that is also a record type of mainline, for the report.
    /// `naming`: only the collisions of these record types (by either name), for a note that
    /// concerns the scenarios at hand; nil for all of them (a report's properties).
    public func collisions(naming types: Set<String>? = nil) -> [String] {
        profiles.profiles.flatMap { profile in
            profile.recordTypes.compactMap { type -> String? in
                guard let number = type.number, let mainline = AuditNames.recordType(number), mainline != type.name else { return nil }
                if let types, !types.contains(type.name), !types.contains(mainline) { return nil }
                return "\(profile.name) numbers \(type.name) \(number), which mainline calls \(mainline): "
                    + "records are told apart by their \(type.signatureField.map { "'\($0)' field" } ?? "fields")"
            }
        }
    }
}
