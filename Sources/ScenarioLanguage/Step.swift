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

/// What a step does. Each is performed for real by the runner, and its outcome checked.
public enum Action: Hashable, Sendable {
    /// Add an audit rule for the scenario's duration.
    case rule(RuleSpec)
    /// Make a private network namespace with lo up, for `in NAME`.
    case netns(name: String)
    /// Start a process and go on; `$name` is its pid. It may create namespaces, run as another
    /// uid, lack capabilities (as an agent may).
    case spawn(name: String, netns: String?, argv: [Template], uid: UInt32? = nil, dropCapabilities: [Int] = [],
               create: [NamespaceKind] = [])
    /// Run a process to its end and check its exit status.
    case run(netns: String?, argv: [Template], outcome: ExpectedOutcome, uid: UInt32? = nil, dropCapabilities: [Int] = [],
             create: [NamespaceKind] = [])
    /// write(2) a value to a file (such as /proc/PID/audit_containerid), checking the errno.
    /// `writer` names the agent that makes the call (nil: the runner); `offset` is where
    /// (0: write(2), else pwrite(2)), since the patches judge both who writes and where.
    case write(path: Template, value: Template, writer: String?, offset: Int, outcome: ExpectedOutcome)
    /// The same write by an agent, with its child `child` ended between the open(2) and the
    /// write(2): killed and left a zombie, or also reaped (`reaps`), so the target is gone.
    case writeEnding(path: Template, value: Template, writer: String, offset: Int, child: String, reaps: Bool,
                     outcome: ExpectedOutcome)
    /// Wait for a spawned process to end and check its exit status.
    case wait(name: String, outcome: ExpectedOutcome)
    /// Start a commandable process (auditspec-agent), optionally in a network namespace, in
    /// new namespaces, as another uid, without some capabilities, with a terminal of its own;
    /// `$name` is its pid.
    case agent(name: String, netns: String?, uid: UInt32?, dropCapabilities: [Int], create: [NamespaceKind] = [],
               terminal: Bool = false)
    /// A child of an agent (fork(2) by the agent), itself an agent; `$child` is its pid.
    case fork(child: String, parent: String)
    /// A second thread in an agent, done once /proc/PID/status counts it.
    case thread(name: String)
    /// kill(2) of a signal number to a named process, by an agent (nil: the runner).
    case signal(number: Int32, target: String, sender: String?, outcome: ExpectedOutcome)
    /// An agent attaches to a named process as its tracer (PTRACE_SEIZE, then a stop), and
    /// detaches at once, so the tracee goes on answering requests.
    case ptrace(target: String, tracer: String, outcome: ExpectedOutcome)
    /// audit_log_user_message(3) of AUDIT_USER with `text`, by an agent (nil: the runner),
    /// ending in `outcome` (its errno).
    case userMessage(text: Template, sender: String?, outcome: ExpectedOutcome = .success)
    /// A machine-wide audit setting for the scenario's duration (`lost` 0 resets the counter).
    case setting(AuditSettingName, value: UInt32)
    /// A system call on the scenario's files under `$tmp`, by an agent (nil: the runner).
    case file(FileOperation, by: String?, outcome: ExpectedOutcome)
    /// The agent leaves its namespaces of these kinds for new ones (one unshare(2)).
    case unshare(agent: String, kinds: [NamespaceKind], outcome: ExpectedOutcome)
    /// The agent joins the namespace of `kind` that the process `of` is in (setns(2)).
    case setns(agent: String, kind: NamespaceKind, of: String, outcome: ExpectedOutcome)
    /// A veth pair between two network namespaces of the scenario, with addresses, up.
    case veth(VethPair)
    /// The agent execve(2)s a command, keeping its pid; the name then stands for a program
    /// to `wait` for, no longer for an agent.
    case exec(agent: String, argv: [Template], outcome: ExpectedOutcome)
    /// Reads a file (such as /proc/PID/sessionid) when the step runs, by the runner or an
    /// agent, checking its errno and, if stated, its exact text; `$name`, if given, is its text,
    /// less the trailing newline, for the steps and expectations after it.
    case read(FileRead)
    /// One rule appended to the kernel's IMA policy (IntegrityPolicy.path), by an agent (nil:
    /// the runner): it lasts until reboot, so only `requires vm` scenarios may.
    case integrityPolicy(rule: Template, writer: String?, outcome: ExpectedOutcome)

    /// The variable this action binds, if any.
    public var boundName: String? {
        switch self {
        case .spawn(let name, _, _, _, _, _), .netns(let name), .agent(let name, _, _, _, _, _), .fork(let name, _): return name
        case .read(let read): return read.name
        default: return nil
        }
    }
}

/// What a name bound by a step stands for; statements check that they get the kind they need.
public enum BoundKind: String, Hashable, Sendable {
    case netns, process, agent
    /// An agent that exec'd a program: a process to wait for or signal, no longer commandable.
    case program
    /// A value read from a file (`read`): for templates only.
    case value
}

extension Action {
    /// The kind of the name this action binds, if any.
    public var boundKind: BoundKind? {
        switch self {
        case .netns: return .netns
        case .spawn: return .process
        case .agent, .fork: return .agent
        case .read(let read): return read.name == nil ? nil : .value
        default: return nil
        }
    }

    /// Whether the action changes what the whole machine's audit sees (not only this
    /// scenario's): a rule on the exclude or filesystem list, any `never` rule, a setting, an
    /// IMA policy rule (which adds records to other processes' events).
    public var changesGlobalState: Bool {
        switch self {
        case .rule(let spec): return spec.list == "exclude" || spec.list == "filesystem" || spec.action == "never"
        case .setting, .integrityPolicy: return true
        default: return false
        }
    }
}

/// What an action must end in. A mismatch makes the scenario an error, not a failure:
/// the scenario did not do what its author meant, so its records prove nothing.
public enum ExpectedOutcome: Hashable, Sendable, CustomStringConvertible {
    case success
    /// The system call fails with this errno (by name, as `EBUSY`).
    case errno(String)
    case exitStatus(Int32)
    /// The process ends killed by this signal (its number: `=> killed SIGKILL` or `=> killed 9`).
    case killed(signal: Int32)
    /// A refusal named by the patch's behaviour (`threaded`, `set-again`); the profile in force
    /// says which errno that is in the revision under test, or that the revision accepts it.
    case refusal(String)

    public var description: String {
        switch self {
        case .success: return "success"
        case .errno(let name): return name
        case .exitStatus(let status): return "exit \(status)"
        case .killed(let signal): return "killed by signal \(signal)"
        case .refusal(let name): return "refusal '\(name)'"
        }
    }

    /// How a process ends (an exit status or a signal), as opposed to how a system call does.
    public var isProcessEnd: Bool {
        switch self {
        case .exitStatus, .killed: return true
        case .success, .errno, .refusal: return false
        }
    }
}

/// An audit rule in auditctl's words, resolved to kernel rule data by the runner through libaudit.
public struct RuleSpec: Hashable, Sendable {
    /// exit, user, task, exclude, filesystem or io_uring.
    public var list: String
    /// always or never.
    public var action: String
    /// Whether it goes at the front of its list (`-A`).
    public var prepend: Bool
    /// `name=value` pairs (`-F`, and `-k` as `key=`), operators included.
    public var fields: [Template]
    /// Field comparisons (`-C uid!=euid`).
    public var comparisons: [Template]
    /// Syscall names (`-S`); none on the exit list means all.
    public var syscalls: [String]
    /// `-w PATH -p PERMS`: a watch; the runner picks path= or dir= by what PATH is.
    public var watch: Template?
    public var permissions: String?
    /// `-d` or `-W`: deletes the rule the scenario added earlier with the same words, rather
    /// than adding one.
    public var deletes = false
    /// What the kernel must answer: success (the default), or an errno or a refusal by name
    /// (`=> EINVAL`: a kernel without a patch refuses its rule field).
    public var outcome: ExpectedOutcome = .success

    public init(list: String = "exit", action: String = "always", prepend: Bool = false, fields: [Template] = [],
                comparisons: [Template] = [], syscalls: [String] = [], watch: Template? = nil, permissions: String? = nil) {
        self.list = list
        self.action = action
        self.prepend = prepend
        self.fields = fields
        self.comparisons = comparisons
        self.syscalls = syscalls
        self.watch = watch
        self.permissions = permissions
    }

    public static let lists: Set<String> = ["exit", "user", "task", "exclude", "filesystem", "io_uring"]
    public static let actions: Set<String> = ["always", "never"]
}
