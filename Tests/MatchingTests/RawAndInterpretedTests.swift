import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Property: a record and its ausearch -i interpretation match the same expectations, whether
/// the expectation is written raw or interpreted.
struct RawAndInterpretedTests {
    static let raw = "type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=257 success=yes exit=3 a2=241 uid=0 gid=0 euid=0 key=\"k\""

    /// The same record as ausearch -i prints it, built field by field through libauparse.
    static func interpreted() throws -> AuditRecord {
        let record = try RecordParser().parseLine(Array(raw.utf8)).get()
        let fields = record.fields.map { field -> RecordField in
            RecordField(name: field.name, value: RecordInterpreter.interpret(field.name, of: record) ?? field.value)
        }
        let body = fields.map(\.rawText).joined(separator: " ")
        return try RecordParser().parseLine(Array("type=SYSCALL msg=audit(11/14/2023 22:13:20.123:42) : \(body)".utf8)).get()
    }

    @Test func bothFormsMatchBothSpellings() throws {
        let rawRecord = try RecordParser().parseLine(Array(Self.raw.utf8)).get()
        let interpreted = try Self.interpreted()
        #expect(interpreted.form == .interpreted)
        #expect(interpreted[field: "syscall"] == "openat")
        let pairs = [("syscall", "257", "openat"), ("uid", "0", "root"), ("arch", "c000003e", "x86_64"), ("a2", "241", interpreted[field: "a2"]!)]
        for (field, rawValue, interpretedValue) in pairs {
            for record in [rawRecord, interpreted] {
                for expected in [rawValue, interpretedValue] {
                    var bindings: [String: String] = [:]
                    #expect(FieldComparison.matches(.equals(.literal(expected)), field: field, in: record, bindings: &bindings),
                            "\(field)=\(expected) against the \(record.form) record")
                }
                var bindings: [String: String] = [:]
                #expect(!FieldComparison.matches(.equals(.literal(field == "uid" ? "daemon" : "59")), field: field, in: record, bindings: &bindings))
            }
        }
    }
}
