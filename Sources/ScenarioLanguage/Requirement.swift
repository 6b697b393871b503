/// Something the kernel or machine must offer for a scenario to run. Without it the
/// scenario is skipped, with the reason, never passed.
public enum Feature: String, CaseIterable, Hashable, Sendable {
    /// The audit netlink socket answers and syscall auditing works.
    case audit
    /// The read-only multicast group delivers records.
    case multicast
    /// The audit container identifier (ghak90): /proc/self/audit_containerid or feature bit 0x80.
    case contid
    /// Per-task namespace logging (nsinfo V5): /proc/self/ns/net_snum.
    case nsinfo
    /// iptables' AUDIT target works in a private network namespace.
    case netfilterAudit = "netfilter-audit"
    /// nft's `log level audit` works in a private network namespace.
    case nftAudit = "nft-audit"
    /// The audit container identifier capability (ghak90 V7 and later): /proc/self/audit_capcontainerid.
    case capcontid
    /// SELinux is enabled: the kernel has labels for the subj_* and obj_* rule fields to match.
    case selinux
    /// The scenario can lock or crash the kernel: it runs only inside a VM, never on the live host.
    case vm
}

public struct Requirement: Hashable, Sendable {
    public var feature: Feature
    public var location: SourceLocation
    public init(feature: Feature, location: SourceLocation) {
        self.feature = feature
        self.location = location
    }
}
