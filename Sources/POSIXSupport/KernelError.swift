import SystemTypes

/// A failed call into the kernel, with the errno turned into a typed value at the boundary.
public struct KernelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was being done, in words a user reads ("add an audit rule").
    public var operation: String
    public var errno: Errno

    public init(_ operation: String, errno: Errno) {
        self.operation = operation
        self.errno = errno
    }

    /// From a C call's errno value.
    public init(_ operation: String, errno: Int32) {
        self.init(operation, errno: Errno(rawValue: errno))
    }

    /// From a C helper's negative-errno return.
    package static func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(KernelError) -> Int32 {
        if result < 0 { throw KernelError(operation(), errno: -result) }
        return result
    }

    public var description: String {
        "cannot \(operation): \(errno.name) (\(errno.message))"
    }
}
