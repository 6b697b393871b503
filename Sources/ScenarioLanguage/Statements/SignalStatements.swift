/// `signal SIG to NAME [from AGENT] [=> OUTCOME]`: kill(2) of a signal to a named process, by
/// an agent (nil: the runner).
public struct SignalStatement: StatementPayload {
    public var number: Int32
    public var target: String
    public var sender: String?
    public var outcome: ExpectedOutcome

    public init(number: Int32, target: String, sender: String? = nil, outcome: ExpectedOutcome = .success) {
        self.number = number
        self.target = target
        self.sender = sender
        self.outcome = outcome
    }

    public var runnerMakesTheCall: Bool { sender == nil }
}

/// `ptrace NAME from AGENT [=> OUTCOME]`: the agent attaches to the process as its tracer
/// (PTRACE_SEIZE, then a stop) and detaches at once, so the tracee goes on answering requests.
public struct PtraceStatement: StatementPayload {
    public var target: String
    public var tracer: String
    public var outcome: ExpectedOutcome

    public init(target: String, tracer: String, outcome: ExpectedOutcome = .success) {
        self.target = target
        self.tracer = tracer
        self.outcome = outcome
    }
}

extension ParseState {
    static let signalUsage = "signal TERM to target from killer => ok"
    static let ptraceUsage = "ptrace target from tracer [=> ok]"

    mutating func signal(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .success, allowErrno: true)
        guard rest.count == 3 || rest.count == 5 else {
            error("'signal' takes a signal, 'to NAME' and optionally 'from NAME'", line, column: rest.first?.column ?? keyword.column,
                  hint: Self.signalUsage)
            return
        }
        guard let number = SignalNames.number(of: rest[0].source), !rest[0].quoted else {
            let near = Spelling.nearest(to: rest[0].source, in: SignalNames.all)
            error("unknown signal '\(rest[0].source)'", line, column: rest[0].column,
                  hint: near.map { "did you mean '\($0)'?" } ?? "a name (TERM, USR1, SIGKILL) or a number from 0 to 64")
            return
        }
        guard rest[1].isWord("to") else {
            error("expected 'to' before the target", line, column: rest[1].column, hint: Self.signalUsage)
            return
        }
        guard let target = identifier(rest[2], line) else { return }
        checkKind(target, rest[2], line, want: [.process, .agent, .program], statement: "signal ... to")
        var sender: String?
        if rest.count == 5 {
            guard rest[3].isWord("from") else {
                let near = Spelling.nearest(to: rest[3].source, in: ["from"])
                error("unknown word '\(rest[3].source)'", line, column: rest[3].column,
                      hint: near.map { "did you mean '\($0)'?" } ?? Self.signalUsage)
                return
            }
            guard let name = identifier(rest[4], line) else { return }
            checkKind(name, rest[4], line, want: [.agent], statement: "signal ... from")
            sender = name
        }
        if outcome.isProcessEnd { error("a signal ends in ok or an errno, not \(outcome)", line, column: keyword.column) }
        add(.signal(SignalStatement(number: number, target: target, sender: sender, outcome: outcome)), line, keyword)
    }

    mutating func ptrace(_ args: [Word], _ line: LogicalLine, _ keyword: Word) {
        var rest = args
        let outcome = self.outcome(&rest, line, default: .success, allowErrno: true)
        guard rest.count == 3, rest[1].isWord("from") else {
            error("'ptrace' takes a target and 'from' the agent that traces it", line,
                  column: rest.count >= 2 ? rest[1].column : keyword.column, hint: "ptrace target from tracer")
            return
        }
        guard let target = identifier(rest[0], line), let tracer = identifier(rest[2], line) else { return }
        checkKind(target, rest[0], line, want: [.process, .agent, .program], statement: "ptrace")
        checkKind(tracer, rest[2], line, want: [.agent], statement: "ptrace ... from")
        if outcome.isProcessEnd { error("ptrace ends in ok or an errno, not \(outcome)", line, column: keyword.column) }
        add(.ptrace(PtraceStatement(target: target, tracer: tracer, outcome: outcome)), line, keyword)
    }
}
