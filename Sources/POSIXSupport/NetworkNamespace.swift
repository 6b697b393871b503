import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A private network namespace for a scenario, without `ip netns` and its bind mounts.
///
/// The namespace is held by an agent that made it (clone3 with CLONE_NEWNET, lo brought up
/// before it ran); later children enter it with setns through the spawn helper. Nothing of it
/// is on any file system: when the holder ends, and it ends when the runner does (its socket
/// is its lifeline, even across SIGKILL), the kernel frees the namespace with its iptables and
/// nft rules and its end of any veth pair. The runner never enters it itself.
public final class NetworkNamespace {
    public let holder: Agent
    /// The namespace, held open for children to join.
    public let handle: NamespaceHandle
    /// How long a helper command (ip, iptables, nft) may run.
    public var commandTimeout: Double = 10

    /// Makes the namespace. `spec` adds to the holder what it needs beyond the new namespace
    /// (more namespaces, another user); lo is up unless `loopbackUp` is false.
    public init(loopbackUp: Bool = true, spec: SpawnSpec = SpawnSpec(argv: ["auditspec-agent"])) throws(AgentFailure) {
        var holderSpec = spec
        holderSpec.create.insert(.net)
        holderSpec.loopbackUp = loopbackUp
        holder = try Agent(spec: holderSpec)
        do { handle = try NamespaceHandle(of: holder.pid, kind: .net) } catch { throw .channel(error) }
    }

    public var inode: UInt64 { handle.inode }

    /// `spec` changed so that its child enters this namespace (and creates no other network one).
    public func entering(_ spec: SpawnSpec) -> SpawnSpec {
        var inside = spec
        inside.create.remove(.net)
        inside.join.append(handle)
        return inside
    }

    /// Starts a process inside, as the runner's child.
    public func spawn(_ spec: SpawnSpec) throws(SpawnFailure) -> ChildProcess {
        try ChildProcess(spec: entering(spec))
    }

    /// Starts an agent inside (a scenario's process placed in this namespace).
    public func agent(_ spec: SpawnSpec = SpawnSpec(argv: ["auditspec-agent"])) throws(AgentFailure) -> Agent {
        try Agent(spec: entering(spec))
    }

    /// Runs a helper command inside to its end; throws unless it exits 0.
    public func run(_ argv: [String]) throws(CommandFailure) {
        // Named by the holder too: namespaces of scenarios running at once run commands at once.
        let log = NSTemporaryDirectory() + "auditspec-netns-\(getpid())-\(holder.pid)-\(UInt64(Poller.now() * 1e9)).log"
        defer { unlink(log) }
        let process: ChildProcess
        do { process = try spawn(SpawnSpec(argv: argv, output: .file(log))) } catch {
            throw CommandFailure(argv: argv, termination: nil, spawn: error, output: "")
        }
        let end: Termination?
        do { end = try process.wait(until: Poller.now() + commandTimeout) } catch {
            process.stop()
            throw CommandFailure(argv: argv, termination: nil, spawn: nil, output: "interrupted by signal \(error.signal)")
        }
        if end != .exited(0) {
            process.stop()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CommandFailure(argv: argv, termination: end, spawn: nil,
                                 output: text.split(separator: "\n").suffix(3).joined(separator: " | "))
        }
    }

    /// A veth pair: `name` here, `peerName` in `other`, each with its address (CIDR) and up.
    /// Both ends vanish with either namespace.
    public func connect(to other: NetworkNamespace, name: String, address: String,
                        peerName: String, peerAddress: String) throws(CommandFailure) {
        try connect(to: other, name: name, addresses: [address], peerName: peerName, peerAddresses: [peerAddress])
    }

    /// A veth pair made inside this namespace with its peer created straight in `other` (so
    /// no end ever exists in the machine's namespace), each end with its addresses (CIDR;
    /// IPv6 ones without duplicate address detection, so they are usable at once) and up.
    /// Returns once both ends are up and running, as the kernel's link notifications say.
    public func connect(to other: NetworkNamespace, name: String, addresses: [String],
                        peerName: String, peerAddresses: [String]) throws(CommandFailure) {
        // Each end gets an interface index the other does not have. Both would otherwise be the
        // first free number of their own fresh namespace, the same one, and the kernel treats a
        // veth whose peer's index equals its own like a plain device: its carrier change waits
        // for linkwatch's once-a-second batch (linkwatch_urgent_event), and IPv6 on the link with it.
        let pair = Self.vethPairs.add(1, ordering: .relaxed).oldValue
        let index = Self.firstVethIndex + 2 * pair
        try run(["ip", "link", "add", name, "index", String(index), "type", "veth", "peer", "name", peerName,
                 "index", String(index + 1), "netns", String(other.holder.pid)])
        for (namespace, device, list) in [(self, name, addresses), (other, peerName, peerAddresses)] {
            for address in list {
                try namespace.run(["ip", "address", "add", address, "dev", device] + (address.contains(":") ? ["nodad"] : []))
            }
            try namespace.run(["ip", "link", "set", device, "up"])
        }
        for (namespace, device) in [(self, name), (other, peerName)] {
            do { try namespace.holder.waitForLink(device, timeout: commandTimeout) } catch {
                throw CommandFailure(argv: ["(wait for \(device) to run)"], termination: nil, spawn: nil, output: "\(error)")
            }
        }
    }

    /// Veth pairs made by this process so far: their ends' interface indexes are never reused,
    /// so two pairs in one namespace cannot clash either.
    private static let vethPairs = Atomic<Int>(0)
    private static let firstVethIndex = 1000

    /// Ends the holder; the namespace goes once no process is left in it.
    public func stop() { holder.stop() }
}
