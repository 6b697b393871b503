/// `read [NAME from] FILE [by AGENT] [is VALUE] [=> OUTCOME]`: one read of a file (a /proc
/// value), by the runner or by an agent, checked against the errno and the text the scenario
/// states, and optionally bound to `$NAME`.
public struct FileRead: StatementPayload {
    /// The name the text read is bound to (less a trailing newline), if any.
    public var name: String?
    public var path: Template
    /// The agent that makes the open(2) and read(2) (nil: the runner): reading
    /// audit_containerid needs CAP_AUDIT_CONTROL, so who reads matters.
    public var reader: String?
    /// The exact text the read must return, newline and all (`%llu` has none).
    public var expected: Template?
    /// ok, or the errno of the failing open(2) or read(2).
    public var outcome: ExpectedOutcome

    public init(name: String? = nil, path: Template, reader: String? = nil, expected: Template? = nil,
                outcome: ExpectedOutcome = .success) {
        self.name = name
        self.path = path
        self.reader = reader
        self.expected = expected
        self.outcome = outcome
    }

    public var templates: [Template] { [path] + [expected].compactMap { $0 } }
    public var binding: Binding? { name.map { Binding($0, .value) } }
}

extension ParseState {
    static let readUsage = "read [NAME from] FILE [by AGENT] [is VALUE] [=> ok | => ERRNO]"

    mutating func read(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        guard let outcome = syscallOutcome(&rest, line, keyword, usage: Self.readUsage) else { return }
        var read = FileRead(path: Template.literal(""), outcome: outcome)
        var nameWord: Word?
        if rest.count >= 2, rest[1].isWord("from") {
            guard let name = identifier(rest[0], line) else { return }
            read.name = name
            nameWord = rest[0]
            rest.removeFirst(2)
        } else if rest.count >= 2, !rest[0].source.contains("/") {
            // `read ses /proc/...`: a name without 'from' (a file is a path).
            error("'read' takes a new name and 'from' the file to read", line, column: rest[1].column,
                  hint: "read ses from /proc/$login/sessionid")
            return
        }
        guard let file = rest.first else {
            error("'read' needs the file to read", line, column: keyword.column, hint: Self.readUsage)
            return
        }
        read.path = file.template
        rest.removeFirst()
        var isWord: Word?
        while let option = rest.first {
            guard !option.quoted, option.source == "by" || option.source == "is" else {
                let near = Spelling.nearest(to: option.source, in: ["by", "is"])
                error("unknown word '\(option.source)' after the file", line, column: option.column,
                      hint: near.map { "did you mean '\($0)'?" } ?? Self.readUsage + " (quote a value with spaces)")
                return
            }
            guard rest.count >= 2 else {
                error("'\(option.source)' needs a value", line, column: option.column, hint: Self.readUsage)
                return
            }
            let word = rest[1]
            rest.removeFirst(2)
            if option.source == "by" {
                guard read.reader == nil else { return error("'by' is given twice", line, column: option.column) }
                guard let agent = identifier(word, line) else { return }
                checkKind(agent, word, line, want: [.agent], statement: "read ... by")
                read.reader = agent
            } else {
                guard read.expected == nil else { return error("'is' is given twice", line, column: option.column) }
                read.expected = word.template
                isWord = option
            }
        }
        // A failed read has no text: nothing to compare, nothing to bind.
        if case .errno(let errno) = outcome {
            if let isWord {
                return error("a read that ends in \(errno) returns no text to compare", line, column: isWord.column,
                             hint: "'is VALUE' goes with '=> ok'")
            }
            if let nameWord {
                return error("a read that ends in \(errno) binds nothing", line, column: nameWord.column,
                             hint: "read \(file.source) by AGENT => \(errno)")
            }
        }
        add(.read(read), line, keyword)
    }
}
