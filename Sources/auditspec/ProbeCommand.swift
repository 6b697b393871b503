import ArgumentParser
import AuditKernel
import Foundation

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Say what this kernel supports, and how that was found out.",
        discussion: """
        Reads the audit status, joins the multicast group, looks for the container identifier \
        (ghak90) and namespace logging (nsinfo) patches, and tries iptables' AUDIT target and nft's \
        'log level audit' in throwaway network namespaces. Changes nothing in the kernel's audit state.
        """
    )

    func run() throws {
        let socket = try? AuditSocket()
        let features = KernelProbe.probe(socket: socket)
        func line(_ name: String, _ finding: KernelFeatures.Finding) {
            print("\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(finding.available ? "yes" : "no ")  \(finding.detail)")
        }
        print("kernel           \(features.kernelRelease)")
        line("audit", features.audit)
        line("multicast", features.multicast)
        line("contid", features.containerID)
        line("nsinfo", features.nsinfo)
        line("netfilter-audit", features.netfilterAudit)
        line("nft-audit", features.nftAudit)
        line("capcontid", features.capContainerID)
        line("selinux", features.selinux)
        if let status = features.status {
            print("status           enabled \(status.enabled), failure \(status.failure), backlog_limit \(status.backlogLimit), "
                  + "backlog_wait_time \(status.backlogWaitTime), rate_limit \(status.rateLimit), lost \(status.lost), "
                  + "feature_bitmap 0x\(String(status.featureBitmap, radix: 16))")
        }
        if !features.audit.available { throw ExitCode.environment }
    }
}
