import AuditKernel
import Matching
import ScenarioLanguage

/// `rule` and `set` at run time: the machine's audit configuration, changed for the scenario
/// and put back by its cleanup stack.
extension ScenarioExecution {
    func performRule(_ spec: RuleSpec, phase: ErrorPhase) throws {
        let rule = try attempt("", at: phase) { try RuleResolver.resolve(spec, variables: variables, profiles: options.profiles) }
        if spec.deletes {
            try attempt("", at: phase) { try cleanup.delete(rule, through: channel.socket) }
            return
        }
        // A rule the kernel takes against the scenario's word is on the cleanup stack all the same.
        var refused: Int32?
        do { try cleanup.add(rule, through: channel.socket, deleter: context.background.ruleDeleter) } catch {
            if spec.outcome == .success { throw StepFailure(phase: phase, message: "the kernel refused the rule: \(error)") }
            refused = error.errno
        }
        try check(refused, against: spec.outcome, what: "adding the rule", phase: phase)
    }

    func performSetting(_ statement: SettingStatement, phase: ErrorPhase) throws {
        let setting: AuditSetting
        let value = statement.value
        switch statement.name {
        case .enabled: setting = .enabled(value == 0 ? .off : .on)
        case .failure: setting = .failure(value == 0 ? .silent : .printk)
        case .backlogLimit: setting = .backlogLimit(value)
        case .backlogWaitTime: setting = .backlogWaitTime(value)
        case .rateLimit: setting = .rateLimit(value)
        case .lost: setting = .resetLost
        case .backlogWaitTimeActual: setting = .resetBacklogWaitTimeActual
        }
        // The old value goes back on unwind (the lost counter only restarts).
        try attempt("the kernel refused '\(setting)'", at: phase) { try cleanup.change(setting, through: channel.socket) }
    }
}
