import CLibAudit

/// libaudit's name tables: record types, filter lists, actions. Not the kernel's business,
/// but shipped with the kernel client because the names and numbers travel together.
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

    static func filterList(_ name: String) -> Int32? {
        let number = audit_name_to_flag(name)
        return number < 0 ? nil : number
    }

    static func ruleAction(_ name: String) -> Int32? {
        let number = audit_name_to_action(name)
        return number < 0 ? nil : number
    }

    /// The rule field's number (AUDIT_EUID is 2) for its auditctl name; nil for a name
    /// libaudit does not know.
    public static func ruleField(_ name: String) -> UInt32? {
        let number = audit_name_to_field(name)
        return number < 0 ? nil : UInt32(number)
    }

    /// libaudit's rule-building error codes are numbers private to auditctl; name the code
    /// and point at the tool that explains it.
    static func ruleError(_ code: Int32) -> String {
        "libaudit error \(code) (auditctl with the same words prints its meaning)"
    }
}
