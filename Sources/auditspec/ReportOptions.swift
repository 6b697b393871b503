import ArgumentParser
import Foundation
import Matching
import Reporters

/// `--junit` and `--verbose`, shared by the commands that report verdicts (run, check).
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Flag(name: .shortAndLong, help: "Print the records of each scenario (received live, or matched in replay).")
    var verbose = false

    var console: ConsoleReporter { ConsoleReporter(verbose: verbose) }

    /// Writes the JUnit file if one was asked for.
    func writeJUnit(_ results: [ScenarioResult], info: RunInfo) throws {
        guard let junit else { return }
        try JUnitReporter().document(results, info: info).write(toFile: junit, atomically: true, encoding: .utf8)
    }
}
