import ArgumentParser
import Foundation
import Matching
import POSIXSupport
import RecordDrafts
import Reporters
import Runner
import ScenarioLanguage

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run scenarios and write what the kernel logged as draft expect blocks.",
        discussion: """
        Golden records: each scenario's actions are performed exactly as 'auditspec run' \
        performs them (the same snapshot and restore, machine lock, isolation), every event of \
        the scenario's own is collected (the run waits for everything its actions logged, not \
        only for its expectations), and each is written as an 'expect event' block in the \
        language's syntax, records in arrival order, for a person to trim. A new patch \
        revision's records are then reviewed as a diff of two drafts, not retyped.

        The run's values are written as the scenario's variables: a pid of a process it started \
        ($writer, $child.tid), $tmp in paths and command lines, $key, $mark, $NAME.netns, a \
        value it read. Text the kernel hex-encoded is written as its text. Record types are \
        named through the profile in force (a V11 CONTAINER_ID, not URINGOP). Fields that \
        change from run to run with no variable for them (session ids, inode numbers, \
        addresses, pids of processes the scenario did not name, auditspec's own command line) \
        are left out, and each draft's heading lists them. EOE records are left out.

        Verdicts of the scenarios' own expect blocks go to standard error; the drafts to \
        standard output, or --output FILE. Exit codes: 0 every scenario gave a draft; 1 one \
        was skipped or ended in an error (its draft says why); 2 and 64 as for 'run'. \
        Inside a VM: 'auditspec vm --kernel IMAGE --record FILE ...'.

        Examples:
          auditspec record scenarios/baseline/dir-watch-create.scenario
          auditspec record scenarios/baseline --output baseline.draft
          auditspec record scenarios/x.scenario --json results.json
          auditspec vm --kernel v11/bzImage --record v11.draft scenarios/ghak90
          diff v10.draft v11.draft
        """
    )

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String]

    @Option(name: [.short, .long], help: ArgumentHelp("Write the drafts to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Also write every result, whole (records and the values the run bound), as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(name: .long, help: ArgumentHelp("Multiply every scenario's record timeout (slow or emulated kernels).", valueName: "factor"))
    var timeoutScale: Double = 1

    @Option(name: .long, help: ArgumentHelp("The longest one action may take; one that takes longer is an ERROR of its scenario.", valueName: "seconds"))
    var actionTimeout: Double = RunOptions().actionTimeout

    @Flag(name: .shortAndLong, help: "Also print the records of each scenario as received, with its verdict.")
    var verbose = false

    @OptionGroup var profileOptions: ProfileOptions

    func validate() throws {
        guard actionTimeout > 0, actionTimeout.isFinite else { throw ValidationError("--action-timeout must be a positive number of seconds") }
    }

    func run() throws {
        let profiles = try profileOptions.resolve()
        let scenarios = try ScenarioLoader.load(paths, profiles: profiles)
        let claim = try RunCommand.claimMachine(for: "this recording")
        defer { claim.release() }
        let session = try CommandError.catching(.environment, { "cannot run scenarios here: \($0)" }) {
            try LiveSession.begin(naming: RecordNaming(profiles: profiles), probeTimeout: RunOptions().actionTimeout * timeoutScale)
        }
        for note in session.notes { printError("auditspec: \(note)") }
        var options = RunOptions()
        options.timeoutScale = timeoutScale
        options.actionTimeout = actionTimeout
        options.profiles = profiles
        options.recording = true
        let console = ConsoleReporter(verbose: verbose) { printError($0) }
        let results: [ScenarioResult]
        do {
            results = try LiveRunner(session: session, options: options).run(scenarios, progress: { console.report($1) })
        } catch {
            let report = session.end()
            printError("auditspec: interrupted by signal \(error.signal); audit state restored"
                       + (report.problems.isEmpty ? "" : " with problems: " + report.problems.joined(separator: "; ")))
            SignalTrap.reraise(error.signal)
        }
        let restore = session.end()
        for problem in restore.problems { printError("auditspec: restoring the audit state: \(problem)") }
        let info = RunInfo(kernelRelease: session.features.kernelRelease, hostname: HostName.local, startedAt: RunTimestamp.now(),
                           properties: [("profiles", profiles.names.joined(separator: " "))])
        if let json {
            try CommandError.catching(.environment) { try JSONReporter().write(results, info: info, to: json) }
        }
        let heading = ["on \(session.features.kernelRelease), profile \(profiles.names.joined(separator: " "))"]
        let drafts = zip(scenarios, results).map { ExpectDraft(scenario: $0, result: $1) }
        try Self.write(drafts, heading: heading, to: output)
        if !restore.problems.isEmpty { throw ExitCode.environment }
        if drafts.contains(where: { $0.missing != nil }) { throw ExitCode(1) }
    }

    /// The drafts one after the other, to a file or standard output.
    static func write(_ drafts: [ExpectDraft], heading: [String], to output: String?) throws {
        let text = drafts.map { $0.text(heading: heading) }.joined(separator: "\n")
        guard let output else {
            print(text, terminator: "")
            return
        }
        try CommandError.catching(.environment, { "cannot write \(output): \($0.localizedDescription)" }) {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        }
        printError("auditspec: \(drafts.count) draft\(drafts.count == 1 ? "" : "s") written to \(output)")
    }
}
