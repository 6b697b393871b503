import ArgumentParser
import Foundation
import Matching
import Reporters

/// `--junit`, `--json`, `--tap` and `--verbose`, shared by the commands that report verdicts
/// (run, check, vm): a replay or a VM run reports as a live run does.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Write every result, whole, as JSON to this file (a live run rewrites it after each scenario).", valueName: "file"))
    var json: String?

    @Option(name: .long, help: ArgumentHelp("Write a TAP version 14 report (for prove and kselftest-style harnesses) to this file; without FILE, or with '-', to standard output, and the console report then goes to standard error.", valueName: "file"))
    var tap: String?

    @Option(name: .long, help: ArgumentHelp("Write KCIDB I/O data (KernelCI, schema 5) to this file: the kernel as a checkout and a build, each scenario a test auditspec.FOLDER.SCENARIO.", valueName: "file"))
    var kcidb: String?

    @Flag(name: .shortAndLong, help: "Print the records of each scenario (received live, or matched in replay); in a VM run, the guest's console too.")
    var verbose = false

    /// TAP on standard output leaves it to TAP alone: the console report moves to standard error.
    var console: ConsoleReporter {
        tap == "-" ? ConsoleReporter(verbose: verbose, write: { printError($0) }) : ConsoleReporter(verbose: verbose)
    }

    /// Writes every report file asked for (JUnit, JSON, TAP, KCIDB), at the end of a run.
    func writeReports(_ results: [ScenarioResult], info: RunInfo) throws {
        try writeJUnit(results, info: info)
        try writeJSON(results, info: info)
        try writeTAP(results, info: info)
        try writeKCIDB(results, info: info)
    }

    /// Writes the JUnit file if one was asked for.
    func writeJUnit(_ results: [ScenarioResult], info: RunInfo) throws {
        guard let junit else { return }
        try JUnitReporter().document(results, info: info).write(toFile: junit, atomically: true, encoding: .utf8)
    }

    /// Writes the TAP report if one was asked for: to its file, or to standard output.
    func writeTAP(_ results: [ScenarioResult], info: RunInfo, bailOut: String? = nil) throws {
        guard let tap else { return }
        let document = TAPReporter().document(results, info: info, bailOut: bailOut)
        if tap == "-" { print(document, terminator: "") } else { try document.write(toFile: tap, atomically: true, encoding: .utf8) }
    }

    /// Writes the KCIDB file if one was asked for.
    func writeKCIDB(_ results: [ScenarioResult], info: RunInfo) throws {
        guard let kcidb else { return }
        try KCIDBReporter().document(results, info: info).write(to: URL(fileURLWithPath: kcidb))
    }

    /// `--tap` written without its FILE (`run --tap scenarios/`): the word after it, if any,
    /// is a scenario path or another option, so the report goes to standard output. Said here,
    /// before the arguments are parsed, since an option's value cannot be left out otherwise.
    static func fillingInTAP(_ arguments: [String], isScenarioPath: (String) -> Bool) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            result.append(arguments[index])
            if arguments[index] == "--tap" {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if next == nil || (next!.hasPrefix("-") && next! != "-") || isScenarioPath(next!) { result.append("-") }
            }
            index += 1
        }
        return result
    }

    /// Writes the JSON file if one was asked for.
    func writeJSON(_ results: [ScenarioResult], info: RunInfo, complete: Bool = true) throws {
        guard let json else { return }
        try JSONReporter().write(results, info: info, complete: complete, to: json)
    }
}
