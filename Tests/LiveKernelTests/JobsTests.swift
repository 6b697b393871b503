import AuditKernel
import Foundation
import TestSupport
import Testing

/// `--jobs` on this machine's kernel, through the real binary: twenty scenarios give the same
/// verdicts four at a time as one at a time, while a background process writes files, sends
/// user messages and starts processes; an interrupted parallel run cleans up every scenario.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct JobsTests {
    let root = LiveKernel.packageRoot

    @Test func twentyScenariosGiveTheSameVerdictsWithFourJobsAsSerially() throws {
        let before = try AuditStateReading.read()
        let scenarios = try JobScenarios.generate()
        defer { scenarios.remove() }
        #expect(scenarios.expected.count == 20)
        let noise = try Noise.start()
        defer { noise.stop() }

        var verdicts: [[(path: String, verdict: String)]] = []
        for jobs in [1, 4] {
            let json = scenarios.folder + "/../results-\(jobs).json"
            let capture = scenarios.folder + "/../capture-\(jobs).jsonl"
            let run = try Command.run([LiveKernel.binary, "run", scenarios.folder, "--jobs", String(jobs), "--json", json,
                                       "--capture", capture], currentDirectory: root)
            #expect(run.status == 1, "one scenario fails on purpose: \(run.output)\(run.errorOutput)")
            #expect(run.output.contains("18 passed, 1 failed, 1 skipped"), "\(run.output)")
            verdicts.append(try Self.verdicts(json))
            // The noise was in the kernel's stream while the scenarios ran.
            let captured = try String(contentsOfFile: capture, encoding: .utf8)
            #expect(captured.contains("text=auditspec-noise-"), "no noise reached the run with --jobs \(jobs)")
        }

        let serial = verdicts[0], parallel = verdicts[1]
        #expect(serial.map(\.path) == scenarios.expected.map(\.path), "the report lists scenarios in the order given")
        #expect(parallel.map(\.path) == serial.map(\.path), "whatever order they ended in")
        for (one, four) in zip(serial, parallel) { #expect(one.verdict == four.verdict, "\(one.path)") }
        for (got, wanted) in zip(parallel, scenarios.expected) { #expect(got.verdict == wanted.verdict, "\(got.path)") }

        // The same records without attribution (replay has no process tree): the quiet
        // scenario takes the machine's user messages for its own agent's, and fails.
        let quiet = try #require(scenarios.expected.first { $0.path.hasSuffix("/quiet-1.scenario") }).path
        let naive = try Command.run([LiveKernel.binary, "check", "--log", scenarios.folder + "/../capture-4.jsonl", quiet],
                                    currentDirectory: root)
        #expect(naive.output.contains("0 passed, 1 failed"), "\(naive.output)\(naive.errorOutput)")

        #expect(noise.stop() > 0)
        #expect(try AuditStateReading.read() == before)
        #expect(try SnapshotStore().load() == nil)
    }

    /// SIGTERM while four scenarios each hold a rule, a namespace and a child: every one is
    /// cleaned up, the machine's state is put back, and the run ends by that signal.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalDuringAParallelRunCleansUpEveryScenario(signal: Int32) throws {
        let before = try AuditStateReading.read()
        let folder = try JobScenarios.copies(of: LiveKernel.fixture("never-satisfied.scenario"), count: 6)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let running = try Command.start([LiveKernel.binary, "run", folder, "--jobs", "4"], currentDirectory: root)
        // Four scenarios under way: four rules, and a holder and a sleeper each.
        let snapshot = try waitForRun(rulesBefore: before.rules.count, scenarios: 4)

        kill(running.process.processIdentifier, signal)
        let ended = running.finish()

        #expect(ended.terminatedBySignal && ended.status == signal, "status \(ended.status): \(ended.errorOutput)")
        #expect(ended.errorOutput.contains("audit state restored"), "\(ended.errorOutput)")
        #expect(try AuditStateReading.read() == before)
        #expect(try SnapshotStore().load() == nil, "the snapshot file is removed once restored")
        let leftovers = snapshot.leftovers
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }

    /// SIGKILL of a parallel run, then `auditspec restore`: every scenario's processes ended and
    /// folders removed, the state put back.
    @Test func afterSigkillOfAParallelRunRestorePutsEverythingBack() throws {
        let before = try AuditStateReading.read()
        let folder = try JobScenarios.copies(of: LiveKernel.fixture("never-satisfied.scenario"), count: 4)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let running = try Command.start([LiveKernel.binary, "run", folder, "--jobs", "4"], currentDirectory: root)
        let snapshot = try waitForRun(rulesBefore: before.rules.count, scenarios: 4)

        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        let restore = try Command.run([LiveKernel.binary, "restore"], currentDirectory: root)

        #expect(restore.status == 0, "\(restore.output)\(restore.errorOutput)")
        let leftovers = snapshot.leftovers
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
        let restored = try StatePoll.until { try AuditStateReading.read() == before }
        #expect(restored, "after restore: \(String(describing: try? AuditStateReading.read())), before: \(before)")
        _ = running.finish()
    }

    /// A run started while another holds the machine lock (here: this test) says whose lock it
    /// waits for, touches nothing, and ends cleanly on SIGTERM.
    @Test func aRunWaitsForTheMachineLockAndSaysWhose() throws {
        let before = try AuditStateReading.read()
        let errors = NSTemporaryDirectory() + "auditspec-lock-wait-\(getpid()).err"
        defer { try? FileManager.default.removeItem(atPath: errors) }
        // Not lent the lock: it must wait for this test's.
        let running = try Command.start(["sh", "-c", "exec \"$0\" run scenarios/baseline 2>\"$1\"", LiveKernel.binary, errors],
                                        currentDirectory: root, lendingLock: false)
        let said = StatePoll.until { ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "").contains("waiting for the machine lock") }
        let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(said, "\(message)")
        #expect(message.contains("held by pid \(getpid())"), "\(message)")
        #expect(try AuditStateReading.read() == before, "a waiting run changes nothing")

        kill(running.process.processIdentifier, SIGTERM)
        let ended = running.finish()
        #expect(ended.terminatedBySignal && ended.status == SIGTERM)
        #expect(((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "").contains("nothing was changed"))
        #expect(try AuditStateReading.read() == before)
        #expect(try SnapshotStore().load() == nil)
    }

    // MARK: helpers

    /// Verdicts from a JSON report, in its order: the path and the verdict's kind.
    static func verdicts(_ path: String) throws -> [(path: String, verdict: String)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        return try results.map { result in
            let verdict = try #require(result["verdict"] as? [String: Any])
            return (try #require(result["path"] as? String), JobScenarios.verdictKind(try #require(verdict["status"] as? String)))
        }
    }

    /// Waits (by watching the state, not the clock) until `scenarios` scenarios hold their rule
    /// and their two processes.
    private func waitForRun(rulesBefore: Int, scenarios: Int) throws -> AuditStateSnapshot {
        var snapshot: AuditStateSnapshot?
        let ready = try StatePoll.until {
            snapshot = try? SnapshotStore().load()
            let rules = try AuditSocket().rules().count
            return (snapshot?.processes.count ?? 0) >= 2 * scenarios && rules >= rulesBefore + scenarios
        }
        try #require(ready, "the run never had \(scenarios) scenarios under way")
        return try #require(snapshot)
    }
}

/// The twenty scenarios of Fixtures/jobs, generated into a folder of their own.
struct JobScenarios {
    var folder: String
    /// Every scenario's path and the verdict its template says it gets (`passed`, `failed`, `skipped`).
    var expected: [(path: String, verdict: String)]

    /// Each `NAME.scenario.in` gives `# variants: N` scenarios, `@N@` replaced by 1...N.
    static func generate() throws -> JobScenarios {
        let templates = LiveKernel.fixture("jobs")
        let base = NSTemporaryDirectory() + "auditspec-jobs-\(getpid())"
        let folder = base + "/scenarios"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var expected: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: templates).sorted() where name.hasSuffix(".scenario.in") {
            let text = try String(contentsOfFile: templates + "/" + name, encoding: .utf8)
            let lines = text.split(separator: "\n")
            let variants = lines.first { $0.hasPrefix("# variants: ") }.flatMap { Int($0.dropFirst(12)) } ?? 1
            let verdict = lines.first { $0.hasPrefix("# expect: ") }.map { Self.verdictKind(String($0.dropFirst(10))) } ?? "passed"
            for variant in 1...variants {
                let path = folder + "/" + name.dropLast(".scenario.in".count) + "-\(variant).scenario"
                try text.replacingOccurrences(of: "@N@", with: String(variant)).write(toFile: path, atomically: true, encoding: .utf8)
                expected.append((path, verdict))
            }
        }
        // The order a run reads a folder in.
        return JobScenarios(folder: folder, expected: expected.sorted { $0.0 < $1.0 })
    }

    static func verdictKind(_ label: String) -> String {
        ["PASS": "passed", "FAIL": "failed", "SKIP": "skipped", "ERROR": "error"][label] ?? label
    }

    /// `count` copies of one scenario in a new folder.
    static func copies(of scenario: String, count: Int) throws -> String {
        let folder = NSTemporaryDirectory() + "auditspec-copies-\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 1...count {
            try FileManager.default.copyItem(atPath: scenario, toPath: folder + "/copy-\(index).scenario")
        }
        return folder
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent)
    }
}

/// A background process that, until stopped, writes and removes files, sends user messages
/// (`auditctl -m`) and starts processes: the machine's own activity that no scenario may take
/// for its own. Bounded: it stops by itself after 100000 rounds.
final class Noise {
    private let running: Command.Running
    private let stopFile: String
    private var count: Int?

    static func start() throws -> Noise {
        let stopFile = NSTemporaryDirectory() + "auditspec-noise-\(getpid()).stop"
        try? FileManager.default.removeItem(atPath: stopFile)
        let script = """
            folder=$(mktemp -d /tmp/auditspec-noise.XXXXXX)
            i=0
            while [ $i -lt 100000 ] && [ ! -e "$0" ]; do
                echo $i > "$folder/file"; rm -f "$folder/file"
                auditctl -m "text=auditspec-noise-$i" >/dev/null 2>&1
                /bin/true
                i=$((i+1))
            done
            rm -rf "$folder"
            echo $i
            """
        let running = try Command.start(["bash", "-c", script, stopFile])
        return Noise(running: running, stopFile: stopFile)
    }

    private init(running: Command.Running, stopFile: String) {
        self.running = running
        self.stopFile = stopFile
    }

    /// Stops it (once) and returns how many rounds it made.
    @discardableResult
    func stop() -> Int {
        if let count { return count }
        #expect(FileManager.default.createFile(atPath: stopFile, contents: nil))
        let ended = running.finish()
        try? FileManager.default.removeItem(atPath: stopFile)
        count = Int(ended.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        return count ?? 0
    }
}
