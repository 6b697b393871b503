import Foundation

/// Everything a killed run could leave on the machine, counted: the audit state, network
/// namespaces (of any process, and `ip netns`), iptables AUDIT rules in the host's namespace,
/// and scratch folders.
struct MachineCount: Equatable, CustomStringConvertible {
    var audit: AuditStateReading
    var namedNamespaces: Int
    var hostAuditRules: Int
    var scratchFolders: Set<String>

    static func read() throws -> MachineCount {
        let named = (try? Command.run(["ip", "netns", "list"]).output) ?? ""
        let iptables = (try? Command.run(["iptables", "-S"]).output) ?? ""
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        return MachineCount(audit: try AuditStateReading.read(),
                            namedNamespaces: named.split(separator: "\n").count,
                            hostAuditRules: iptables.split(separator: "\n").filter { $0.contains("-j AUDIT") }.count,
                            scratchFolders: Set(folders.filter { $0.hasPrefix("auditspec.") }))
    }

    /// The network namespace of every process, as /proc/PID/ns/net links.
    static func networkNamespaceLinks() -> Set<String> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return Set(entries.filter { $0.allSatisfy(\.isNumber) }
            .compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/ns/net") })
    }

    var description: String {
        "\(audit)\nip netns: \(namedNamespaces), host AUDIT rules: \(hostAuditRules), folders: \(scratchFolders.sorted())"
    }
}
