/// The checks of the names a statement uses: bound before it, and of the kind it needs.
extension ParseState {
    /// Reports each `$name` of `template` that is not in `bound`, at its own line and column.
    mutating func check(_ template: Template, _ line: LogicalLine, bound: Set<String>, inExpectation: Bool = false) {
        for (name, column) in template.variables where !bound.contains(name) {
            let near = Spelling.nearest(to: name, in: bound)
            let bind = "bind it with 'spawn \(name) ...' before it is used"
            error("'$\(name)' is not bound here", line, column: column,
                  hint: near.map { "did you mean '$\($0)'?" }
                      ?? (inExpectation ? bind + ", or write it in two expected fields to capture a value (record=$\(name) in both)" : bind))
        }
    }

    /// A name a statement refers to must be bound by an earlier step, and be of a kind the
    /// statement can use (a network namespace for `in`, an agent for `by` and `from`).
    mutating func checkKind(_ name: String, _ word: Word, _ line: LogicalLine, want: Set<BoundKind>, statement: String) {
        guard boundSoFar.contains(name) else {
            let candidates = Set(kinds.filter { want.contains($0.value) }.keys)
            let near = Spelling.nearest(to: name, in: candidates)
            let binder = want.contains(.agent) ? "agent" : want.contains(.process) ? "spawn" : "netns"
            error("'\(name)' is not bound by an earlier '\(binder)'", line, column: word.column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "bind it first: '\(binder) \(name) ...'")
            return
        }
        guard let kind = kinds[name], want.contains(kind) else {
            let what = kinds[name].map { Self.words(for: $0) } ?? "given by the runner"
            let needed = want.sorted { $0.rawValue < $1.rawValue }.map { Self.words(for: $0) }.joined(separator: " or ")
            error("'\(statement)' needs \(needed), but '\(name)' is \(what)", line, column: word.column,
                  hint: want.contains(.agent) ? "start it with 'agent \(name)' (or 'fork \(name) from PARENT') to command it" : nil)
            return
        }
    }

    static func words(for kind: BoundKind) -> String {
        switch kind {
        case .netns: return "a network namespace"
        case .process: return "a spawned process"
        case .agent: return "an agent"
        case .program: return "an agent that exec'd a program"
        case .value: return "a value read from a file"
        }
    }
}
