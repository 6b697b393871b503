import AuditRecords
import Foundation
import Matching
@testable import RecordDrafts
import ScenarioLanguage
import Testing

/// Drafts of recorded runs on a stock kernel: the run's values become the scenario's
/// variables, hex text is written as text, what changes every run is left out and listed,
/// and the draft, read back, matches the records it came from and no others.
struct ExpectDraftTests {
    static let recorded = ["dir-watch-create", "filter-sessionid", "login-loginuid", "signal-kill", "user-message", "netfilter-mark"]

    @Test(arguments: recorded)
    func aDraftParsesBackAndMatchesTheRecordsItCameFrom(_ name: String) throws {
        let run = try RecordedRun(name)
        let draft = run.draft
        #expect(draft.missing == nil)
        #expect(!draft.events.isEmpty)
        let missing = try run.missing()
        #expect(missing.isEmpty, "\(missing.flatMap(DiffRenderer.render).joined(separator: "\n"))")
        let text = draft.text()
        // Nothing of this one run is left in the draft: not its folder, key, or auditspec's own paths.
        let variables = run.variables
        for builtin in ["tmp", "key"] { #expect(!text.contains(variables[builtin]!), "\(builtin) written as a value:\n\(text)") }
        #expect(!text.contains(".build/"))
        #expect(!text.contains("type=EOE"))
        #expect(!text.contains(" inode="))
        #expect(!text.contains(" ses=") || text.contains(" ses=$ses"))
    }

    @Test func aFileWatchNamesTheWriterTheFolderTheKeyAndTheTitle() throws {
        let run = try RecordedRun("dir-watch-create")
        let text = run.draft.text()
        #expect(text.contains("pid=$writer "))
        #expect(text.contains("key=$key"))
        #expect(text.contains("type=PATH item=0 name=$tmp/ "))
        #expect(text.contains("type=PATH item=1 name=$tmp/created "))
        // perl's command line holds quotes and dollars: written bare to the end of the line, $ doubled.
        #expect(text.contains(#"    type=PROCTITLE proctitle=perl -e open(my $$f, ">", "$$ARGV[0]/created") or die "$$!"; close($$f) $tmp"#), "\(text)")
        #expect(text.contains("#   an inode number: PATH inode"))
        #expect(text.contains("#   a session id:"))
    }

    /// The draft says which process: with the writer bound to another pid, it no longer matches.
    @Test func theDraftFailsWhenAProcessIsAnother() throws {
        let run = try RecordedRun("dir-watch-create")
        var variables = run.variables
        variables["writer"] = String(Int(variables["writer"]!)! + 1)
        #expect(!(try run.missing(with: variables)).isEmpty)
        variables = run.variables
        variables["tmp"] = "/tmp/auditspec.other"
        #expect(!(try run.missing(with: variables)).isEmpty)
    }

    @Test func aSessionReadFromAFileIsItsVariable() throws {
        let text = try RecordedRun("filter-sessionid").draft.text()
        #expect(text.contains("pid=$login"))
        #expect(text.contains("ses=$ses"))
        #expect(text.contains("type=PATH item=1 name=$tmp/mine "))
    }

    @Test func aSignalNamesBothProcessesAndLeavesOutThePidArgument() throws {
        let text = try RecordedRun("signal-kill").draft.text()
        #expect(text.contains("pid=$killer"))
        #expect(text.contains("type=OBJ_PID opid=$victim"))
        #expect(text.contains("a pid as a system call argument: SYSCALL a0"))
        #expect(!text.contains("oses="))
    }

    @Test func aUserMessageIsWrittenFieldByField() throws {
        let text = try RecordedRun("user-message").draft.text()
        #expect(text.contains("type=USER pid=$sender "))
        #expect(text.contains(" res=success"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("    type=USER") && $0.contains("msg=") })
        #expect(text.contains("USER exe"), "the agent's program is left out")
    }

    @Test func aLoginsTerminalAndSessionAreLeftOut() throws {
        let text = try RecordedRun("login-loginuid").draft.text()
        #expect(text.contains("type=LOGIN pid=$login uid=0 old-auid=4294967295 auid=1000 res=1"), "\(text)")
        #expect(text.contains("a pseudo-terminal's number: LOGIN tty"))
    }

    /// auditspec's own programs joining or leaving the multicast group (a namespace holder
    /// closing a socket it inherited) and the barrier-free bind of the runner's reader are
    /// none of the scenario's doing: left out, and said so. A lone PROCTITLE is a fragment.
    @Test func auditspecsOwnSocketsAndFragmentsAreLeftOut() throws {
        let lines = [
            #"type=EVENT_LISTENER msg=audit(1700000000.100:10): pid=501 uid=0 auid=4294967295 tty=(none) ses=4294967295 comm="auditspec-agent" exe="/b/.build/debug/auditspec-agent" nl-mcgrp=1 op=disconnect res=1"#,
            #"type=SYSCALL msg=audit(1700000000.200:11): arch=c000003e syscall=49 success=yes exit=0 a0=e a1=7effa49fe228 a2=c a3=7effa49fe238 items=0 ppid=1 pid=500 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="auditspec" exe="/b/auditspec" key=(null)"#,
            #"type=SOCKADDR msg=audit(1700000000.200:11): saddr=100000000000000001000000"#,
            #"type=PROCTITLE msg=audit(1700000000.300:12): proctitle="iptables -A INPUT -j AUDIT --type accept""#,
            #"type=USER msg=audit(1700000000.400:13): pid=501 uid=0 auid=4294967295 ses=4294967295 msg='text=hi exe="/b/auditspec-agent" hostname=? addr=? terminal=? res=success'"#,
        ]
        let records = try lines.map { try RecordParser().parseLine(Array($0.utf8)).get() }
        var result = ScenarioResult(path: "x.scenario", title: "x", verdict: .passed, records: records)
        result.bindings = RunBindings(variables: ["lab": "501", "tmp": "/tmp/auditspec.Q", "key": "auditspec-500-1"], runnerPID: 500)
        let run = try RecordedRun(source: "scenario \"x\"\nagent lab\nusermsg hi from lab\n", result: result)
        let draft = run.draft
        #expect(draft.events == [["type=USER pid=$lab uid=0 auid=4294967295 text=hi hostname=? addr=? terminal=? res=success"]])
        #expect(draft.leftOut[.auditspecItself]?.contains("events of its own audit sockets") == true)
        #expect(draft.leftOut[.fragment] == ["PROCTITLE"])
        #expect(try run.missing().isEmpty)
    }

    /// A skipped scenario has no draft, and says why.
    @Test func aSkipHasNoDraft() throws {
        let scenario = Scenario(path: "x.scenario", title: "x")
        let draft = ExpectDraft(scenario: scenario, result: ScenarioResult(path: "x.scenario", title: "x", verdict: .skipped(reason: "no contid")))
        #expect(draft.missing == "skipped: no contid")
        #expect(draft.text().contains("# no draft: skipped: no contid"))
        #expect(!draft.text().contains("expect"))
    }
}
