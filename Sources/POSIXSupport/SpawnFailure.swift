import SystemTypes

/// A child that did not reach its program: which step failed, with the errno of that step.
///
/// The child reports its own failures over a close-on-exec pipe (spawn.c), so a refused setns
/// or capset is an error with a name here, not a child that silently runs in the wrong place.
public struct SpawnFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Step: Int32, Sendable, CaseIterable {
        // In the child, numbered as in CPOSIX.h (AS_STEP_*).
        case waitForParent = 1, joinNamespace, loopback, processGroup, signals, descriptors,
             capabilities, credentials, directory, exec, report, mountPrivate, terminal
        // In the parent.
        case findProgram = 100, openOutput, clone, userMapping, startTimeout, interrupted

        public var words: String {
            switch self {
            case .waitForParent: return "wait for the parent's go"
            case .joinNamespace: return "join a namespace (setns)"
            case .loopback: return "bring lo up"
            case .processGroup: return "make a process group"
            case .signals: return "reset the signal mask"
            case .descriptors: return "set up standard input, output and error"
            case .capabilities: return "drop capabilities"
            case .credentials: return "change uid and gid"
            case .directory: return "change directory"
            case .exec: return "execve"
            case .report: return "report its start"
            case .mountPrivate: return "make its new mount namespace private"
            case .terminal: return "take its terminal as a new session's controlling terminal"
            case .findProgram: return "find the program in PATH"
            case .openOutput: return "open its output file"
            case .clone: return "clone3"
            case .userMapping: return "write the user namespace's id maps"
            case .startTimeout: return "start in time"
            case .interrupted: return "start before the run was interrupted"
            }
        }
    }

    public var program: String
    public var step: Step
    public var errno: Errno
    /// For `.interrupted`: the signal that interrupted the start.
    public var signal: Int32?

    public init(program: String, step: Step, errno: Errno, signal: Int32? = nil) {
        self.program = program
        self.step = step
        self.errno = errno
        self.signal = signal
    }

    public var description: String {
        "cannot start \(program): the child could not \(step.words): \(errno.name) (\(errno.message))"
    }
}
