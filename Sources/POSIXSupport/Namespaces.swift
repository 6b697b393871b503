#if canImport(Glibc)
import Glibc
#endif

/// A set of Linux namespace kinds, with the CLONE_NEW* flag of each as its bit.
///
/// The same value says which namespaces a child creates (clone3 flags) and which kind a held
/// namespace is (the setns type), so the two can never disagree.
public struct Namespaces: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let mount = Namespaces(rawValue: 0x0002_0000)    // CLONE_NEWNS
    public static let uts = Namespaces(rawValue: 0x0400_0000)      // CLONE_NEWUTS
    public static let ipc = Namespaces(rawValue: 0x0800_0000)      // CLONE_NEWIPC
    public static let user = Namespaces(rawValue: 0x1000_0000)     // CLONE_NEWUSER
    public static let pid = Namespaces(rawValue: 0x2000_0000)      // CLONE_NEWPID
    public static let net = Namespaces(rawValue: 0x4000_0000)      // CLONE_NEWNET

    /// Every kind, in the order a child joins them: the user namespace last, because joining
    /// it first would take away the privileges needed to join the others.
    public static let joinOrder: [Namespaces] = [.net, .mount, .uts, .ipc, .pid, .user]

    /// The file under /proc/PID/ns/ for a single kind.
    public var procName: String? {
        switch self {
        case .mount: return "mnt"
        case .uts: return "uts"
        case .ipc: return "ipc"
        case .user: return "user"
        case .pid: return "pid"
        case .net: return "net"
        default: return nil
        }
    }

    public var description: String {
        let names = Self.joinOrder.filter { contains($0) }.compactMap(\.procName)
        return names.isEmpty ? "none" : names.joined(separator: ",")
    }
}
