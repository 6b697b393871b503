import AuditRecords
import Matching
import POSIXSupport
import Profiles
import ScenarioLanguage

/// Checks scenarios against a captured log instead of a live kernel: nothing is run.
///
/// The log is streamed once for all scenarios, each event offered to every scenario's
/// tracker, so a log of any size takes one pass and little memory. Variables come from
/// `--var name=value`, or are captured from the first records that match (`opid=$child`
/// binds child). Requirements are not checked: the records decide.
public struct ReplayRunner {
    public var parser: RecordParser
    public var variables: [String: String]
    /// The revisions under test: a scenario's revision conditions are decided by them.
    public var profiles: ProfileSet
    /// Unreadable lines attached to each result, at most; the rest are counted in a note.
    public var unreadableLimit = 100

    public init(parser: RecordParser, variables: [String: String] = [:], profiles: ProfileSet) {
        self.parser = parser
        self.variables = variables
        self.profiles = profiles
    }

    public func check(_ written: [Scenario], log path: String) throws(LogReader.CannotOpen) -> [ScenarioResult] {
        let scenarios = written.map { $0.resolved(under: profiles) }
        var reading = parser
        reading.selectsFields = Self.selection(for: scenarios, given: parser.selectsFields, known: BuiltinProfiles.all + profiles.profiles)
        // Once every verdict is settled, the rest of the log is only grouped and counted: no
        // field is read, and no record keeps its text.
        let reader = LogReader(parser: reading)
        // A row of a parameter table brings its own values; they hold over any --var.
        var trackers = scenarios.map {
            ExpectationTracker(expectations: $0.expectations, variables: variables.merging($0.arguments) { _, row in row },
                               completing: { reader.completed($0, from: path) })
        }
        var log = LogSummary(path: path)
        let started = Poller.now()
        try reader.read(path: path) { item in
            switch item {
            case .event(let event):
                log.see(event)
                guard !reader.demand.isOver else { return }
                for index in trackers.indices where !trackers[index].isSettled { trackers[index].consider(event) }
                if trackers.allSatisfy(\.isSettled) { reader.demand.end() }
            case .unreadable(let record):
                log.unreadableCount += 1
                if log.unreadable.count < unreadableLimit { log.unreadable.append(record) }
            }
        }
        log.gaps.finish()
        let duration = Poller.now() - started
        return zip(scenarios, trackers).map { scenario, tracker in result(of: scenario, tracker, log: log, duration: duration) }
    }

    /// What the whole log held, the same for every scenario judged against it.
    struct LogSummary {
        var path: String
        var events = 0
        var records = 0
        var unreadable: [UnreadableRecord] = []
        var unreadableCount = 0
        /// A replay has no lost counter: skipped serials are its trace of lost records.
        var gaps = SerialGaps()

        mutating func see(_ event: AuditEvent) {
            events += 1
            records += event.records.count
            if let serial = event.stamp?.serial, !ReplayRunner.isAuditdsOwn(event) { gaps.see(serial) }
        }

        /// What a reader of any scenario's result should know of the log.
        func notes() -> [String] {
            var notes = ["replayed \(events) events from \(path)"]
            if LogReader.endsWithoutNewline(path: path) {
                notes.append("the last line of \(path) ends with no newline: the log was cut while it was written or copied, and that line was read as it stands")
            }
            // Reported, not judged: an excerpt skips serials by nature, and says nothing of loss.
            if let skipped = gaps.summary { notes.append(skipped) }
            if gaps.restarts > 0 { notes.append("the serials start again \(gaps.restarts) time(s): the log holds events of several boots") }
            if unreadableCount > unreadable.count {
                notes.append("\(unreadableCount) lines could not be read; the first \(unreadable.count) are listed")
            }
            return notes
        }
    }

    private func result(of scenario: Scenario, _ tracker: ExpectationTracker, log: LogSummary, duration: Double) -> ScenarioResult {
        var notes = log.notes()
        let bound = tracker.variables.filter { variables[$0.key] == nil && scenario.arguments[$0.key] == nil }.sorted { $0.key < $1.key }
        if !bound.isEmpty { notes.append("captured from the log: " + bound.map { "$\($0.key)=\($0.value)" }.joined(separator: " ")) }
        let outcomes = tracker.outcomes
        let missing = MissingEvent.list(scenario.expectations, outcomes, variables: tracker.variables)
        let matchedRecords = outcomes.flatMap { outcome -> [AuditRecord] in
            if case .matched(let event) = outcome { return event.records }
            return []
        }
        // Nothing judged is no pass: `expect no event` would hold over any file at all.
        let unjudged = Self.unjudged(path: log.path, events: log.events, records: log.records, unreadable: log.unreadableCount)
        let verdict: Verdict = unjudged.map { .error(phase: .replay, message: $0) } ?? (missing.isEmpty ? .passed : .failed(missing))
        return ScenarioResult(of: scenario, verdict: verdict, duration: duration, records: matchedRecords, unreadable: log.unreadable, notes: notes)
    }

    /// Whether the event is auditd's own (DAEMON_START, DAEMON_END, ...: types 1200-1299),
    /// numbered by auditd, not in the kernel's sequence of serials.
    static func isAuditdsOwn(_ event: AuditEvent) -> Bool {
        !event.records.isEmpty && event.records.allSatisfy { record in
            record.type.hasPrefix("DAEMON_") || record.typeNumber.map { (1200...1299).contains($0) } == true
        }
    }

    /// Why a replay judged nothing, or nil when it judged a log: a file with no event in it,
    /// or one whose lines were mostly not records, is not an audit log (or not the one meant).
    static func unjudged(path: String, events: Int, records: Int, unreadable: Int) -> String? {
        if events == 0 {
            if unreadable == 0 { return "\(path) holds no audit record: nothing was judged" }
            return "none of the \(unreadable) lines of \(path) could be read as an audit record: nothing was judged"
        }
        guard unreadable > records else { return nil }
        return "\(unreadable) of \(unreadable + records) lines of \(path) could not be read as audit records: it is not an audit log, so nothing is judged"
    }

    /// For each record type: the fields some expectation of that type names, with those its
    /// comparison depends on (arch and syscall give a raw value its meaning) and those a
    /// profile renames a record by; every field where the given parser asks for all; nothing
    /// for a type no expectation names.
    /// `known`: every profile whose records the log may hold (built-in, and any file given).
    static func selection(for scenarios: [Scenario], given: (@Sendable (String) -> FieldSelection)?,
                          known: [Profile]) -> @Sendable (String) -> FieldSelection {
        var names: [String: Set<String>] = [:]
        for record in scenarios.flatMap(\.expectations).flatMap(\.records) {
            names[record.type, default: []].formUnion(record.fields.map(\.name))
        }
        let context: Set<String> = ["arch", "syscall"]
        let signatures = Set(known.flatMap(\.recordTypes).compactMap(\.signatureField))
        let sets = names.mapValues { FieldNameSet($0.union(context).union(signatures)) }
        // A record a profile may rename (an unnamed number, or a mainline name a patch reuses)
        // is read in full: its signature field decides its name, and the name its fields.
        let renamable = RecordNaming.renamable(by: known)
        // Asked once per record type by each of the reader's threads (see SelectionMemo).
        return { type in
            // EXECVE too: an argument may stand in pieces (a1[0]=...) that its name does not match.
            if given?(type) == .all || renamable(type) || type == "EXECVE" { return .all }
            return sets[type].map { .only($0) } ?? .none
        }
    }
}
