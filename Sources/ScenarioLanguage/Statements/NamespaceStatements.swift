/// `unshare AGENT KINDS [=> OUTCOME]`: the agent leaves its namespaces of these kinds for new
/// ones (one unshare(2)).
public struct UnshareStatement: StatementPayload {
    public var agent: String
    public var kinds: [NamespaceKind]
    public var outcome: ExpectedOutcome

    public init(agent: String, kinds: [NamespaceKind], outcome: ExpectedOutcome = .success) {
        self.agent = agent
        self.kinds = kinds
        self.outcome = outcome
    }
}

/// `setns AGENT KIND of NAME [=> OUTCOME]`: the agent joins the namespace of `kind` that the
/// process `of` is in (setns(2)).
public struct SetnsStatement: StatementPayload {
    public var agent: String
    public var kind: NamespaceKind
    public var of: String
    public var outcome: ExpectedOutcome

    public init(agent: String, kind: NamespaceKind, of: String, outcome: ExpectedOutcome = .success) {
        self.agent = agent
        self.kind = kind
        self.of = of
        self.outcome = outcome
    }
}

/// `exec AGENT COMMAND... [=> OUTCOME]`: the agent execve(2)s a command, keeping its pid; the
/// name then stands for a program to `wait` for, no longer for an agent.
public struct ExecStatement: StatementPayload {
    public var agent: String
    public var argv: [Template]
    public var outcome: ExpectedOutcome

    public init(agent: String, argv: [Template], outcome: ExpectedOutcome = .success) {
        self.agent = agent
        self.argv = argv
        self.outcome = outcome
    }

    public var templates: [Template] { argv }
}

/// The statements that move an agent between namespaces, `unshare` and `setns`, and `exec`,
/// which turns an agent into the program it runs.
extension ParseState {
    static let unshareUsage = "unshare AGENT user,pid,uts,ipc,mnt,net [=> ok]"
    static let setnsUsage = "setns AGENT net of OTHER [=> ok] (one kind: user, pid, uts, ipc, mnt or net)"
    static let execUsage = "exec AGENT COMMAND... [=> ok], then wait AGENT => exit 0"

    /// `unshare AGENT KINDS [=> OUTCOME]`
    mutating func unshare(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let usage = Self.unshareUsage
        var rest = args
        guard let outcome = syscallOutcome(&rest, line, keyword, usage: usage) else { return }
        guard rest.count == 2 else {
            error("'unshare' takes an agent and the namespace kinds it leaves", line,
                  column: rest.count > 2 ? rest[2].column : keyword.column, hint: usage)
            return
        }
        guard let agent = identifier(rest[0], line) else { return }
        checkKind(agent, rest[0], line, want: [.agent], statement: "unshare")
        guard let kinds = namespaceKinds(rest[1], line, statement: "unshare") else { return }
        add(.unshare(UnshareStatement(agent: agent, kinds: kinds, outcome: outcome)), line, keyword)
    }

    /// `setns AGENT KIND of NAME [=> OUTCOME]`
    mutating func setns(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let usage = Self.setnsUsage
        var rest = args
        guard let outcome = syscallOutcome(&rest, line, keyword, usage: usage) else { return }
        guard rest.count == 4, rest[2].isWord("of") else {
            let place = rest.count >= 3 && rest[2].source != "of" ? rest[2] : rest.count > 4 ? rest[4] : nil
            let near = place.flatMap { Spelling.nearest(to: $0.source, in: ["of"]) }
            error("'setns' takes an agent, one namespace kind, 'of' and the process whose namespace it joins", line,
                  column: place?.column ?? keyword.column, hint: near.map { "did you mean '\($0)'?" } ?? usage)
            return
        }
        guard let agent = identifier(rest[0], line) else { return }
        checkKind(agent, rest[0], line, want: [.agent], statement: "setns")
        guard let kinds = namespaceKinds(rest[1], line, statement: "setns") else { return }
        guard kinds.count == 1 else {
            error("'setns' joins one namespace at a time", line, column: rest[1].column, hint: usage)
            return
        }
        guard let other = identifier(rest[3], line) else { return }
        checkKind(other, rest[3], line, want: [.agent, .process, .netns, .program], statement: "setns ... of")
        add(.setns(SetnsStatement(agent: agent, kind: kinds[0], of: other, outcome: outcome)), line, keyword)
    }

    /// `exec AGENT COMMAND... [=> OUTCOME]`
    mutating func exec(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        let usage = Self.execUsage
        var rest = args
        guard let outcome = syscallOutcome(&rest, line, keyword, usage: usage) else { return }
        guard rest.count >= 2 else {
            error("'exec' takes an agent and the command it becomes", line, column: rest.first.map { $0.column + $0.source.count } ?? keyword.column,
                  hint: usage)
            return
        }
        guard let agent = identifier(rest[0], line) else { return }
        checkKind(agent, rest[0], line, want: [.agent], statement: "exec")
        add(.exec(ExecStatement(agent: agent, argv: rest.dropFirst().map(\.template), outcome: outcome)), line, keyword)
        // From here the name is the program: waited for, signalled, no longer commanded. A
        // failed execve leaves the agent as it was, but the scenario said it would succeed.
        if outcome == .success, kinds[agent] == .agent { kinds[agent] = .program }
    }
}
