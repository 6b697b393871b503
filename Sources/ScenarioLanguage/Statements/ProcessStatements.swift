/// `spawn NAME [OPTIONS] COMMAND...`: a process started and left running; `$NAME` is its pid.
public struct SpawnStatement: StatementPayload {
    public var name: String
    public var argv: [Template]
    /// Where and as whom it runs: network namespace, new namespaces, uid, capabilities dropped.
    public var options: ProcessOptions

    public init(name: String, argv: [Template], options: ProcessOptions = ProcessOptions()) {
        self.name = name
        self.argv = argv
        self.options = options
    }

    public var binding: Binding? { Binding(name, .process) }
    public var templates: [Template] { argv }
}

/// `run [OPTIONS] COMMAND... [=> exit N | killed SIGNAL]`: a process run to its end, its exit checked.
public struct RunStatement: StatementPayload {
    public var argv: [Template]
    public var options: ProcessOptions
    public var outcome: ExpectedOutcome

    public init(argv: [Template], options: ProcessOptions = ProcessOptions(), outcome: ExpectedOutcome = .exitStatus(0)) {
        self.argv = argv
        self.options = options
        self.outcome = outcome
    }

    public var templates: [Template] { argv }
}

/// `wait NAME [=> exit N | killed SIGNAL]`: the end of a spawned process (or of the program an
/// agent became), its exit checked.
public struct WaitStatement: StatementPayload {
    public var name: String
    public var outcome: ExpectedOutcome

    public init(name: String, outcome: ExpectedOutcome = .exitStatus(0)) {
        self.name = name
        self.outcome = outcome
    }
}

extension ParseState {
    static let spawnUsage = "spawn NAME [in NETNS] [new KINDS] [as UID] [without CAP_NAME...] COMMAND..."
    static let runUsage = "run [in NETNS] [new KINDS] [as UID] [without CAP_NAME...] COMMAND... [=> exit N]"
    static let waitUsage = "wait NAME [=> exit N | => killed SIGNAL]"

    mutating func spawn(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard let first = args.first, let name = identifier(first, line) else {
            if args.isEmpty { error("'spawn' takes a name and a command", line, column: keyword.column, hint: "spawn child sleep 30") }
            return
        }
        var rest = Array(args.dropFirst())
        guard let options = processOptions(&rest, line, statement: "spawn \(name)", commandFollows: true,
                                           usage: Self.spawnUsage) else { return }
        guard !rest.isEmpty else {
            error("'spawn \(name)' needs a command to start", line, column: first.column + first.source.count, hint: "spawn \(name) sleep 30")
            return
        }
        add(.spawn(SpawnStatement(name: name, argv: rest.map(\.template), options: options)), line, keyword)
    }

    mutating func run(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .exitStatus(0), allowErrno: false)
        guard let options = processOptions(&rest, line, statement: "run", commandFollows: true, usage: Self.runUsage) else { return }
        guard !rest.isEmpty else {
            error("'run' needs a command", line, column: keyword.column + 4, hint: "run ping -c 1 127.0.0.1")
            return
        }
        add(.run(RunStatement(argv: rest.map(\.template), options: options, outcome: outcome)), line, keyword)
    }

    mutating func wait(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .exitStatus(0), allowErrno: false)
        guard rest.count == 1, let name = identifier(rest[0], line) else {
            if rest.count != 1 { error("'wait' takes the name of a spawned process", line, column: keyword.column, hint: "wait writer => exit 0") }
            return
        }
        checkKind(name, rest[0], line, want: [.process, .program], statement: "wait")
        add(.wait(WaitStatement(name: name, outcome: outcome)), line, keyword)
    }
}
