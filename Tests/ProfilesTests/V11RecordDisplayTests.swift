import AuditRecords
import Matching
import Profiles
import Reporters
import Runner
import ScenarioLanguage
import Testing

/// What a V11 kernel sends (../shared/spec/ghak90.md b3, b5, b6) is shown under the names of
/// the profile in force, wherever a record is shown: its text, the verbose console, a diff,
/// the JUnit and JSON reports. A stock libaudit knows 1020 by no name and 1336 as URINGOP.
struct V11RecordDisplayTests {
    /// The messages of one V11 event, as the kernel sends them: type number and payload.
    static let messages: [(Int, String)] = [
        (1020, "audit(1700000000.100:70): op=set opid=94 contid=123456 old-contid=-1 pid=93 uid=0 auid=4294967295 tty=(none) ses=4294967295 comm=\"sh\" exe=\"/usr/bin/dash\" res=1"),
        (1336, "audit(1700000000.200:71): record=1 contid=123456"),
        (1300, "audit(1700000000.200:71): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=55d0 a2=241 a3=1b6 items=2 ppid=93 pid=94 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"perl\" exe=\"/usr/bin/perl\" key=\"ghak90smoke\" record=1"),
        (1320, "audit(1700000000.200:71): "),
    ]

    static func records(profile: String = "ghak90-v11") throws -> [AuditRecord] {
        let parser = RecordNaming(profiles: try ProfileSet.resolve([profile])).parser()
        return try messages.map { type, payload in try parser.parseKernelMessage(type: type, payload: Array(payload.utf8)).get() }
    }

    @Test func aV11ContainerOpAndContainerIdAreNamedInTypeAndText() throws {
        let records = try Self.records()
        #expect(records[0].type == "CONTAINER_OP")
        #expect(records[0].text.hasPrefix("type=CONTAINER_OP msg=audit(1700000000.100:70): op=set"), "\(records[0].text)")
        #expect(records[1].type == "CONTAINER_ID")
        #expect(records[1].text == "type=CONTAINER_ID msg=audit(1700000000.200:71): record=1 contid=123456")
        #expect(records[2].type == "SYSCALL")
        #expect(records[2].text.hasPrefix("type=SYSCALL msg="))
        #expect(!records.contains { $0.text.contains("UNKNOWN[1020]") || $0.text.contains("URINGOP") })
    }

    /// Under a revision that gave 1336 to nothing, a 1336 with contid= is still URINGOP, text too.
    @Test func anotherRevisionKeepsMainlinesName() throws {
        let records = try Self.records(profile: "ghak90-v5")
        #expect(records[1].type == "URINGOP")
        #expect(records[1].text.hasPrefix("type=URINGOP msg="))
    }

    /// A log line keeps every other byte as auditd wrote it, `node=` included.
    @Test func aRenamedLogLineKeepsItsNodeAndFields() throws {
        let parser = RecordNaming(profiles: try ProfileSet.resolve(["ghak90-v11"])).parser()
        let record = try parser.parseLine(Array("node=box type=URINGOP msg=audit(1700000000.200:71): record=1 contid=123456".utf8)).get()
        #expect(record.type == "CONTAINER_ID")
        #expect(record.text == "node=box type=CONTAINER_ID msg=audit(1700000000.200:71): record=1 contid=123456")
        // A stock auditd writes the number it has no name for as UNKNOWN[1020].
        let op = try parser.parseLine(Array("type=UNKNOWN[1020] msg=audit(1700000000.100:70): op=set opid=94 contid=123456 old-contid=-1".utf8)).get()
        #expect(op.type == "CONTAINER_OP")
        #expect(op.text == "type=CONTAINER_OP msg=audit(1700000000.100:70): op=set opid=94 contid=123456 old-contid=-1")
    }

    @Test func theVerboseConsoleTheDiffAndTheReportsNameThem() throws {
        let records = try Self.records()
        let event = AuditEvent(stamp: records[1].stamp, records: Array(records[1...]))
        let expected = ExpectedRecord(type: "CONTAINER_ID", fields: [
            FieldExpectation(name: "contid", matcher: .equals(.literal("999")), location: SourceLocation(file: "x", line: 1, column: 1)),
        ], location: SourceLocation(file: "x", line: 1, column: 1))
        let comparison = EventComparison.compare(ExpectedEvent(records: [expected], location: SourceLocation(file: "x", line: 1, column: 1)),
                                                 with: event, variables: [:])
        let missing = MissingEvent(location: "x:1:1", nearest: comparison, expectedText: ["type=CONTAINER_ID contid=999"])
        let result = ScenarioResult(path: "x.scenario", title: "t", verdict: .failed([missing]), records: records)
        var console: [String] = []
        ConsoleReporter(verbose: true) { console.append($0) }.report(result)
        let shown = console.joined(separator: "\n")
        #expect(shown.contains("type=CONTAINER_OP msg=audit(1700000000.100:70)"), "\(shown)")
        #expect(shown.contains("type=CONTAINER_ID msg=audit(1700000000.200:71)"), "\(shown)")
        let junit = JUnitReporter().document([result], info: RunInfo(kernelRelease: "6.x", hostname: "h", startedAt: "now"))
        let json = String(decoding: JSONReporter().document([result], info: RunInfo(kernelRelease: "6.x", hostname: "h", startedAt: "now")), as: UTF8.self)
        for text in [shown, junit, json] {
            #expect(!text.contains("UNKNOWN[1020]"))
            #expect(!text.contains("URINGOP"))
        }
        #expect(junit.contains("type=CONTAINER_OP"))
        #expect(json.contains("type=CONTAINER_ID msg="))
    }
}
