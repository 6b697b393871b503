#if canImport(Glibc)
import Glibc
#endif

/// How QEMU runs the guest: KVM (hardware virtualization) or TCG (software emulation, about
/// ten times slower, but everywhere). Reports say which, since timings depend on it.
public enum Acceleration: String, Sendable, CaseIterable {
    case kvm
    case tcg

    /// Whether KVM can be tried: /dev/kvm must open read-write. That is necessary, not
    /// sufficient: inside some VMs the device opens and then QEMU fails (an MSR it cannot set)
    /// or the guest never prints a line. So the first boot of a run is watched: no kernel
    /// line within `kvmProbeTimeout` means KVM is given up for TCG for the rest of the run.
    public static func kvmUnavailableReason(device: String = "/dev/kvm") -> String? {
        let fd = open(device, O_RDWR | O_CLOEXEC)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            return "\(device): \(reason)"
        }
        close(fd)
        return nil
    }

    /// Seconds a KVM boot gets to print its first kernel line (it takes well under one).
    public static let kvmProbeTimeout: Double = 15

    public var label: String {
        switch self {
        case .kvm: return "KVM"
        case .tcg: return "software emulation (TCG)"
        }
    }
}
