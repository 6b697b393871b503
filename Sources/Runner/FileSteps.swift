import Matching
import POSIXSupport
import ScenarioLanguage

/// The file statements at run time: the paths rendered and confined to `$tmp`, the one call
/// made by the runner or the agent named, its errno checked against the outcome written.
extension ScenarioExecution {
    func performFile(_ statement: FileStatement, phase: ErrorPhase) throws {
        let (operation, actor, outcome) = (statement.operation, statement.actor, statement.outcome)
        let tmp = variables[BuiltinVariable.tmp.rawValue] ?? ""
        for (template, followsLink) in operation.confinedPaths {
            let path = template.render(variables)
            if let refusal = PathConfinement.refusal(of: path, followsLink: followsLink, within: tmp) {
                throw StepFailure(phase: phase, message: "refused: \(refusal) (file statements stay under $tmp)")
            }
        }
        let call = fileCall(operation)
        let by: ProcWriter = try actor.map { .process(try agent($0, phase: phase)) } ?? .runner
        let error = try attempt("agent '\(actor ?? "")' could not be asked to \(call)", at: phase) { try by.perform(call) }
        try check(error, against: outcome, what: "\(call)" + (actor.map { " by \($0)" } ?? ""), phase: phase)
    }

    private func fileCall(_ operation: FileOperation) -> FileCall {
        func path(_ template: Template) -> String { template.render(variables) }
        switch operation {
        case .create(let file, let mode): return .create(path(file), mode: mode)
        case .append(let file, let value): return .append(path(file), value: Array(path(value).utf8))
        case .rename(let from, let to): return .rename(path(from), to: path(to))
        case .link(let from, let to): return .link(path(from), to: path(to))
        case .symlink(let target, let at): return .symlink(target: path(target), at: path(at))
        case .unlink(let file): return .unlink(path(file))
        case .chmod(let file, let mode): return .chmod(path(file), mode: mode)
        case .mkdir(let file, let mode): return .mkdir(path(file), mode: mode)
        case .rmdir(let file): return .rmdir(path(file))
        }
    }
}
