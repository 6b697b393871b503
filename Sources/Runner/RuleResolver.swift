import AuditKernel
import Foundation
import Profiles
import ScenarioLanguage

/// Turns a scenario's rule, in auditctl's words, into kernel rule data through libaudit;
/// fields libaudit does not know but the profile numbers, and fields it refuses on the rule's
/// list only, are added by RawFieldResolver, so the kernel judges them.
enum RuleResolver {
    static func resolve(_ spec: RuleSpec, variables: [String: String], profiles: ProfileSet = .defaults) throws -> AuditRule {
        let raw = RawFieldResolver(profiles: profiles)
        var rawFields: [RawFieldResolver.Field] = []
        let built = try AuditRuleBuilder.make(list: spec.list.rawValue, action: spec.action.rawValue) { builder in
            // auditctl's order constraints, whatever order the scenario wrote: arch before the
            // syscalls (their numbers depend on it), the key after them (libaudit wants a
            // syscall or watch first).
            let rendered = spec.fields.map { $0.render(variables) }
            let arch = rendered.filter { $0.hasPrefix("arch=") || $0.hasPrefix("arch!=") }
            // A key given with -F key=... counts as one given with -k.
            let keys = rendered.filter { $0.hasPrefix("key=") } + spec.keys.map { "key=" + $0.render(variables) }
            let others = rendered.filter { !arch.contains($0) && !keys.contains($0) }
            for field in arch { try builder.field(field) }
            for syscall in spec.syscalls { try builder.syscall(syscall) }
            if let watch = spec.watch {
                // auditctl's -w: a directory is watched with dir=, anything else with path=.
                let path = watch.render(variables)
                var isFolder: ObjCBool = false
                let isDirectory = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
                try builder.field((isDirectory ? "dir=" : "path=") + path)
                try builder.field("perm=" + (spec.permissions ?? "rwxa"))
            }
            for pair in others {
                // The installed libaudit has the last word on the fields it knows.
                do { try builder.field(pair) } catch {
                    if let numbered = try raw.field(pair) {
                        rawFields.append(numbered)
                    } else if (error as? AuditRuleBuilder.Failure)?.refusesForList == true, let numbered = try raw.listRefused(pair) {
                        rawFields.append(numbered)
                    } else {
                        throw error
                    }
                }
            }
            for comparison in spec.comparisons { try builder.compare(comparison.render(variables)) }
            // As auditctl does: an exit rule that names no syscall applies to all of them.
            if !builder.hasSyscall, spec.list == .exit || spec.watch != nil { try builder.syscall("all") }
            for key in keys { try builder.field(key) }
        }
        return rawFields.isEmpty ? built : try raw.adding(rawFields, to: built)
    }
}
