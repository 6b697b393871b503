import CPOSIX
import SystemTypes

/// The i386 socketcall(2) made by this 64-bit process through int $0x80 (socketcall.c, the same
/// C function auditspec-agent calls), as a 32-bit program makes it.
public enum I386Socketcall {
    /// What a probe of i386 system calls found.
    public enum Support: Equatable, Sendable {
        case available
        /// int $0x80 raised a fault: no IA32 emulation, or booted with ia32_emulation=0.
        case faults
        case refused(Errno)
    }

    /// Socketcall `call` on a new socket of `family` and `type` with `address` (a struct
    /// sockaddr's bytes): success, or the errno of socket(2), the mapping or the socketcall.
    /// Only where `support()` is `.available`: elsewhere int $0x80 kills the process.
    public static func call(_ call: Int32, family: Int32, type: Int32, address: [UInt8]) -> Result<Void, Errno> {
        var step: Int32 = 0
        let rc = address.withUnsafeBufferPointer { as_socketcall(call, family, type, $0.baseAddress, UInt32($0.count), &step) }
        return rc == 0 ? .success(()) : .failure(Errno(rawValue: -rc))
    }

    /// An i386 getpid in a child process, which a fault kills instead of this one.
    public static func support() -> Support {
        let rc = as_ia32_probe()
        if rc == 0 { return .available }
        if rc == AS_IA32_FAULTS { return .faults }
        return .refused(Errno(rawValue: -rc))
    }
}
