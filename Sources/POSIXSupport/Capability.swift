/// A Linux capability by number (include/uapi/linux/capability.h), for dropping from a child.
///
/// A number rather than a closed enum: a kernel may know capabilities this build does not.
public struct Capability: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) {
        precondition((0..<64).contains(rawValue), "capability numbers are 0 to 63")
        self.rawValue = rawValue
    }

    public static let setgid = Capability(rawValue: 6)
    public static let setuid = Capability(rawValue: 7)
    public static let setpcap = Capability(rawValue: 8)
    public static let netAdmin = Capability(rawValue: 12)
    public static let sysPtrace = Capability(rawValue: 19)
    public static let sysAdmin = Capability(rawValue: 21)
    public static let auditWrite = Capability(rawValue: 29)
    public static let auditControl = Capability(rawValue: 30)
    public static let auditRead = Capability(rawValue: 37)

    public var description: String {
        switch self {
        case .setgid: return "CAP_SETGID"
        case .setuid: return "CAP_SETUID"
        case .setpcap: return "CAP_SETPCAP"
        case .netAdmin: return "CAP_NET_ADMIN"
        case .sysPtrace: return "CAP_SYS_PTRACE"
        case .sysAdmin: return "CAP_SYS_ADMIN"
        case .auditWrite: return "CAP_AUDIT_WRITE"
        case .auditControl: return "CAP_AUDIT_CONTROL"
        case .auditRead: return "CAP_AUDIT_READ"
        default: return "capability \(rawValue)"
        }
    }

    /// The bit mask the C helper takes.
    static func mask(_ capabilities: Set<Capability>) -> UInt64 {
        capabilities.reduce(0) { $0 | (1 << UInt64($1.rawValue)) }
    }
}
