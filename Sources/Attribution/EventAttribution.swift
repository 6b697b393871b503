import AuditRecords

/// Which of the events the kernel logs belong to one scenario, so that nothing else on the
/// machine (cron, the CI, another scenario of a `--jobs` run) can make it pass or fail.
///
/// The kernel's multicast stream carries every event of the machine. An event is the
/// scenario's when:
/// - it carries the scenario's rule key and every rule of the scenario is confined to its own
///   files or processes (`rulesAreConfined`): only the scenario's doings can match such a rule;
/// - a process that acted in it (`pid=`) is one the scenario started (`adopt`) or a descendant
///   of one, learned from `pid=`/`ppid=` as records arrive;
/// - the runner itself acted in it (it writes, signals and adds rules for every scenario), and
///   it carries the scenario's key or acts on one of its processes (`opid=`), or the scenario
///   runs alone (then nothing else of the runner is under way);
/// - it names no process at all (NETFILTER_PKT) and carries the scenario's packet mark
///   (`$mark`), or carries no mark of this run while the scenario runs alone.
///
/// An event that carries another scenario's key of this run is never this one's. An event of
/// a process not known yet is held back (a grandchild's record can arrive before its parent's
/// first one) and handed on as soon as its process or its parent joins the scenario's tree;
/// the oldest held events are let go past `heldLimit`. A pid stays the scenario's until it
/// ends: the kernel hands out pids in turn up to pid_max (32768 at least), so a pid comes back
/// only after that many processes have started, not within a scenario's few seconds.
public struct EventAttribution: Sendable {
    public struct Identity: Hashable, Sendable {
        public var tags: ScenarioTags
        /// How many scenarios the run has: their marks are known to be someone else's.
        public var scenarioCount: Int
        /// No other scenario runs meanwhile (see the runner's isolation rules).
        public var runsAlone: Bool
        /// Every rule of the scenario names its own files or processes (`dir=$tmp`, `pid=$agent`).
        public var rulesAreConfined: Bool

        public init(tags: ScenarioTags, scenarioCount: Int, runsAlone: Bool, rulesAreConfined: Bool) {
            self.tags = tags
            self.scenarioCount = scenarioCount
            self.runsAlone = runsAlone
            self.rulesAreConfined = rulesAreConfined
        }
    }

    public let identity: Identity
    /// The processes known to be the scenario's: those it started and their descendants.
    public private(set) var processes: Set<Int32> = []
    public static let heldLimit = 512

    private let key: String
    private let keyPrefix: String
    private let mark: UInt32
    private let runMarks: Set<UInt32>
    private var held: [(event: AuditEvent, facts: EventFacts)] = []

    public init(_ identity: Identity) {
        self.identity = identity
        key = identity.tags.key
        keyPrefix = ScenarioTags.keyPrefix(runner: identity.tags.runner)
        mark = identity.tags.mark
        runMarks = ScenarioTags.marks(runner: identity.tags.runner, count: identity.scenarioCount)
    }

    /// A process the scenario started (a spawned command, an agent, a fork, a namespace holder).
    public mutating func adopt(_ pid: Int32) {
        processes.insert(pid)
    }

    /// The events to hand to the scenario's matcher now, in arrival order: this one if it is
    /// the scenario's, after any held ones that it showed to be.
    public mutating func claim(_ event: AuditEvent) -> [AuditEvent] {
        let facts = EventFacts(event)
        let grew = learn(from: facts)
        var claimed: [AuditEvent] = []
        if grew && !held.isEmpty { claimed += releaseHeld() }
        switch decide(facts) {
        case .mine: claimed.append(event)
        case .notMine: break
        case .undecided:
            held.append((event, facts))
            if held.count > Self.heldLimit { held.removeFirst(held.count - Self.heldLimit) }
        }
        return claimed
    }

    enum Decision { case mine, notMine, undecided }

    func decide(_ facts: EventFacts) -> Decision {
        let carriesKey = facts.keys.contains(key)
        if carriesKey && identity.rulesAreConfined { return .mine }
        if !carriesKey && facts.keys.contains(where: { $0.hasPrefix(keyPrefix) }) { return .notMine }
        if facts.hasProcess {
            if !facts.subjects.isDisjoint(with: processes) { return .mine }
            if facts.subjects.contains(identity.tags.runner) {
                let forThisScenario = identity.runsAlone || carriesKey || !facts.objects.isDisjoint(with: processes)
                return forThisScenario ? .mine : .notMine
            }
            return .undecided
        }
        if facts.marks.contains(mark) { return .mine }
        if !facts.marks.isDisjoint(with: runMarks) { return .notMine }
        return identity.runsAlone ? .mine : .notMine
    }

    /// Adds the subjects whose parent is known to be the scenario's. True if the tree grew.
    private mutating func learn(from facts: EventFacts) -> Bool {
        var grew = false
        for (pid, parent) in facts.parents where !processes.contains(pid) && processes.contains(parent) {
            processes.insert(pid)
            grew = true
        }
        return grew
    }

    /// Held events that are now known to be the scenario's, learning from them first while the
    /// tree grows (a held grandchild whose held parent just became known).
    private mutating func releaseHeld() -> [AuditEvent] {
        var grew = true
        while grew {
            grew = false
            for index in held.indices {
                if learn(from: held[index].facts) { grew = true }
            }
        }
        var released: [AuditEvent] = []
        var kept: [(event: AuditEvent, facts: EventFacts)] = []
        for entry in held {
            switch decide(entry.facts) {
            case .mine: released.append(entry.event)
            case .undecided: kept.append(entry)
            case .notMine: break
            }
        }
        held = kept
        return released
    }
}
