import Matching
import POSIXSupport
import ScenarioLanguage

/// `write` at run time: write(2) or pwrite(2) of a value by the runner or an agent, with the
/// writer's child ended between its open and its write when the statement says so.
extension ScenarioExecution {
    func performWrite(_ statement: WriteStatement, phase: ErrorPhase) throws {
        let file = statement.path.render(variables)
        if ScenarioPaths.isUnderTmp(statement.path),
           let refusal = PathConfinement.refusal(of: file, followsLink: true, within: variables[BuiltinVariable.tmp.rawValue] ?? "") {
            throw StepFailure(phase: phase, message: "refused: \(refusal) (file statements stay under $tmp)")
        }
        let bytes = Array(statement.value.render(variables).utf8), offset = statement.offset
        if let ending = statement.ending, let writer = statement.writer {
            let target = try agent(ending.child, phase: phase), writerAgent = try agent(writer, phase: phase)
            let error = try attempt("agent '\(writer)' could not write to \(file) with '\(ending.child)' ended", at: phase) {
                try writerAgent.write(bytes, to: file, offset: offset, ending: target, reaping: ending.reaps)
            }
            let state = ending.reaps ? "reaped" : "a zombie"
            return try check(error, against: statement.outcome, what: "write to \(file) by \(writer), '\(ending.child)' \(state)", phase: phase)
        }
        let by: ProcWriter = try statement.writer.map { .process(try agent($0, phase: phase)) } ?? .runner
        let error = try attempt("agent '\(statement.writer ?? "")' could not be asked to write", at: phase) {
            try by.write(bytes, to: file, offset: offset)
        }
        try check(error, against: statement.outcome, what: "write to \(file)" + (statement.writer.map { " by \($0)" } ?? ""), phase: phase)
    }
}
