import AuditRecords
import Testing

struct ExecveArgumentsTests {
    func record(_ type: String, _ fields: [(String, String, RecordField.Quoting)]) -> AuditRecord {
        AuditRecord(type: type, stamp: RecordStamp(time: "1.000", serial: 7),
                    fields: fields.map { RecordField(name: $0.0, value: $0.1, quoting: $0.2) }, text: type)
    }

    @Test func piecesOverTwoRecordsAreJoinedAndKept() {
        let event = AuditEvent(stamp: RecordStamp(time: "1.000", serial: 7), records: [
            record("SYSCALL", [("syscall", "59", .bare)]),
            record("EXECVE", [("argc", "2", .bare), ("a0", "ls", .double), ("a1_len", "6", .bare), ("a1[0]", "abc", .double)]),
            record("EXECVE", [("a1[1]", "def", .double)]),
            record("EOE", []),
        ])
        let joined = event.joiningExecveArguments()
        #expect(joined.records.map(\.type) == ["SYSCALL", "EXECVE", "EOE"])
        let execve = joined.records[1]
        #expect(execve.fields.map(\.name) == ["argc", "a0", "a1", "a1_len", "a1[0]", "a1[1]"])
        #expect(execve[field: "a1"] == "abcdef")
        #expect(execve.fields.first { $0.name == "a1" }?.quoting == .double)
        #expect(execve.text == "EXECVE\nEXECVE", "both lines are kept")
    }

    @Test func anEventWithNothingCutIsLeftAsItIs() {
        let event = AuditEvent(stamp: nil, records: [record("EXECVE", [("argc", "1", .bare), ("a0", "ls", .double)])])
        #expect(event.joiningExecveArguments() == event)
    }
}
