/// A kind of Linux namespace as scenarios name it: the file under /proc/PID/ns/.
public enum NamespaceKind: String, CaseIterable, Hashable, Sendable {
    case user, pid, uts, ipc, mnt, net

    public static let names = allCases.map(\.rawValue)
}

extension ParseState {
    /// A comma list of namespace kinds (`user,pid,uts`), each known and named once.
    mutating func namespaceKinds(_ word: Word, _ line: LogicalLine, statement: String) -> [NamespaceKind]? {
        guard !word.quoted, word.template.variables.isEmpty else {
            error("'\(statement)' takes namespace kinds, unquoted: \(NamespaceKind.names.joined(separator: ","))", line, column: word.column)
            return nil
        }
        var kinds: [NamespaceKind] = []
        var column = word.column
        for name in word.source.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            defer { column += name.count + 1 }
            guard let kind = NamespaceKind(rawValue: name) else {
                let near = Spelling.nearest(to: name, in: NamespaceKind.names + ["mount", "network"])
                let suggestion = near == "mount" ? "mnt" : near == "network" ? "net" : near
                error(name.isEmpty ? "an empty namespace kind" : "unknown namespace kind '\(name)'", line, column: column,
                      hint: suggestion.map { "did you mean '\($0)'?" } ?? "kinds: " + NamespaceKind.names.joined(separator: ", "))
                return nil
            }
            guard !kinds.contains(kind) else {
                error("namespace kind '\(name)' is named twice", line, column: column)
                return nil
            }
            kinds.append(kind)
        }
        return kinds
    }
}
