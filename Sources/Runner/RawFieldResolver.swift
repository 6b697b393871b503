import AuditKernel
import Profiles
import ScenarioLanguage

/// Rule fields that the installed libaudit does not know but a profile numbers (`contid`,
/// 27 in ghak90): a stock libaudit refuses `-F contid=123459`, yet the patched kernel takes
/// the number. The rest of the rule is built by libaudit as usual; these fields are added to
/// its bytes through RawRuleBuilder.
struct RawFieldResolver {
    let profiles: ProfileSet

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A field the profile numbers: `name`, its number, its operator and its 64-bit value.
    struct Field {
        var name: String
        var number: UInt32
        var op: RawRuleBuilder.Operator
        var value: UInt64
    }

    /// The operators `-F` takes, longest first so `!=` is not read as `=`.
    static let operators: [(String, RawRuleBuilder.Operator)] = [
        ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("&=", .bitTest),
        ("=", .equal), ("<", .lessThan), (">", .greaterThan), ("&", .bitMask),
    ]

    /// The field, if its name is one the profile numbers; nil for a field libaudit is to build.
    func field(_ pair: String) throws(Failure) -> Field? {
        guard let (text, op) = Self.operators.first(where: { pair.contains($0.0) }),
              let split = pair.range(of: text) else { return nil }
        let name = String(pair[..<split.lowerBound])
        guard let number = profiles.ruleField(name) else { return nil }
        let valueText = String(pair[split.upperBound...])
        guard let value = UInt64(valueText) else {
            throw Failure(description: "'\(name)' takes a number from 0 to 2^64-1, not '\(valueText)'")
        }
        return Field(name: name, number: UInt32(number), op: op, value: value)
    }

    /// `rule` with the fields added, each carried as 8 bytes as the patches take contid.
    func adding(_ fields: [Field], to rule: AuditRule) throws(Failure) -> AuditRule {
        let u64Fields = Set(fields.map(\.number))
        guard var raw = RawRuleBuilder(reading: rule, u64Fields: u64Fields) else {
            throw Failure(description: "cannot add \(fields.map(\.name).joined(separator: ", ")) to this rule (a prepended rule, or one libaudit built in a form auditspec cannot extend)")
        }
        for field in fields { raw.field(field.number, field.op, .u64(field.value)) }
        return raw.build()
    }
}
