import ArgumentParser
import Foundation
import Reporters
import Runner
import ScenarioLanguage

/// `--shard I/N` and `--durations FILE`, shared by run and vm: one CI job of N runs its part of
/// the suite, and `auditspec merge` joins the parts' results files into the whole run's.
struct ShardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Run only shard I of N (1/4 ... 4/4): every scenario falls in exactly one shard, the same one in every job. Merge the shards' --json files with 'auditspec merge'.", valueName: "I/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("With --shard: balance the shards by the durations in this results file of an earlier run (--json), instead of by count.", valueName: "file"))
    var durations: String?

    func validate() throws {
        if let shard, ShardPlan.Shard(shard) == nil {
            throw ValidationError("--shard takes I/N with 1 <= I <= N, as 2/4, not '\(shard)'")
        }
        if durations != nil, shard == nil { throw ValidationError("--durations balances shards: it goes with --shard I/N") }
    }

    /// The scenarios this job runs, and the run properties a merge checks; all of them, and no
    /// property, without --shard.
    func select(_ scenarios: [Scenario]) throws -> (scenarios: [Scenario], properties: [(String, String)]) {
        guard let text = shard, let shard = ShardPlan.Shard(text) else { return (scenarios, []) }
        var seconds: [String: Double] = [:]
        if let durations {
            do {
                for result in try JSONReporter.read(from: durations).results { seconds[Self.key(result.path, result.title)] = result.duration }
            } catch {
                throw CommandError(.usage, "--durations \(error)")
            }
        }
        let plan = ShardPlan(keys: scenarios.map { Self.key($0.path, $0.title) }, count: shard.count, durations: seconds)
        let positions = plan.positions(of: shard)
        return (positions.map { scenarios[$0] },
                [(ShardMerge.shardProperty, shard.description),
                 (ShardMerge.positionsProperty, positions.map(String.init).joined(separator: ",")),
                 (ShardMerge.totalProperty, String(scenarios.count))])
    }

    /// A scenario's name across runs: its file and title (a parameter row's title holds its values).
    static func key(_ path: String, _ title: String) -> String { path + "\n" + title }
}
