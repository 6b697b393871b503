import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Expected and actual records for this target's tests.
enum Samples {
    static let place = SourceLocation(file: "s.scenario", line: 12, column: 1)

    /// An actual record read from a log line: `type=TYPE msg=audit(1700000000.123:SERIAL): BODY`.
    /// `interpreted`: as `ausearch -i` prints it (` : ` after the stamp).
    static func record(_ type: String, _ body: String = "", serial: UInt64 = 42, interpreted: Bool = false) -> AuditRecord {
        let line = "type=\(type) msg=audit(1700000000.123:\(serial))\(interpreted ? " : " : ": ")\(body)"
        switch RecordParser().parseLine(Array(line.utf8)) {
        case .success(let record): return record
        case .failure(let bad): fatalError("sample record does not parse: \(bad)")
        }
    }

    static func event(_ records: AuditRecord...) -> AuditEvent {
        AuditEvent(stamp: records.first?.stamp, records: records)
    }

    /// `name=value` (with `$variables`), `name=*`, `!name` or `name~=regex`, as in a scenario.
    static func field(_ spec: String, column: Int = 5) -> FieldExpectation {
        let location = SourceLocation(file: place.file, line: place.line + 1, column: column)
        if spec.hasPrefix("!") { return FieldExpectation(name: String(spec.dropFirst()), matcher: .absent, location: location) }
        if let range = spec.range(of: "~=") {
            return FieldExpectation(name: String(spec[..<range.lowerBound]), matcher: .regex(String(spec[range.upperBound...])),
                                    location: location)
        }
        if let range = spec.range(of: "!=") {
            return FieldExpectation(name: String(spec[..<range.lowerBound]),
                                    matcher: .relation(.notEqual, Template.parse(String(spec[range.upperBound...]), column: 1)), location: location)
        }
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        let matcher: FieldMatcher = parts[1] == "*" ? .present : .equals(Template.parse(parts[1], column: 1))
        return FieldExpectation(name: parts[0], matcher: matcher, location: location)
    }

    static func expected(_ type: String, _ fields: String..., line: Int = 13) -> ExpectedRecord {
        ExpectedRecord(type: type, fields: fields.map { field($0) }, location: SourceLocation(file: place.file, line: line, column: 5))
    }

    static func expectedEvent(_ records: ExpectedRecord...) -> ExpectedEvent {
        ExpectedEvent(records: records, location: place)
    }

    /// A syscall event as the kernel sends it: SYSCALL, CWD, PATH 0, PATH 1, PROCTITLE, EOE.
    static func syscallEvent(key: String = "k", serial: UInt64 = 42) -> AuditEvent {
        AuditEvent(stamp: RecordStamp(time: "1700000000.123", serial: serial), records: [
            record("SYSCALL", "syscall=257 success=yes pid=99 key=\"\(key)\"", serial: serial),
            record("CWD", "cwd=\"/root\"", serial: serial),
            record("PATH", "item=0 name=\"/tmp/\" nametype=PARENT", serial: serial),
            record("PATH", "item=1 name=\"/tmp/f\" nametype=CREATE", serial: serial),
            record("PROCTITLE", "proctitle=7065726C002D65", serial: serial),
            record("EOE", "", serial: serial),
        ])
    }
}
