import POSIXSupport
import ScenarioLanguage
#if canImport(Glibc)
import Glibc
#endif

/// A scenario's `new KINDS`, `as UID` and `without CAP...` turned into what the spawn helper
/// carries out between clone3 and execve.
enum ProcessSetUp {
    static func namespaces(_ kinds: [NamespaceKind]) -> Namespaces {
        kinds.reduce(into: Namespaces()) { $0.insert(namespace($1)) }
    }

    static func namespace(_ kind: NamespaceKind) -> Namespaces {
        switch kind {
        case .user: return .user
        case .pid: return .pid
        case .uts: return .uts
        case .ipc: return .ipc
        case .mnt: return .mount
        case .net: return .net
        }
    }

    /// In a new user namespace, root and the process's own uid (and gid) map to themselves:
    /// root inside is root outside, with capabilities only over the new namespace, so the
    /// kernel's checks in the initial namespace (CAP_AUDIT_CONTROL) refuse it.
    static func identityMap(uid: UInt32) -> [SpawnSpec.IDMapping] {
        ([0] + (uid == 0 ? [] : [uid])).map { SpawnSpec.IDMapping(inside: $0, outside: $0) }
    }

    static func apply(_ spec: inout SpawnSpec, uid: UInt32?, drop: [Int], create: [NamespaceKind]) {
        if let uid { spec.user = (uid_t(uid), gid_t(uid)) }
        spec.dropCapabilities = Set(drop.map { Capability(rawValue: $0) })
        spec.create.formUnion(namespaces(create))
        if create.contains(.user) {
            spec.uidMap = identityMap(uid: uid ?? 0)
            spec.gidMap = identityMap(uid: uid ?? 0)
        }
        // As for `netns`: a new network namespace with lo up, before the program runs.
        if create.contains(.net) { spec.loopbackUp = true }
    }
}
