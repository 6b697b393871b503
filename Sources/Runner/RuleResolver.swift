import AuditKernel
import Foundation
import ScenarioLanguage

/// Turns a scenario's rule, in auditctl's words, into kernel rule data through libaudit.
enum RuleResolver {
    static func resolve(_ spec: RuleSpec, variables: [String: String]) throws -> AuditRule {
        let builder = try AuditRuleBuilder(list: spec.list, action: spec.action)
        for syscall in spec.syscalls { try builder.syscall(syscall) }
        if let watch = spec.watch {
            // auditctl's -w: a directory is watched with dir=, anything else with path=.
            let path = watch.render(variables)
            var isFolder: ObjCBool = false
            let isDirectory = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            try builder.field((isDirectory ? "dir=" : "path=") + path)
            try builder.field("perm=" + (spec.permissions ?? "rwxa"))
        }
        for field in spec.fields { try builder.field(field.render(variables)) }
        for comparison in spec.comparisons { try builder.compare(comparison.render(variables)) }
        // As auditctl does: an exit rule that names no syscall applies to all of them.
        if !builder.hasSyscall, spec.list == "exit" || spec.watch != nil { try builder.syscall("all") }
        return builder.build()
    }
}
