import Foundation
import Testing

/// Absence and missing events are judged when the barrier sent after the last action comes
/// back, not at the scenario's timeout; and never while a process of the scenario could still log.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct RecordBarrierTests {
    /// A watched directory, and a process that creates `file` under `$tmp`; `wait` or not.
    private func scenario(creating file: String, waited: Bool = true, delay: String? = nil, expectation: String) -> String {
        let command = (delay.map { "sleep \($0); " } ?? "") + ": > $1/\(file)"
        return """
        scenario "barrier"
        timeout 60s
        run mkdir $tmp/watched $tmp/other
        rule -a always,exit -F dir=$tmp/watched -F perm=wa -F key=$key
        spawn writer sh -c '\(command)' sh $tmp
        \(waited ? "wait writer => exit 0" : "")
        \(expectation)
            type=SYSCALL key=$key

        """
    }

    private func run(_ text: String) throws -> (command: Command, seconds: Double) {
        let file = NSTemporaryDirectory() + "auditspec-barrier-\(getpid())-\(UUID().uuidString).scenario"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let start = Date()
        let command = try Command.run([LiveKernel.binary, "run", file], currentDirectory: LiveKernel.packageRoot)
        return (command, Date().timeIntervalSince(start))
    }

    @Test func absenceIsJudgedWithoutWaitingForTheTimeout() throws {
        let (run, seconds) = try run(scenario(creating: "other/file", expectation: "expect no event"))
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed"))
        // The timeout is 60 s: a run that ends well before it judged at the barrier.
        #expect(seconds < 30, "took \(seconds) s")
    }

    @Test func anEventThatHappenedStillBreaksAbsence() throws {
        let (run, _) = try run(scenario(creating: "watched/file", expectation: "expect no event"))
        #expect(run.status == 1, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("0 passed, 1 failed"))
    }

    @Test func aMissingEventFailsWithoutWaitingForTheTimeout() throws {
        let (run, seconds) = try run(scenario(creating: "other/file", expectation: "expect event"))
        #expect(run.status == 1, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("0 passed, 1 failed"))
        #expect(seconds < 30, "took \(seconds) s")
    }

    /// The writer is still running when the actions end, so the barrier proves nothing: the
    /// runner must wait, and see the late event break the absence.
    @Test func aProcessStillRunningDefersTheJudgement() throws {
        let text = scenario(creating: "watched/late", waited: false, delay: "1", expectation: "expect no event")
            .replacingOccurrences(of: "timeout 60s", with: "timeout 5s")
        let (run, _) = try run(text)
        #expect(run.status == 1, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("0 passed, 1 failed"))
    }
}
