import Foundation
import POSIXSupport
import SystemTypes
import Testing

/// The clone3 helper: programs start in new or held namespaces, as other users, without
/// capabilities; every failed step comes back with its name and errno.
@Suite(.machineExclusive, .requires(LiveMachine.prerequisite))
struct SpawnTests {
    @Test func aProgramRunsAndItsExitIsSeen() throws {
        let child = try ChildProcess(spec: SpawnSpec(argv: ["sh", "-c", "exit 7"]))
        #expect(try child.wait(until: Poller.now() + 10) == .exited(7))
    }

    @Test func aMissingProgramFailsAtItsStep() throws {
        #expect {
            try ChildProcess(spec: SpawnSpec(argv: ["auditspec-no-such-program"]))
        } throws: { ($0 as? SpawnFailure)?.step == .findProgram }
        // With a slash it is not searched: the child's execve fails and says so over the pipe.
        #expect {
            try ChildProcess(spec: SpawnSpec(argv: ["/nonexistent/auditspec-program"]))
        } throws: { error in
            let failure = error as? SpawnFailure
            return failure?.step == .exec && failure?.errno == .noSuchFileOrDirectory
        }
    }

    @Test(arguments: [SpawnSpec.CloneCall.clone3Only, .cloneOnly])
    func newNamespacesThroughEitherCall(_ call: SpawnSpec.CloneCall) throws {
        let before = try Census.take()
        do {
            var spec = SpawnSpec(argv: ["sleep", "1000"], create: [.net, .mount, .uts, .ipc, .pid])
            spec.cloneCall = call
            let child = try ChildProcess(spec: spec)
            defer { child.stop() }
            for kind: Namespaces in [.net, .mount, .uts, .ipc] {
                #expect(NamespaceHandle.inode(of: child.pid, kind: kind) != NamespaceHandle.inode(of: getpid(), kind: kind), "\(kind)")
            }
            #expect(NamespaceHandle.inode(of: child.pid, kind: .user) == NamespaceHandle.inode(of: getpid(), kind: .user))
            // In its own pid namespace the child is pid 1.
            let status = try String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8)
            #expect(status.contains("NSpid:\t\(child.pid)\t1"), "\(status)")
        }
        #expect(try Census.take() == before)
    }

    @Test func aHeldNamespaceIsJoinedAndALaterChildSharesIt() throws {
        let before = try Census.take()
        do {
            let holder = try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"], create: [.net]))
            defer { holder.stop() }
            let net = try holder.namespace(.net)
            let joiner = try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"], join: [net]))
            defer { joiner.stop() }
            #expect(NamespaceHandle.inode(of: joiner.pid, kind: .net) == net.inode)
            #expect(net.inode != NamespaceHandle.inode(of: getpid(), kind: .net))

            // From inside a new user namespace, a namespace owned by the initial one is out of reach.
            #expect {
                try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"], create: [.user], join: [net]))
            } throws: { error in
                let failure = error as? SpawnFailure
                return failure?.step == .joinNamespace && failure?.errno == .notPermitted
            }
        }
        #expect(try Census.take() == before)
    }

    @Test func loopbackComesUpInANewNetworkNamespace() throws {
        let output = NSTemporaryDirectory() + "auditspec-lo-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        for up in [false, true] {
            try? FileManager.default.removeItem(atPath: output)
            var spec = SpawnSpec(argv: ["ip", "-o", "link", "show", "lo"], create: [.net], output: .file(output))
            spec.loopbackUp = up
            let child = try ChildProcess(spec: spec)
            #expect(try child.wait(until: Poller.now() + 10) == .exited(0))
            let text = try String(contentsOfFile: output, encoding: .utf8)
            #expect(text.contains("LOOPBACK,UP") == up, "\(text)")
        }
    }

    @Test func anotherUserAndNoAuditControl() throws {
        let nobody = try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"], user: (65534, 65534)))
        defer { nobody.stop() }
        let status = try #require(ProcStatus(pid: nobody.pid))
        #expect(status.uids == [65534, 65534, 65534, 65534])
        #expect(status.gids == [65534, 65534, 65534, 65534])
        #expect(status.effectiveCapabilities == 0)

        let capless = try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"], dropCapabilities: [.auditControl]))
        defer { capless.stop() }
        let root = try #require(ProcStatus(pid: capless.pid))
        #expect(root.uids == [0, 0, 0, 0])
        #expect(!root.has(.auditControl), "execve by root must not give back a capability dropped from the bounding set")
        #expect(root.boundingCapabilities & (1 << 30) == 0)
        #expect(root.has(.auditWrite))

        // A uid the new user namespace does not map: setresuid refuses, and the step says so.
        #expect {
            try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"], create: [.user], user: (1000, 1000)))
        } throws: { error in
            let failure = error as? SpawnFailure
            return failure?.step == .credentials && failure?.errno == .invalidArgument
        }
    }

    @Test func aNewUserNamespaceWithItsMaps() throws {
        // user (0, 0): setresuid inside, so that the process becomes the namespace's root (the
        // map's 100000 outside) instead of keeping the runner's unmapped uid 0.
        var spec = SpawnSpec(argv: ["sleep", "1000"], create: [.user, .net], user: (0, 0))
        spec.uidMap = [.init(inside: 0, outside: 100_000, count: 65536)]
        spec.gidMap = [.init(inside: 0, outside: 100_000, count: 65536)]
        let child = try ChildProcess(spec: spec)
        defer { child.stop() }
        #expect(NamespaceHandle.inode(of: child.pid, kind: .user) != NamespaceHandle.inode(of: getpid(), kind: .user))
        let map = try String(contentsOfFile: "/proc/\(child.pid)/uid_map", encoding: .utf8)
        #expect(map.split(whereSeparator: \.isWhitespace) == ["0", "100000", "65536"])
        // Seen from outside, its root is uid 100000.
        #expect(ProcStatus(pid: child.pid)?.uids.first == 100_000)

        // A map the kernel refuses (a range past 2^32) is a typed failure, and the child is gone.
        var bad = SpawnSpec(argv: ["sleep", "1000"], create: [.user])
        bad.uidMap = [.init(inside: 0, outside: UInt32.max, count: 2)]
        #expect {
            try ChildProcess(spec: bad)
        } throws: { ($0 as? SpawnFailure)?.step == .userMapping }
    }
}
