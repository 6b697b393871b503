import Testing
@testable import VirtualMachine

/// The console is read on captured text: the real panic of Debian's 6.1 kernel under QEMU
/// (sysrq crash), and WARNING, BUG/oops and taint reports in the kernel's own format.
struct ConsoleWatcherTests {
    func watch(_ fixture: String) -> (ConsoleWatcher, [ConsoleWatcher.Event]) {
        var watcher = ConsoleWatcher()
        var events: [ConsoleWatcher.Event] = []
        for line in Fixture.lines(fixture) { events += watcher.feed(line) }
        return (watcher, events)
    }

    @Test func timestampsAreSplitOffAndKept() {
        let line = ConsoleLine("[   30.680005] Kernel panic - not syncing: sysrq triggered crash\r")
        #expect(line.kernelTime == 30.680005)
        #expect(line.text == "Kernel panic - not syncing: sysrq triggered crash")
        #expect(line.raw == "[   30.680005] Kernel panic - not syncing: sysrq triggered crash")
        let plain = ConsoleLine("Probing EDD (edd=off to disable)... ok")
        #expect(plain.kernelTime == nil)
        #expect(plain.text == "Probing EDD (edd=off to disable)... ok")
    }

    @Test func markersRoundTrip() {
        for marker in [GuestMarker.ready(scenarios: 3), .begin(index: 0, tainted: 0), .end(index: 12, tainted: 512)] {
            #expect(GuestMarker(parsing: marker.line[...]) == marker)
        }
        #expect(GuestMarker(parsing: "auditspec-vm: begin x tainted=0") == nil)
        #expect(GuestMarker(parsing: "auditspec-vm: end 1") == nil)
        #expect(GuestMarker(parsing: "something else") == nil)
    }

    @Test func aPanicBelongsToTheScenarioRunning() {
        let (watcher, events) = watch("console-panic.log")
        #expect(events.contains(.ready(scenarios: 2)))
        #expect(events.contains(.ended(index: 0)))
        #expect(watcher.current == 1)
        #expect(watcher.problems[0] == nil)
        let problems = watcher.problems[1] ?? []
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .panic)
        #expect(problems.first?.headline == "Kernel panic - not syncing: sysrq triggered crash")
        let excerpt = problems.first?.excerpt ?? []
        #expect(excerpt.contains { $0.contains("sysrq_handle_crash") })
        #expect(excerpt.contains { $0.contains("Kernel Offset") })
        #expect(problems.first?.message.hasPrefix("kernel panic: Kernel panic - not syncing: sysrq triggered crash") == true)
    }

    /// With --jobs the guest runs scenarios at once: their marks interleave, a report that
    /// comes while two run belongs to both (the console cannot say which caused it), one that
    /// comes while one runs to that one only, and a taint is judged per scenario from its own
    /// begin mark.
    @Test func scenariosRunningAtOnceEachGetTheProblemsOfTheirTime() {
        var watcher = ConsoleWatcher()
        var events: [ConsoleWatcher.Event] = []
        let lines = [
            "[    1.0] auditspec-vm: ready 3",
            "[    1.1] auditspec-vm: begin 0 tainted=0",
            "[    1.2] auditspec-vm: begin 1 tainted=0",
            "[    1.3] ------------[ cut here ]------------",
            "[    1.3] WARNING: CPU: 1 PID: 214 at kernel/audit.c:1302 audit_receive_msg+0x1/0x2",
            "[    1.3] Call Trace:",
            "[    1.3] ---[ end trace 0000000000000000 ]---",
            "[    1.4] auditspec-vm: end 0 tainted=512",
            "[    1.5] auditspec-vm: begin 2 tainted=512",
            "[    1.6] auditspec-vm: end 1 tainted=512",
            "[    1.7] auditspec-vm: end 2 tainted=512",
        ]
        for line in lines {
            events += watcher.feed(line)
            if line.contains("begin 1") { #expect(watcher.running == [0, 1]) }
        }
        #expect(events.contains(.problem(index: 0, .warning)))
        let first = watcher.problems[0] ?? [], second = watcher.problems[1] ?? []
        #expect(first.map(\.kind) == [.warning])
        #expect(second.map(\.kind) == [.warning], "scenario 1 was running too")
        #expect(second.first?.excerpt.last == "[    1.3] ---[ end trace 0000000000000000 ]---", "the whole report, for each")
        #expect(watcher.problems[2] == nil, "scenario 2 began after the report, with the taint already there")
        #expect(watcher.running.isEmpty && watcher.allEnded)
    }

    /// Debian's kernels taint (X) on purpose the first time fanotify permission events are
    /// used, and say so: the scenarios running then are not in error. The same taint without
    /// that notice still is.
    @Test func aDeliberateTaintWithItsNoticeIsNoProblem() {
        var watcher = ConsoleWatcher()
        for line in ["[    1.0] auditspec-vm: ready 3",
                     "[    1.1] auditspec-vm: begin 0 tainted=0",
                     "[    1.2] auditspec-vm: begin 1 tainted=0",
                     "[    1.3] perl (200): Using fanotify permission checks may lead to deadlock; tainting kernel",
                     "[    1.4] auditspec-vm: end 0 tainted=65536",
                     "[    1.5] auditspec-vm: end 1 tainted=65536",
                     "[    1.6] auditspec-vm: begin 2 tainted=65536",
                     "[    1.7] auditspec-vm: end 2 tainted=66048"] {
            _ = watcher.feed(line)
        }
        #expect(watcher.problems[0] == nil && watcher.problems[1] == nil)
        #expect(watcher.problems[2]?.map(\.kind) == [.taint], "another taint (W, 512) after it is a problem")

        var plain = ConsoleWatcher()
        for line in ["[    1.0] auditspec-vm: ready 1", "[    1.1] auditspec-vm: begin 0 tainted=0", "[    1.2] auditspec-vm: end 0 tainted=65536"] {
            _ = plain.feed(line)
        }
        #expect(plain.problems[0]?.map(\.kind) == [.taint])
    }

    @Test func aWarningReportIsCutAndClosed() {
        let (watcher, events) = watch("console-warning.log")
        #expect(events.contains(.reportClosed))
        #expect(watcher.problems[0] == nil)
        #expect(watcher.problems[2] == nil, "the taint was already there when scenario 2 began")
        let problems = watcher.problems[1] ?? []
        #expect(problems.map(\.kind) == [.warning], "the W taint at the end mark is the same report, not a second problem")
        #expect(problems.first?.excerpt.first == "[    5.000001] ------------[ cut here ]------------")
        #expect(problems.first?.excerpt.last == "[    5.000012] ---[ end trace 0000000000000000 ]---")
        #expect(problems.first?.headline.hasPrefix("WARNING: CPU: 1 PID: 214 at kernel/audit.c:1302") == true)
    }

    @Test func aBugThatOopsesAndPanicsIsOneReportNamedAfterTheWorst() {
        let (watcher, _) = watch("console-oops.log")
        #expect(watcher.bootProblems.map(\.kind) == [.taint], "a taint before the run is the boot's, not a scenario's")
        let problems = watcher.problems[0] ?? []
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .panic)
        #expect(problems.first?.headline == "BUG: kernel NULL pointer dereference, address: 0000000000000008")
        #expect(problems.first?.excerpt.contains { $0.contains("Oops: 0000 [#1]") } == true)
        #expect(problems.first?.excerpt.contains { $0.contains("Fatal exception") } == true)
    }

    @Test func aTaintWithNoConsoleLineIsSeenFromTheMarks() {
        let (watcher, _) = watch("console-silent-taint.log")
        let problems = watcher.problems[0] ?? []
        #expect(problems.map(\.kind) == [.taint])
        #expect(problems.first?.headline.contains("U (taint requested by userspace)") == true)
        #expect(watcher.problems[1] == nil)
    }

    @Test func problemsBetweenScenariosGoToTheNextOne() {
        var watcher = ConsoleWatcher()
        for line in ["auditspec-vm: ready 2", "auditspec-vm: begin 0 tainted=0", "auditspec-vm: end 0 tainted=0",
                     "[    9.0] WARNING: CPU: 0 PID: 1 at net/netfilter/x.c:1 f+0x1/0x2"] {
            _ = watcher.feed(line)
        }
        #expect(watcher.problems[1]?.first?.kind == .warning)
    }

    @Test func kindsAreTheKernelsSpellings() {
        #expect(KernelProblem.kind(of: "Kernel panic - not syncing: Fatal exception") == .panic)
        #expect(KernelProblem.kind(of: "Oops: 0002 [#1] PREEMPT SMP NOPTI") == .oops)
        #expect(KernelProblem.kind(of: "general protection fault, probably for non-canonical address") == .oops)
        #expect(KernelProblem.kind(of: "kernel BUG at kernel/auditsc.c:1234!") == .bug)
        #expect(KernelProblem.kind(of: "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [perl:200]") == .bug)
        #expect(KernelProblem.kind(of: "WARNING: possible circular locking dependency detected") == .warning)
        #expect(KernelProblem.kind(of: "xt_foo: loading out-of-tree module taints kernel.") == .taint)
        #expect(KernelProblem.kind(of: "audit: type=1300 audit(1.2:3): arch=c000003e syscall=257") == nil)
        #expect(KernelProblem.kind(of: "virtme-ng-init: udev is done") == nil)
        // Before the panic machinery exists (a command line over 2048 bytes overflows there).
        #expect(KernelProblem.kind(of: "PANIC: early exception 0x06 IP 10:ffffffff8861e1db error 0 cr2 0xff1ba8548ce01000") == .panic)
    }

    @Test func taintFlagsAreSpelledAsTheKernelDoes() {
        #expect(TaintFlags(0).description == "none")
        #expect(TaintFlags(512 | 128).description == "D (kernel died recently (oops or BUG)), W (kernel issued a warning)")
        #expect(TaintFlags(512 | 4096).added(since: TaintFlags(4096)) == TaintFlags(512))
    }
}
