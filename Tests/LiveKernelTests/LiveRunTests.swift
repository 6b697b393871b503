import AuditKernel
import Foundation
import TestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The whole path on this machine's kernel, through the real binary: scenarios pass, fail
/// with a diff naming the field, skip with the reason, and the audit state is what it was.
/// Serialized: the kernel's audit state is one for the whole machine.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct LiveRunTests {
    let root = LiveKernel.packageRoot

    @Test func shippedScenariosPassOrSkipAndJUnitAgrees() throws {
        let before = try AuditStateReading.read()
        let junit = NSTemporaryDirectory() + "auditspec-live-\(getpid()).xml"
        defer { try? FileManager.default.removeItem(atPath: junit) }

        let run = try Command.run([LiveKernel.binary, "run", "scenarios/", "--junit", junit], currentDirectory: root)

        // Every baseline scenario passes on this kernel, but those that run only in a VM and
        // those that need SELinux where it is off; every patch scenario skips (a stock kernel).
        let vmOnly = Self.scenarioCount(in: "scenarios/baseline", requiring: "vm")
        let needSELinux = FileManager.default.fileExists(atPath: "/sys/fs/selinux/enforce")
            ? 0 : Self.scenarioCount(in: "scenarios/baseline", requiring: "selinux")
        let baseline = Self.scenarioCount(in: "scenarios/baseline") - vmOnly - needSELinux
        let patches = Self.scenarioCount(in: "scenarios") - baseline
        #expect(baseline > 0 && patches > 0)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("\(baseline) passed, 0 failed, \(patches) skipped"), "\(run.output)")
        if needSELinux > 0 { #expect(run.output.contains("SELinux is not enabled: no /sys/fs/selinux/enforce"), "\(run.output)") }
        #expect(run.output.contains("SKIP  scenarios/ghak90/contid-set.scenario"))
        #expect(run.output.contains("kernel lacks the audit container identifier"))
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: junit))
        let suites = try #require(document.rootElement())
        #expect(suites.attribute(forName: "tests")?.stringValue == "\(baseline + patches)")
        #expect(suites.attribute(forName: "failures")?.stringValue == "0")
        // junit-10.xsd counts skips per testsuite, not on the root.
        let skips = try document.nodes(forXPath: "//testsuite").compactMap { ($0 as? XMLElement)?.attribute(forName: "skipped")?.stringValue }
        #expect(skips.compactMap(Int.init).reduce(0, +) == patches, "\(skips)")
        let skipped = try document.nodes(forXPath: "//testcase[@classname='scenarios.ghak90.contid-set']/skipped")
        #expect(skipped.count == 1)
        #expect(try AuditStateReading.read() == before)
    }

    /// Records the kernel lost during a scenario (its rate limit drops them) leave its
    /// verdict inconclusive, even though its only expectation, an absence, is met.
    @Test func aPassWhileRecordsWereLostIsInconclusive() throws {
        let before = try AuditStateReading.read()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("lost-records.scenario")], currentDirectory: root)

        #expect(run.status == 1, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("ERROR"), "\(run.output)")
        #expect(run.output.contains("inconclusive: the kernel's lost counter rose by"), "\(run.output)")
        #expect(run.output.contains("0 passed, 0 failed, 0 skipped, 1 error"), "\(run.output)")
        #expect(try AuditStateReading.read() == before, "the rate limit is put back")
    }

    /// A scenario that says `requires vm` (it may crash or lock a kernel) is refused here.
    @Test func aScenarioThatRequiresAVMIsRefusedOnTheLiveKernel() throws {
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("requires-vm.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("SKIP"), "\(run.output)")
        #expect(run.output.contains("runs only inside a VM (it can lock or crash the kernel); refused on the live kernel"), "\(run.output)")
        #expect(run.output.contains("0 passed, 0 failed, 1 skipped"), "\(run.output)")
    }

    /// The scenario files under a folder of the package, at any depth.
    /// The scenario files under `folder`; with `requiringVM`, only those that say `requires ... vm`.
    static func scenarioCount(in folder: String) -> Int {
        let enumerator = FileManager.default.enumerator(atPath: LiveKernel.packageRoot + "/" + folder)
        return (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".scenario") }.count
    }

    /// The scenarios of `folder` whose `requires` line names `feature`.
    static func scenarioCount(in folder: String, requiring feature: String) -> Int {
        let path = LiveKernel.packageRoot + "/" + folder
        let files = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".scenario") }
        return files.filter { file in
            let text = (try? String(contentsOfFile: path + "/" + file, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").contains { $0.hasPrefix("requires ") && $0.split(separator: " ").contains(Substring(feature)) }
        }.count
    }

    /// A live run's capture, replayed, gives the live run's verdicts: the same matcher sees the same records.
    @Test func aCaptureReplaysToTheSameVerdicts() throws {
        let capture = NSTemporaryDirectory() + "auditspec-capture-\(getpid()).jsonl"
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let live = try Command.run([LiveKernel.binary, "run", "scenarios/baseline", "--capture", capture], currentDirectory: root)
        #expect(live.status == 0, "\(live.output)\(live.errorOutput)")

        let replay = try Command.run([LiveKernel.binary, "check", "--log", capture, "scenarios/baseline/dir-watch-create.scenario",
                                      "scenarios/baseline/netfilter-mark.scenario"], currentDirectory: root)

        #expect(replay.status == 0, "\(replay.output)\(replay.errorOutput)")
        #expect(replay.output.contains("2 passed, 0 failed, 0 skipped"))
    }

    @Test func aChangedFieldFailsAndTheDiffNamesIt() throws {
        let before = try AuditStateReading.read()
        let original = try String(contentsOfFile: root + "/scenarios/baseline/netfilter-mark.scenario", encoding: .utf8)
        let changed = original.replacingOccurrences(of: "type=NETFILTER_PKT mark=0x12345555", with: "type=NETFILTER_PKT mark=0x12345556")
        #expect(changed != original)
        let file = NSTemporaryDirectory() + "auditspec-changed-\(getpid()).scenario"
        try changed.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let run = try Command.run([LiveKernel.binary, "run", file, "--timeout-scale", "0.2"], currentDirectory: root)

        #expect(run.status == 1)
        #expect(run.output.contains("FAIL"))
        let diffLine = run.output.split(separator: "\n").first { $0.contains("<- differs") }
        #expect(diffLine?.contains("mark") == true, "\(run.output)")
        #expect(diffLine?.contains("expected \"0x12345556\"  got \"0x12345555\"") == true)
        #expect(run.output.contains("0 passed, 1 failed, 0 skipped"))
        #expect(try AuditStateReading.read() == before)
    }

    @Test func aSyntaxErrorStopsTheRunWithItsPlace() throws {
        let before = try AuditStateReading.read()
        let file = LiveKernel.fixture("syntax-error.scenario")

        let run = try Command.run([LiveKernel.binary, "run", file], currentDirectory: root)

        #expect(run.status == 64)
        #expect(run.errorOutput.contains("\(file):2:10: error: unknown feature 'audti'"), "\(run.errorOutput)")
        #expect(run.errorOutput.contains("did you mean 'audit'?"))
        #expect(run.output.isEmpty, "nothing may run")
        #expect(try AuditStateReading.read() == before)
    }

    /// Rules and settings that were there before the run are there after it, untouched.
    @Test func aRunKeepsTheStateItFound() throws {
        let socket = try AuditSocket()
        let original = try socket.status()
        let preexisting = try AuditRuleBuilder.make(list: "exit", action: "always") { builder in
            try builder.field("path=/tmp/auditspec-preexisting-\(getpid())")
            try builder.field("perm=w")
            try builder.field("key=preexisting")
            try builder.syscall("all")
        }
        try socket.add(preexisting)
        try socket.setBacklogLimit(original.backlogLimit + 7)
        defer {
            try? socket.delete(preexisting)
            try? socket.setBacklogLimit(original.backlogLimit)
        }
        let before = try AuditStateReading.read()
        #expect(before.auditctlRules.contains("preexisting"))

        let run = try Command.run([LiveKernel.binary, "run", "scenarios/baseline"], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(try AuditStateReading.read() == before)
    }

    @Test func sigtermInTheMiddleRestoresEverything() throws {
        let before = try AuditStateReading.read()
        let running = try Command.start([LiveKernel.binary, "run", LiveKernel.fixture("never-satisfied.scenario")], currentDirectory: root)
        let snapshot = try waitForRunInProgress(rulesBefore: before.rules.count)

        kill(running.process.processIdentifier, SIGTERM)
        let ended = running.finish()

        #expect(ended.terminatedBySignal && ended.status == SIGTERM, "status \(ended.status): \(ended.errorOutput)")
        #expect(ended.errorOutput.contains("audit state restored"))
        #expect(try AuditStateReading.read() == before)
        #expect(try SnapshotStore().load() == nil, "the snapshot file is removed once restored")
        for process in snapshot.processes { #expect(!process.isAlive, "process \(process.pid) was left running") }
    }

    @Test func afterSigkillRestorePutsEverythingBack() throws {
        let before = try AuditStateReading.read()
        let running = try Command.start([LiveKernel.binary, "run", LiveKernel.fixture("never-satisfied.scenario")], currentDirectory: root)
        let snapshot = try waitForRunInProgress(rulesBefore: before.rules.count)

        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        #expect(try AuditStateReading.read() != before, "a killed run cannot clean up: the test must see its leftovers")
        let folders = snapshot.directories ?? []
        #expect(!folders.isEmpty && folders.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "the scenario's folder is recorded")

        let restore = try Command.run([LiveKernel.binary, "restore"], currentDirectory: root)

        #expect(restore.status == 0, "\(restore.output)\(restore.errorOutput)")
        #expect(restore.output.contains("restored the audit state"))
        for process in snapshot.processes { #expect(!process.isAlive, "process \(process.pid) was left running") }
        for folder in folders { #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) was left behind") }
        let restored = try StatePoll.until { try AuditStateReading.read() == before }
        #expect(restored, "after restore: \(String(describing: try? AuditStateReading.read())), before: \(before)")
        let again = try Command.run([LiveKernel.binary, "restore"], currentDirectory: root)
        #expect(again.output.contains("nothing to restore"))
        _ = running.finish()
    }

    @Test func probeNamesWhatThisKernelLacks() throws {
        let probe = try Command.run([LiveKernel.binary, "probe"], currentDirectory: root)
        #expect(probe.status == 0)
        #expect(probe.output.contains("audit            yes"))
        #expect(probe.output.contains("multicast        yes"))
        #expect(probe.output.contains("contid           no"))
        #expect(probe.output.contains("netfilter-audit  yes"))
    }

    @Test func withoutPrivilegeTheRunSaysWhyInOneLine() throws {
        let run = try Command.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                                   LiveKernel.binary, "run", "scenarios/baseline"], currentDirectory: root)
        #expect(run.status == 2, "\(run.output)\(run.errorOutput)")
        #expect(run.errorOutput.split(separator: "\n").count == 1)
        #expect(run.errorOutput.contains("not root"))
    }

    // MARK: helpers

    /// Waits (by watching the state, not the clock) until the run holds its rule and processes.
    private func waitForRunInProgress(rulesBefore: Int) throws -> AuditStateSnapshot {
        var snapshot: AuditStateSnapshot?
        let ready = try StatePoll.until {
            snapshot = try? SnapshotStore().load()
            let rules = try AuditSocket().rules().count
            return (snapshot?.processes.count ?? 0) >= 2 && rules > rulesBefore
        }
        try #require(ready, "the run never reached its wait for records")
        return try #require(snapshot)
    }
}
