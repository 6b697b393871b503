import Foundation
import POSIXSupport
import Testing

/// Private network namespaces held by a process: lo up, a veth pair between two of them,
/// iptables and nft inside, and nothing left on the machine once the holders end.
@Suite(.machineExclusive, .requires(LiveMachine.prerequisite))
struct NetworkTests {
    func hostLinks() throws -> String {
        let log = NSTemporaryDirectory() + "auditspec-links-\(getpid()).txt"
        defer { unlink(log) }
        let ip = try ChildProcess(spec: SpawnSpec(argv: ["ip", "-o", "link"], output: .file(log)))
        _ = try ip.wait(until: Poller.now() + 10)
        return try String(contentsOfFile: log, encoding: .utf8)
    }

    func hostIptables() throws -> String {
        let log = NSTemporaryDirectory() + "auditspec-ipt-\(getpid()).txt"
        defer { unlink(log) }
        let ipt = try ChildProcess(spec: SpawnSpec(argv: ["iptables", "-S"], output: .file(log)))
        _ = try ipt.wait(until: Poller.now() + 10)
        return try String(contentsOfFile: log, encoding: .utf8)
    }

    @Test func twoNamespacesJoinedByAVethPairPingEachOther() throws {
        let before = try Census.take()
        let linksBefore = try hostLinks()
        var holders: [Int32] = []
        do {
            let left = try NetworkNamespace()
            let right = try NetworkNamespace()
            holders = [left.holder.pid, right.holder.pid]
            #expect(left.inode != right.inode)
            #expect(left.inode != NamespaceHandle.inode(of: getpid(), kind: .net))
            try left.run(["ping", "-c", "1", "-W", "5", "127.0.0.1"])
            // 192.0.2.0/24 is the documentation range: these addresses exist only in these two namespaces.
            try left.connect(to: right, name: "asv-left", address: "192.0.2.1/24", peerName: "asv-right", peerAddress: "192.0.2.2/24")
            try left.run(["ping", "-c", "1", "-W", "5", "192.0.2.2"])
            try right.run(["ping", "-c", "1", "-W", "5", "192.0.2.1"])
            // A second pair under a taken name: ip refuses, and the failure says how it ended.
            #expect {
                try left.connect(to: right, name: "asv-left", address: "192.0.2.3/24", peerName: "asv-other", peerAddress: "192.0.2.4/24")
            } throws: { error in
                guard let failure = error as? CommandFailure else { return false }
                return failure.termination != .exited(0) && failure.termination != nil && failure.argv.contains("asv-left")
            }
            // A process placed in a namespace sees its address.
            let inside = try left.agent()
            #expect(NamespaceHandle.inode(of: inside.pid, kind: .net) == left.inode)
            holders.append(inside.pid)
            #expect(!(try hostLinks()).contains("asv-left"))
        }
        for pid in holders { #expect(LiveMachine.isGone(pid)) }
        #expect(try Census.take() == before)
        #expect(try hostLinks() == linksBefore)
    }

    @Test func iptablesAndNftRulesStayInsideAndGoWithTheNamespace() throws {
        let before = try Census.take()
        let hostRules = try hostIptables()
        do {
            let namespace = try NetworkNamespace()
            try namespace.run(["iptables", "-A", "INPUT", "-j", "AUDIT", "--type", "accept"])
            try namespace.run(["iptables", "-t", "mangle", "-A", "INPUT", "-j", "MARK", "--set-mark", "0x12345555"])
            try namespace.run(["iptables", "-C", "INPUT", "-j", "AUDIT", "--type", "accept"])
            try namespace.run(["nft", "add table inet auditspec; add chain inet auditspec input { type filter hook input priority 0; }; add rule inet auditspec input log level audit"])
            try namespace.run(["nft", "list", "table", "inet", "auditspec"])
            #expect(try hostIptables() == hostRules)
            // A rule that is not there: iptables -C says so with its exit status.
            #expect {
                try namespace.run(["iptables", "-C", "OUTPUT", "-j", "AUDIT", "--type", "drop"])
            } throws: { ($0 as? CommandFailure)?.termination == .exited(1) }
            // A program that does not exist: the spawn step names it.
            #expect {
                try namespace.run(["auditspec-no-such-tool"])
            } throws: { ($0 as? CommandFailure)?.spawn?.step == .findProgram }
        }
        #expect(try Census.take() == before)
        #expect(try hostIptables() == hostRules)
    }

    @Test func aNamespaceWithoutLoopbackHasLoDown() throws {
        let namespace = try NetworkNamespace(loopbackUp: false)
        defer { namespace.stop() }
        #expect {
            try namespace.run(["ping", "-c", "1", "-W", "1", "127.0.0.1"])
        } throws: { ($0 as? CommandFailure)?.termination != nil }
    }
}
