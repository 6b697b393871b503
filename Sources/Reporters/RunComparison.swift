import AuditRecords
import Matching

/// What changed between two runs of the same scenarios (two patch revisions, two kernels):
/// regressions, fixes, changed skip reasons, scenarios added and removed, and, where both
/// passed, records whose shape changed (a field added, dropped or moved). A patch author reads
/// this instead of two long lists.
public struct RunComparison: Sendable {
    public struct Run: Sendable {
        /// How reports name the run: its file, unless told otherwise.
        public var label: String
        public var report: JSONReport
        public init(label: String, report: JSONReport) {
            self.label = label
            self.report = report
        }
    }

    /// One scenario's change from the older run to the newer.
    public struct Change: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            case regression, fix, changedSkip = "changed skip", added, removed, otherChange = "changed", recordsChanged = "records changed"
        }
        public var kind: Kind
        public var path: String
        public var title: String
        public var before: String?
        public var after: String?
        /// For a regression, the newer run's diff or error; for changed records, what changed.
        public var details: [String]
    }

    public var older: Run
    public var newer: Run
    public var changes: [Change]
    /// Scenarios whose verdict and record shapes are the same in both runs.
    public var unchanged: Int

    public var regressions: [Change] { changes.filter { $0.kind == .regression } }

    public init(older: Run, newer: Run) {
        self.older = older
        self.newer = newer
        let before = Dictionary(older.report.results.map { (Self.key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(newer.report.results.map { (Self.key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [Change] = []
        var unchanged = 0
        for result in newer.report.results {
            guard let old = before[Self.key(result)] else {
                changes.append(Change(kind: .added, path: result.path, title: result.title, before: nil, after: result.verdict.label, details: []))
                continue
            }
            if let change = Self.change(from: old, to: result) { changes.append(change) } else { unchanged += 1 }
        }
        for result in older.report.results where after[Self.key(result)] == nil {
            changes.append(Change(kind: .removed, path: result.path, title: result.title, before: result.verdict.label, after: nil, details: []))
        }
        self.changes = changes
        self.unchanged = unchanged
    }

    static func key(_ result: ScenarioResult) -> String { result.path + "\n" + result.title }

    static func change(from old: ScenarioResult, to new: ScenarioResult) -> Change? {
        func make(_ kind: Change.Kind, _ details: [String]) -> Change {
            Change(kind: kind, path: new.path, title: new.title, before: describe(old.verdict), after: describe(new.verdict), details: details)
        }
        switch (old.verdict, new.verdict) {
        case (.passed, .passed):
            let shapes = RecordShapes.changes(from: old.records, to: new.records)
            return shapes.isEmpty ? nil : make(.recordsChanged, shapes)
        case (.passed, .failed), (.passed, .error), (.skipped, .failed), (.skipped, .error):
            return make(.regression, problem(new.verdict))
        case (.failed, .passed), (.error, .passed):
            return make(.fix, [])
        case (.skipped(let was), .skipped(let now)):
            return was == now ? nil : make(.changedSkip, [])
        case (.failed, .failed), (.error, .error):
            return nil
        default:
            return make(.otherChange, problem(new.verdict))
        }
    }

    static func describe(_ verdict: Verdict) -> String {
        switch verdict {
        case .skipped(let reason): return "SKIP (\(reason))"
        default: return verdict.label
        }
    }

    static func problem(_ verdict: Verdict) -> [String] {
        switch verdict {
        case .failed(let missing): return missing.flatMap { DiffRenderer.render($0) }
        case .error(let phase, let message): return ["error at \(phase): \(message)"]
        default: return []
        }
    }
}

/// The shape of an event's records: for each record type, the names of its fields in order.
/// Values differ from run to run (pids, times); names and their order are what a patch changes.
enum RecordShapes {
    static func shapes(_ records: [AuditRecord]) -> [(type: String, fields: [String])] {
        var seen: Set<String> = []
        var result: [(type: String, fields: [String])] = []
        for record in records where record.type != "EOE" && !seen.contains(record.type) {
            seen.insert(record.type)
            result.append((record.type, record.fields.map(\.name)))
        }
        return result
    }

    static func changes(from old: [AuditRecord], to new: [AuditRecord]) -> [String] {
        let before = shapes(old), after = shapes(new)
        let oldTypes = Dictionary(before.map { ($0.type, $0.fields) }, uniquingKeysWith: { a, _ in a })
        let newTypes = Dictionary(after.map { ($0.type, $0.fields) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        for (type, fields) in after {
            guard let was = oldTypes[type] else { lines.append("\(type): record added"); continue }
            guard was != fields else { continue }
            let added = fields.filter { !was.contains($0) }, dropped = was.filter { !fields.contains($0) }
            var parts: [String] = []
            if !added.isEmpty { parts.append("added " + added.joined(separator: " ")) }
            if !dropped.isEmpty { parts.append("dropped " + dropped.joined(separator: " ")) }
            let kept = fields.filter(was.contains), keptBefore = was.filter(fields.contains)
            if kept != keptBefore { parts.append("reordered: " + keptBefore.joined(separator: " ") + " -> " + kept.joined(separator: " ")) }
            lines.append("\(type): " + parts.joined(separator: "; "))
        }
        for (type, _) in before where newTypes[type] == nil { lines.append("\(type): record gone") }
        return lines
    }
}
