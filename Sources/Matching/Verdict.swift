import AuditRecords
import ScenarioLanguage

/// The result of one scenario, whichever path (live, replay, VM) produced its records.
public enum Verdict: Hashable, Sendable, Codable {
    case passed
    /// Expected events that never came, each with the nearest candidate's diff.
    case failed([MissingEvent])
    /// The scenario could not run here; the reason says what is missing.
    case skipped(reason: String)
    /// The scenario itself broke (an action did not do what it says), in the named phase.
    case error(phase: ErrorPhase, message: String)

    public var label: String {
        switch self {
        case .passed: return "PASS"
        case .failed: return "FAIL"
        case .skipped: return "SKIP"
        case .error: return "ERROR"
        }
    }

    /// In results files (docs/results-schema.md): `{"status": "FAIL", "missing": [...]}`,
    /// `{"status": "SKIP", "reason": ...}`, `{"status": "ERROR", "phase": ..., "message": ...}`.
    /// Files of version 1 wrote Swift's own layout (`{"failed": {"_0": [...]}}`), still read.
    private enum Key: String, CodingKey { case status, missing, reason, phase, message, passed, failed, skipped, error, _0 }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(label, forKey: .status)
        switch self {
        case .passed: break
        case .failed(let missing): try container.encode(missing, forKey: .missing)
        case .skipped(let reason): try container.encode(reason, forKey: .reason)
        case .error(let phase, let message):
            try container.encode(phase, forKey: .phase)
            try container.encode(message, forKey: .message)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let status = try container.decodeIfPresent(String.self, forKey: .status) {
            switch status {
            case "PASS": self = .passed
            case "FAIL": self = .failed(try container.decode([MissingEvent].self, forKey: .missing))
            case "SKIP": self = .skipped(reason: try container.decode(String.self, forKey: .reason))
            case "ERROR": self = .error(phase: try container.decode(ErrorPhase.self, forKey: .phase),
                                        message: try container.decode(String.self, forKey: .message))
            default:
                throw DecodingError.dataCorruptedError(forKey: .status, in: container, debugDescription: "unknown status '\(status)'")
            }
            return
        }
        // Version 1.
        if container.contains(.passed) { self = .passed; return }
        if container.contains(.failed) {
            self = .failed(try container.nestedContainer(keyedBy: Key.self, forKey: .failed).decode([MissingEvent].self, forKey: ._0))
            return
        }
        if container.contains(.skipped) {
            self = .skipped(reason: try container.nestedContainer(keyedBy: Key.self, forKey: .skipped).decode(String.self, forKey: .reason))
            return
        }
        let error = try container.nestedContainer(keyedBy: Key.self, forKey: .error)
        self = .error(phase: try error.decode(ErrorPhase.self, forKey: .phase), message: try error.decode(String.self, forKey: .message))
    }
}

/// An expected event that was not seen, with where it was written and its nearest miss.
public struct MissingEvent: Hashable, Sendable, Codable {
    public var location: String
    public var nearest: EventComparison?
    /// The expected records, rendered with the run's variables.
    public var expectedText: [String]
    /// For a counted expectation: what was asked and what was seen ("expected no event, saw 1").
    public var countProblem: String?
    /// For a counted expectation: the first events that did match (for `no event`, the culprits);
    /// for a late one, the event that came too late.
    public var matching: [AuditEvent]
    /// For an expectation with `within`: how late the event that matched it came.
    public var lateness: String?

    public init(location: String, nearest: EventComparison?, expectedText: [String], countProblem: String? = nil,
                matching: [AuditEvent] = []) {
        self.location = location
        self.nearest = nearest
        self.expectedText = expectedText
        self.countProblem = countProblem
        self.matching = matching
    }

    /// The expected events that the outcomes say were not seen, with the run's variables filled in.
    public static func list(_ expectations: [ExpectedEvent], _ outcomes: [ExpectationOutcome],
                            variables: [String: String]) -> [MissingEvent] {
        zip(expectations, outcomes).compactMap { expected, outcome in
            let text = expected.records.map { render($0, variables: variables) }
            switch outcome {
            case .matched:
                return nil
            case .missing(let nearest, let late?):
                let bound = expected.within.map { String(format: "%g", $0) } ?? "?"
                var missing = MissingEvent(location: "\(expected.location)", nearest: nearest, expectedText: text, matching: [late.event])
                missing.lateness = String(format: "a matching event came %.2f s after the last action, past 'within %@s'", late.elapsed, bound)
                return missing
            case .missing(let nearest, nil):
                return MissingEvent(location: "\(expected.location)", nearest: nearest, expectedText: text)
            case .wrongCount(let seen, let matching, let nearest):
                return MissingEvent(location: "\(expected.location)", nearest: matching.isEmpty ? nearest : nil, expectedText: text,
                                    countProblem: "expected \(expected.count), saw \(seen)", matching: matching)
            }
        }
    }

    /// An expected record as a scenario would write it, variables filled in.
    static func render(_ record: ExpectedRecord, variables: [String: String]) -> String {
        (["type=\(record.type)"] + record.fields.map { field in
            switch field.matcher {
            case .absent: return "!\(field.name)"
            case .regex(let pattern): return "\(field.name)~=\(pattern)"
            case .relation(let relation, let template): return field.name + relation.rawValue + template.render(variables)
            default: return "\(field.name)=\(FieldComparison.describe(field.matcher, variables: variables))"
            }
        }).joined(separator: " ")
    }
}

/// One scenario's verdict with what a report needs to explain it.
public struct ScenarioResult: Hashable, Sendable, Codable {
    /// The scenario file, as given on the command line.
    public var path: String
    public var title: String
    public var verdict: Verdict
    /// Seconds from start to verdict.
    public var duration: Double
    /// The records the scenario saw, as received (for JUnit's system-out and for debugging).
    public var records: [AuditRecord]
    /// What arrived but could not be read: kept and shown, never dropped.
    public var unreadable: [UnreadableRecord]
    /// Things worth saying that do not change the verdict (variables bound, warnings).
    public var notes: [String]
    /// What a live run bound (`$tmp`, `$key`, each process's pid...); nil for a replay, and
    /// in results files written before it was kept.
    public var bindings: RunBindings?
    /// Which row (from 1) of its file's `parameters` table it is, if the file has one.
    public var row: Int?
    /// The spec items it checks (`ghak90 b1`), from its `covers` lines; nil in results files
    /// written before they were kept.
    public var covers: [String]?

    public init(path: String, title: String, verdict: Verdict, duration: Double = 0, records: [AuditRecord] = [],
                unreadable: [UnreadableRecord] = [], notes: [String] = []) {
        self.path = path
        self.title = title
        self.verdict = verdict
        self.duration = duration
        self.records = records
        self.unreadable = unreadable
        self.notes = notes
    }

    /// The result of `scenario`: its file, title, row and spec items, and the rest as given.
    public init(of scenario: Scenario, verdict: Verdict, duration: Double = 0, records: [AuditRecord] = [],
                unreadable: [UnreadableRecord] = [], notes: [String] = []) {
        self.init(path: scenario.path, title: scenario.title, verdict: verdict, duration: duration, records: records,
                  unreadable: unreadable, notes: notes)
        row = scenario.parameterRow
        covers = scenario.covers.map(\.description)
    }
}

/// The values a live run of one scenario bound, kept with its result so that its records can
/// be read back in the scenario's own words (`auditspec record` puts `$writer` back for a pid).
public struct RunBindings: Hashable, Sendable, Codable {
    /// Every variable by name, as the scenario's templates see them: `tmp`, `key`, `mark`,
    /// the names steps bound (a pid, a value read), `NAME.tid`, `NAME.netns`, a row's values.
    public var variables: [String: String]
    /// The runner's own pid: records of its own system calls carry it, and no variable names it.
    public var runnerPID: Int?

    public init(variables: [String: String], runnerPID: Int? = nil) {
        self.variables = variables
        self.runnerPID = runnerPID
    }
}
