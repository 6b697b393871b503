import AuditRecords
import Matching
import Profiles
@testable import RecordDrafts
import Runner
import ScenarioLanguage
import Testing

/// A draft of what a ghak90 V11 kernel sends (../shared/spec/ghak90.md b3, b5, b6) names its
/// records through the profile in force: 1020 is CONTAINER_OP, and 1336 with `contid=` is
/// CONTAINER_ID, not mainline's URINGOP.
struct V11DraftTests {
    static let source = """
        scenario "contid: set, then a watched file created by the identified process"
        requires audit contid
        spawn child sleep 30
        write /proc/$child/audit_containerid 123456 => ok
        expect event
            type=CONTAINER_OP op=set
        """

    /// The records as the kernel sends them (type number, payload): the runner (pid 93) sets
    /// the identifier of its child (94), which then creates a file under a watched folder.
    static let messages: [(Int, String)] = [
        (1020, "audit(1700000000.100:70): op=set opid=94 contid=123456 old-contid=-1 pid=93 uid=0 auid=4294967295 tty=(none) ses=4294967295 comm=\"auditspec\" exe=\"/opt/auditspec/auditspec\" res=1"),
        (1336, "audit(1700000000.200:71): record=1 contid=123456"),
        (1300, "audit(1700000000.200:71): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=7ffd5e3a1f20 a2=241 a3=1b6 items=2 ppid=93 pid=94 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"sh\" exe=\"/usr/bin/dash\" key=\"auditspec-93-1\" record=1"),
        (1307, "audit(1700000000.200:71): cwd=\"/root\""),
        (1302, "audit(1700000000.200:71): item=1 name=\"/tmp/auditspec.AbC123/tmpcontainerid\" inode=52 dev=00:2a mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0"),
        (1320, "audit(1700000000.200:71): "),
    ]

    static func run() throws -> RecordedRun {
        let parser = RecordNaming(profiles: try ProfileSet.resolve(["ghak90-v11"])).parser()
        let records = try messages.map { type, payload in try parser.parseKernelMessage(type: type, payload: Array(payload.utf8)).get() }
        var result = ScenarioResult(path: "inline.scenario", title: "t", verdict: .passed, records: records)
        result.bindings = RunBindings(variables: ["child": "94", "tmp": "/tmp/auditspec.AbC123", "key": "auditspec-93-1", "mark": "0x5d0001"],
                                      runnerPID: 93)
        return try RecordedRun(source: source, result: result)
    }

    @Test func recordsAreNamedThroughTheProfileAndValuesAreVariables() throws {
        let text = try Self.run().draft.text()
        #expect(text.contains("    type=CONTAINER_OP op=set opid=$child contid=123456 old-contid=-1 uid=0 auid=4294967295 tty=(none) comm=auditspec res=1\n"), "\(text)")
        #expect(text.contains("    type=CONTAINER_ID record=1 contid=123456\n"))
        #expect(text.contains("key=$key record=1\n"))
        #expect(text.contains("type=PATH item=1 name=$tmp/tmpcontainerid "))
        #expect(!text.contains("URINGOP"))
        #expect(!text.contains("UNKNOWN["))
        // The runner's own pid and program are no variable's: left out, and said so.
        #expect(text.contains("a process the scenario names no variable for: CONTAINER_OP pid, SYSCALL ppid"), "\(text)")
        #expect(text.contains("CONTAINER_OP exe"))
    }

    @Test func theV11DraftMatchesTheSameRecords() throws {
        let run = try Self.run()
        let missing = try run.missing()
        #expect(missing.isEmpty, "\(missing.flatMap(DiffRenderer.render).joined(separator: "\n"))")
        // Another identifier is another record: the draft does not match it.
        var variables = run.variables
        variables["child"] = "95"
        #expect(!(try run.missing(with: variables)).isEmpty)
    }
}
