import CPOSIX
@testable import POSIXSupport
import Glibc
import SystemTypes
import Testing

/// The agent's side of the wire protocol: a request it does not know, one with too few
/// arguments, and the step each refusal names beside its errno.
@Suite(.machineExclusive, .requires(LiveMachine.prerequisite))
struct AgentProtocolTests {
    @Test func anUnknownRequestIsENOSYSAndTooFewArgumentsEINVAL() throws {
        let agent = try Agent()
        defer { agent.stop() }
        #expect(try agent.request(9999, [], "unknown").errno == Errno(rawValue: ENOSYS))
        #expect(try agent.request(Int(AS_AGENT_WRITE), [Array("/dev/null".utf8)], "write").errno == .invalidArgument)
        // The agent answers on after both.
        #expect(try agent.request(Int(AS_AGENT_PING), [], "ping").reply.value == Int64(agent.pid))
    }

    @Test func unshareAndSetnsRefusalsNameTheirOwnStep() throws {
        let agent = try Agent(spec: SpawnSpec(argv: ["agent"], dropCapabilities: [.sysAdmin]))
        defer { agent.stop() }
        let unshare = try agent.request(Int(AS_AGENT_UNSHARE), [Array(String(Namespaces.uts.rawValue).utf8)], "unshare")
        #expect(unshare.errno == .notPermitted)
        #expect(unshare.reply.detail == Int32(AS_AGENT_AT_UNSHARE))
        // Its own namespace: the open succeeds, the setns needs CAP_SYS_ADMIN.
        let setns = try agent.request(Int(AS_AGENT_SETNS), [Array("/proc/\(agent.pid)/ns/uts".utf8),
                                                            Array(String(Namespaces.uts.rawValue).utf8)], "setns")
        #expect(setns.errno == .notPermitted)
        #expect(setns.reply.detail == Int32(AS_AGENT_AT_SETNS))
        let missing = try agent.request(Int(AS_AGENT_SETNS), [Array("/proc/\(agent.pid)/ns/none".utf8), Array("0".utf8)], "setns")
        #expect(missing.errno == .noSuchFileOrDirectory)
        #expect(missing.reply.detail == Int32(AS_AGENT_AT_OPEN))
    }
}
