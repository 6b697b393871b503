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

    /// `openat` on `x86_64` to `257`, the number the kernel writes in `syscall=`.
    public static func rawSyscall(_ name: String, interpretedArch arch: String) -> String? {
        let machine = audit_name_to_machine(arch)
        guard machine >= 0 else { return nil }
        let number = audit_name_to_syscall(name, machine)
        return number < 0 ? nil : String(number)
    }
}
