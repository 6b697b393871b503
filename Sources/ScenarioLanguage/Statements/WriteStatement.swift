/// `write FILE VALUE [by AGENT] [at OFFSET] [ending|reaping CHILD] [=> OUTCOME]`: write(2) of a
/// value to a file (such as /proc/PID/audit_containerid), its errno checked.
public struct WriteStatement: StatementPayload {
    public var path: Template
    public var value: Template
    /// The agent that makes the call (nil: the runner): the patches judge who writes.
    public var writer: String?
    /// Where (0: write(2), else pwrite(2)): the patches judge where too.
    public var offset: Int
    /// The writer's child ended between the open(2) and the write(2), so the target is gone.
    public var ending: Ending?
    public var outcome: ExpectedOutcome

    /// How the target is ended: killed and left a zombie, or also reaped.
    public struct Ending: Hashable, Sendable {
        public var child: String
        public var reaps: Bool
        public init(child: String, reaps: Bool) {
            self.child = child
            self.reaps = reaps
        }
    }

    public init(path: Template, value: Template, writer: String? = nil, offset: Int = 0, ending: Ending? = nil,
                outcome: ExpectedOutcome = .success) {
        self.path = path
        self.value = value
        self.writer = writer
        self.offset = offset
        self.ending = ending
        self.outcome = outcome
    }

    public var templates: [Template] { [path, value] }
    public var runnerMakesTheCall: Bool { writer == nil }
}

extension ParseState {
    static let writeUsage = "write /proc/$child/audit_containerid 123456 [by NAME] [at OFFSET] => ok (quote a value with spaces)"

    mutating func write(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .success, allowErrno: true)
        var statement = WriteStatement(path: .literal(""), value: .literal(""), outcome: outcome)
        var endingWord: Word?
        // The value is always the second word, so `by` and `at` are read only after it: a
        // value spelt "by" still writes "by".
        while rest.count >= 4, !rest[rest.count - 2].quoted {
            let option = rest[rest.count - 2], word = rest[rest.count - 1]
            switch option.source {
            case "ending", "reaping":
                guard let name = identifier(word, line) else { return }
                checkKind(name, word, line, want: [.agent], statement: "write ... \(option.source)")
                statement.ending = WriteStatement.Ending(child: name, reaps: option.source == "reaping")
                endingWord = option
            case "by":
                guard let name = identifier(word, line) else { return }
                checkKind(name, word, line, want: [.agent], statement: "write ... by")
                statement.writer = name
            case "at":
                guard let number = Int(word.source), number >= 0 else {
                    error("'at' takes a byte offset, a number from 0", line, column: word.column, hint: "write /proc/$child/audit_containerid 5 at 1 => offset-not-zero")
                    return
                }
                statement.offset = number
            default:
                break
            }
            guard ["ending", "reaping", "by", "at"].contains(option.source) else { break }
            rest.removeLast(2)
        }
        guard rest.count == 2 else { return wrongWriteShape(rest, line, keyword) }
        checkWritePath(rest[0], writer: statement.writer, line)
        (statement.path, statement.value) = (rest[0].template, rest[1].template)
        // Only the target's parent can end it between its own open and write.
        if let ending = statement.ending, let endingWord, statement.writer == nil {
            error("'\(endingWord.source)' needs the writer, the agent that forked '\(ending.child)'", line, column: endingWord.column,
                  hint: "write /proc/$kid/audit_containerid 5 by parent \(endingWord.source) kid => target-gone")
            return
        }
        add(.write(statement), line, keyword)
    }

    private mutating func wrongWriteShape(_ rest: [Word], _ line: LogicalLine, _ keyword: Word) {
        let options = ["by", "at", "ending", "reaping"]
        // Options are read from the end: a misspelt one stopped them, so name it if it looks like one.
        let stopped = rest.count >= 4 ? rest[rest.count - 2] : nil
        let misspelt = stopped.flatMap { Spelling.nearest(to: $0.source, in: options) } != nil ? stopped : nil
        let extra = misspelt ?? (rest.count > 2 ? rest[2] : nil)
        let near = extra.flatMap { Spelling.nearest(to: $0.source, in: options) }
        error("'write' takes a file and one value", line, column: extra?.column ?? keyword.column,
              hint: near.map { "did you mean '\($0)'?" } ?? Self.writeUsage)
    }
}
