import CLibAudit

/// libaudit's names of rule lists and actions, as auditctl spells them (`exit`, `always`),
/// of rule fields, and of its rule-building error codes.
public enum RuleNames {
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
