import ArgumentParser
import AuditRecords
import Foundation
import Matching
import Reporters
import Runner

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check scenarios against a captured log, without running anything.",
        discussion: """
        Replays a log through the same event assembly, matcher and reports as a live run. \
        Accepts auditd's audit.log, 'ausearch --raw' output, and 'ausearch' or 'ausearch -i' \
        output (whose events are printed newest record first: they are put back in arrival \
        order). Actions are not run: variables come from --var, or are captured from the first \
        records that match (an expected opid=$child binds child). Needs no root and no kernel \
        support.

        Examples:
          auditspec check --log /var/log/audit/audit.log scenarios/baseline
          ausearch -i -k mykey > capture.txt; auditspec check --log capture.txt my.scenario
          auditspec check --log raw.log --var child=2209 scenarios/ghak90/contid-set.scenario
          auditspec check --log audit.log scenarios/ --junit results.xml --json results.json
        """
    )

    @Option(name: .long, help: ArgumentHelp("The captured log to check.", valueName: "file"))
    var log: String

    @Option(name: .customLong("var"), help: ArgumentHelp("Give a variable a value (repeatable).", valueName: "name=value"))
    var variables: [String] = []

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String] = ["scenarios"]

    @OptionGroup var reporting: ReportOptions

    @OptionGroup var profileOptions: ProfileOptions

    func validate() throws {
        for variable in variables where !variable.contains("=") || variable.hasPrefix("=") {
            throw ValidationError("--var takes name=value, not '\(variable)'")
        }
    }

    func run() throws {
        let profiles = try profileOptions.resolve()
        var given: [String: String] = [:]
        for variable in variables {
            let parts = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            given[String(parts[0])] = String(parts[1])
        }
        let scenarios = try ScenarioLoader.load(paths, profiles: profiles, given: Set(given.keys))
        let naming = RecordNaming(profiles: profiles)
        let collisions = naming.collisions()
        // Said on the console only where a scenario names a type concerned; the reports always say it.
        let named = Set(scenarios.flatMap(\.expectations).flatMap(\.records).map(\.type))
        for collision in naming.collisions(naming: named) { printError("auditspec: note: \(collision)") }
        // Fields of other types are read only where a profile may rename a record into a named type.
        let parser = naming.parser(readingFieldsOf: [])
        let results = try CommandError.catching(.usage) {
            try ReplayRunner(parser: parser, variables: given, profiles: profiles).check(scenarios, log: log)
        }
        let console = reporting.console
        results.forEach(console.report)
        // The reports say it too: a reader of the JUnit or JSON alone must know a number was shared.
        let info = RunInfo(kernelRelease: "replay of \(log)", hostname: HostName.local, startedAt: RunTimestamp.now(),
                           properties: (collisions.isEmpty ? [] : [("profile-collisions", collisions.joined(separator: "; "))])
                               + [("profiles", profiles.names.joined(separator: " ")),
                                  ("scenarios-commit", ScenarioCommit.describe(scenarios.map(\.path))), AuditspecVersion.property])
        do { try reporting.writeReports(results, info: info) } catch { throw CommandError.cannotWriteReport(error) }
        console.summarize(results)
        let code = RunSummary(results).exitCode
        if code != 0 { throw ExitCode(code) }
    }
}
