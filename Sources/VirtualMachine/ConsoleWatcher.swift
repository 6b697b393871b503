/// Follows the guest's console line by line: where the guest run is (booting, in scenario n,
/// between scenarios) and which kernel problems came up during which scenario.
///
/// A pure state machine, so that console parsing is tested on captured console text; the
/// boot driver feeds it lines and decides what to do (and when) from what it returns.
public struct ConsoleWatcher: Sendable {
    public enum Event: Hashable, Sendable {
        case ready(scenarios: Int)
        case began(index: Int)
        case ended(index: Int)
        /// A problem was first seen, attributed to this scenario (nil: during boot).
        case problem(index: Int?, KernelProblem.Kind)
        /// The report that the last problem opened is complete (its `---[ end` line).
        case reportClosed
    }

    /// The longest excerpt kept for one problem: enough for a trace, not a flood.
    public static let excerptLimit = 80
    /// The console lines kept for a boot that fails.
    public static let tailLimit = 60

    public private(set) var isReady = false
    public private(set) var scenarioCount = 0
    /// The scenarios between their begin and end marks, in the order they began: one, or
    /// several when the guest runs scenarios at once (`--jobs`).
    public private(set) var running: [Int] = []
    /// The first of them: the one a guest that stops answering is blamed on.
    public var current: Int? { running.first }
    /// One past the highest scenario begun: the next to begin.
    private var nextToBegin = 0
    /// Every scenario has begun and none is running: what is left is the guest's power-off.
    public var allEnded: Bool { isReady && running.isEmpty && nextToBegin >= scenarioCount }
    /// Problems by scenario index.
    public private(set) var problems: [Int: [KernelProblem]] = [:]
    /// Problems seen before the guest run started (the boot's own).
    public private(set) var bootProblems: [KernelProblem] = []
    /// The last console lines, for a boot that never got ready.
    public private(set) var tail: [String] = []

    private var taintAtBegin: [Int: UInt64] = [:]
    /// Taint bits a deliberate notice explained while each scenario ran (KernelProblem.deliberateTaints).
    private var explainedTaint: [Int: UInt64] = [:]
    /// Where the problem whose report is still being copied was recorded: (scenario, index in
    /// its list), once for each scenario running when it came.
    private var open: [(index: Int?, position: Int)] = []
    /// The report closed last, until the next mark: an oops's `---[ end trace` comes before
    /// the "Kernel panic - not syncing: Fatal exception" it leads to.
    private var lastClosed: [(index: Int?, position: Int)] = []
    /// The "cut here" line, kept until the next line says what it opened.
    private var pendingCut: String?

    public init() {}

    /// The scenario a problem seen now belongs to: the one running, else the next one to run
    /// (its setup, or the run's, is under way), else the last one.
    public var attributionIndex: Int? { attributionIndices.first ?? nil }

    /// Every scenario a problem seen now belongs to: all those running (the console cannot
    /// tell which of them caused it), else the next one to run, else the last one; nil before
    /// the run is ready (the boot's own).
    var attributionIndices: [Int?] {
        guard isReady else { return [nil] }
        if !running.isEmpty { return running }
        return [min(nextToBegin, max(scenarioCount - 1, 0))]
    }

    public mutating func feed(_ raw: String) -> [Event] {
        let line = ConsoleLine(raw)
        tail.append(line.raw)
        if tail.count > Self.tailLimit { tail.removeFirst(tail.count - Self.tailLimit) }

        if let marker = GuestMarker(parsing: line.text) { return take(marker) }
        if KernelProblem.opensReport(line.text) {
            closeReport()
            pendingCut = line.raw
            return []
        }
        if let bit = KernelProblem.deliberateTaintBit(line.text), open.isEmpty {
            // Every scenario running may have caused it, as for a problem; none is in error.
            for case let index? in attributionIndices { explainedTaint[index, default: 0] |= 1 << UInt64(bit) }
            return []
        }
        if let kind = KernelProblem.kind(of: line.text) { return [problem(kind, at: line)] }
        // A "cut here" that no headline followed opened nothing.
        pendingCut = nil
        guard !open.isEmpty else { return [] }
        append(line.raw)
        guard KernelProblem.closesReport(line.text) else { return [] }
        closeReport()
        return [.reportClosed]
    }

    /// A mark of the guest run: it closes any report still open.
    private mutating func take(_ marker: GuestMarker) -> [Event] {
        closeReport()
        lastClosed = []
        switch marker {
        case .ready(let count):
            isReady = true
            scenarioCount = count
            return [.ready(scenarios: count)]
        case .begin(let index, let tainted):
            running.append(index)
            taintAtBegin[index] = tainted
            nextToBegin = max(nextToBegin, index + 1)
            return [.began(index: index)]
        case .end(let index, let tainted):
            var events: [Event] = []
            let added = TaintFlags(tainted & ~(explainedTaint[index] ?? 0)).added(since: TaintFlags(taintAtBegin[index] ?? 0))
            if added.bits != 0, !(problems[index] ?? []).contains(where: { $0.kind != .taint }) {
                // Tainted with no report on the console (or only a one-line taint notice).
                record(KernelProblem(kind: .taint, headline: "the kernel became tainted during this scenario: \(added)"), for: index)
                events.append(.problem(index: index, .taint))
            }
            running.removeAll { $0 == index }
            taintAtBegin[index] = nil
            explainedTaint[index] = nil
            nextToBegin = max(nextToBegin, index + 1)
            return events + [.ended(index: index)]
        }
    }

    /// A problem's headline: a new problem for every scenario it is attributed to, or, inside
    /// a report still open (or just closed, for the panic an oops leads to), the same problem
    /// made more severe.
    private mutating func problem(_ kind: KernelProblem.Kind, at line: ConsoleLine) -> Event {
        if open.isEmpty, kind == .panic, !lastClosed.isEmpty {
            open = lastClosed
        }
        if !open.isEmpty {
            // One report often names several things: "BUG: kernel NULL pointer dereference",
            // then "Oops: 0002", then "Kernel panic - not syncing: Fatal exception".
            append(line.raw, escalatingTo: kind)
            return .problem(index: open[0].index, kind)
        }
        var problem = KernelProblem(kind: kind, headline: String(line.text))
        if let cut = pendingCut { problem.excerpt.append(cut) }
        problem.excerpt.append(line.raw)
        pendingCut = nil
        let indices = attributionIndices
        for index in indices {
            record(problem, for: index)
            // A one-line taint notice opens no report.
            if kind != .taint { open.append((index, problemList(index).count - 1)) }
        }
        return .problem(index: indices[0], kind)
    }

    /// Every problem, of every scenario and of the boot.
    public var hasProblems: Bool { !bootProblems.isEmpty || !problems.isEmpty }

    private mutating func closeReport() {
        if !open.isEmpty { lastClosed = open }
        open = []
    }

    private func problemList(_ index: Int?) -> [KernelProblem] {
        index.map { problems[$0] ?? [] } ?? bootProblems
    }

    private mutating func record(_ problem: KernelProblem, for index: Int?) {
        if let index { problems[index, default: []].append(problem) } else { bootProblems.append(problem) }
    }

    private mutating func append(_ raw: String, escalatingTo kind: KernelProblem.Kind? = nil) {
        for open in open {
            func add(_ list: inout [KernelProblem]) {
                guard open.position < list.count else { return }
                if list[open.position].excerpt.count < Self.excerptLimit { list[open.position].excerpt.append(raw) }
                if let kind, KernelProblem(kind: kind, headline: "").severity > list[open.position].severity {
                    list[open.position].kind = kind
                }
            }
            if let index = open.index { add(&problems[index, default: []]) } else { add(&bootProblems) }
        }
    }
}
