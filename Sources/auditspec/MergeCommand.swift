import ArgumentParser
import Matching
import Reporters

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the results files of a run's shards into the whole run's reports.",
        discussion: """
        Each file is the --json of one 'auditspec run --shard I/N' (or vm --shard) job. The merge \
        holds every scenario once, in the order of the whole run, and writes the reports a single \
        run would have written. It refuses, with exit code 64 and the file and reason, shards of \
        different splits, a missing or doubled shard, a shard that did not finish, and shards of \
        different runs (another kernel, build id, image, profiles or scenarios commit).

        Examples:
          auditspec run --shard 1/2 --json shard-1.json scenarios/
          auditspec run --shard 2/2 --json shard-2.json scenarios/
          auditspec merge shard-*.json --junit all.xml --json all.json
        """
    )

    @Argument(help: "The shards' results files (--json).")
    var files: [String]

    @OptionGroup var reporting: ReportOptions

    func run() throws {
        var reports: [(path: String, report: JSONReport)] = []
        for file in files {
            reports.append((file, try CommandError.catching(.usage) { try JSONReporter.read(from: file) }))
        }
        let merged = try CommandError.catching(.usage) { try ShardMerge.merge(reports) }
        let console = reporting.console
        merged.results.forEach(console.report)
        do { try reporting.writeReports(merged.results, info: merged.info) } catch { throw CommandError.cannotWriteReport(error) }
        console.summarize(merged.results)
        let code = RunSummary(merged.results).exitCode
        if code != 0 { throw ExitCode(code) }
    }
}
