import ArgumentParser
import Foundation
import Matching
import Reporters

/// `--junit`, `--json` and `--verbose`, shared by the commands that report verdicts (run, check,
/// vm): a replay or a VM run reports as a live run does.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Write every result, whole, as JSON to this file (a live run rewrites it after each scenario).", valueName: "file"))
    var json: String?

    @Flag(name: .shortAndLong, help: "Print the records of each scenario (received live, or matched in replay); in a VM run, the guest's console too.")
    var verbose = false

    var console: ConsoleReporter { ConsoleReporter(verbose: verbose) }

    /// Writes the JUnit file if one was asked for.
    func writeJUnit(_ results: [ScenarioResult], info: RunInfo) throws {
        guard let junit else { return }
        try JUnitReporter().document(results, info: info).write(toFile: junit, atomically: true, encoding: .utf8)
    }

    /// Writes the JSON file if one was asked for.
    func writeJSON(_ results: [ScenarioResult], info: RunInfo, complete: Bool = true) throws {
        guard let json else { return }
        try JSONReporter().write(results, info: info, complete: complete, to: json)
    }
}
