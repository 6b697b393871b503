#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor, typed at the C boundary (the model is swift-system's
/// `FileDescriptor`): a value, not an owner; whoever opened it says when it is closed, and
/// `closeAfter` and `closeOnError` say it once where a raw descriptor needed a close on every path.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A C call's descriptor, or its errno when the call returned -1 and set errno.
    public static func opened(_ result: Int32) -> Result<FileDescriptor, Errno> {
        result < 0 ? .failure(.current) : .success(FileDescriptor(rawValue: result))
    }

    /// close(2). Not retried on EINTR: Linux has released the descriptor by then, and a
    /// second close could close one another thread just opened.
    public func close() throws(Errno) {
        if Glibc.close(rawValue) != 0 { throw .current }
    }

    /// Runs `body`, then closes the descriptor however `body` ended.
    public func closeAfter<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        defer { try? close() }
        return try body()
    }

    /// Runs `body`, closing the descriptor only if `body` throws: for a descriptor that is handed
    /// on once the set-up after its open has succeeded.
    public func closeOnError<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        do {
            return try body()
        } catch {
            try? close()
            throw error
        }
    }
}
