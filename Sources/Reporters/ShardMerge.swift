import Matching

/// Joins the results files of the shards of one run (`auditspec merge`) into the results of
/// the whole run, in the run's order, or refuses, saying which file and why: a merge is a
/// report of the whole suite, so a missing, doubled or foreign shard must never pass for one.
public enum ShardMerge {
    /// Run properties a shard writes: which shard, where its scenarios stand in the whole run,
    /// and how many scenarios the whole run has.
    public static let shardProperty = "shard"
    public static let positionsProperty = "shard-positions"
    public static let totalProperty = "scenario-count"
    /// Properties that must be equal in every shard of one run.
    public static let sameRunProperties = ["profiles", "kernel-build-id", "image-sha256", "scenarios-commit", totalProperty]

    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// `files`: each results file's path (for messages) and its report.
    public static func merge(_ files: [(path: String, report: JSONReport)]) throws(Refusal) -> JSONReport {
        guard let first = files.first else { throw Refusal(message: "no results files to merge") }
        var shards: [Shard] = []
        for (path, report) in files { shards.append(try Shard(path: path, report: report)) }
        try checkEveryShardOnce(shards)
        try checkOneRun(shards)
        var byPosition: [Int: ScenarioResult] = [:]
        for shard in shards {
            for (position, result) in zip(shard.positions, shard.report.results) {
                if byPosition[position] != nil { throw Refusal(message: "position \(position) of the run is in two shards (\(shard.path))") }
                byPosition[position] = result
            }
        }
        let total = first.report.run.property(totalProperty).flatMap(Int.init) ?? byPosition.count
        guard byPosition.count == total, byPosition.keys.allSatisfy({ (0..<total).contains($0) }) else {
            throw Refusal(message: "the shards hold \(byPosition.count) results for a run of \(total) scenarios")
        }
        var merged = first.report
        merged.results = (0..<total).map { byPosition[$0]! }
        merged.run.properties = first.report.run.properties.filter { ![shardProperty, positionsProperty].contains($0.name) }
            + [JSONReport.Property(name: "merged-shards", value: shards.sorted { $0.index < $1.index }.map(\.path).joined(separator: " "))]
        merged.complete = true
        return merged
    }

    /// One results file of a shard, with its place in the split.
    struct Shard {
        var path: String
        var index: Int
        var count: Int
        /// Where each of its results stands in the whole run.
        var positions: [Int]
        var report: JSONReport

        init(path: String, report: JSONReport) throws(Refusal) {
            guard let shardText = report.run.property(shardProperty) else {
                throw Refusal(message: "\(path): not a shard of a run (no '\(shardProperty)' property): shards are written by 'run --shard I/N --json FILE'")
            }
            let parts = shardText.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, (1...max(1, parts[1])).contains(parts[0]) else {
                throw Refusal(message: "\(path): '\(shardProperty)' is '\(shardText)', not I/N")
            }
            guard report.complete else {
                throw Refusal(message: "\(path): shard \(shardText) did not finish (its file says complete: false); run it again")
            }
            let positions = (report.run.property(positionsProperty) ?? "").split(separator: ",").compactMap { Int($0) }
            guard positions.count == report.results.count else {
                throw Refusal(message: "\(path): shard \(shardText) lists \(positions.count) positions for \(report.results.count) results")
            }
            (self.path, index, count, self.positions, self.report) = (path, parts[0], parts[1], positions, report)
        }
    }

    /// Every shard of one split, each once.
    private static func checkEveryShardOnce(_ shards: [Shard]) throws(Refusal) {
        let count = shards[0].count
        for shard in shards where shard.count != count {
            throw Refusal(message: "shards of different splits: \(shards[0].path) is \(shards[0].index)/\(count), \(shard.path) is \(shard.index)/\(shard.count)")
        }
        var seen: [Int: String] = [:]
        for shard in shards {
            if let earlier = seen[shard.index] {
                throw Refusal(message: "shard \(shard.index)/\(count) is given twice: \(earlier) and \(shard.path)")
            }
            seen[shard.index] = shard.path
        }
        let missing = Set(1...count).subtracting(shards.map(\.index)).sorted()
        guard missing.isEmpty else {
            throw Refusal(message: "shard\(missing.count == 1 ? "" : "s") " + missing.map { "\($0)/\(count)" }.joined(separator: ", ")
                          + " missing: a merge must hold every shard of the run")
        }
    }

    /// One run: the same kernel, revisions and scenarios in every shard.
    private static func checkOneRun(_ shards: [Shard]) throws(Refusal) {
        let first = shards[0]
        for shard in shards.dropFirst() {
            if shard.report.run.kernelRelease != first.report.run.kernelRelease {
                throw Refusal(message: "shards of different runs: the kernel is '\(first.report.run.kernelRelease)' in \(first.path) and '\(shard.report.run.kernelRelease)' in \(shard.path)")
            }
            for name in sameRunProperties where shard.report.run.property(name) != first.report.run.property(name) {
                throw Refusal(message: "shards of different runs: '\(name)' is '\(first.report.run.property(name) ?? "(none)")' in \(first.path) and '\(shard.report.run.property(name) ?? "(none)")' in \(shard.path)")
            }
        }
    }
}
