import CAuditNetlink

/// A rule as the kernel stores it: libaudit's `struct audit_rule_data`, kept as bytes.
///
/// Bytes are what the kernel lists and what it takes to add or delete, so a rule saved
/// in a snapshot is put back exactly as it was, whatever fields it holds.
public struct AuditRule: Hashable, Sendable, Codable {
    public var data: [UInt8]

    public init(data: [UInt8]) { self.data = data }

    /// The filter list number (AUDIT_FILTER_EXIT is 4).
    public var list: Int32 { data.withUnsafeBufferPointer { as_rule_blob_list($0.baseAddress, $0.count) } }
    public var action: Int32 { data.withUnsafeBufferPointer { as_rule_blob_action($0.baseAddress, $0.count) } }

    /// Whether the rule changes the records of processes it does not name: the exclude (5) and
    /// filesystem (6) lists, and any `never` rule. Work that adds one cannot share the machine.
    public var affectsOthers: Bool {
        let filter = list & 0x07
        return filter == 5 || filter == 6 || action == 0
    }
}

/// Builds a rule from auditctl's words through libaudit's own field-pair calls,
/// so field names, operators and values mean exactly what they mean to auditctl.
///
/// libaudit's rule parser keeps what the rule under construction has seen in process-wide
/// variables, so a builder exists only inside `make`, which holds the libaudit lock from the
/// first word to the finished rule: two threads never build into the same variables.
public struct AuditRuleBuilder: ~Copyable {
    private let builder: OpaquePointer

    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownList(String), unknownAction(String)
        case field(String, code: Int32), comparison(String, code: Int32), syscall(String, code: Int32)

        /// libaudit refused a field it knows because of the list it is on (its own table of what
        /// each list takes: 3.0.9 allows only msgtype, pid, uid, gid, auid, subj_* and exe on
        /// the exclude list), not because the name or value is wrong. The kernel keeps its own
        /// table (audit_field_valid), which is the one a kernel test asks about.
        public var refusesForList: Bool {
            if case .field(_, let code) = self { return code == -12 }
            return false
        }

        public var description: String {
            switch self {
            case .unknownList(let name): return "'\(name)' is not an audit filter list"
            case .unknownAction(let name): return "'\(name)' is not a rule action"
            case .field(let pair, let code): return "libaudit refuses the field '\(pair)': \(RuleNames.ruleError(code))"
            case .comparison(let pair, let code): return "libaudit refuses the comparison '\(pair)': \(RuleNames.ruleError(code))"
            case .syscall(let name, let code): return "libaudit does not know the syscall '\(name)' (\(code))"
            }
        }
    }

    /// A rule on `list` (a name such as `exit`) with `action` (`always` or `never`), from the
    /// words `fill` gives the builder, in the order it gives them.
    public static func make(list: String, action: String,
                            _ fill: (borrowing AuditRuleBuilder) throws -> Void) throws -> AuditRule {
        try LibAudit.serialized { () throws -> AuditRule in
            let builder = try AuditRuleBuilder(list: list, action: action)
            try fill(builder)
            return builder.build()
        }
    }

    private init(list: String, action: String) throws(Failure) {
        guard let listNumber = RuleNames.filterList(list) else { throw .unknownList(list) }
        guard let actionNumber = RuleNames.ruleAction(action) else { throw .unknownAction(action) }
        builder = as_rule_builder_new(listNumber, actionNumber)
    }

    deinit { as_rule_builder_free(builder) }

    /// `name=value`, or another operator, as `-F` takes it.
    public func field(_ pair: String) throws(Failure) {
        let code = as_rule_builder_field(builder, pair)
        if code != 0 { throw .field(pair, code: code) }
    }

    /// `name1=name2` (or `!=`), as `-C` takes it.
    public func compare(_ pair: String) throws(Failure) {
        let code = as_rule_builder_compare(builder, pair)
        if code != 0 { throw .comparison(pair, code: code) }
    }

    public func syscall(_ name: String) throws(Failure) {
        let code = as_rule_builder_syscall(builder, name)
        if code != 0 { throw .syscall(name, code: code) }
    }

    public var hasSyscall: Bool { as_rule_builder_has_syscall(builder) != 0 }

    private func build() -> AuditRule {
        var buffer = [UInt8](repeating: 0, count: 16384)
        let length = buffer.withUnsafeMutableBufferPointer { as_rule_builder_blob(builder, $0.baseAddress, $0.count) }
        return AuditRule(data: Array(buffer.prefix(max(0, length))))
    }
}
