import Profiles

/// Finds revision conditions that name a patchset or a revision no profile knows (the built-in
/// ones and the files given with --profile): such a part could never apply, and is most often
/// a slip (`ghak09`, `v111`).
public enum RevisionCheck {
    public static func diagnostics(for scenario: Scenario, known: [Profile]) -> [Diagnostic] {
        let conditions = scenario.revisionConditions
        guard !conditions.isEmpty else { return [] }
        var lines = ScenarioFileLines(path: scenario.path)
        var found: [Diagnostic] = []
        for condition in conditions {
            let revisions = Set(known.filter { $0.patchset == condition.patchset }.map(\.revision))
            guard !revisions.isEmpty else {
                let patchsets = Set(known.map(\.patchset))
                let near = Spelling.nearest(to: condition.patchset, in: patchsets)
                found.append(Diagnostic(location: condition.location, message: "no profile knows the patchset '\(condition.patchset)'",
                                        hint: near.map { "did you mean '\($0)'?" } ?? "patchsets: " + patchsets.sorted().joined(separator: ", "),
                                        lineText: lines.line(condition.location.line)))
                continue
            }
            for written in condition.written where !revisions.contains(written.revision) {
                let list = revisions.sorted().map { "v\($0)" }.joined(separator: ", ")
                found.append(Diagnostic(location: written.location,
                                        message: "no profile knows \(condition.patchset) v\(written.revision)",
                                        hint: "known revisions of \(condition.patchset): \(list); a new revision needs a profile file (--profile PATH)",
                                        lineText: lines.line(written.location.line)))
            }
        }
        return found
    }
}
