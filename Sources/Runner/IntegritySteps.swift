import Matching
import POSIXSupport
import ScenarioLanguage

/// `ima policy` at run time: one open(2) and write(2) of the rule to the IMA policy file, by
/// the runner or the agent named, its errno checked against the outcome written. Outside a VM
/// it is refused before this (`ScenarioExecution.perform`, from the statement's `virtualMachineOnly`).
extension ScenarioExecution {
    func performIntegrityPolicy(_ statement: IntegrityPolicyStatement, phase: ErrorPhase) throws {
        let (rule, writer, outcome) = (statement.rule, statement.writer, statement.outcome)
        var text = rule.render(variables)
        // IMA reads one rule per line; the rule ends at its newline.
        if !text.hasSuffix("\n") { text += "\n" }
        let by: ProcWriter = try writer.map { .process(try agent($0, phase: phase)) } ?? .runner
        let error = try attempt("agent '\(writer ?? "")' could not be asked to write the IMA policy", at: phase) {
            try by.write(Array(text.utf8), to: IntegrityPolicy.path)
        }
        try check(error, against: outcome, what: "IMA policy rule" + (writer.map { " by \($0)" } ?? ""), phase: phase)
    }
}
