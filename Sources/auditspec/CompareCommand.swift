import ArgumentParser
import Foundation
import Reporters

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Say what changed between runs: regressions, fixes, skips, scenarios, record shapes.",
        discussion: """
        Each file is the --json of a run (run, vm, check or merge), oldest first: two patch \
        revisions, two kernels. With two files: regressions (PASS, or SKIP, to FAIL or ERROR), \
        fixes, changed skip reasons, scenarios added and removed, and, where both passed, records \
        whose fields changed (added, dropped or reordered: V5's CONTAINER_OP against V11's). With \
        more: a matrix of scenarios against runs, then the changes from each run to the next.

        Exit codes: 0 no regression; 1 a regression; 64 a file that is not a results file of a \
        version this auditspec reads.

        Examples:
          auditspec compare v10.json v11.json
          auditspec compare v10.json v11.json --junit regressions.xml --markdown summary.md
          auditspec compare debian-6.1.json v11-kernel.json 6.18.json
        """
    )

    @Argument(help: "Results files (--json), oldest first.")
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("Write JUnit where each regression is a failing test case (of the last two runs).", valueName: "file"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Write a Markdown summary (for a mailing-list reply or a CI job summary; under 65,535 characters).", valueName: "file"))
    var markdown: String?

    func validate() throws {
        if files.count < 2 { throw ValidationError("compare takes two results files or more, oldest first") }
    }

    func run() throws {
        var runs: [RunComparison.Run] = []
        for file in files {
            runs.append(RunComparison.Run(label: file, report: try CommandError.catching(.usage) { try JSONReporter.read(from: file) }))
        }
        let renderer = ComparisonRenderer()
        var markdownText = ""
        if runs.count > 2 {
            let matrix = renderer.matrix(runs)
            matrix.console.forEach { print($0) }
            print("")
            markdownText += matrix.markdown + "\n"
        }
        let pairs = zip(runs, runs.dropFirst()).map { RunComparison(older: $0, newer: $1) }
        for comparison in pairs {
            renderer.console(comparison).forEach { print($0) }
            markdownText += renderer.markdown(comparison, limit: ComparisonRenderer.markdownLimit / pairs.count - markdownText.utf8.count / pairs.count)
        }
        let last = pairs.last!
        do {
            if let junit { try renderer.junit(last).write(toFile: junit, atomically: true, encoding: .utf8) }
            if let markdown { try markdownText.write(toFile: markdown, atomically: true, encoding: .utf8) }
        } catch {
            throw CommandError(.environment, "cannot write a report: \(error.localizedDescription)")
        }
        if pairs.contains(where: { !$0.regressions.isEmpty }) { throw ExitCode(1) }
    }
}
