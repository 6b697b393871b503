import CPOSIX
import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

/// One system call on a file, made by whoever a scenario names (the runner or an agent), with
/// the errno of that call as the answer: the `create`, `append`, `rename`... statements.
///
/// The runner and auditspec-agent make it through the same C function (file_calls.c), so the
/// call, its flags and its syscall number are the same whoever makes it.
public enum FileCall: Hashable, Sendable, CustomStringConvertible {
    case create(String, mode: UInt32)
    case append(String, value: [UInt8])
    case rename(String, to: String)
    case link(String, to: String)
    /// A symbolic link at `at` whose text is `target`.
    case symlink(target: String, at: String)
    case unlink(String)
    case chmod(String, mode: UInt32)
    case mkdir(String, mode: UInt32)
    case rmdir(String)

    /// The C helper's operation and its arguments: path, other path, mode, data.
    var request: (op: Int32, path: String, other: String, mode: UInt32, data: [UInt8]) {
        switch self {
        case .create(let path, let mode): return (Int32(AS_FILE_CREATE), path, "", mode, [])
        case .append(let path, let value): return (Int32(AS_FILE_APPEND), path, "", 0, value)
        case .rename(let from, let to): return (Int32(AS_FILE_RENAME), from, to, 0, [])
        case .link(let from, let to): return (Int32(AS_FILE_LINK), from, to, 0, [])
        case .symlink(let target, let at): return (Int32(AS_FILE_SYMLINK), target, at, 0, [])
        case .unlink(let path): return (Int32(AS_FILE_UNLINK), path, "", 0, [])
        case .chmod(let path, let mode): return (Int32(AS_FILE_CHMOD), path, "", mode, [])
        case .mkdir(let path, let mode): return (Int32(AS_FILE_MKDIR), path, "", mode, [])
        case .rmdir(let path): return (Int32(AS_FILE_RMDIR), path, "", 0, [])
        }
    }

    /// Makes the call in this process: success, or its errno.
    public func performHere() -> Result<Void, Errno> {
        let (op, path, other, mode, data) = request
        var step: Int32 = 0
        let rc = data.withUnsafeBufferPointer { as_file_call(op, path, other, $0.baseAddress, $0.count, mode, &step) }
        return rc == 0 ? .success(()) : .failure(Errno(rawValue: -rc))
    }

    public var description: String {
        switch self {
        case .create(let path, let mode): return "create \(path) mode \(String(mode, radix: 8))"
        case .append(let path, _): return "append to \(path)"
        case .rename(let from, let to): return "rename \(from) to \(to)"
        case .link(let from, let to): return "link \(from) to \(to)"
        case .symlink(let target, let at): return "symlink \(at) to \(target)"
        case .unlink(let path): return "unlink \(path)"
        case .chmod(let path, let mode): return "chmod \(String(mode, radix: 8)) \(path)"
        case .mkdir(let path, let mode): return "mkdir \(path) mode \(String(mode, radix: 8))"
        case .rmdir(let path): return "rmdir \(path)"
        }
    }
}

extension ProcWriter {
    /// Makes a file call as the runner or as the agent: success, or the errno of the call.
    /// Throws only when an agent could not be asked.
    public func perform(_ call: FileCall) throws(AgentFailure) -> Result<Void, Errno> {
        switch self {
        case .runner: return call.performHere()
        case .process(let agent): return try agent.perform(call)
        }
    }
}

extension Agent {
    /// The file call made by this process itself: success, or its errno.
    public func perform(_ call: FileCall) throws(AgentFailure) -> Result<Void, Errno> {
        let (op, path, other, mode, data) = call.request
        let answer = try request(AS_AGENT_FILE, [Array(String(op).utf8), Array(path.utf8), Array(other.utf8),
                                                 Array(String(mode, radix: 8).utf8), data], "\(call)")
        return answer.result
    }
}
