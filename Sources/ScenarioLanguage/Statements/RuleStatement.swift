/// `rule -a LIST,ACTION ... | -w PATH -p PERMS | -d ... | -W PATH [=> OUTCOME]`: an audit rule
/// in auditctl's words, resolved to kernel rule data by the runner through libaudit, added for
/// the scenario's duration (or, with `-d` and `-W`, one the scenario added deleted).
public struct RuleSpec: StatementPayload {
    public var list: RuleList
    public var action: RuleAction
    /// Whether it goes at the front of its list (`-A`).
    public var prepend: Bool
    /// `name=value` pairs (`-F`), operators included.
    public var fields: [Template]
    /// `-k KEY`: the rule's keys, added after every other field, as auditctl does.
    public var keys: [Template] = []
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

    public init(list: RuleList = .exit, action: RuleAction = .always, prepend: Bool = false, fields: [Template] = [],
                keys: [Template] = [], comparisons: [Template] = [], syscalls: [String] = [], watch: Template? = nil,
                permissions: String? = nil) {
        self.list = list
        self.action = action
        self.prepend = prepend
        self.fields = fields
        self.keys = keys
        self.comparisons = comparisons
        self.syscalls = syscalls
        self.watch = watch
        self.permissions = permissions
    }

    public var templates: [Template] { fields + keys + comparisons + [watch].compactMap { $0 } }
    public var changesGlobalState: Bool { list == .exclude || list == .filesystem || action == .never }
}

/// The kernel's rule lists, as auditctl names them.
public enum RuleList: String, CaseIterable, Hashable, Sendable {
    case exit, user, task, exclude, filesystem
    case ioUring = "io_uring"
}

/// What a rule does when it matches.
public enum RuleAction: String, CaseIterable, Hashable, Sendable {
    case always, never
}

extension ParseState {
    static let ruleUsage = "rule -a always,exit -F dir=$tmp -k $key"

    mutating func rule(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var spec = RuleSpec()
        var args = arguments
        let arrow = args.last { $0.isWord("=>") }
        spec.outcome = outcome(&args, line, default: .success, allowErrno: true)
        if spec.outcome.isProcessEnd {
            error("a rule's outcome is ok, an errno name (EINVAL) or a refusal name", line, column: arrow?.column ?? keyword.column)
        }
        var sawList = false
        var rest = args[...]
        while let option = rest.popFirst() {
            // Every option takes one value.
            guard !option.quoted, Self.ruleOptions.contains(option.source) else {
                error("unknown rule option '\(option.source)'", line, column: option.column,
                      hint: "rules use auditctl's options: -a LIST,ACTION (-d to delete) -S SYSCALL -F NAME=VALUE -C A=B -k KEY -w PATH (-W) -p PERMS")
                continue
            }
            // A list or a watch was named even when its value is wrong: one error, not two.
            if ["-a", "-A", "-d", "-w", "-W"].contains(option.source) { sawList = true }
            guard let value = rest.popFirst() else {
                error("'\(option.source)' needs a value", line, column: option.column)
                break
            }
            ruleOption(option.source, value, into: &spec, line)
        }
        if !sawList {
            error("a rule needs '-a LIST,ACTION' or '-w PATH' (or '-d', '-W' to delete one)", line, column: keyword.column, hint: Self.ruleUsage)
            return
        }
        add(.rule(spec), line, keyword)
    }

    static let ruleOptions: Set<String> = ["-a", "-A", "-d", "-F", "-C", "-S", "-k", "-w", "-W", "-p"]

    /// One auditctl option and its value, into the rule.
    private mutating func ruleOption(_ option: String, _ word: Word, into spec: inout RuleSpec, _ line: LogicalLine) {
        switch option {
        case "-a", "-A", "-d":
            spec.prepend = option == "-A"
            spec.deletes = option == "-d"
            listAndAction(word, into: &spec, line)
        case "-F":
            if !word.source.contains(where: { "=<>&".contains($0) }) {
                error("'-F' takes name=value (or !=, <, >, <=, >=, &, &=)", line, column: word.column, hint: "-F dir=$tmp")
            }
            spec.fields.append(word.template)
        case "-C":
            spec.comparisons.append(word.template)
        case "-S":
            spec.syscalls += word.source.split(separator: ",").map(String.init)
        case "-k":
            spec.keys.append(word.template)
        case "-w", "-W":
            spec.watch = word.template
            spec.deletes = option == "-W"
        default:  // -p
            guard word.source.allSatisfy({ "rwxa".contains($0) }), !word.source.isEmpty else {
                error("permissions are letters from r, w, x, a", line, column: word.column)
                return
            }
            spec.permissions = word.source
        }
    }

    /// `always,exit` or `exit,always`, as auditctl takes either order.
    private mutating func listAndAction(_ word: Word, into spec: inout RuleSpec, _ line: LogicalLine) {
        let parts = word.source.split(separator: ",").map(String.init)
        guard parts.count == 2,
              let list = parts.lazy.compactMap(RuleList.init(rawValue:)).first,
              let action = parts.lazy.compactMap(RuleAction.init(rawValue:)).first else {
            let lists = RuleList.allCases.map(\.rawValue).sorted().joined(separator: ", ")
            error("'\(word.source)' is not LIST,ACTION", line, column: word.column,
                  hint: "lists: \(lists); actions: always, never (for example -a always,exit)")
            return
        }
        spec.list = list
        spec.action = action
    }
}
