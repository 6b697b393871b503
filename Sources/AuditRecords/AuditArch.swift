import CLibAudit

/// Architecture names and the kernel's AUDIT_ARCH numbers, through libaudit's tables.
public enum AuditArch {
    /// `x86_64` to `c000003e`, the spelling the kernel writes in `arch=`.
    public static func raw(interpretedArch name: String) -> String? {
        let machine = audit_name_to_machine(name)
        guard machine >= 0 else { return nil }
        let elf = audit_machine_to_elf(machine)
        guard elf != 0 else { return nil }
        return String(elf, radix: 16)
    }
}
