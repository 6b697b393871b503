import Profiles

/// Judges a parsed scenario file whole: the parser's errors, and the record types and field
/// names no table knows (RecordTypeCheck, FieldNameCheck), the values no record could hold
/// (ValueSpellingCheck), looked for in whatever the parser
/// could read even where it found errors. So a file's errors are all told at once, in the
/// order of the file, and a file with any of them is not run.
public enum ScenarioCheck {
    /// `known`: the profiles a revision condition may name, and whose record types a scenario
    /// may expect (the built-in ones and any given as files).
    public static func judge(_ parsed: Result<Scenario, DiagnosticList>,
                             known: [Profile] = BuiltinProfiles.all) -> Result<Scenario, DiagnosticList> {
        let scenario: Scenario?
        var found: [Diagnostic]
        switch parsed {
        case .success(let read): (scenario, found) = (read, [])
        case .failure(let list): (scenario, found) = (list.partial, list.diagnostics)
        }
        if let scenario {
            found += RecordTypeCheck.diagnostics(for: scenario, profiles: known) + FieldNameCheck.diagnostics(for: scenario, profiles: known)
                + RevisionCheck.diagnostics(for: scenario, known: known) + ValueSpellingCheck.diagnostics(for: scenario)
        }
        if found.isEmpty, let scenario { return .success(scenario) }
        // In file order; errors at one place keep the order they were found in.
        let ordered = found.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset) < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
        return .failure(DiagnosticList(ordered, partial: scenario))
    }
}
