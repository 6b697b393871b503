import AuditRecords
import Matching
import POSIXSupport
import ScenarioLanguage

/// `read` at run time: the file read by the runner or by the agent named, the errno checked
/// against the outcome written, the text against `is VALUE`, byte for byte.
extension ScenarioExecution {
    /// The read, and `$NAME` bound to its text: a /proc value's newline is not part of it, and
    /// bytes that are not UTF-8 are escaped rather than lost.
    func performReadStep(_ read: FileRead, phase: ErrorPhase) throws {
        let text = try performRead(read, phase: phase)
        guard let name = read.name else { return }
        var value = Substring(text)
        while value.last == "\n" || value.last == "\r" { value.removeLast() }
        variables[name] = String(value)
    }

    /// The text read (for `$NAME`), once the read ended as the step says. A different errno, or
    /// a different text, is an error of the step naming what was expected and what came.
    func performRead(_ read: FileRead, phase: ErrorPhase) throws(StepFailure) -> String {
        let file = read.path.render(variables)
        let who = read.reader.map { " by \($0)" } ?? ""
        let result: Result<[UInt8], KernelError>
        if let reader = read.reader {
            do {
                let agent = try agent(reader, phase: phase)
                result = try agent.read(file).mapError { KernelError("read \(file) as process \(agent.pid)", errno: $0) }
            } catch {
                throw StepFailure(phase: phase, message: "agent '\(reader)' could not be asked to read \(file): \(error)")
            }
        } else {
            do { result = .success(try ProcFile.read(file)) } catch { result = .failure(error) }
        }
        let bytes: [UInt8]
        switch result {
        case .success(let read): bytes = read
        case .failure(let error):
            // An unexpected failure says which call failed, and why, in the kernel's words.
            if read.outcome == .success { throw StepFailure(phase: phase, message: "\(error)") }
            try check(.failure(error.errno), against: read.outcome, what: "read of \(file)\(who)", phase: phase)
            return ""
        }
        try check(.success(()), against: read.outcome, what: "read of \(file)\(who)", phase: phase)
        if let expected = read.expected {
            let wanted = expected.render(variables)
            if bytes != Array(wanted.utf8) {
                throw StepFailure(phase: phase, message: "read of \(file)\(who): expected \(wanted.debugDescription), got \(ByteText.decode(bytes).debugDescription)")
            }
        }
        return ByteText.decode(bytes)
    }
}
