import Runner
import ScenarioLanguage
import Testing

/// Which scenarios run alone in a --jobs run, read from the scenario alone (so a serial run
/// attributes events the same way).
struct ScenarioIsolationTests {
    static func isolation(_ body: String) throws -> ScenarioIsolation {
        let text = "scenario \"t\"\nrequires audit\n" + body
        return ScenarioIsolation(try ScenarioParser().parse(source: text, path: "t.scenario").get())
    }

    @Test func rulesOnItsOwnFilesOrProcessesLetItRunBesideOthers() throws {
        let watch = try Self.isolation("""
            rule -a always,exit -F dir=$tmp/watched -F perm=wa -k $key
            rule -w $tmp/file -p wa -k $key
            agent killer
            rule -a always,exit -F arch=b64 -S kill -F pid=$killer -k $key
            expect event
                type=SYSCALL key=$key
            """)
        #expect(watch.runsAloneBecause == nil)
        #expect(watch.rulesAreConfined)
    }

    @Test func aRuleOnEveryProcessRunsAlone() throws {
        let broad = try Self.isolation("""
            rule -a always,exit -F arch=b64 -S kill -F key=$key
            agent victim
            expect event
                type=SYSCALL key=$key
            """)
        #expect(broad.runsAloneBecause?.contains("t.scenario:3:1") == true, "\(broad.runsAloneBecause ?? "")")
        #expect(!broad.rulesAreConfined)
        let notEqual = try Self.isolation("""
            agent victim
            rule -a always,exit -S kill -F pid!=$victim -k $key
            """)
        #expect(notEqual.runsAlone, "pid!= names everyone else")
        let elsewhere = try Self.isolation("rule -a always,exit -F dir=/etc -k $key\n")
        #expect(elsewhere.runsAlone)
    }

    /// In `auditspec vm` the guest runs scenarios at once: one that may crash or taint the
    /// kernel runs alone, so the console's report is its own.
    @Test func aScenarioThatRequiresAVMRunsAlone() throws {
        let text = "scenario \"t\"\nrequires vm\nagent a\n"
        let crash = ScenarioIsolation(try ScenarioParser().parse(source: text, path: "t.scenario").get())
        #expect(crash.runsAloneBecause?.contains("only in a VM") == true, "\(crash.runsAloneBecause ?? "")")
        #expect(try Self.isolation("agent a\n").runsAloneBecause == nil)
    }

    @Test func globalSettingsRunAlone() throws {
        let setting = try Self.isolation("set backlog_limit 64\n")
        #expect(setting.runsAloneBecause?.contains("whole machine") == true)
        let exclude = try Self.isolation("rule -a never,exclude -F msgtype=USER\n")
        #expect(exclude.runsAlone)
    }

    @Test func packetsWithoutTheScenarioMarkRunAlone() throws {
        let literal = try Self.isolation("""
            netns lab
            run in lab iptables -t mangle -I INPUT -i lo -j MARK --set-mark 0x12345555
            expect event
                type=NETFILTER_PKT mark=0x12345555
            """)
        #expect(literal.runsAloneBecause?.contains("without mark=$mark") == true)
        let own = try Self.isolation("""
            netns lab
            run in lab iptables -t mangle -I INPUT -i lo -j MARK --set-mark $mark
            expect event
                type=NETFILTER_PKT mark=$mark saddr=127.0.0.1
            """)
        #expect(own.runsAloneBecause == nil)
    }

    @Test func recordsOnlyTheRunnerMakesRunAlone() throws {
        let fromRunner = try Self.isolation("usermsg \"text=hi\"\n")
        #expect(fromRunner.runsAloneBecause?.contains("runner itself") == true)
        let fromAgent = try Self.isolation("agent sender\nusermsg \"text=hi\" from sender\n")
        #expect(fromAgent.runsAloneBecause == nil)
        let configChange = try Self.isolation("expect event\n    type=CONFIG_CHANGE op=add_rule\n")
        #expect(configChange.runsAlone)
        let keylessWrite = try Self.isolation("""
            rule -a always,exit -F dir=$tmp -F perm=wa
            write $tmp/file x
            """)
        #expect(keylessWrite.runsAloneBecause?.contains("-k $key") == true)
        let keyedWrite = try Self.isolation("""
            rule -a always,exit -F dir=$tmp -F perm=wa -k $key
            write $tmp/file x
            """)
        #expect(keyedWrite.runsAloneBecause == nil)
    }
}
