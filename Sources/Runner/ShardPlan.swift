/// Which scenarios one CI job of several runs (`--shard i/n`): every scenario in exactly one
/// shard, the same split for every job given the same scenarios (and durations), so that n
/// jobs that never talk to each other together run the whole suite once.
public struct ShardPlan: Sendable {
    /// `2/4`: the second of four shards.
    public struct Shard: Hashable, Sendable, CustomStringConvertible {
        public var index: Int
        public var count: Int

        /// Reads `I/N`, with 1 <= I <= N.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
                return nil
            }
            self.index = index
            self.count = count
        }

        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }

        public var description: String { "\(index)/\(count)" }
    }

    /// The shard (1-based) of each scenario, by its place in the run.
    public let assignment: [Int]
    public let count: Int

    /// `durations`: seconds per scenario key from an earlier run; a scenario without one counts
    /// as the median of those known (or 1 s). Without durations the split is by count: the
    /// i-th scenario goes to shard i mod n. With them, longest first, each to the shard with
    /// the least time so far (ties to the lower shard), so the shards end close together.
    public init(keys: [String], count: Int, durations: [String: Double] = [:]) {
        self.count = count
        let known = keys.compactMap { durations[$0] }.sorted()
        guard !known.isEmpty else {
            assignment = keys.indices.map { $0 % count + 1 }
            return
        }
        let typical = known[known.count / 2]
        let weights = keys.map { durations[$0] ?? typical }
        // Stable: equal weights keep the run's order.
        let order = keys.indices.sorted { (weights[$0], $1) > (weights[$1], $0) }
        var load = [Double](repeating: 0, count: count)
        var assignment = [Int](repeating: 0, count: keys.count)
        for position in order {
            let lightest = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
            assignment[position] = lightest + 1
            load[lightest] += weights[position]
        }
        self.assignment = assignment
    }

    /// The places (0-based, in the whole run) of the scenarios `shard` runs, in order.
    public func positions(of shard: Shard) -> [Int] {
        assignment.indices.filter { assignment[$0] == shard.index }
    }
}
