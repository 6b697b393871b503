import ArgumentParser
import Foundation

/// The command line: each subcommand in its own file, each one thin.
@main
struct Auditspec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auditspec",
        abstract: "Prove what a Linux kernel's audit subsystem logs, scenario by scenario.",
        discussion: """
        A scenario file says what to do (add audit rules, start processes, write to /proc files, \
        send packets in a private network namespace) and which records the kernel must log. \
        auditspec does it for real on the running kernel, collects the records over audit netlink, \
        and says PASS, FAIL (with a field-by-field diff), SKIP (with the reason) or ERROR.

        The kernel's audit state (enabled flag, failure mode, backlog, rate limit, rules) is saved \
        before a run and restored after it, also on SIGINT and SIGTERM. After a SIGKILL, \
        'auditspec restore' puts it back.

        Exit codes: 0 all passed or skipped; 1 a failure or error; 2 this machine cannot run \
        scenarios (not root, no audit, or the built-in profiles missing beside the binary); \
        64 a usage, scenario-file or profile-file error.

        The language is described in docs/scenario-language.md.
        """,
        version: AuditspecVersion.description,
        subcommands: [RunCommand.self, RecordCommand.self, CheckCommand.self, CoverageCommand.self, VMCommand.self, CompareCommand.self, MergeCommand.self, ProbeCommand.self, RestoreCommand.self]
    )

    static func main() {
        let arguments = ReportOptions.fillingInTAP(Array(CommandLine.arguments.dropFirst())) { word in
            var folder: ObjCBool = false
            return word.hasSuffix(".scenario") || ScenarioLoader.rowSelector(word) != nil
                || (FileManager.default.fileExists(atPath: word, isDirectory: &folder) && folder.boolValue)
        }
        // The one place a command's failure is said and turned into its exit code; what
        // ArgumentParser throws (usage errors, --help, ExitCode) it reports itself.
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let failure as CommandError {
            for line in failure.lines { printError(line) }
            exit(withError: failure.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
