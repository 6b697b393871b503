import Attribution
import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Which events are a scenario's, fed by hand: records as the kernel prints them (see
/// a capture of a live run), a runner with pid 1000 and this scenario second of four.
struct EventAttributionTests {
    static let runner: Int32 = 1000
    static let tags = ScenarioTags(runner: runner, index: 2)

    static func attribution(alone: Bool = false, confined: Bool = true) -> EventAttribution {
        EventAttribution(.init(tags: tags, scenarioCount: 4, runsAlone: alone, rulesAreConfined: confined))
    }

    /// One event of records `type=TYPE BODY` sharing a stamp.
    static func event(_ records: (String, String)..., serial: Int = 100) -> AuditEvent {
        let parsed = records.map { type, body -> AuditRecord in
            let line = "type=\(type) msg=audit(1700000000.123:\(serial)): \(body)"
            guard case .success(let record) = RecordParser().parseLine(Array(line.utf8)) else { fatalError("does not parse: \(line)") }
            return record
        }
        return AuditEvent(stamp: parsed.first?.stamp, records: parsed)
    }

    static func syscall(pid: Int32, ppid: Int32, key: String? = nil, number: Int = 257) -> AuditEvent {
        event(("SYSCALL", "arch=c000003e syscall=\(number) success=yes exit=3 ppid=\(ppid) pid=\(pid) auid=4294967295 uid=0 "
               + "comm=\"perl\" exe=\"/usr/bin/perl\" key=" + (key.map { "\"\($0)\"" } ?? "(null)")))
    }

    static func userMessage(pid: Int32, text: String) -> AuditEvent {
        event(("USER", "pid=\(pid) uid=0 auid=4294967295 ses=4294967295 msg='\(text) exe=\"/usr/sbin/auditctl\" hostname=? addr=? terminal=? res=success'"))
    }

    static func packet(mark: String) -> AuditEvent {
        event(("NETFILTER_PKT", "mark=\(mark) saddr=127.0.0.1 daddr=127.0.0.1 proto=1"))
    }

    @Test func keysAndMarksAreUniqueInARunAndNeverZero() {
        let marks = ScenarioTags.marks(runner: Self.runner, count: 20)
        #expect(marks.count == 20)
        #expect(!marks.contains(0))
        #expect(Self.tags.key == "auditspec-1000-2")
        #expect(Self.tags.markText == "0x3e80002")
        #expect(ScenarioTags(runner: 0, index: 65536).mark != 0)
    }

    @Test func theProcessesItStartedAndTheirDescendantsAreItsOwn() {
        var attribution = Self.attribution()
        attribution.adopt(2001)
        let own = Self.syscall(pid: 2001, ppid: Self.runner)
        let child = Self.syscall(pid: 2002, ppid: 2001)
        let cron = Self.syscall(pid: 3001, ppid: 1)
        #expect(attribution.claim(own) == [own])
        #expect(attribution.claim(child) == [child])
        #expect(attribution.claim(cron).isEmpty)
        #expect(attribution.processes == [2001, 2002])
    }

    /// A grandchild's first record can come before its parent's: it is held, then handed on
    /// once the parent shows up as a child of a known process.
    @Test func aGrandchildSeenBeforeItsParentIsHeldUntilTheParentIsKnown() {
        var attribution = Self.attribution()
        attribution.adopt(2001)
        let grandchild = Self.syscall(pid: 2003, ppid: 2002)
        let noise = Self.syscall(pid: 3001, ppid: 1)
        let child = Self.syscall(pid: 2002, ppid: 2001)
        #expect(attribution.claim(grandchild).isEmpty)
        #expect(attribution.claim(noise).isEmpty)
        #expect(attribution.claim(child) == [grandchild, child], "held first, in arrival order; the noise stays out")
        #expect(attribution.processes == [2001, 2002, 2003])
    }

    @Test func heldEventsAreBounded() {
        var attribution = Self.attribution()
        attribution.adopt(2001)
        let lost = Self.syscall(pid: 2003, ppid: 2002)
        #expect(attribution.claim(lost).isEmpty)
        for pid in 0..<Int32(EventAttribution.heldLimit) { _ = attribution.claim(Self.syscall(pid: 5000 + pid, ppid: 4000 + pid)) }
        let child = Self.syscall(pid: 2002, ppid: 2001)
        #expect(attribution.claim(child) == [child], "the oldest held event was let go")
    }

    /// With every rule confined to its own files or processes, its key proves the event is its
    /// own, whoever acted; with a rule that could match anyone, only its own processes count.
    @Test func itsKeyCountsOnlyWhenItsRulesAreConfined() {
        let stranger = Self.syscall(pid: 3001, ppid: 1, key: Self.tags.key)
        var confined = Self.attribution(confined: true)
        #expect(confined.claim(stranger) == [stranger])
        var broad = Self.attribution(alone: true, confined: false)
        broad.adopt(2001)
        #expect(broad.claim(stranger).isEmpty, "cron's kill matched by a rule on every kill is not the scenario's")
        let own = Self.syscall(pid: 2001, ppid: Self.runner, key: Self.tags.key)
        #expect(broad.claim(own) == [own])
    }

    @Test func anotherScenariosKeyIsNeverItsOwn() {
        var attribution = Self.attribution(alone: true)
        let other = ScenarioTags(runner: Self.runner, index: 3).key
        let runnerForOther = Self.event(("CONFIG_CHANGE", "auid=4294967295 ses=4294967295 op=remove_rule key=\"\(other)\" list=4 res=1"),
                                        ("SYSCALL", "arch=c000003e syscall=44 success=yes ppid=1 pid=1000 key=(null)"))
        #expect(attribution.claim(runnerForOther).isEmpty)
        let machineRule = Self.syscall(pid: 1000, ppid: 1, key: "identity")
        #expect(attribution.claim(machineRule) == [machineRule], "a key of no scenario says nothing; the runner is its own while alone")
    }

    /// The runner acts for every scenario: its events are this one's when they carry its key
    /// or act on one of its processes, or when nothing else runs.
    @Test func theRunnersEventsNeedTheKeyOrAnObjectUnlessItRunsAlone() {
        var attribution = Self.attribution()
        attribution.adopt(2001)
        let write = Self.event(("CONTAINER_OP", "op=set opid=2001 contid=123456 old-contid=18446744073709551615 pid=1000 uid=0 res=1"))
        let otherWrite = Self.event(("CONTAINER_OP", "op=set opid=2999 contid=7 old-contid=18446744073709551615 pid=1000 uid=0 res=1"))
        let ruleAdded = Self.event(("CONFIG_CHANGE", "auid=4294967295 ses=4294967295 op=add_rule key=\"\(Self.tags.key)\" list=4 res=1"),
                                   ("SYSCALL", "arch=c000003e syscall=44 success=yes ppid=1 pid=1000 key=(null)"))
        let lostReset = Self.event(("CONFIG_CHANGE", "op=set lost=0 old=0 auid=4294967295 ses=4294967295 res=1"),
                                   ("SYSCALL", "arch=c000003e syscall=44 success=yes ppid=1 pid=1000 key=(null)"))
        #expect(attribution.claim(write) == [write])
        #expect(attribution.claim(otherWrite).isEmpty)
        #expect(attribution.claim(ruleAdded) == [ruleAdded])
        #expect(attribution.claim(lostReset).isEmpty, "beside others, a keyless runner event could be anyone's")
        var alone = Self.attribution(alone: true)
        #expect(alone.claim(lostReset) == [lostReset])
    }

    /// Two scenarios pinging 127.0.0.1 in their own namespaces: NETFILTER_PKT names no
    /// process, so each tells its own by its mark; an unmarked packet is a running-alone
    /// scenario's (the runner makes a scenario that expects one without $mark run alone).
    @Test func packetsAreToldApartByMark() {
        var first = Self.attribution()
        var second = EventAttribution(.init(tags: ScenarioTags(runner: Self.runner, index: 3), scenarioCount: 4,
                                            runsAlone: false, rulesAreConfined: true))
        let mine = Self.packet(mark: Self.tags.markText)
        let theirs = Self.packet(mark: ScenarioTags(runner: Self.runner, index: 3).markText)
        let unmarked = Self.packet(mark: "0x0")
        #expect(first.claim(mine) == [mine])
        #expect(first.claim(theirs).isEmpty)
        #expect(second.claim(theirs) == [theirs])
        #expect(second.claim(mine).isEmpty)
        #expect(first.claim(unmarked).isEmpty)
        var alone = Self.attribution(alone: true)
        #expect(alone.claim(unmarked) == [unmarked])
        #expect(alone.claim(theirs).isEmpty, "another scenario's mark is theirs even then")
        #expect(alone.claim(Self.packet(mark: "0x12345555")).count == 1, "a mark of no scenario, as a serial run would see it")
    }

    @Test func severalKeysInOneRecordAreReadFromTheirHexForm() {
        var attribution = Self.attribution()
        let hex = Array("other\u{01}\(Self.tags.key)".utf8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
        let event = Self.event(("SYSCALL", "arch=c000003e syscall=257 success=yes ppid=1 pid=3001 key=\(hex)"))
        #expect(attribution.claim(event) == [event])
    }

    // MARK: what a matcher without attribution would have said

    static func scenario(_ text: String) throws -> Scenario {
        try ScenarioParser().parse(source: text, path: "noise.scenario").get()
    }

    /// `expect no event` of a user message by the scenario's agent, while a process of the
    /// machine sends user messages: without attribution the noise is taken for the agent's.
    @Test func noiseBreaksAnExpectNoEventOnlyWithoutAttribution() throws {
        let scenario = try Self.scenario("""
            scenario "quiet: the agent sends no user message"
            requires audit
            timeout 1s
            agent quiet
            expect no event
                type=USER msg~='.*'
            """)
        let noise = Self.userMessage(pid: 3001, text: "text=auditspec-noise-7")
        var naive = ExpectationTracker(expectations: scenario.expectations, variables: [:])
        naive.consider(noise)
        #expect(!Self.passes(naive.outcomes), "a naive matcher fails the quiet scenario under noise")

        var attributed = ExpectationTracker(expectations: scenario.expectations, variables: [:])
        var attribution = Self.attribution()
        attribution.adopt(2001)
        for event in attribution.claim(noise) { attributed.consider(event) }
        #expect(Self.passes(attributed.outcomes))
        let own = Self.userMessage(pid: 2001, text: "text=hello")
        for event in attribution.claim(own) { attributed.consider(event) }
        #expect(!Self.passes(attributed.outcomes), "the agent's own message still fails it")
    }

    /// `expect 1 event` of unlinkat by a rule on every unlinkat (so the scenario runs alone),
    /// while the machine removes files: only its own process's unlink counts.
    @Test func noiseBreaksACountOnlyWithoutAttribution() throws {
        let scenario = try Self.scenario("""
            scenario "one unlink by the scenario's process"
            requires audit
            rule -a always,exit -F arch=b64 -S unlinkat -k $key
            spawn remover rm -f $tmp/file
            expect 1 event
                type=SYSCALL syscall=unlinkat key=$key
            """)
        let variables = ["key": Self.tags.key]
        let own = Self.syscall(pid: 2001, ppid: Self.runner, key: Self.tags.key, number: 263)
        let noise = Self.syscall(pid: 3001, ppid: 3000, key: Self.tags.key, number: 263)
        var naive = ExpectationTracker(expectations: scenario.expectations, variables: variables)
        naive.consider(own)
        naive.consider(noise)
        #expect(!Self.passes(naive.outcomes))

        var attributed = ExpectationTracker(expectations: scenario.expectations, variables: variables)
        var attribution = Self.attribution(alone: true, confined: false)
        attribution.adopt(2001)
        for event in attribution.claim(own) + attribution.claim(noise) { attributed.consider(event) }
        #expect(Self.passes(attributed.outcomes))
    }

    static func passes(_ outcomes: [ExpectationOutcome]) -> Bool {
        outcomes.allSatisfy { if case .matched = $0 { return true } else { return false } }
    }
}
