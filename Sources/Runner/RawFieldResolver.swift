import AuditKernel
import Profiles
import ScenarioLanguage

/// Rule fields that the installed libaudit will not build but the kernel is to judge: fields it
/// does not know but a profile numbers (`contid`, 27 in ghak90: a stock libaudit refuses
/// `-F contid=123459`, yet the patched kernel takes the number), and fields it knows but
/// refuses on the rule's list by a table of its own (`-F euid=0` on the exclude list, which
/// libaudit 3.0.9 refuses and the kernel takes). The rest of the rule is built by libaudit as
/// usual; these fields are added to its bytes through RawRuleBuilder.
struct RawFieldResolver {
    let profiles: ProfileSet

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A field built by number: `name`, its number, its operator and its value.
    struct Field {
        var name: String
        var number: UInt32
        var op: RawRuleBuilder.Operator
        var value: RawRuleBuilder.Value
    }

    /// The operators `-F` takes, longest first so `!=` is not read as `=`.
    static let operators: [(String, RawRuleBuilder.Operator)] = [
        ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("&=", .bitTest),
        ("=", .equal), ("<", .lessThan), (">", .greaterThan), ("&", .bitMask),
    ]

    /// `name<op>value` at its first operator, the longer operators tried first.
    static func split(_ pair: String) -> (name: String, op: RawRuleBuilder.Operator, value: String)? {
        guard let (text, op) = operators.first(where: { pair.contains($0.0) }), let split = pair.range(of: text) else { return nil }
        return (String(pair[..<split.lowerBound]), op, String(pair[split.upperBound...]))
    }

    /// The field, if its name is one the profile numbers; nil for a field libaudit is to build.
    func field(_ pair: String) throws(Failure) -> Field? {
        guard let (name, op, valueText) = Self.split(pair), let number = profiles.ruleField(name) else { return nil }
        guard let value = UInt64(valueText) else {
            throw Failure(description: "'\(name)' takes a number from 0 to 2^64-1, not '\(valueText)'")
        }
        return Field(name: name, number: UInt32(number), op: op, value: .u64(value))
    }

    /// The field libaudit refused on this list, built as the kernel takes it: a string for
    /// the fields whose value is text in the rule's buffer (the LSM labels), else a 32-bit
    /// number (decimal, or -1 and the like as their 32-bit pattern). nil if libaudit does not
    /// know the name.
    func listRefused(_ pair: String) throws(Failure) -> Field? {
        guard let (name, op, valueText) = Self.split(pair), let number = RuleNames.ruleField(name) else { return nil }
        if RawRuleBuilder.bufferFields.contains(number) {
            return Field(name: name, number: number, op: op, value: .string(valueText))
        }
        guard let value = UInt32(valueText) ?? Int32(valueText).map({ UInt32(bitPattern: $0) }) else {
            throw Failure(description: "'\(name)' on this list is built by number, and takes a number, not '\(valueText)'")
        }
        return Field(name: name, number: number, op: op, value: .number(value))
    }

    /// `rule` with the fields added, a profile's carried as 8 bytes as the patches take contid.
    func adding(_ fields: [Field], to rule: AuditRule) throws(Failure) -> AuditRule {
        let u64Fields = Set(fields.compactMap { field -> UInt32? in
            if case .u64 = field.value { return field.number } else { return nil }
        })
        guard var raw = RawRuleBuilder(reading: rule, u64Fields: u64Fields) else {
            throw Failure(description: "cannot add \(fields.map(\.name).joined(separator: ", ")) to this rule (a prepended rule, or one libaudit built in a form auditspec cannot extend)")
        }
        for field in fields { raw.field(field.number, field.op, field.value) }
        return raw.build()
    }
}
