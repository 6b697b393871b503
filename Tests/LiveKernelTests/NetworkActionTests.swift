import Foundation
import Testing

/// `veth` through the real binary on this kernel: a pair between two scenario namespaces that
/// carries IPv4 and IPv6 both ways with no end in the machine's namespace, a pair the kernel
/// refuses as an error naming the command, and nothing of either left afterwards.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct NetworkActionTests {
    let root = LiveKernel.packageRoot

    @Test func aVethPairCarriesTrafficBothWaysAndLeavesNothing() throws {
        let before = try AuditStateReading.read()
        let links = try Self.hostLinks()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("veth-pair.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try Self.hostLinks() == links)
        #expect(try AuditStateReading.read() == before)
    }

    @Test func aPairTheKernelRefusesIsAnErrorNamingTheCommand() throws {
        let before = try AuditStateReading.read()
        let links = try Self.hostLinks()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("veth-refused.scenario")], currentDirectory: root)

        #expect(run.status == 1)
        #expect(run.output.contains("veth-refused.scenario:8:1: the veth pair left-right did not come up: ip address add 192.0.2.1/24 dev veth1"),
                "\(run.output)")
        #expect(try Self.hostLinks() == links)
        #expect(try AuditStateReading.read() == before)
    }

    /// The machine's own network devices, by name.
    static func hostLinks() throws -> [String] {
        let listing = try Command.run(["ip", "-o", "link", "show"])
        return listing.output.split(separator: "\n").compactMap { $0.split(separator: ":").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
