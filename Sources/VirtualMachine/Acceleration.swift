import Foundation
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

    /// Where a KVM failure is remembered until the host reboots (/run is a tmpfs; the file
    /// also names the boot it was seen in), so later runs go straight to emulation instead
    /// of paying for the failed attempt each time.
    public static let failureRecord = "/run/auditspec/kvm-unusable"

    /// Why KVM failed earlier in this boot of the host, if it did.
    public static func rememberedFailure(path: String = failureRecord) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let boot = bootID() else { return nil }
        let lines = text.split(separator: "\n", maxSplits: 1)
        guard lines.count == 2, lines[0] == boot else { return nil }
        return String(lines[1])
    }

    public static func rememberFailure(_ reason: String, path: String = failureRecord) {
        guard let boot = bootID() else { return }
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { mkdir(folder, 0o700) }
        try? (boot + "\n" + reason).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func bootID() -> String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public var label: String {
        switch self {
        case .kvm: return "KVM"
        case .tcg: return "software emulation (TCG)"
        }
    }
}
