import SystemTypes

/// Who makes a write to a /proc file: the runner itself, or one of the scenario's processes.
///
/// The ghak90 patches judge the writer (the target itself: EXDEV; not an ancestor: EXDEV; an
/// identifier another writer made: ENOTUNIQ; no CAP_AUDIT_CONTROL: EPERM), and loginuid takes
/// writes from its own task only, so "X writes V to /proc/Y/F" must be done by X and nobody
/// in between. An agent makes exactly one open(2) and one write(2) itself; the runner does the
/// same in its own process. Either way the answer is success or the errno of that system call.
public enum ProcWriter {
    case runner
    case process(Agent)

    /// Success, or the errno of the failing open(2) or write(2).
    /// Throws only when an agent could not be asked (it ended, or did not answer in time).
    public func write(_ value: [UInt8], to path: String, offset: Int = 0) throws(AgentFailure) -> Result<Void, Errno> {
        switch self {
        case .runner: return ProcFile.write(value, to: path, offset: offset)
        case .process(let agent): return try agent.write(value, to: path, offset: offset)
        }
    }

    public func write(_ value: String, to path: String, offset: Int = 0) throws(AgentFailure) -> Result<Void, Errno> {
        try write(Array(value.utf8), to: path, offset: offset)
    }
}
