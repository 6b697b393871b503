import Foundation
import TestSupport
import Testing

/// `auditspec record` on this machine's kernel, through the real binary: the draft names the
/// scenario's folder, key and writer by their variables, and pasted in place of the scenario's
/// own expect blocks, it parses and passes a live run of its own.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct RecordTests {
    let root = LiveKernel.packageRoot

    @Test func aRecordedDraftOfABaselineScenarioPassesWhenRunAgain() throws {
        let before = try AuditStateReading.read()
        let source = "scenarios/baseline/dir-watch-create.scenario"
        let recording = try Command.run([LiveKernel.binary, "record", source], currentDirectory: root)
        #expect(recording.status == 0, "\(recording.output)\(recording.errorOutput)")
        let draft = recording.output
        #expect(draft.contains("\nexpect event\n"), "\(draft)")
        #expect(draft.contains("type=SYSCALL "), "\(draft)")
        #expect(draft.contains(" pid=$writer "), "\(draft)")
        #expect(draft.contains(" key=$key"), "\(draft)")
        #expect(draft.contains(" name=$tmp/created "), "\(draft)")
        #expect(!draft.contains("/tmp/auditspec."), "the run's own folder is written as $tmp")
        #expect(!draft.contains("type=EOE"))
        #expect(recording.errorOutput.contains("PASS  \(source)"), "the verdict goes to standard error: \(recording.errorOutput)")
        #expect(try AuditStateReading.read() == before)

        // The scenario with the draft in place of its expect blocks: parsed, run, passed.
        let original = try String(contentsOfFile: root + "/" + source, encoding: .utf8)
        let head = original.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.hasPrefix("expect") }
        let pasted = NSTemporaryDirectory() + "auditspec-record-\(getpid()).scenario"
        defer { try? FileManager.default.removeItem(atPath: pasted) }
        try (head.joined(separator: "\n") + "\n" + draft).write(toFile: pasted, atomically: true, encoding: .utf8)
        let rerun = try Command.run([LiveKernel.binary, "run", pasted], currentDirectory: root)
        #expect(rerun.status == 0, "\(rerun.output)\(rerun.errorOutput)\n\(draft)")
        #expect(rerun.output.contains("1 passed, 0 failed, 0 skipped"), "\(rerun.output)")
    }

    /// A scenario this kernel cannot run has no draft, and says why; the exit code says so too.
    @Test func aSkippedScenarioHasNoDraft() throws {
        let recording = try Command.run([LiveKernel.binary, "record", "scenarios/ghak90/contid-set.scenario"], currentDirectory: root)
        #expect(recording.status == 1, "\(recording.output)\(recording.errorOutput)")
        #expect(recording.output.contains("# no draft: skipped: kernel lacks the audit container identifier"), "\(recording.output)")
    }
}
