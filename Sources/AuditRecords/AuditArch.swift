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

extension AuditArch {
    /// The machines whose syscall tables a scenario's names are looked up in: those this suite
    /// runs on, and the compat ABI their kernels log for 32-bit processes.
    static let scenarioMachines = ["x86_64", "i386", "aarch64", "armeb"]

    /// Whether libaudit knows `name` as a syscall on any machine a scenario may run on.
    public static func isSyscallName(_ name: String) -> Bool {
        scenarioMachines.contains { machine in
            let number = audit_name_to_machine(machine)
            return number >= 0 && audit_name_to_syscall(name, number) >= 0
        }
    }

    /// Whether libaudit knows `name` as a machine (`x86_64`, `aarch64`).
    public static func isMachineName(_ name: String) -> Bool { audit_name_to_machine(name) >= 0 }
}
