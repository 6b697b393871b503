import ArgumentParser
import AuditKernel
import Foundation
import Matching
import POSIXSupport
import Profiles
import Reporters
import Runner
import ScenarioLanguage
import SystemTypes
import VirtualMachine

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios on this machine's kernel.",
        discussion: """
        Each path is a scenario file or a folder searched for *.scenario files. All files are \
        read and checked before anything runs: an error in any of them stops the run with \
        file:line:column and exit code 64.

        Needs root (audit netlink and CAP_AUDIT_READ). Auditing is switched on for the run and \
        the kernel's audit state is put back exactly as it was afterwards. A run holds the \
        machine lock (/run/auditspec/machine.lock) from start to end: a second run started \
        meanwhile says whose lock it waits for, and starts when the first has restored the state.

        --jobs N runs up to N scenarios at once, each on its own thread with its own audit \
        sockets. Verdicts are those of a serial run: each scenario sees only its own events (those \
        of the processes it started and their children, of its rule key $key, and of its packet \
        mark $mark), and a scenario that could disturb or be disturbed by another (one that \
        changes a machine-wide setting, or adds a rule that names none of its own files or \
        processes) runs alone. Reports list scenarios in the order given; the console shows \
        each as it ends.

        Examples:
          auditspec run scenarios/
          auditspec run scenarios/ --jobs 4
          auditspec run scenarios/baseline --junit results.xml
          auditspec run scenarios/ --json results.json
          auditspec run scenarios/baseline --capture live.jsonl
          auditspec check --log live.jsonl scenarios/baseline
          auditspec run scenarios/ghak90/contid-set.scenario --verbose
        """
    )

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String] = ["scenarios"]

    @OptionGroup var reporting: ReportOptions

    @OptionGroup var sharding: ShardOptions

    @Option(name: .long, help: ArgumentHelp("Multiply every scenario's record timeout (slow or emulated kernels).", valueName: "factor"))
    var timeoutScale: Double = 1

    @Option(name: .long, help: ArgumentHelp("The longest one action may take (a command, a wait for a process, an agent's answer, a process's start); one that takes longer is an ERROR of its scenario, naming the step, and the run goes on.", valueName: "seconds"))
    var actionTimeout: Double = RunOptions().actionTimeout

    @Option(name: .long, help: ArgumentHelp("Run up to this many scenarios at once (same verdicts as one at a time).", valueName: "n"))
    var jobs: Int = 1

    /// The guest side of `auditspec vm`: marks each scenario on the kernel console and lets
    /// `requires vm` scenarios run. Refused unless the kernel was booted by `auditspec vm`.
    @Flag(name: .customLong("vm-guest"), help: .hidden)
    var vmGuest = false

    /// The guest side of `auditspec vm --record`: wait for everything the actions logged and
    /// keep the run's bindings, so the host can write drafts from the JSON results.
    @Flag(name: .customLong("recording"), help: .hidden)
    var recording = false

    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .long, help: ArgumentHelp("Also write every record received, as the kernel sent it, to this file (JSON lines), for 'auditspec check --log' later.", valueName: "file"))
    var capture: String?

    func validate() throws {
        guard actionTimeout > 0, actionTimeout.isFinite else { throw ValidationError("--action-timeout must be a positive number of seconds") }
        if jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        // The guest's console marks tell one scenario from the next only one at a time.
    }

    func run() throws {
        let profiles = try profileOptions.resolve()
        let (scenarios, shardProperties) = try sharding.select(try ScenarioLoader.load(paths, profiles: profiles))
        let naming = RecordNaming(profiles: profiles)
        let guest = try vmGuest ? CommandError.catching(.usage) { try GuestSide.enter(scenarioCount: scenarios.count) } : nil
        let claim = try Self.claimMachine()
        defer { claim.release() }
        let session = try CommandError.catching(.environment, { "cannot run scenarios here: \($0)" }) {
            try LiveSession.begin(naming: naming, probeTimeout: RunOptions().actionTimeout * timeoutScale)
        }
        for note in session.notes { printError("auditspec: \(note)") }
        if let capture {
            do { try session.startCapture(to: capture) } catch {
                session.end()
                throw CommandError(.usage, "cannot write \(capture): \(error.localizedDescription)")
            }
        }
        // Said on the console only where a scenario names a type concerned; the reports always say it.
        let named = Set(scenarios.flatMap(\.expectations).flatMap(\.records).map(\.type))
        for collision in naming.collisions(naming: named) { printError("auditspec: note: \(collision)") }
        if jobs > 1 && reporting.verbose {
            for scenario in scenarios {
                if let reason = ScenarioIsolation(scenario).runsAloneBecause { print("runs alone: \(scenario.path): \(reason)") }
            }
        }
        var info = runInfo(session: session, profiles: profiles, naming: naming, scenarios: scenarios, shard: shardProperties)
        let options = runOptions(profiles: profiles, guest: guest)
        let results = try runScenarios(scenarios, session: session, options: options, info: info, guest: guest)
        info.properties += [("netfilter-audit", session.features.netfilterAudit.detail),
                            ("nft-audit", session.features.nftAudit.detail)]
        let restore = session.end()
        for problem in restore.problems { printError("auditspec: restoring the audit state: \(problem)") }
        try finish(results, info: info, restored: restore.problems.isEmpty)
    }

    func runOptions(profiles: ProfileSet, guest: GuestSide?) -> RunOptions {
        var options = RunOptions()
        options.timeoutScale = timeoutScale
        options.actionTimeout = actionTimeout
        options.profiles = profiles
        options.insideVirtualMachine = guest != nil
        options.recording = recording
        return options
    }

    /// What the reports say of the run. The command probes (netfilter-audit, nft-audit) go on in
    /// the background until a scenario needs them: their findings join once the run is over.
    func runInfo(session: LiveSession, profiles: ProfileSet, naming: RecordNaming, scenarios: [Scenario],
                 shard: [(String, String)]) -> RunInfo {
        let collisions = naming.collisions()
        return RunInfo(kernelRelease: session.features.kernelRelease, hostname: HostName.local,
                       startedAt: RunTimestamp.now(),
                       properties: [("profiles", profiles.names.joined(separator: " ")),
                                    ("kernel-build-id", KernelBuildID.running() ?? "none (no /sys/kernel/notes build id)"),
                                    ("contid", session.features.containerID.detail),
                                    ("nsinfo", session.features.nsinfo.detail),
                                    ("capcontid", session.features.capContainerID.detail)]
                           + (collisions.isEmpty ? [] : [("profile-collisions", collisions.joined(separator: "; "))])
                           // The host of a VM run says it; git under emulation would cost the guest seconds.
                           + (vmGuest ? [] : [("scenarios-commit", ScenarioCommit.describe(scenarios.map(\.path)))])
                           + shard + [AuditspecVersion.property])
    }

    /// Runs the scenarios, reporting each as it ends. A signal ends the session (the audit state
    /// restored), writes the reports of what finished, and ends the process by that signal.
    func runScenarios(_ scenarios: [Scenario], session: LiveSession, options: RunOptions, info: RunInfo,
                      guest: GuestSide?) throws -> [ScenarioResult] {
        let console = reporting.console
        // By place in the run, so every report lists scenarios in the order given.
        var finished: [Int: ScenarioResult] = [:]
        func inOrder() -> [ScenarioResult] { finished.sorted { $0.key < $1.key }.map(\.value) }
        if reporting.json != nil {
            do { try reporting.writeJSON([], info: info, complete: false) } catch {
                _ = session.end()
                throw CommandError(.usage, "\(error)")
            }
        }
        let partial = reporting.json.map { PartialResultsFile(path: $0, info: info) }
        do {
            return try LiveRunner(session: session, options: options, jobs: jobs).run(scenarios, progress: { index, result in
                console.report(result)
                finished[index] = result
                // Written before the guest's end mark: the host reads the file when it sees the mark.
                try? partial?.add(result, at: index)
                guest?.scenarioFinished(index)
            }, starting: { guest?.scenarioStarting($0) })
        } catch {
            let report = session.end()
            printError("auditspec: interrupted by signal \(error.signal); audit state restored"
                       + (report.problems.isEmpty ? "" : " with problems: " + report.problems.joined(separator: "; ")))
            try? reporting.writeJUnit(inOrder(), info: info)
            try? reporting.writeJSON(inOrder(), info: info, complete: false)
            try? reporting.writeTAP(inOrder(), info: info, bailOut: "interrupted by signal \(error.signal)")
            SignalTrap.reraise(error.signal)
        }
    }

    /// Writes the reports and ends the command with the exit code the results (and the restore) call for.
    func finish(_ results: [ScenarioResult], info: RunInfo, restored: Bool) throws {
        let console = reporting.console
        do { try reporting.writeReports(results, info: info) } catch { throw CommandError.cannotWriteReport(error) }
        // The console showed each scenario as it ended; after a parallel run, list them again in order.
        if jobs > 1 { console.list(results) }
        console.summarize(results)
        let code = RunSummary(results).exitCode
        if !restored { throw ExitCode.environment }
        if code != 0 { throw ExitCode(code) }
    }

    /// The machine lock, held for the whole run (or lent by the process that started this one):
    /// two runs must not snapshot and restore over each other. Waits, saying for whom.
    static func claimMachine(for what: String = "this run") throws -> MachineClaim {
        SignalTrap.install()
        do {
            return try MachineClaim.claim(.exclusive) { holder in
                printError("auditspec: waiting for the machine lock \(MachineLock.defaultPath)"
                           + (holder.map { ", held by \($0)" } ?? "") + "; \(what) starts when it is let go")
            }
        } catch {
            if error.errno == .interrupted, let signal = SignalTrap.caught {
                printError("auditspec: interrupted while waiting for the machine lock; nothing was changed")
                SignalTrap.reraise(signal)
            }
            if error.errno == .permissionDenied || error.errno == .notPermitted {
                throw CommandError(.environment, "cannot run scenarios here: \(KernelProbe.permissionReason)")
            }
            throw CommandError(.environment, "cannot take the machine lock: \(error)")
        }
    }
}
