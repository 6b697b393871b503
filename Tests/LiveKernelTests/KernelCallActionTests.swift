import AuditKernel
import Foundation
import TestSupport
import Testing

/// The io_uring and socketcall statements through the real binary on this kernel: by an agent
/// and by the runner, with their outcomes and records; a wrong outcome is an error naming both
/// errnos at the statement's place; nothing is left behind. A kernel without the feature skips
/// the scenario with the reason, and nothing else may happen.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct KernelCallActionTests {
    struct Statement: Sendable, CustomStringConvertible {
        var name: String
        /// The fixtures: every call as written, and one whose outcome is not what the kernel says.
        var actions: String
        var wrongOutcome: String
        /// What a skip names: the missing feature.
        var feature: String
        /// The wrong outcome's error.
        var mismatch: String
        var description: String { name }
    }

    static let statements = [
        Statement(name: "io_uring", actions: "io-uring-actions.scenario", wrongOutcome: "io-uring-wrong-outcome.scenario",
                  feature: "io_uring", mismatch: "by ringer: expected success, got ENOENT"),
        Statement(name: "socketcall", actions: "socketcall-actions.scenario", wrongOutcome: "socketcall-wrong-outcome.scenario",
                  feature: "IA32 emulation", mismatch: "by caller: expected success, got ECONNREFUSED"),
    ]

    let root = LiveKernel.packageRoot

    /// The run of one fixture, or nil when the kernel lacks the feature (its skip checked).
    func run(_ fixture: String, _ statement: Statement) throws -> Command? {
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture(fixture)], currentDirectory: root)
        guard !run.output.contains("SKIP") else {
            #expect(run.status == 0 && run.output.contains(statement.feature), "\(run.output)")
            return nil
        }
        return run
    }

    @Test(arguments: statements)
    func everyCallIsLoggedWithItsOutcome(_ statement: Statement) throws {
        let before = try AuditStateReading.read()
        if let run = try run(statement.actions, statement) {
            #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
            #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        }
        #expect(try AuditStateReading.read() == before)
    }

    @Test(arguments: statements)
    func anotherErrnoIsAnErrorNamingBoth(_ statement: Statement) throws {
        let before = try AuditStateReading.read()
        if let run = try run(statement.wrongOutcome, statement) {
            #expect(run.status == 1)
            #expect(run.output.contains("\(statement.wrongOutcome):6:1"), "\(run.output)")
            #expect(run.output.contains(statement.mismatch), "\(run.output)")
        }
        #expect(try AuditStateReading.read() == before)
    }
}
