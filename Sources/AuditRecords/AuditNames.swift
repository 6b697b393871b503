import CLibAudit

/// libaudit's names of record types (a userspace table, not the kernel's): what a record's
/// number is called, for the record parser and the scenario checks. The names of rule
/// lists and actions are the kernel client's (AuditKernel's RuleNames).
public enum AuditNames {
    /// `SYSCALL` for 1300; nil for a number libaudit does not know.
    public static func recordType(_ number: Int) -> String? {
        guard let name = audit_msg_type_to_name(Int32(number)) else { return nil }
        return String(cString: name)
    }

    public static func recordNumber(_ name: String) -> Int? {
        let number = audit_name_to_msg_type(name)
        return number < 0 ? nil : Int(number)
    }
}
