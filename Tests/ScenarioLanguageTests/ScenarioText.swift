import ScenarioLanguage
import Testing

/// Scenario texts and parsing helpers shared by this target's tests.
enum Sources {
    static let path = "t.scenario"

    /// The lines joined as a file; line N of the result is `lines[N-1]`.
    static func file(_ lines: String...) -> String { lines.joined(separator: "\n") + "\n" }

    /// A file that starts with a valid title line, so only the given lines can be wrong.
    static func titled(_ lines: String...) -> String {
        (["scenario \"t\""] + lines).joined(separator: "\n") + "\n"
    }

    static func parse(_ source: String) -> Result<Scenario, DiagnosticList> {
        ScenarioParser().parse(source: source, path: path)
    }

    static func scenario(_ source: String) throws -> Scenario {
        switch parse(source) {
        case .success(let scenario): return scenario
        case .failure(let list):
            Issue.record("unexpected errors:\n\(list)")
            throw list
        }
    }

    static func diagnostics(_ source: String) throws -> [Diagnostic] {
        guard case .failure(let list) = parse(source) else {
            Issue.record("expected errors, but the scenario parsed")
            throw CancellationError()
        }
        return list.diagnostics
    }

    /// The only diagnostic of a source, which must have exactly one.
    static func diagnostic(_ source: String) throws -> Diagnostic {
        let all = try diagnostics(source)
        try #require(all.count == 1, "expected one error, got:\n\(DiagnosticList(all))")
        return all[0]
    }

    /// The only diagnostic of a scenario titled "t" whose lines after the title are `lines`
    /// (so the first of them is line 2).
    static func only(_ lines: String...) throws -> Diagnostic {
        try diagnostic((["scenario \"t\""] + lines).joined(separator: "\n") + "\n")
    }
}
