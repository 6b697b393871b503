/// `ima policy RULE [by AGENT] [=> OUTCOME]`: one rule appended to the kernel's IMA policy.
///
/// An IMA policy rule lasts until the next boot (the policy can be extended, never shrunk), so
/// the statement is for scenarios that run only in a VM: without `requires vm` it is an error
/// when the file is read. The file it writes is fixed (`IntegrityPolicy.path`), so no
/// scenario can name another.
public enum IntegrityPolicy {
    /// securityfs's policy file (CONFIG_IMA_WRITE_POLICY): rules written there are added to
    /// the policy in force when the file is closed.
    public static let path = "/sys/kernel/security/ima/policy"
}

/// One rule appended to the kernel's IMA policy (IntegrityPolicy.path), by an agent (nil: the
/// runner): it lasts until reboot, so only `requires vm` scenarios may.
public struct IntegrityPolicyStatement: StatementPayload {
    public var rule: Template
    public var writer: String?
    public var outcome: ExpectedOutcome

    public init(rule: Template, writer: String? = nil, outcome: ExpectedOutcome = .success) {
        self.rule = rule
        self.writer = writer
        self.outcome = outcome
    }

    public var templates: [Template] { [rule] }
    /// Its records join other processes' events (an exec anywhere logs INTEGRITY_RULE).
    public var changesGlobalState: Bool { true }
    public var virtualMachineOnly: String? { "'ima policy' changes the kernel's IMA policy until the next boot" }
}

extension ParseState {
    static let imaUsage = "ima policy \"audit func=BPRM_CHECK mask=MAY_EXEC\" [by AGENT] [=> ok]"

    mutating func ima(_ arguments: [Word], _ line: LogicalLine, _ keyword: Word) {
        var args = arguments
        guard let outcome = syscallOutcome(&args, line, keyword, what: "'ima policy'", usage: Self.imaUsage) else { return }
        guard let first = args.first, first.isWord("policy") else {
            let near = args.first.flatMap { Spelling.nearest(to: $0.source, in: ["policy"]) }
            error("'ima' is followed by 'policy'", line, column: args.first?.column ?? keyword.column + keyword.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.imaUsage)
            return
        }
        args.removeFirst()
        var writer: String?
        if args.count == 3, args[1].isWord("by") {
            guard let name = identifier(args[2], line) else { return }
            checkKind(name, args[2], line, want: [.agent], statement: "ima policy ... by")
            writer = name
            args.removeLast(2)
        }
        guard args.count == 1 else {
            let extra = args.count > 1 ? args[1] : nil
            let near = extra.flatMap { Spelling.nearest(to: $0.source, in: ["by"]) }
            error("'ima policy' takes one rule (quote it)", line, column: extra?.column ?? first.column + first.source.count + 1,
                  hint: near.map { "did you mean '\($0)'?" } ?? Self.imaUsage)
            return
        }
        add(.integrityPolicy(IntegrityPolicyStatement(rule: args[0].template, writer: writer, outcome: outcome)), line, keyword)
    }
}
