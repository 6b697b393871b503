import CErrnoNames
#if canImport(Glibc)
import Glibc
#endif

/// A failed call into the kernel, with the errno turned into a typed value at the boundary.
public struct KernelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was being done, in words a user reads ("add an audit rule").
    public var operation: String
    public var errno: Int32

    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    /// From a C helper's negative-errno return.
    package static func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(KernelError) -> Int32 {
        if result < 0 { throw KernelError(operation(), errno: -result) }
        return result
    }

    public var errnoName: String {
        if let name = auditspec_errno_name(errno) { return String(cString: name) }
        return "errno \(errno)"
    }

    public var description: String {
        "cannot \(operation): \(errnoName) (\(String(cString: strerror(errno))))"
    }
}
