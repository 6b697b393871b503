import Attribution
import AuditKernel
import AuditRecords
import Foundation
import Matching
import ScenarioLanguage

extension ScenarioExecution {
    /// Why the scenario cannot run on this kernel (a feature it requires is missing), if it cannot.
    /// Without `waiting`, a feature whose probe still runs in the background counts as present
    /// (nil: not known to be skipped), rather than waiting for the probe.
    static func skipReason(_ scenario: Scenario, features: KernelFeatures, options: RunOptions, waiting: Bool = true) -> String? {
        if let undecided = scenario.undecidedRevisions { return undecided }
        for requirement in scenario.requirements {
            let finding: KernelFeatures.Finding
            switch requirement.feature {
            case .audit: finding = features.audit
            case .multicast: finding = features.multicast
            case .contid: finding = features.containerID
            case .nsinfo: finding = features.nsinfo
            case .netfilterAudit:
                guard let found = waiting ? features.netfilterAudit : features.netfilterAuditIfSettled else { continue }
                finding = found
            case .nftAudit:
                guard let found = waiting ? features.nftAudit : features.nftAuditIfSettled else { continue }
                finding = found
            case .capcontid: finding = features.capContainerID
            case .selinux: finding = features.selinux
            case .ioUring: finding = features.ioUring
            case .ia32: finding = features.ia32Syscalls
            case .vm:
                if options.insideVirtualMachine { continue }
                return "runs only inside a VM (it can lock or crash the kernel); refused on the live kernel"
            }
            if !finding.available { return finding.detail }
        }
        // A module the scenario loads is a requirement too: this kernel may lack module
        // support, or that module (a VM's kernel of another release has its own).
        for step in scenario.steps {
            guard case .module(let statement) = step.action, case .load = statement.operation else { continue }
            if case .failure(let reason) = KernelModules.file(of: statement.name) { return reason.description }
        }
        return nil
    }
}
