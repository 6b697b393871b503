/// The names a run gives one of its scenarios, so that what the kernel logs for it can be told
/// from everything else: a rule key (`$key`) and a packet mark (`$mark`).
///
/// Both are made of the runner's pid and the scenario's place in the run (from 1), so they
/// are unique among the scenarios of a run and between runs that overlap in time (which the
/// machine lock forbids anyway), and every scenario of a run can compute every other's.
public struct ScenarioTags: Hashable, Sendable {
    public var runner: Int32
    public var index: Int

    public init(runner: Int32, index: Int) {
        precondition(index >= 1, "scenarios are counted from 1")
        self.runner = runner
        self.index = index
    }

    /// `auditspec-PID-N`: the key the scenario's rules carry (`-k $key`).
    public var key: String { Self.keyPrefix(runner: runner) + String(index) }

    /// The start of every key of the run.
    public static func keyPrefix(runner: Int32) -> String { "auditspec-\(runner)-" }

    /// A 32-bit packet mark: the runner's pid in the high half, the scenario's place in the low
    /// half (never 0, which is "no mark" to netfilter).
    public var mark: UInt32 {
        let low = UInt32((index - 1) % 0xffff + 1)
        return (UInt32(truncatingIfNeeded: runner) & 0x7fff) << 16 | low
    }

    /// The mark as NETFILTER_PKT prints it (`mark=0x5a1c0003`) and iptables reads it.
    public var markText: String { "0x" + String(mark, radix: 16) }

    /// The marks of the first `count` scenarios of a run.
    public static func marks(runner: Int32, count: Int) -> Set<UInt32> {
        Set((0..<max(count, 0)).map { ScenarioTags(runner: runner, index: $0 + 1).mark })
    }
}
