import Foundation
import Matching
import ScenarioLanguage
import SystemTypes

/// `signal`, `ptrace` and `usermsg` at run time: one call from the runner or an agent to a
/// process of the scenario (or to the kernel's audit), its errno checked.
extension ScenarioExecution {
    func performSignal(_ statement: SignalStatement, phase: ErrorPhase) throws {
        let pid = try processID(statement.target, phase: phase)
        let error: Result<Void, Errno>
        if let sender = statement.sender {
            let agent = try agent(sender, phase: phase)
            error = try attempt("agent '\(sender)' could not send the signal", at: phase) { try agent.signal(statement.number, to: pid) }
        } else {
            // kill(2) itself, not pidfd_send_signal: rules name the kill syscall. The pid
            // cannot be reused meanwhile: every named process is a child not yet reaped.
            error = .checking(Glibc.kill(pid, statement.number))
        }
        try check(error, against: statement.outcome, what: "signal \(statement.number) to \(statement.target)", phase: phase)
    }

    func performPtrace(_ statement: PtraceStatement, phase: ErrorPhase) throws {
        let (target, tracer) = (statement.target, statement.tracer)
        let pid = try processID(target, phase: phase)
        let tracerAgent = try agent(tracer, phase: phase)
        let error = try attempt("agent '\(tracer)' could not be asked to trace", at: phase) { try tracerAgent.ptraceAttach(pid) }
        if case .success = error {
            // Let go at once: the attach is what logs OBJ_PID, and a tracee left in its
            // ptrace-stop could answer no later request of the scenario.
            let detachResult = try attempt("agent '\(tracer)' could not be asked to detach", at: phase) { try tracerAgent.ptraceDetach(pid) }
            if case .failure(let detachError) = detachResult {
                throw StepFailure(phase: phase, message: "agent '\(tracer)' could not detach from \(target): \(detachError.name)")
            }
        }
        try check(error, against: statement.outcome, what: "ptrace of \(target) by \(tracer)", phase: phase)
    }

    func performUserMessage(_ statement: UserMessageStatement, phase: ErrorPhase) throws {
        let message = statement.text.render(variables)
        let error: Result<Void, Errno>
        if let sender = statement.sender {
            let agent = try agent(sender, phase: phase)
            error = try attempt("agent '\(sender)' could not send the message", at: phase) { try agent.sendUserMessage(message) }
        } else {
            do {
                try channel.socket.sendUserMessage(message)
                error = .success(())
            } catch let refused {
                error = .failure(refused.errno)
            }
        }
        try check(error, against: statement.outcome, what: "user message" + (statement.sender.map { " from \($0)" } ?? ""), phase: phase)
    }
}
