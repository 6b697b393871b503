#if canImport(Glibc)
import Glibc
#endif

/// Why a request to an agent has no answer (the kernel's answer to the request itself, an
/// errno, is a result, not this error).
public enum AgentFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The auditspec-agent program is not beside the running binary, in AUDITSPEC_AGENT or PATH.
    case programNotFound(searched: [String])
    case spawn(SpawnFailure)
    /// The agent ended (or exec'd) before it answered.
    case gone(pid: pid_t)
    case timedOut(pid: pid_t, request: String, after: Double)
    case interrupted(signal: Int32)
    /// The channel itself failed.
    case channel(KernelError)
    /// The agent answered, but the state it was to bring about is not there.
    case unexpectedState(String)

    public var description: String {
        switch self {
        case .programNotFound(let searched):
            return "auditspec-agent not found (looked in \(searched.joined(separator: ", "))); build it with swift build or set AUDITSPEC_AGENT"
        case .spawn(let failure): return failure.description
        case .gone(let pid): return "agent process \(pid) ended before it answered"
        case .timedOut(let pid, let request, let after):
            return "timed out after \(Seconds.text(after)) s: agent process \(pid) did not answer '\(request)'"
        case .interrupted(let signal): return "interrupted by signal \(signal)"
        case .channel(let error): return error.description
        case .unexpectedState(let words): return words
        }
    }
}
