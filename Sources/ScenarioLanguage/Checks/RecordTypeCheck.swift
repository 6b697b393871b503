import AuditRecords
import Profiles

/// Finds expected record types that no table knows (libaudit's, or a profile's): a misspelt
/// `type=SYSCAL` would otherwise wait for a record that can never come and fail with no hint.
public enum RecordTypeCheck {
    /// Every name libaudit gives a record type number.
    static let libauditNames = Set((1000..<3000).compactMap(AuditNames.recordType))

    /// `profiles`: those whose record types a scenario may name (the built-in ones and any
    /// profile file given to the run).
    public static func diagnostics(for scenario: Scenario, profiles: [Profile] = BuiltinProfiles.all) -> [Diagnostic] {
        let knownNames = libauditNames.union(profiles.flatMap(\.recordTypes).map(\.name))
        var lines = ScenarioFileLines(path: scenario.path)
        return scenario.expectations.flatMap(\.records).compactMap { record in
            if knownNames.contains(record.type) || (record.type.hasPrefix("UNKNOWN[") && record.type.hasSuffix("]")) { return nil }
            let line = lines.line(record.location.line)
            let near = nearest(record.type, in: knownNames)
            return Diagnostic(location: SourceLocation(file: record.location.file, line: record.location.line,
                                                       column: record.location.column + 5),
                              message: "'\(record.type)' is not a record type that libaudit or a profile knows",
                              hint: near.map { "did you mean '\($0)'? (or write UNKNOWN[number])" } ?? "write UNKNOWN[number] for an unnamed type",
                              lineText: line)
        }
    }

    static func nearest(_ name: String, in knownNames: Set<String>) -> String? {
        knownNames.map { ($0, Spelling.distance(name, $0)) }.filter { $0.1 <= max(2, name.count / 3) }.min { $0.1 < $1.1 }?.0
    }
}
