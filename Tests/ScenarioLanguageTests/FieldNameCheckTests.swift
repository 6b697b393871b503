import AuditRecords
import Foundation
import ScenarioLanguage
import Testing

struct FieldNameCheckTests {
    static func check(_ records: String) throws -> [Diagnostic] {
        let scenario = try ScenarioParser().parse(source: "scenario \"t\"\nexpect event\n" + records, path: "t.scenario").get()
        return FieldNameCheck.diagnostics(for: scenario)
    }

    @Test func aMisspeltFieldIsAnErrorAtItsNameWithTheNearestName() throws {
        let found = try Self.check("""
                type=SYSCALL syscall=openat sucess=yes key=$key
                type=PATH ittem=1 !nametpye
            """)
        #expect(found.map(\.location.line) == [3, 4, 4])
        #expect(found.map(\.location.column) == [33, 15, 24], "the caret is on the name, after a '!'")
        let hints = found.map { $0.hint ?? "" }
        #expect(hints[0].hasPrefix("did you mean 'success'?"))
        #expect(hints[1].hasPrefix("did you mean 'item'?"))
        #expect(hints[2].hasPrefix("did you mean 'nametype'?"))
        #expect(found[0].message.contains("'sucess'"))
    }

    @Test func aMisspeltNameIsFoundInComparisonsToo() throws {
        let found = try Self.check("""
                type=SYSCALL exitt>=3 ppidd>1 sess!=unset
            """)
        #expect(found.map(\.location.column) == [18, 27, 35], "the caret is on the name")
        try #require(found.count == 3)
        let hints = found.map { $0.hint ?? "" }
        #expect(hints[0].hasPrefix("did you mean 'exit'?"))
        #expect(hints[1].hasPrefix("did you mean 'ppid'?"))
        #expect(hints[2].hasPrefix("did you mean 'ses'?"))
    }

    /// Every field the seed records, the spec and the kernel's own formats use is known.
    @Test func realFieldsAreNotErrors() throws {
        let found = try Self.check("""
                type=SYSCALL arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=1 a2=241 a3=1b6 items=2 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm=perl exe=/usr/bin/perl subj=x key=k record=1
                type=PATH item=1 name=/tmp/x inode=1 dev=00:26 mode=0100644 ouid=0 ogid=0 rdev=00:00 obj=x nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0
                type=EXECVE argc=3 a0=perl a1[0]=x a1_len=9000 a12=y
                type=CONFIG_CHANGE op=add_rule key=k list=4 res=1 audit_backlog_limit=64 old=8192 lost=0 backlog_wait_time_actual=0
                type=NETFILTER_PKT mark=0x1 saddr=127.0.0.1 daddr=::1 proto=1
                type=OBJ_PID opid=1 oauid=0 ouid=0 oses=1 obj=x ocomm=sleep
                type=CONTAINER_OP op=set opid=1 old-contid=-1 contid=123456 res=yes
                type=NS_INFO netns=8 utsns=2 ipcns=1 pidns=4 userns=3 mntns=5
                type=AUDIT_NS_INIT_NET old_netns=7 netns=8
                type=TIME_INJOFFSET sec=0 nsec=1
                type=USER msg='text=hello' text=hello hostnme=typo-but-user-text
                type=UNKNOWN[1999] anything=goes
            """)
        #expect(found.map(\.message) == [])
    }

    /// A name far from every known name is taken as a field the kernel under test adds.
    @Test func aNameFarFromEveryKnownOneIsTakenAsNew() throws {
        let found = try Self.check("    type=SYSCALL ghak_new_field_xyz=1\n")
        #expect(found.isEmpty)
    }

    @Test func anUpperCaseEnrichedNameSaysWhy() throws {
        let found = try Self.check("    type=SYSCALL AUID=unset\n")
        let hint = found.first?.hint ?? ""
        #expect(hint.hasPrefix("did you mean 'auid'?"))
        #expect(hint.contains("enriched"))
    }

    @Test func indexedArgumentNamesFollowTheirPattern() {
        #expect(AuditFieldNames.isKnown("a0"))
        #expect(AuditFieldNames.isKnown("a17[3]"))
        #expect(AuditFieldNames.isKnown("a2_len"))
        #expect(!AuditFieldNames.isKnown("a[3]"))
        #expect(!AuditFieldNames.isKnown("a1["))
        #expect(!AuditFieldNames.isKnown("ab"))
    }

    /// Every scenario shipped and every scenario fixture of the tests: no field error.
    @Test func everyShippedAndFixtureScenarioPasses() throws {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        var checked = 0
        for top in ["scenarios", "Tests"] {
            let root = folder.appendingPathComponent(top)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".scenario") } ?? []
            for file in files {
                guard case .success(let scenario) = ScenarioParser().parse(fileAt: root.appendingPathComponent(file).path) else { continue }
                let found = FieldNameCheck.diagnostics(for: scenario)
                #expect(found.isEmpty, "\(file): \(found.map(\.description))")
                checked += 1
            }
        }
        #expect(checked >= 20)
    }
}
