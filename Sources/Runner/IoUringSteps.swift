import AuditKernel
import Matching
import POSIXSupport
import ScenarioLanguage
import SystemTypes

/// `io_uring` at run time: the path rendered and confined to `$tmp`, then the ring's calls
/// (io_uring_setup, an enter with IORING_OP_OPENAT, an enter with IORING_OP_CLOSE) made by the
/// runner or the agent named, the errno of the one that failed checked against the outcome.
extension ScenarioExecution {
    func performIoUring(_ statement: IoUringStatement, phase: ErrorPhase) throws {
        let path = statement.file.render(variables)
        let tmp = variables[BuiltinVariable.tmp.rawValue] ?? ""
        // The open follows a link in the last component, as open(2) does.
        if let refusal = PathConfinement.refusal(of: path, followsLink: true, within: tmp) {
            throw StepFailure(phase: phase, message: "refused: \(refusal) (file statements stay under $tmp)")
        }
        let result: Result<Void, Errno>
        if let actor = statement.actor {
            let agent = try agent(actor, phase: phase)
            result = try attempt("agent '\(actor)' could not be asked to use io_uring", at: phase) { try agent.ioUringOpenClose(path) }
        } else {
            result = IoUringCall.openAndClose(path)
        }
        try check(result, against: statement.outcome,
                  what: "io_uring \(statement.operation.rawValue) \(path)" + (statement.actor.map { " by \($0)" } ?? ""), phase: phase)
    }
}
