import AuditKernel
import Foundation
import POSIXSupport
import TestSupport
import Testing

/// Whether this machine's kernel can be used for the kernel-side tests.
///
/// Out of reach (not root, audit compiled out, the agent not built): the suites carrying
/// `.requires(LiveMachine.prerequisite)` are skipped with the reason, unless
/// AUDITSPEC_REQUIRE_LIVE=1 (as in CI), where that is a failure.
enum LiveMachine {
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root: namespaces, other uids and audit netlink need root" }
        do { _ = try AuditSocket().status() } catch { return KernelProbe.unreachableReason() }
        do { _ = try Agent.programPath() } catch { return "\(error)" }
        return nil
    }()

    static let prerequisite = Prerequisite("this machine's kernel and the agent", unavailableReason: unavailableReason)

    /// The agent program this test run uses (other builds' agents are not ours to count).
    static let agentPath: String? = (try? Agent.programPath()).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }

    /// The key prefix of every rule these tests add, so that rules of anything else running on
    /// the machine are not counted.
    static let ruleKey = "auditspec-kt-\(getpid())"

    static func livePids() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [])
            .compactMap { Int32($0) }
            .filter { ProcStat(pid: $0)?.isLive == true }
    }

    static func isAgent(_ pid: Int32) -> Bool {
        guard let agentPath, let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") else { return false }
        return exe == agentPath
    }

    /// Processes of this test run: its descendants and its agents (an agent orphaned by a
    /// killed parent is no longer a descendant, but still ours).
    static func ourProcesses() -> [Int32] {
        let pids = livePids()
        let parents = Dictionary(uniqueKeysWithValues: pids.compactMap { pid in ProcStatus(pid: pid).map { (pid, $0.parentPid) } })
        let me = getpid()
        func descends(_ pid: Int32) -> Bool {
            var current = pid
            for _ in 0..<64 {
                guard let parent = parents[current], parent > 0 else { return false }
                if parent == me { return true }
                current = parent
            }
            return false
        }
        return pids.filter { $0 != me && (isAgent($0) || descends($0)) }
    }

    /// Whether a process we made is gone (or at most a zombie about to be reaped by init).
    static func isGone(_ pid: Int32) -> Bool { ProcStat(pid: pid)?.isLive != true }
}

/// What must be the same before and after a test: our agents, the network namespaces our
/// processes hold, the rules carrying our key.
struct Census: Equatable, CustomStringConvertible {
    var agents: Set<Int32>
    var networkNamespaces: Set<UInt64>
    var rules: Int

    static func take() throws -> Census {
        let ours = LiveMachine.ourProcesses()
        let key = Array(LiveMachine.ruleKey.utf8)
        let rules = try AuditSocket().rules().filter { $0.data.contains(subsequence: key) }
        return Census(agents: Set(ours.filter(LiveMachine.isAgent)),
                      networkNamespaces: Set((ours + [getpid()]).compactMap { NamespaceHandle.inode(of: $0, kind: .net) }),
                      rules: rules.count)
    }

    var description: String { "agents \(agents.sorted()) netns \(networkNamespaces.sorted()) rules \(rules)" }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, count >= subsequence.count else { return false }
        return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
    }
}
