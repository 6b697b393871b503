/// One action of a scenario, with where it was written (for error messages).
public struct Step: Hashable, Sendable {
    public var action: Action
    public var location: SourceLocation
    /// `[ghak90 >= v7] write ...`: performed only under a profile in that range.
    public var condition: RevisionCondition?
    public init(action: Action, location: SourceLocation, condition: RevisionCondition? = nil) {
        self.action = action
        self.location = location
        self.condition = condition
    }
}

/// What a step does: one case per statement of the language, each with the statement's own
/// payload (Statements/). Each is performed for real by the runner, and its outcome checked.
///
/// The switch in `statement` is the one place a new case must be added in this module; the
/// compiler then asks the runner for its performer. What every statement tells the parser and
/// the runner's isolation (the names it binds, the templates it renders, whether it changes
/// the machine's audit) comes from its payload through `StatementPayload`.
public enum Action: Hashable, Sendable {
    case rule(RuleSpec)
    case netns(NetnsStatement)
    case spawn(SpawnStatement)
    case run(RunStatement)
    case write(WriteStatement)
    case wait(WaitStatement)
    case agent(AgentStatement)
    case fork(ForkStatement)
    case thread(ThreadStatement)
    case signal(SignalStatement)
    case ptrace(PtraceStatement)
    case userMessage(UserMessageStatement)
    case setting(SettingStatement)
    case file(FileStatement)
    case unshare(UnshareStatement)
    case setns(SetnsStatement)
    case veth(VethPair)
    case exec(ExecStatement)
    case read(FileRead)
    case integrityPolicy(IntegrityPolicyStatement)
    case ioUring(IoUringStatement)
    case socketcall(SocketcallStatement)
    case setTime(SetTimeStatement)
    case adjustTime(AdjustTimeStatement)
    case module(ModuleStatement)

    /// The statement's payload, for what every statement states about itself.
    public var statement: any StatementPayload {
        switch self {
        case .rule(let s): s
        case .netns(let s): s
        case .spawn(let s): s
        case .run(let s): s
        case .write(let s): s
        case .wait(let s): s
        case .agent(let s): s
        case .fork(let s): s
        case .thread(let s): s
        case .signal(let s): s
        case .ptrace(let s): s
        case .userMessage(let s): s
        case .setting(let s): s
        case .file(let s): s
        case .unshare(let s): s
        case .setns(let s): s
        case .veth(let s): s
        case .exec(let s): s
        case .read(let s): s
        case .integrityPolicy(let s): s
        case .ioUring(let s): s
        case .socketcall(let s): s
        case .setTime(let s): s
        case .adjustTime(let s): s
        case .module(let s): s
        }
    }

    /// The name this action binds for the steps after it (`spawn NAME`, `agent NAME`, ...), if any.
    public var boundName: String? { statement.binding?.name }
    /// What that name stands for.
    public var boundKind: BoundKind? { statement.binding?.kind }
    /// See `StatementPayload.changesGlobalState`.
    public var changesGlobalState: Bool { statement.changesGlobalState }
}
