import Foundation
#if canImport(Glibc)
import Glibc
import POSIXSupport
import SystemTypes
#endif

/// What this kernel and machine offer, each answer with the evidence behind it.
public struct KernelFeatures: Sendable {
    /// One feature: available or not, and why.
    public struct Finding: Sendable, Hashable {
        public var available: Bool
        public var detail: String
        public init(_ available: Bool, _ detail: String) {
            self.available = available
            self.detail = detail
        }
    }

    public var kernelRelease: String
    public var status: AuditStatus?
    public var audit: Finding
    public var multicast: Finding
    public var containerID: Finding
    public var nsinfo: Finding
    /// ghak90 V7 and later: /proc/PID/audit_capcontainerid.
    public var capContainerID: Finding
    /// SELinux enabled: selinuxfs's /sys/fs/selinux/enforce.
    public var selinux: Finding
    /// iptables' AUDIT target in a private network namespace (worked out in the background).
    public var netfilterAudit: Finding { netfilterProbe.finding }
    let netfilterProbe: CommandProbe
    /// nft's `log level audit` in a private network namespace (worked out in the background).
    public var nftAudit: Finding { nftProbe.finding }
    let nftProbe: CommandProbe

    /// `netfilterAudit` if its probe has ended; nil while it still runs.
    public var netfilterAuditIfSettled: Finding? { netfilterProbe.settledFinding }
    /// `nftAudit` if its probe has ended; nil while it still runs.
    public var nftAuditIfSettled: Finding? { nftProbe.settledFinding }
}

/// Finds out what the running kernel supports, by asking it rather than by version numbers.
public enum KernelProbe {
    public static func kernelRelease() -> String {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Probes everything; `socket` is the control socket if one could be opened. The probes
    /// that run commands go on in the background until first asked. `commandTimeout`
    /// bounds the commands a probe runs: the first iptables call loads modules, which takes
    /// seconds under emulation, and a probe that gives up too early would call a working feature missing.
    public static func probe(socket: AuditSocket?, commandTimeout: Double = 30) -> KernelFeatures {
        var status: AuditStatus?
        let audit: KernelFeatures.Finding
        if let socket {
            do {
                let read = try socket.status()
                status = read
                audit = .init(true, "audit netlink answers: enabled \(read.enabled), failure \(read.failure), "
                                  + (read.daemonPid == 0 ? "no audit daemon" : "audit daemon pid \(read.daemonPid)"))
            } catch {
                audit = .init(false, "\(error)")
            }
        } else {
            audit = .init(false, unreachableReason())
        }
        // The command probes start now and are judged when first asked (see CommandProbe).
        let deadline = Poller.now() + commandTimeout
        return KernelFeatures(kernelRelease: kernelRelease(), status: status, audit: audit,
                              multicast: multicast(), containerID: containerID(status), nsinfo: nsinfo(),
                              capContainerID: capContainerID(), selinux: selinux(),
                              netfilterProbe: netfilterAudit(deadline: deadline), nftProbe: nftAudit(deadline: deadline))
    }

    /// Why audit netlink cannot be used, in one line.
    public static func unreachableReason() -> String {
        do { _ = try AuditSocket().status() } catch {
            if error.errno == .protocolNotSupported { return "the kernel has no audit support (CONFIG_AUDIT is off)" }
            if error.errno == .notPermitted || error.errno == .permissionDenied { return permissionReason }
            return error.description
        }
        return "audit netlink is reachable"
    }

    /// The kernel refused: say whether being root is the missing part.
    public static var permissionReason: String {
        (geteuid() != 0 ? "not root: " : "permission denied: ")
            + "auditspec needs CAP_AUDIT_CONTROL and CAP_AUDIT_READ (run it as root)"
    }

    static func multicast() -> KernelFeatures.Finding {
        do {
            _ = try MulticastReader(receiveBuffer: 1 << 16)
            return .init(true, "joined the read-only multicast group")
        } catch {
            return .init(false, error.description)
        }
    }

    static func containerID(_ status: AuditStatus?) -> KernelFeatures.Finding {
        let proc = ProcFile.exists("/proc/self/audit_containerid")
        let bit = (status?.featureBitmap ?? 0) & AuditStatus.containerIDFeatureBit != 0
        if proc || bit {
            return .init(true, "audit container identifier present (/proc/self/audit_containerid: \(proc ? "yes" : "no"), feature bit 0x80: \(bit ? "set" : "clear"))")
        }
        return .init(false, "kernel lacks the audit container identifier (ghak90): no /proc/self/audit_containerid and feature bit 0x80 clear")
    }

    static func nsinfo() -> KernelFeatures.Finding {
        ProcFile.exists("/proc/self/ns/net_snum")
            ? .init(true, "namespace serial numbers present (/proc/self/ns/net_snum)")
            : .init(false, "kernel lacks per-task namespace logging (nsinfo): no /proc/self/ns/net_snum")
    }

    static func capContainerID() -> KernelFeatures.Finding {
        ProcFile.exists("/proc/self/audit_capcontainerid")
            ? .init(true, "audit container identifier capability present (/proc/self/audit_capcontainerid)")
            : .init(false, "kernel lacks the audit container identifier capability (ghak90 V7 and later): no /proc/self/audit_capcontainerid")
    }

    /// SELinux mounts selinuxfs at /sys/fs/selinux once it is enabled (enforcing or permissive);
    /// without it a task has no SELinux label for subj_* rule fields to match.
    static func selinux() -> KernelFeatures.Finding {
        ProcFile.exists("/sys/fs/selinux/enforce")
            ? .init(true, "SELinux is enabled (/sys/fs/selinux/enforce)")
            : .init(false, "SELinux is not enabled: no /sys/fs/selinux/enforce (subj_* rule fields match SELinux labels only)")
    }

    /// Adds an nft rule with `log level audit` in a throwaway network namespace, which goes
    /// with it when the probe process ends.
    static func nftAudit(deadline: Double) -> CommandProbe {
        guard SpawnSpec(argv: ["nft"]).resolvedProgram() != nil else {
            return CommandProbe(known: .init(false, "nft is not installed (Debian package nftables)"))
        }
        let rule = "add table inet auditspec_probe; add chain inet auditspec_probe input { type filter hook input priority 0; }; "
            + "add rule inet auditspec_probe input log level audit"
        return CommandProbe(argv: ["unshare", "--net", "nft", rule], what: "nft 'log level audit'", deadline: deadline)
    }

    /// Adds an AUDIT rule in a throwaway network namespace: the namespace, and the rule with
    /// it, vanish when the probe process ends.
    static func netfilterAudit(deadline: Double) -> CommandProbe {
        CommandProbe(argv: ["unshare", "--net", "iptables", "-A", "INPUT", "-j", "AUDIT", "--type", "accept"],
                     what: "iptables -j AUDIT", deadline: deadline)
    }
}
