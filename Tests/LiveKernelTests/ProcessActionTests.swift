import AuditKernel
import Foundation
import TestSupport
import Testing

/// The process actions of the language (agent, fork, thread, signal, ptrace, usermsg, write by
/// and at, netns through the primitives) through the real binary on this kernel: each with its
/// success and its refusal, wrong outcomes as errors, and nothing left behind.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct ProcessActionTests {
    let root = LiveKernel.packageRoot

    /// A tag in the environment of one run: its agents inherit it, so they are told apart from
    /// agents other tests of this process start meanwhile.
    static func tag() -> String { "AUDITSPEC_TEST_RUN=\(getpid())-\(UInt64.random(in: 0...UInt64.max))" }

    /// Agents still running that carry `tag` (a leaked one would hold a namespace or a pid).
    static func agents(tagged tag: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter {
            guard (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8))?.hasPrefix("auditspec-agent") == true,
                  let environment = FileManager.default.contents(atPath: "/proc/\($0)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == tag }
        }.compactMap { Int32($0) }
    }

    @Test func everyActionSucceedsAndIsRefusedAsWrittenLeavingNothing() throws {
        let before = try AuditStateReading.read()
        let tag = Self.tag()

        let run = try Command.run([tag, LiveKernel.binary, "run", LiveKernel.fixture("agent-actions.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
        #expect(Self.agents(tagged: tag).isEmpty)
    }

    @Test func aWriteWithAnotherErrnoIsAnErrorNamingBoth() throws {
        let before = try AuditStateReading.read()
        let tag = Self.tag()

        let run = try Command.run([tag, LiveKernel.binary, "run", LiveKernel.fixture("agent-wrong-outcome.scenario")], currentDirectory: root)

        #expect(run.status == 1)
        #expect(run.output.contains("ERROR"), "\(run.output)")
        #expect(run.output.contains("agent-wrong-outcome.scenario:7:1"), "\(run.output)")
        #expect(run.output.contains("by nobody: expected success, got EACCES"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
        #expect(Self.agents(tagged: tag).isEmpty)
    }

    /// `=> killed SIGNAL`: a wait and a command end by the signals written; a kill where an
    /// exit was written is an error naming both ends, at the wait's line.
    @Test func anEndByASignalIsAnOutcome() throws {
        let before = try AuditStateReading.read()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("killed-outcome.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")

        let wrong = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("killed-wrong-outcome.scenario")], currentDirectory: root)
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("killed-wrong-outcome.scenario:7:1"), "\(wrong.output)")
        #expect(wrong.output.contains("expected exit 0, got killed by signal 15"), "\(wrong.output)")
        #expect(try AuditStateReading.read() == before)
    }

    /// `read NAME from FILE`: the value serves the steps after it; a file that cannot be read
    /// is an error naming it and the errno.
    @Test func aValueReadFromAFileServesLaterSteps() throws {
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("read-value.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")

        let missing = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("read-missing.scenario")], currentDirectory: root)
        #expect(missing.status == 1)
        #expect(missing.output.contains("read-missing.scenario:5:1"), "\(missing.output)")
        #expect(missing.output.contains("cannot open /nonexistent/auditspec-value: ENOENT"), "\(missing.output)")
    }

    /// `read FILE [by AGENT] [is VALUE] [=> OUTCOME]`: the reader's own errno and the exact
    /// text are checked; another text, or another outcome, is an error naming both.
    @Test func aReadIsCheckedForItsErrnoAndItsText() throws {
        let before = try AuditStateReading.read()
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("read-checked.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")

        let text = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("read-wrong-text.scenario")], currentDirectory: root)
        #expect(text.status == 1)
        #expect(text.output.contains("read-wrong-text.scenario:8:1"), "\(text.output)")
        #expect(text.output.contains("/loginuid by login: expected \"1000\\n\", got \"1000\""), "\(text.output)")

        let outcome = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("read-wrong-outcome.scenario")], currentDirectory: root)
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("read-wrong-outcome.scenario:6:1"), "\(outcome.output)")
        #expect(outcome.output.contains("/comm by a: expected EACCES, got success"), "\(outcome.output)")
        #expect(try AuditStateReading.read() == before)
    }

    /// `write ... by PARENT reaping CHILD` and `ending CHILD`: the child ends between the
    /// parent's open and write, gone or a zombie, and no agent is left behind either way.
    @Test func aWriteOutlivesItsTarget() throws {
        let before = try AuditStateReading.read()
        let tag = Self.tag()
        let run = try Command.run([tag, LiveKernel.binary, "run", LiveKernel.fixture("write-target-ended.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(Self.agents(tagged: tag).isEmpty)
        #expect(try AuditStateReading.read() == before)
    }

    /// `rule -d` and `rule -W` delete the scenario's own rule mid-scenario: the kernel logs the
    /// removals and the rule fires no more; a rule the scenario never added is an error, and
    /// the machine's rules are untouched either way.
    @Test func aScenarioDeletesItsOwnRules() throws {
        let before = try AuditStateReading.read()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("rule-delete.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(!run.errorOutput.contains("delete an audit rule"), "\(run.errorOutput)")

        let unknown = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("rule-delete-unknown.scenario")], currentDirectory: root)
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("rule-delete-unknown.scenario:5:1: no rule added earlier by this scenario"), "\(unknown.output)")
        #expect(try AuditStateReading.read() == before)
    }

    /// The stock libaudit refuses `-F contid=...`; built from the profile's number the rule
    /// reaches the kernel, which (without the patches) refuses it with EINVAL.
    @Test func aContidRuleGoesPastLibauditToTheKernel() throws {
        let before = try AuditStateReading.read()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("contid-rule.scenario")], currentDirectory: root)

        #expect(run.status == 1)
        #expect(run.output.contains("the kernel refused the rule: cannot add an audit rule: EINVAL"), "\(run.output)")
        #expect(!run.output.contains("libaudit refuses"))
        #expect(try AuditStateReading.read() == before)
    }

    /// `rule ... => ERRNO`: the kernel's answer is checked like a write's; a rule the kernel
    /// takes against the scenario's word is an ERROR, and is deleted all the same.
    @Test func aRuleMayExpectTheKernelsRefusal() throws {
        let before = try AuditStateReading.read()

        let expected = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("rule-outcomes.scenario")], currentDirectory: root)
        let wrong = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("rule-wrong-outcome.scenario")], currentDirectory: root)

        #expect(expected.status == 0, "\(expected.output)\(expected.errorOutput)")
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("adding the rule: expected EINVAL, got success"), "\(wrong.output)")
        #expect(try AuditStateReading.read() == before)
    }

    /// `$NAME.tid` and `$NAME.netns` hold what /proc says of the scenario's processes.
    @Test func aThreadsTidAndAProcesssNamespaceAreVariables() throws {
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("process-attributes.scenario")], currentDirectory: root)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed"), "\(run.output)")
    }

    /// `set backlog_limit`: the kernel logs the change, and the value found is back afterwards.
    @Test func aSettingIsLoggedAndPutBack() throws {
        let before = try AuditStateReading.read()

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("setting-backlog.scenario")], currentDirectory: root)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("1 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }

    @Test func aKilledRunLeavesNoAgentAndNoNamespace() throws {
        let before = try AuditStateReading.read()
        let tag = Self.tag()
        let running = try Command.start([tag, LiveKernel.binary, "run", LiveKernel.fixture("agents-waiting.scenario")], currentDirectory: root)
        // The run holds its rule once every agent and the namespace exist (the rule comes last).
        let reached = try waitForRules(moreThan: before.rules.count)
        try #require(reached, "the run never reached its wait for records")
        #expect(Self.agents(tagged: tag).count >= 3)

        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        // Each agent's socket is its lifeline: it ends when the runner does.
        let agentsGone = StatePoll.until { Self.agents(tagged: tag).isEmpty && AuditStateReading.countNetworkNamespaces() == before.networkNamespaces }
        #expect(agentsGone, "agents left: \(Self.agents(tagged: tag))")

        let restore = try Command.run([LiveKernel.binary, "restore"], currentDirectory: root)
        #expect(restore.status == 0, "\(restore.output)\(restore.errorOutput)")
        #expect(try AuditStateReading.read() == before)
        _ = running.finish()
    }

    // MARK: helpers

    private func waitForRules(moreThan count: Int) throws -> Bool {
        StatePoll.until { ((try? AuditSocket().rules().count) ?? 0) > count }
    }
}
