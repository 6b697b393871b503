import CErrnoNames
#if canImport(Glibc)
import Glibc
#endif

/// An errno value, typed at the C boundary (the model is swift-system's `Errno`).
///
/// A system call whose errno is the answer (a scenario checks `=> EPERM`) returns
/// `Result<Void, Errno>`; a failure that stops the work throws an error carrying one. Names come
/// from the C library itself (strerrorname_np), never from a table of our own, so the scenario
/// language, the profiles and the kernel client all read the same names.
public struct Errno: Error, Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The errno the calling thread's last failed call left.
    public static var current: Errno { Errno(rawValue: Glibc.errno) }

    /// The C library's name ("EPERM"), or "errno N" for a number it has no name for.
    public var name: String {
        if let name = auditspec_errno_name(rawValue) { return String(cString: name) }
        return "errno \(rawValue)"
    }

    /// The C library's words for it ("Operation not permitted").
    public var message: String { String(cString: strerror(rawValue)) }

    /// The name, as a scenario writes it.
    public var description: String { name }

    /// The errno the C library names `name` ("EBUSY"), nil for a name it does not know.
    public init?(named name: String) {
        guard let number = Self.byName[name] else { return nil }
        self.init(rawValue: number)
    }

    /// Every errno name the C library knows, sorted.
    public static let allNames: [String] = byName.keys.sorted()

    /// Looks like an errno name (E followed by capitals and digits), known or not: a word the
    /// language reads as an errno, so a misspelt one gets a "did you mean" instead of a wrong meaning.
    public static func looksLikeName(_ text: String) -> Bool {
        text.count > 1 && text.first == "E" && text.allSatisfy { $0.isUppercase || $0.isNumber }
    }

    private static let byName: [String: Int32] = {
        var names: [String: Int32] = [:]
        // Errno values are below 4096 (the kernel's MAX_ERRNO); an alias (EWOULDBLOCK) has
        // its first name only, as strerrorname_np gives it.
        for number in Int32(1)..<Int32(4096) {
            if let name = auditspec_errno_name(number), names[String(cString: name)] == nil {
                names[String(cString: name)] = number
            }
        }
        return names
    }()
}

// The values the code names, with swift-system's names.
extension Errno {
    public static let notPermitted = Errno(rawValue: EPERM)
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    public static let noSuchProcess = Errno(rawValue: ESRCH)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let ioError = Errno(rawValue: EIO)
    public static let badFileDescriptor = Errno(rawValue: EBADF)
    public static let permissionDenied = Errno(rawValue: EACCES)
    public static let fileExists = Errno(rawValue: EEXIST)
    public static let invalidArgument = Errno(rawValue: EINVAL)
    public static let protocolError = Errno(rawValue: EPROTO)
    public static let protocolNotSupported = Errno(rawValue: EPROTONOSUPPORT)
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    public static let socketNotConnected = Errno(rawValue: ENOTCONN)
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
}
