import AuditKernel
import Foundation
import POSIXSupport
import TestSupport
import Testing

/// SIGKILL of the runner at six points of a run, each leaving other things for `auditspec
/// restore` to undo; afterwards the machine is as it was, the state that was there before the
/// run (a rule of the test's own, a changed backlog limit) included.
///
/// Each point is reached by waiting for the state itself (a rule in the kernel's list, a
/// process alive, a setting changed), except three that last only microseconds: just after the
/// session began, the middle of a scenario's cleanup, and a child cloned but not yet recorded.
/// For those the runner stops itself with SIGSTOP at a named point (`AUDITSPEC_STOP_AT`, see
/// FaultPoint) and is killed stopped.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct KillPointTests {
    let root = LiveKernel.packageRoot

    enum Point: String, CaseIterable, CustomTestStringConvertible {
        /// Snapshot written, auditing on, backlog raised; no scenario yet (undo: the settings).
        case sessionBegun
        /// A rule in the list and a plain child running (undo: the rule list, a process only the snapshot knows).
        case ruleAndCommand
        /// A namespace with an iptables AUDIT rule, agents (forked, threaded), a child in it, a rule, a wait for records.
        case namespaceAndAgents
        /// The same scenario's cleanup half done: its rule deleted, its processes not yet.
        case midCleanup
        /// Settings changed by the scenario (`set`), a wait for records.
        case scenarioSettings
        /// A child cloned, not yet recorded in the snapshot: it must not outlive the runner.
        case childCloned

        var testDescription: String { rawValue }

        var fixture: String {
            switch self {
            case .sessionBegun, .scenarioSettings, .childCloned: return "kill/settings.scenario"
            case .ruleAndCommand: return "kill/rule-and-command.scenario"
            case .namespaceAndAgents, .midCleanup: return "kill/namespace-and-agents.scenario"
            }
        }

        var stopAt: FaultPoint? {
            switch self {
            case .sessionBegun: return .sessionBegun
            case .midCleanup: return .midCleanup
            case .childCloned: return .childCloned
            default: return nil
            }
        }
    }

    @Test(arguments: Point.allCases)
    func afterSigkillRestoreLeavesTheMachineAsItWas(point: Point) throws {
        let socket = try AuditSocket()
        let original = try socket.status()
        // State of the test's own that the run must keep: a rule and a backlog limit.
        let preexisting = try AuditRuleBuilder.make(list: "exit", action: "always") { builder in
            try builder.field("path=/tmp/auditspec-kill-preexisting-\(getpid())")
            try builder.field("perm=w")
            try builder.field("key=kill-preexisting")
            try builder.syscall("all")
        }
        try socket.add(preexisting)
        try socket.setBacklogLimit(original.backlogLimit + 7)
        defer {
            try? socket.delete(preexisting)
            try? socket.setBacklogLimit(original.backlogLimit)
        }
        let before = try MachineCount.read()
        #expect(before.audit.auditctlRules.contains("kill-preexisting"))
        let tag = ProcessActionTests.tag()

        var argv = [tag]
        if let stop = point.stopAt { argv.append("\(FaultPoint.variable)=\(stop.rawValue)") }
        argv += [LiveKernel.binary, "run", LiveKernel.fixture(point.fixture)]
        if point == .midCleanup { argv += ["--timeout-scale", "0.01"] }  // its 60 s wait becomes 0.6 s
        let running = try Command.start(argv, currentDirectory: root)
        let pid = running.process.processIdentifier
        var killed = false
        defer {
            // Whatever failed above, no stopped or running runner is left holding the machine.
            if !killed { kill(pid, SIGKILL); running.process.waitUntilExit(); _ = try? Command.run([LiveKernel.binary, "restore"]) }
        }

        let reached = StatePoll.until { reachedPoint(point, runner: pid, tag: tag) }
        try #require(reached, "the run never reached \(point): \(String(describing: try? SnapshotStore().load()))")
        let snapshot = try #require(try SnapshotStore().load(), "a run in progress has its snapshot written")
        let namespaceLeft = point == .namespaceAndAgents ? auditRuleInsideNamespace(tag: tag) : nil
        if point == .namespaceAndAgents { #expect(namespaceLeft != nil, "the scenario's namespace holds its AUDIT rule") }

        kill(pid, SIGKILL)
        running.process.waitUntilExit()
        killed = true
        // A killed run cannot clean up: the test must see its leftovers. (Just after the session
        // began there are none if auditing was on with a large backlog already: only the snapshot.)
        let leftovers = try MachineCount.read().audit
        let sessionChangedNothing = point == .sessionBegun && before.audit.enabled == 1 && before.audit.backlogLimit >= 8192
        #expect(leftovers != before.audit || sessionChangedNothing, "before: \(before.audit); after the kill: \(leftovers)")

        let restore = try Command.run([LiveKernel.binary, "restore"], currentDirectory: root)

        #expect(restore.status == 0, "\(restore.output)\(restore.errorOutput)")
        #expect(restore.output.contains("restored the audit state"), "\(restore.output)")
        // Agents end by themselves when the runner's socket closes; the kernel frees a namespace
        // once its last process is reaped: both happen after the kill, not at a known moment.
        var after = before
        let settled = try StatePoll.until {
            after = try MachineCount.read()
            return after == before && TaggedProcesses.all(tagged: tag).isEmpty
        }
        #expect(settled, "before: \(before)\nafter: \(after)\nleft: \(TaggedProcesses.all(tagged: tag))")
        #expect(after.audit.auditctlRules.contains("kill-preexisting"))
        #expect(try socket.status().backlogLimit == original.backlogLimit + 7, "the backlog limit found is kept")
        for folder in snapshot.directories ?? [] { #expect(!FileManager.default.fileExists(atPath: folder)) }
        if let namespaceLeft { #expect(!MachineCount.networkNamespaceLinks().contains(namespaceLeft), "namespace \(namespaceLeft) still held") }
        #expect(try SnapshotStore().load() == nil)
        let again = try Command.run([LiveKernel.binary, "restore"], currentDirectory: root)
        #expect(again.output.contains("nothing to restore"))
        _ = running.finish()
    }

    // MARK: reaching each point

    private func reachedPoint(_ point: Point, runner: pid_t, tag: String) -> Bool {
        switch point {
        case .sessionBegun, .midCleanup:
            return Self.isStopped(runner)
        case .childCloned:
            // Stopped with the child there (a copy of the runner until it may exec).
            return Self.isStopped(runner) && TaggedProcesses.all(tagged: tag).contains { $0 != runner }
        case .ruleAndCommand:
            return holdsRule(of: runner) && TaggedProcesses.all(tagged: tag).contains { Self.command(of: $0) == "sleep 3600" }
        case .namespaceAndAgents:
            // The rule is the scenario's last action: once it is there, every process is too.
            return holdsRule(of: runner) && ProcessActionTests.agents(tagged: tag).count >= 3
        case .scenarioSettings:
            guard let status = try? AuditSocket().status() else { return false }
            return status.rateLimit == 50000 && status.backlogWaitTime == 1234
        }
    }

    /// Whether the kernel holds a rule with the key of the run's first scenario.
    private func holdsRule(of runner: pid_t) -> Bool {
        let key = Array("auditspec-\(runner)-1".utf8)
        let rules = (try? AuditSocket().rules()) ?? []
        return rules.contains { rule in rule.data.indices.contains { rule.data[$0...].starts(with: key) } }
    }

    /// The namespace of the run's `sleep` child, if an iptables AUDIT rule is in it.
    private func auditRuleInsideNamespace(tag: String) -> String? {
        guard let sleeper = TaggedProcesses.all(tagged: tag).first(where: { Self.command(of: $0) == "sleep 3600" }),
              let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(sleeper)/ns/net"),
              let listing = try? Command.run(["nsenter", "--net=/proc/\(sleeper)/ns/net", "iptables", "-S", "INPUT"]),
              listing.output.contains("-j AUDIT") else { return nil }
        return link
    }

    static func isStopped(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("T")
    }

    static func command(of pid: Int32) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
