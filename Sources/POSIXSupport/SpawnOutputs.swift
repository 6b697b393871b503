import CPOSIX
import SystemTypes
#if canImport(Glibc)
import Glibc
#endif

/// The descriptors a spawned child's standard output and error go to, opened by the parent
/// before the clone (the child may not allocate or format paths) and passed to it by number.
///
/// The child's ends are the parent's to close once the child holds its own copies, however the
/// spawn ended. The read end of a readiness pipe goes to the `ChildProcess` of a child that
/// started, and is closed with a spawn that failed.
struct SpawnOutputs {
    /// What becomes the child's standard output; nil for /dev/null.
    private(set) var standardOutput: FileDescriptor?
    /// What becomes the child's standard error (the same descriptor as the output for a
    /// file); nil for /dev/null.
    private(set) var standardError: FileDescriptor?
    /// The parent's end of a readiness pipe.
    private(set) var readEnd: FileDescriptor?

    /// Opens what `output` names; nothing stays open if any of it fails.
    init(_ output: SpawnSpec.Output) throws(Errno) {
        switch output {
        case .discard:
            break
        case .file(let path):
            standardOutput = try Self.open(path)
            standardError = standardOutput
        case .readinessPipe(let errors):
            var ends: [Int32] = [-1, -1]
            let made = as_pipe_cloexec(&ends)
            if made < 0 { throw Errno(rawValue: -made) }
            let read = FileDescriptor(rawValue: ends[0]), write = FileDescriptor(rawValue: ends[1])
            if let errors {
                standardError = try read.closeOnError { () throws(Errno) in
                    try write.closeOnError { () throws(Errno) in try Self.open(errors) }
                }
            }
            readEnd = read
            standardOutput = write
        }
    }

    /// Runs `body` (the spawn that hands the child its ends), then closes the child's ends; the
    /// read end too if `body` threw, since no `ChildProcess` will own it.
    func handOver<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        defer {
            for end in Set([standardOutput, standardError].compactMap { $0 }) { try? end.close() }
        }
        guard let readEnd else { return try body() }
        return try readEnd.closeOnError(body)
    }

    private static func open(_ path: String) throws(Errno) -> FileDescriptor {
        switch FileDescriptor.opened(Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)) {
        case .success(let descriptor): return descriptor
        case .failure(let error): throw error
        }
    }
}
