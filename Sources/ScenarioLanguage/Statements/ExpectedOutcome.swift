/// What an action must end in. A mismatch makes the scenario an error, not a failure:
/// the scenario did not do what its author meant, so its records prove nothing.
public enum ExpectedOutcome: Hashable, Sendable, CustomStringConvertible {
    case success
    /// The system call fails with this errno (by name, as `EBUSY`).
    case errno(String)
    case exitStatus(Int32)
    /// The process ends killed by this signal (its number: `=> killed SIGKILL` or `=> killed 9`).
    case killed(signal: Int32)
    /// A refusal named by the patch's behaviour (`threaded`, `set-again`); the profile in force
    /// says which errno that is in the revision under test, or that the revision accepts it.
    case refusal(String)

    public var description: String {
        switch self {
        case .success: return "success"
        case .errno(let name): return name
        case .exitStatus(let status): return "exit \(status)"
        case .killed(let signal): return "killed by signal \(signal)"
        case .refusal(let name): return "refusal '\(name)'"
        }
    }

    /// How a process ends (an exit status or a signal), as opposed to how a system call does.
    public var isProcessEnd: Bool {
        switch self {
        case .exitStatus, .killed: return true
        case .success, .errno, .refusal: return false
        }
    }
}
