import Matching
import POSIXSupport
import ScenarioLanguage
import SystemTypes

/// `ima policy` at run time: one open(2) and write(2) of the rule to the IMA policy file, by
/// the runner or the agent named, its errno checked against the outcome written.
extension ScenarioExecution {
    func performIntegrityPolicy(_ statement: IntegrityPolicyStatement, phase: ErrorPhase) throws {
        let (rule, writer, outcome) = (statement.rule, statement.writer, statement.outcome)
        // The parser admits the statement only with `requires vm`, which never runs on the
        // live kernel; this says so again where the write is made, since the rule would last
        // until the machine's next boot.
        guard options.insideVirtualMachine else {
            throw StepFailure(phase: phase, message: "refused: 'ima policy' changes the IMA policy until reboot, and runs only inside 'auditspec vm'")
        }
        var text = rule.render(variables)
        // IMA reads one rule per line; the rule ends at its newline.
        if !text.hasSuffix("\n") { text += "\n" }
        let by: ProcWriter = try writer.map { .process(try agent($0, phase: phase)) } ?? .runner
        let error: Result<Void, Errno>
        do { error = try by.write(Array(text.utf8), to: IntegrityPolicy.path) } catch {
            throw StepFailure(phase: phase, message: "agent '\(writer ?? "")' could not be asked to write the IMA policy: \(error)")
        }
        try check(error, against: outcome, what: "IMA policy rule" + (writer.map { " by \($0)" } ?? ""), phase: phase)
    }
}
