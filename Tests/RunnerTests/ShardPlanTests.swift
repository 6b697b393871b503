import Runner
import Testing

/// `--shard I/N`: every scenario in exactly one shard, the same split for every job.
struct ShardPlanTests {
    static let keys = (1...10).map { "s\($0)" }

    @Test(arguments: [1, 2, 3, 4, 10, 13])
    func everyScenarioIsInExactlyOneShard(count: Int) {
        let plan = ShardPlan(keys: Self.keys, count: count)
        let all = (1...count).flatMap { plan.positions(of: .init(index: $0, count: count)) }
        #expect(all.sorted() == Array(0..<10))
        let sizes = (1...count).map { plan.positions(of: .init(index: $0, count: count)).count }
        #expect(sizes.max()! - sizes.min()! <= 1, "by count, the shards differ by one scenario at most: \(sizes)")
        #expect(ShardPlan(keys: Self.keys, count: count).assignment == plan.assignment, "the same split in every job")
    }

    @Test func durationsBalanceTheShardsLongestFirst() {
        let durations = ["s1": 9, "s2": 1, "s3": 1, "s4": 1, "s5": 1, "s6": 1, "s7": 1, "s8": 1, "s9": 1, "s10": 1.0]
        let plan = ShardPlan(keys: Self.keys, count: 2, durations: durations)
        let first = plan.positions(of: .init(index: 1, count: 2)), second = plan.positions(of: .init(index: 2, count: 2))
        #expect(first == [0], "the 9 s scenario alone balances the other nine")
        #expect(second == Array(1...9))
    }

    @Test func aScenarioWithoutADurationCountsAsTheMedian() {
        let plan = ShardPlan(keys: ["a", "b", "c", "new"], count: 2, durations: ["a": 5, "b": 1, "c": 1])
        // a (5) to shard 1; new (median 1), b, c to shard 2 as the lightest each time.
        #expect(plan.positions(of: .init(index: 1, count: 2)) == [0])
        #expect(plan.positions(of: .init(index: 2, count: 2)) == [1, 2, 3])
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "2", "a/b", "1/2/3", ""])
    func aShardThatIsNotIOfNIsRefused(text: String) {
        #expect(ShardPlan.Shard(text) == nil)
    }
}
