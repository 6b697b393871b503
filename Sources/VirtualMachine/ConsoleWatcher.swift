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
    /// The scenario between its begin and end marks.
    public private(set) var current: Int?
    /// How many scenarios have ended (the next one to begin).
    public private(set) var endedCount = 0
    /// Problems by scenario index.
    public private(set) var problems: [Int: [KernelProblem]] = [:]
    /// Problems seen before the guest run started (the boot's own).
    public private(set) var bootProblems: [KernelProblem] = []
    /// The last console lines, for a boot that never got ready.
    public private(set) var tail: [String] = []

    private var taintAtBegin: UInt64 = 0
    /// The problem whose report is still being copied: (scenario, index in its list).
    private var open: (index: Int?, position: Int)?
    /// The report closed last, until the next mark: an oops's `---[ end trace` comes before
    /// the "Kernel panic - not syncing: Fatal exception" it leads to.
    private var lastClosed: (index: Int?, position: Int)?
    /// The "cut here" line, kept until the next line says what it opened.
    private var pendingCut: String?

    public init() {}

    /// The scenario a problem seen now belongs to: the one running, else the next one to run
    /// (its setup, or the run's, is under way), else the last one.
    public var attributionIndex: Int? {
        guard isReady else { return nil }
        if let current { return current }
        return min(endedCount, max(scenarioCount - 1, 0))
    }

    public mutating func feed(_ raw: String) -> [Event] {
        let line = ConsoleLine(raw)
        tail.append(line.raw)
        if tail.count > Self.tailLimit { tail.removeFirst(tail.count - Self.tailLimit) }
        var events: [Event] = []

        if let marker = GuestMarker(parsing: line.text) {
            closeReport()
            lastClosed = nil
            switch marker {
            case .ready(let count):
                isReady = true
                scenarioCount = count
                events.append(.ready(scenarios: count))
            case .begin(let index, let tainted):
                current = index
                taintAtBegin = tainted
                events.append(.began(index: index))
            case .end(let index, let tainted):
                let added = TaintFlags(tainted).added(since: TaintFlags(taintAtBegin))
                if added.bits != 0, !(problems[index] ?? []).contains(where: { $0.kind != .taint }) {
                    // Tainted with no report on the console (or only a one-line taint notice).
                    record(KernelProblem(kind: .taint, headline: "the kernel became tainted during this scenario: \(added)"), for: index)
                    events.append(.problem(index: index, .taint))
                }
                current = nil
                endedCount = max(endedCount, index + 1)
                events.append(.ended(index: index))
            }
            return events
        }

        if KernelProblem.opensReport(line.text) {
            closeReport()
            pendingCut = line.raw
            return events
        }
        if let kind = KernelProblem.kind(of: line.text) {
            if open == nil, kind == .panic, let last = lastClosed {
                open = last
            }
            if open != nil {
                // One report often names several things: "BUG: kernel NULL pointer dereference",
                // then "Oops: 0002", then "Kernel panic - not syncing: Fatal exception".
                append(line.raw, escalatingTo: kind)
                events.append(.problem(index: open?.index, kind))
                return events
            }
            var problem = KernelProblem(kind: kind, headline: String(line.text))
            if let cut = pendingCut { problem.excerpt.append(cut) }
            problem.excerpt.append(line.raw)
            pendingCut = nil
            let index = attributionIndex
            record(problem, for: index)
            // A one-line taint notice opens no report.
            if kind != .taint { open = (index, problemList(index).count - 1) }
            events.append(.problem(index: index, kind))
            return events
        }
        // A "cut here" that no headline followed opened nothing.
        pendingCut = nil
        if open != nil {
            append(line.raw)
            if KernelProblem.closesReport(line.text) {
                closeReport()
                events.append(.reportClosed)
            }
        }
        return events
    }

    /// Every problem, of every scenario and of the boot.
    public var hasProblems: Bool { !bootProblems.isEmpty || !problems.isEmpty }

    private mutating func closeReport() {
        if let open { lastClosed = open }
        open = nil
    }

    private func problemList(_ index: Int?) -> [KernelProblem] {
        index.map { problems[$0] ?? [] } ?? bootProblems
    }

    private mutating func record(_ problem: KernelProblem, for index: Int?) {
        if let index { problems[index, default: []].append(problem) } else { bootProblems.append(problem) }
    }

    private mutating func append(_ raw: String, escalatingTo kind: KernelProblem.Kind? = nil) {
        guard let open else { return }
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
