import AuditRecords
import Profiles

/// Finds expected field names that are a misspelling of a known one (`ittem=1`, `nametpye=`):
/// such a field can never be present, so the event would fail with no hint why.
///
/// A false error on a real field is worse than a missed typo, so a name is an error only when
/// it is unknown (AuditFieldNames) and close to a known name; a name far from every known one
/// is taken as a field the kernel under test adds. Records whose fields are not the kernel's
/// to choose are not checked: user messages (their `msg='...'` holds whatever the sender
/// wrote), records of an unmerged patch (a profile's types) and `UNKNOWN[n]`.
public enum FieldNameCheck {
    /// `profiles`: those whose record types are the patches' own (see isChecked).
    public static func diagnostics(for scenario: Scenario, profiles: [Profile] = BuiltinProfiles.all) -> [Diagnostic] {
        let patchTypes = Set(profiles.flatMap(\.recordTypes).map(\.name))
        var lines = ScenarioFileLines(path: scenario.path)
        var found: [Diagnostic] = []
        for record in scenario.expectations.flatMap(\.records) where isChecked(record.type, patchTypes: patchTypes) {
            for field in record.fields where !AuditFieldNames.isKnown(field.name) {
                guard let near = nearest(field.name) else { continue }
                let column = field.location.column + (field.matcher == .absent ? 1 : 0)
                let upper = field.name.lowercased() == near
                found.append(Diagnostic(
                    location: SourceLocation(file: field.location.file, line: field.location.line, column: column),
                    message: "'\(field.name)' is not a field audit records carry",
                    hint: "did you mean '\(near)'?" + (upper ? " (upper-case names are auditd's enriched copies, which expectations do not read)"
                        : " (if the kernel under test does log '\(field.name)', add it to AuditFieldNames)"),
                    lineText: lines.line(field.location.line)))
            }
        }
        return found
    }

    /// User-space messages (USER 1005, 1100-1199, 2100-2999), types an unmerged patch adds, and
    /// unnamed types carry fields no list can know.
    static func isChecked(_ type: String, patchTypes: Set<String>) -> Bool {
        if type.hasPrefix("UNKNOWN[") || patchTypes.contains(type) { return false }
        guard let number = AuditNames.recordNumber(type) else { return false }
        return number != 1005 && !(1100...1199).contains(number) && !(2100...2999).contains(number)
    }

    /// The known name within a typing slip of `name`: one edit for short names, two up to eight
    /// characters, three beyond; nil when none is that close.
    static func nearest(_ name: String) -> String? {
        let lower = name.lowercased()
        let limit = name.count <= 4 ? 1 : name.count <= 8 ? 2 : 3
        var best: (name: String, distance: Int)?
        for known in AuditFieldNames.known.sorted() {
            let distance = Spelling.distance(lower, known)
            if distance <= limit, distance < (best?.distance ?? .max) { best = (known, distance) }
        }
        return best?.name
    }
}
