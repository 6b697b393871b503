/// Which scenario of a `--jobs` run starts next: in the order given, at most `jobs` at once,
/// and one that must run alone only when nothing else runs, with nothing started beside it.
///
/// Pure bookkeeping, so the order can be tested without a kernel; `LiveRunner` asks it what to
/// start each time a scenario ends.
public struct JobSchedule: Sendable {
    public let jobs: Int
    private let alone: [Bool]
    private var next = 0
    /// Scenarios started and not finished, by their place in the run.
    public private(set) var running: Set<Int> = []

    public init(runsAlone: [Bool], jobs: Int) {
        precondition(jobs >= 1, "at least one job")
        self.alone = runsAlone
        self.jobs = jobs
    }

    /// The next scenario to start now, if one may start; it counts as running from here.
    public mutating func start() -> Int? {
        guard next < alone.count, running.count < jobs else { return nil }
        if let current = running.first, alone[current] { return nil }
        if alone[next] && !running.isEmpty { return nil }
        running.insert(next)
        next += 1
        return next - 1
    }

    public mutating func finish(_ index: Int) {
        running.remove(index)
    }

    /// Every scenario started and finished.
    public var isDone: Bool { next == alone.count && running.isEmpty }
}
