import Foundation
import Testing

/// Namespaces through the real binary on this kernel: agents in new namespaces, unshare and
/// setns by agents, exec with the program's exit status, user messages with their errno,
/// commands as another uid, without capabilities, in new namespaces; each with its success
/// and its refusal, a wrong errno as an error, nothing left behind, and a new mount namespace
/// that keeps its mounts to itself.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct NamespaceActionTests {
    let root = LiveKernel.packageRoot

    @Test func everyNamespaceActionSucceedsAndIsRefusedAsWrittenLeavingNothing() throws {
        let before = try AuditStateReading.read()
        let tag = ProcessActionTests.tag()

        let run = try Command.run([tag, LiveKernel.binary, "run", LiveKernel.fixture("namespace-actions.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
        #expect(ProcessActionTests.agents(tagged: tag).isEmpty)
        #expect(Self.processes(tagged: tag).isEmpty, "left: \(Self.processes(tagged: tag))")
    }

    @Test func anUnshareWithAnotherOutcomeIsAnErrorNamingBoth() throws {

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("namespace-wrong-outcome.scenario")], currentDirectory: root)

        #expect(run.status == 1)
        #expect(run.output.contains("namespace-wrong-outcome.scenario:6:1: unshare uts by a: expected EPERM, got success"), "\(run.output)")
    }

    /// The run itself goes in a mount namespace of its own whose mounts are shared, so a
    /// mount made in a scenario's new mount namespace would come back to the runner's unless
    /// that namespace was made private. Nothing of it reaches the machine: the test's
    /// namespace ends with the run.
    @Test func aNewMountNamespaceKeepsItsMounts() throws {

        let run = try Command.run(["unshare", "--mount", "--propagation", "shared", LiveKernel.binary, "run",
                                   LiveKernel.fixture("mount-private.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
    }

    /// A program an agent became may act after the last step: its records are waited for.
    @Test func aProgramAnAgentBecameIsWaitedFor() throws {

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("exec-acts-later.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
    }

    /// Processes carrying `tag` in their environment: agents, and the programs they became.
    static func processes(tagged tag: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard pid != getpid(), let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == tag }
        }
    }
}
