/// `usermsg TEXT [from AGENT] [=> OUTCOME]`: audit_log_user_message(3) of AUDIT_USER with the
/// text, by an agent (nil: the runner), ending in `outcome` (its errno).
public struct UserMessageStatement: StatementPayload {
    public var text: Template
    public var sender: String?
    public var outcome: ExpectedOutcome

    public init(text: Template, sender: String? = nil, outcome: ExpectedOutcome = .success) {
        self.text = text
        self.sender = sender
        self.outcome = outcome
    }

    public var templates: [Template] { [text] }
    public var runnerMakesTheCall: Bool { sender == nil }
}

extension ParseState {
    static let userMessageUsage = "usermsg \"text=hello\" [from sender] [=> ok]"

    mutating func userMessage(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword, what: "a user message") else { return }
        guard args.count == 1 || args.count == 3 else {
            error("'usermsg' takes one text (quote it) and optionally 'from NAME'", line,
                  column: args.count > 1 ? args[1].column : keyword.column, hint: "usermsg \"text=hello\" from sender")
            return
        }
        var sender: String?
        if args.count == 3 {
            guard args[1].isWord("from") else {
                let near = Spelling.nearest(to: args[1].source, in: ["from"])
                error("unknown word '\(args[1].source)'", line, column: args[1].column, hint: near.map { "did you mean '\($0)'?" })
                return
            }
            guard let name = identifier(args[2], line) else { return }
            checkKind(name, args[2], line, want: [.agent], statement: "usermsg ... from")
            sender = name
        }
        add(.userMessage(UserMessageStatement(text: args[0].template, sender: sender, outcome: outcome)), line, keyword)
    }
}
