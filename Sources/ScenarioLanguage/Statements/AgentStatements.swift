/// `agent NAME [OPTIONS] [with tty]`: a commandable process (auditspec-agent) that makes, on
/// request, the system calls that must come from it; `$NAME` is its pid.
public struct AgentStatement: StatementPayload {
    public var name: String
    /// Where and as whom it runs; `terminal`: a pseudo-terminal of its own session.
    public var options: ProcessOptions

    public init(name: String, options: ProcessOptions = ProcessOptions()) {
        self.name = name
        self.options = options
    }

    public var binding: Binding? { Binding(name, .agent) }
}

/// `fork CHILD from PARENT`: a child of an agent (fork(2) by the agent), itself an agent.
public struct ForkStatement: StatementPayload {
    public var child: String
    public var parent: String

    public init(child: String, parent: String) {
        self.child = child
        self.parent = parent
    }

    public var binding: Binding? { Binding(child, .agent) }
}

/// `thread AGENT`: a second thread in an agent, done once /proc/PID/status counts it;
/// `$AGENT.tid` is its thread id.
public struct ThreadStatement: StatementPayload {
    public var agent: String

    public init(agent: String) { self.agent = agent }

    public var valueNames: [String] { [agent + ".tid"] }
}

extension ParseState {
    static let agentUsage = "agent NAME [in NETNS] [new user,pid,uts,ipc,mnt,net] [as UID] [without CAP_AUDIT_CONTROL] [with tty]"

    mutating func agent(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard let first = args.first, let name = identifier(first, line) else {
            if args.isEmpty { error("'agent' takes a name", line, column: keyword.column, hint: Self.agentUsage) }
            return
        }
        var rest = Array(args.dropFirst())
        guard let options = processOptions(&rest, line, statement: "agent \(name)", commandFollows: false,
                                           usage: Self.agentUsage) else { return }
        add(.agent(AgentStatement(name: name, options: options)), line, keyword)
    }

    mutating func fork(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 3, args[1].isWord("from") else {
            let place = args.count >= 2 ? args[1].column : keyword.column
            error("'fork' takes a new name and the agent it forks from", line, column: place, hint: "fork grandchild from child")
            return
        }
        guard let child = identifier(args[0], line), let parent = identifier(args[2], line) else { return }
        checkKind(parent, args[2], line, want: [.agent], statement: "fork ... from")
        add(.fork(ForkStatement(child: child, parent: parent)), line, keyword)
    }

    mutating func thread(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        guard args.count == 1 else {
            error("'thread' takes the name of an agent", line, column: args.count > 1 ? args[1].column : keyword.column, hint: "thread target")
            return
        }
        guard let name = identifier(args[0], line) else { return }
        checkKind(name, args[0], line, want: [.agent], statement: "thread")
        add(.thread(ThreadStatement(agent: name)), line, keyword)
    }
}
