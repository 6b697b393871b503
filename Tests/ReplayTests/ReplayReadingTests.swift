import AuditRecords
import Foundation
import Matching
import Runner
import ScenarioLanguage
import Testing

/// Replay reads only the fields its scenarios name, and stops reading fields once every
/// verdict is settled: what it reports must not show either.
struct ReplayReadingTests {
    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString).log"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func scenario(_ source: String) throws -> Scenario {
        try ScenarioParser().parse(source: source, path: "replay.scenario").get()
    }

    static func replay(_ source: String, log: String) throws -> ScenarioResult {
        try #require(try ReplayRunner(parser: RecordParser(typeName: AuditNames.recordType), profiles: .defaults).check([scenario(source)], log: log).first)
    }

    static let log = """
        type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=257 success=yes exit=3 comm="perl" key="noise"
        type=PATH msg=audit(1700000000.001:1): item=0 name="/tmp/" nametype=PARENT
        type=SYSCALL msg=audit(1700000000.002:2): arch=c000003e syscall=257 success=yes exit=3 comm="perl" key="target"
        type=CWD msg=audit(1700000000.002:2): cwd="/root"
        type=PATH msg=audit(1700000000.002:2): item=1 name="/tmp/x" nametype=CREATE
        type=SYSCALL msg=audit(1700000000.003:3): arch=c000003e syscall=257 success=yes exit=3 comm="perl" key="target"

        """

    @Test func matchedEventIsReportedWithEveryFieldOfEveryRecord() throws {
        let path = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.replay("scenario \"t\"\nexpect event\n    type=SYSCALL syscall=openat key=target\n", log: path)
        #expect(result.verdict == .passed)
        let records = result.records
        #expect(records.map(\.type) == ["SYSCALL", "CWD", "PATH"])
        let partial = records.filter(\.fieldsArePartial)
        #expect(partial.isEmpty)
        #expect(records.first?[field: "comm"] == "perl")
        #expect(records.dropFirst().first?[field: "cwd"] == "/root")
        #expect(records.last?[field: "name"] == "/tmp/x")
    }

    @Test func nearestEventOfAMissIsShownInFull() throws {
        let path = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.replay("scenario \"t\"\nexpect event\n    type=SYSCALL key=absent\n", log: path)
        guard case .failed(let missing) = result.verdict else {
            Issue.record("expected a failure, got \(result.verdict)")
            return
        }
        let nearest = try #require(missing.first?.nearest)
        let partial = nearest.event.records.filter(\.fieldsArePartial)
        #expect(partial.isEmpty)
        let actual = try #require(nearest.records.first?.actual)
        #expect(actual[field: "comm"] == "perl")
        #expect(nearest.event.records.contains(actual), "the diff's record is the event's own")
    }

    /// `expect 2 events` is never settled early: the whole log is read, fields and all.
    @Test func aCountedExpectationSeesTheWholeLog() throws {
        let path = try Self.write(Self.log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let two = try Self.replay("scenario \"t\"\nexpect 2 events\n    type=SYSCALL key=target\n", log: path)
        #expect(two.verdict == .passed)
        let one = try Self.replay("scenario \"t\"\nexpect 1 event\n    type=SYSCALL key=target\n", log: path)
        #expect(one.verdict != .passed)
    }

    /// A replay has no lost counter: serials the log skips are said in a note, and a wrap of
    /// the kernel's 32-bit serial is not mistaken for one. Settled verdicts do not stop it.
    @Test func skippedSerialsAreNotedAndTheWrapIsNot() throws {
        let wrapped = """
            type=SYSCALL msg=audit(1700000000.001:4294967294): arch=c000003e syscall=257 key="target"
            type=SYSCALL msg=audit(1700000000.002:4294967295): arch=c000003e syscall=257 key="noise"
            type=SYSCALL msg=audit(1700000000.003:1): arch=c000003e syscall=257 key="noise"
            type=SYSCALL msg=audit(1700000000.004:2): arch=c000003e syscall=257 key="noise"

            """
        let skipping = wrapped.replacingOccurrences(of: ":1)", with: ":7)").replacingOccurrences(of: ":2)", with: ":8)")
        let scenario = "scenario \"t\"\nexpect event\n    type=SYSCALL key=target\n"
        for (log, note) in [(wrapped, nil), (skipping, "the log's serials skip 6 events (1-6): records were lost, or the log is an excerpt")] {
            let path = try Self.write(log)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try Self.replay(scenario, log: path)
            #expect(result.verdict == .passed, "skipped serials are reported, not judged")
            #expect(result.notes.filter { $0.contains("serials") } == (note.map { [$0] } ?? []), "\(result.notes)")
        }
    }

    /// Item 4 of the language: a value captured from one record (V10's `record=` link) must be
    /// the same in the other; a log where they differ fails.
    @Test func aCapturedLinkMustAgreeAcrossRecords() throws {
        let scenario = "scenario \"t\"\nexpect event unordered\n    type=SYSCALL record=$n key=k\n    type=CWD record=$n\n"
        let linked = "type=SYSCALL msg=audit(1.000:10): arch=c000003e syscall=257 record=1 key=\"k\"\ntype=CWD msg=audit(1.000:10): record=1 cwd=\"/\"\n"
        for (log, passes) in [(linked, true), (linked.replacingOccurrences(of: "record=1 cwd", with: "record=2 cwd"), false)] {
            let path = try Self.write(log)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try Self.replay(scenario, log: path)
            #expect((result.verdict == .passed) == passes, "\(log): \(result.verdict)")
            if passes { #expect(result.notes.contains("captured from the log: $n=1"), "\(result.notes)") }
            // The diff marks the record whose link differs from the one captured before it.
            if !passes, case .failed(let missing) = result.verdict {
                let cwd = missing.first?.nearest?.records.last
                #expect(cwd?.fields.first { $0.name == "record" }?.matches == false, "\(String(describing: cwd))")
                #expect(cwd?.fields.first { $0.name == "record" }?.expected == "1")
            }
        }
    }

    /// An argument the kernel cut into pieces, over two EXECVE records, is matched whole, by
    /// its text or its hex; a different argument still fails.
    @Test func anArgumentCutIntoPiecesIsMatchedWhole() throws {
        // "abcdefghij" in hex, cut after "abcd", the second piece in the event's next EXECVE record.
        let log = """
            type=SYSCALL msg=audit(1.000:20): arch=c000003e syscall=59 success=yes key="k"
            type=EXECVE msg=audit(1.000:20): argc=3 a0="echo" a1_len=10 a1[0]=61626364
            type=EXECVE msg=audit(1.000:20): a1[1]=65666768696A a2="x"

            """
        let path = try Self.write(log)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (argument, passes) in [("a1=abcdefghij", true), ("a1=6162636465666768696A", true), ("a1=abcdefghik", false)] {
            let scenario = "scenario \"t\"\nexpect event\n    type=SYSCALL key=k\n    type=EXECVE argc=3 a0=echo \(argument) a2=x\n"
            let result = try Self.replay(scenario, log: path)
            #expect((result.verdict == .passed) == passes, "\(argument): \(result.verdict)")
        }
    }
}
