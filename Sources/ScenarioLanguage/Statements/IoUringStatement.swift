/// `io_uring openat FILE [by AGENT] [=> OUTCOME]`: a ring set up with io_uring_setup(2), then
/// IORING_OP_OPENAT of FILE (read-only) and, once it opened, IORING_OP_CLOSE of what it gave,
/// each submitted by its own io_uring_enter(2), by an agent (nil: the runner). FILE lies under
/// `$tmp`, as for the file statements.
public struct IoUringStatement: StatementPayload {
    /// The operations the statement submits; `openat` (then its close) is the one there is.
    public enum Operation: String, CaseIterable, Hashable, Sendable {
        case openat
    }

    public var operation: Operation
    public var file: Template
    public var actor: String?
    public var outcome: ExpectedOutcome

    public init(operation: Operation = .openat, file: Template, actor: String? = nil, outcome: ExpectedOutcome = .success) {
        self.operation = operation
        self.file = file
        self.actor = actor
        self.outcome = outcome
    }

    public var templates: [Template] { [file] }
    public var runnerMakesTheCall: Bool { actor == nil }
}

extension ParseState {
    static let ioUringUsage = "io_uring openat $tmp/file [by AGENT] [=> ok]"

    mutating func ioUring(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword, usage: Self.ioUringUsage) else { return }
        let operations = IoUringStatement.Operation.allCases.map(\.rawValue)
        guard let first = args.first, let operation = IoUringStatement.Operation(rawValue: first.source), !first.quoted else {
            let near = args.first.flatMap { Spelling.nearest(to: $0.source, in: operations) }
            error(args.first.map { "'\($0.source)' is not an io_uring operation of the statement" } ?? "'io_uring' needs an operation",
                  line, column: args.first?.column ?? keyword.column + keyword.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.ioUringUsage)
            return
        }
        args.removeFirst()
        var actor: String?
        if args.count == 3, args[1].isWord("by") {
            guard let name = identifier(args[2], line) else { return }
            checkKind(name, args[2], line, want: [.agent], statement: "io_uring ... by")
            actor = name
            args.removeLast(2)
        }
        guard args.count == 1 else {
            let extra = args.count > 1 ? args[1] : nil
            let near = extra.flatMap { Spelling.nearest(to: $0.source, in: ["by"]) }
            error("'io_uring \(operation.rawValue)' takes one path", line, column: extra?.column ?? first.column + first.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.ioUringUsage)
            return
        }
        guard ScenarioPaths.isUnderTmp(args[0].template) else {
            error("'io_uring' works on paths under $tmp only", line, column: args[0].column,
                  hint: "a scenario's file statements stay in its own directory: \(Self.ioUringUsage)")
            return
        }
        add(.ioUring(IoUringStatement(operation: operation, file: args[0].template, actor: actor, outcome: outcome)), line, keyword)
    }
}
