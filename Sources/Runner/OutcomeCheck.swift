import Attribution
import AuditRecords
import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage
import SystemTypes

extension ScenarioExecution {
    /// A system call's errno against what the step says it must be (`=> ok`, `=> EPERM`, or a
    /// refusal the profile in force names).
    func check(_ result: Result<Void, Errno>, against outcome: ExpectedOutcome, what: String, phase: ErrorPhase) throws(StepFailure) {
        let wanted = try expectedErrno(outcome, phase: phase)
        guard result.errno != wanted else { return }
        func text(_ errno: Errno?) -> String { errno?.name ?? "success" }
        throw StepFailure(phase: phase, message: "\(what): expected \(text(wanted)), got \(text(result.errno))")
    }

    /// The errno a system call must end in (nil: it must succeed), a refusal read from the
    /// profile in force.
    private func expectedErrno(_ outcome: ExpectedOutcome, phase: ErrorPhase) throws(StepFailure) -> Errno? {
        let name: String
        switch outcome {
        case .success, .exitStatus, .killed: return nil
        case .errno(let errno): name = errno
        case .refusal(let refusalName):
            let (profile, refusal) = options.profiles.refusal(refusalName)
            switch refusal {
            case .errno(let errno): name = errno
            case .accepted: return nil
            case nil:
                throw StepFailure(phase: phase, message: "profile \(profile) does not state what refusal '\(refusalName)' is in that revision")
            }
        }
        // The parser and the profile reader accept only names the C library knows.
        guard let errno = Errno(named: name) else { throw StepFailure(phase: phase, message: "unknown errno '\(name)'") }
        return errno
    }

    func check(_ end: Termination?, against outcome: ExpectedOutcome, process: ChildProcess, phase: ErrorPhase) throws {
        try check(end, against: outcome, command: process.argv.joined(separator: " "), pid: process.pid, phase: phase)
    }

    func check(_ end: Termination?, against outcome: ExpectedOutcome, command: String, pid: pid_t, phase: ErrorPhase) throws {
        guard let end else {
            throw StepFailure(phase: phase, message: "timed out after \(Seconds.text(options.actionTimeout)) s: \(command)")
        }
        let wanted: Termination
        switch outcome {
        case .exitStatus(let status): wanted = .exited(status)
        case .killed(let signal): wanted = .signaled(signal)
        case .success: wanted = .exited(0)
        case .errno, .refusal: throw StepFailure(phase: phase, message: "a command ends in an exit status, not \(outcome)")
        }
        if end != wanted {
            throw StepFailure(phase: phase, message: "\(command): expected \(wanted), got \(end)" + outputTail(of: pid))
        }
    }

    /// The last lines a process printed, to explain a failed action.
    private func outputTail(of pid: pid_t) -> String {
        guard let path = outputs[pid],
              let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        let lines = ByteText.decode(data).split(separator: "\n").suffix(5)
        return "\n" + lines.map { "    | " + $0 }.joined(separator: "\n")
    }
}
