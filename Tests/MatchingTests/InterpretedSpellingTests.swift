import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Raw and interpreted spellings of whatever libauparse interprets match both ways (issue 14, item 4).
@Suite struct InterpretedSpellingTests {
    func matches(_ spec: String, _ record: AuditRecord) -> Bool {
        let field = Samples.field(spec)
        var bindings: [String: String] = [:]
        return FieldComparison.matches(field.matcher, field: field.name, in: record, bindings: &bindings)
    }

    static let rawOpen = Samples.record("SYSCALL", "arch=c000003e syscall=257 success=no exit=-2 a0=ffffff9c a1=7ffd0 items=1")
    static let spokenOpen = Samples.record("SYSCALL", "arch=x86_64 syscall=openat success=no exit=ENOENT(No such file or directory) a0=AT_FDCWD items=1",
                                           interpreted: true)
    static let rawKill = Samples.record("SYSCALL", "arch=c000003e syscall=62 success=yes exit=0 a0=3039 a1=f items=0")
    static let spokenKill = Samples.record("SYSCALL", "arch=x86_64 syscall=kill success=yes exit=0 a0=0x3039 a1=SIGTERM items=0",
                                           interpreted: true)

    @Test(arguments: [rawOpen, spokenOpen])
    func anErrnoNameMatchesTheExitCode(record: AuditRecord) {
        #expect(matches("exit=ENOENT", record))
        #expect(matches("exit=-2", record))
        #expect(matches("exit=ENOENT(No such file or directory)", record))
        #expect(!matches("exit=EACCES", record))
        #expect(!matches("exit=-13", record))
        #expect(!matches("exit=ENOEN", record), "a prefix of the name is another name")
    }

    @Test(arguments: [rawKill, spokenKill])
    func aSignalNameMatchesKillsArgument(record: AuditRecord) {
        #expect(matches("a1=SIGTERM", record))
        #expect(matches("a1=f", record))
        #expect(matches("a1=0xf", record))
        #expect(!matches("a1=SIGKILL", record))
        #expect(!matches("a1=9", record))
        #expect(matches("syscall=kill", record))
        #expect(matches("syscall=62", record))
    }

    @Test func interpretedSpellingsInOrderings() {
        #expect(matches("exit!=EACCES", Self.rawOpen))
        #expect(!matches("exit!=ENOENT", Self.rawOpen))
        #expect(!matches("exit!=ENOENT", Self.spokenOpen))
    }
}
