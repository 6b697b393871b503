import ScenarioLanguage
import Testing

/// A spelling that could never match is an error when the file is read (issue 14, item 4).
struct ValueSpellingCheckTests {
    func diagnostics(_ record: String) -> [Diagnostic] {
        let source = "scenario \"t\"\nexpect event\n    \(record)\n"
        switch ScenarioCheck.judge(ScenarioParser().parse(source: source, path: "t.scenario")) {
        case .success: return []
        case .failure(let list): return list.diagnostics
        }
    }

    @Test(arguments: ["type=SYSCALL exit=ENOENTX", "type=SYSCALL syscall=opn", "type=SYSCALL success=maybe",
                      "type=SYSCALL syscall=kill a1=SIGTREM", "type=SYSCALL arch=x86_65", "type=SYSCALL exit!=EACCESS"])
    func aValueNoRecordCouldHoldIsAnError(record: String) throws {
        let found = diagnostics(record)
        try #require(found.count == 1, "\(found)")
        let value = record.split(separator: " ").last!.split(separator: "=").last!
        #expect(found[0].location.line == 3)
        #expect(found[0].location.column == 5 + record.count - value.count, "at the value: \(found[0])")
        #expect(found[0].message.contains("can never match"))
    }

    @Test(arguments: ["type=SYSCALL exit=ENOENT", "type=SYSCALL exit=-2", "type=SYSCALL exit=ENOENT(No such file or directory)",
                      "type=SYSCALL syscall=openat", "type=SYSCALL syscall=257", "type=SYSCALL syscall=kill a1=SIGTERM a1=f a1=0xf",
                      "type=SYSCALL arch=x86_64 arch=c000003e", "type=SYSCALL success=yes", "type=SYSCALL exit=$key",
                      "type=EXECVE a1=SIGWHATEVER", "type=PATH name=ENOENTX"])
    func everySpellingThatCanMatchIsKept(record: String) {
        #expect(diagnostics(record).isEmpty, "\(diagnostics(record))")
    }

    @Test func theHintNamesTheNearestName() {
        #expect(diagnostics("type=SYSCALL exit=ENOENTX").first?.hint == "did you mean 'ENOENT'?")
        #expect(diagnostics("type=SYSCALL a1=SIGTREM").first?.hint == "did you mean 'SIGTERM'?")
    }
}
