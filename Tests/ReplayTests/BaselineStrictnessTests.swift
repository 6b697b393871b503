import AuditKernel
import AuditRecords
import Foundation
import Matching
import Profiles
import Runner
import ScenarioLanguage
import Testing

/// Proof that baseline scenarios are at least as strict as the upstream audit-testsuite tests
/// they stand for: each replays the records this machine's kernel sent during a live run of it
/// (`auditspec run --capture`, with the values the run bound from `--json`), and passes; the
/// same records with one field upstream asserts changed or removed fail, and the report names
/// that field.
struct BaselineStrictnessTests {
    /// A scenario of scenarios/baseline, its live capture and the values its run bound.
    struct Sample: Sendable, CustomTestStringConvertible {
        var scenario: String
        var testDescription: String { scenario }
        var capture: String { "baseline-\(scenario).capture.jsonl" }

        func variables() throws -> [String: String] {
            let text = try String(contentsOfFile: SeedReplayTests.fixture("baseline-\(scenario).vars"), encoding: .utf8)
            return Dictionary(uniqueKeysWithValues: text.split(separator: "\n").map { line in
                let split = line.firstIndex(of: "=")!
                return (String(line[..<split]), String(line[line.index(after: split)...]))
            })
        }

        func parsed() throws -> Scenario {
            try ScenarioParser().parse(fileAt: SeedReplayTests.root + "/scenarios/baseline/\(scenario).scenario").get()
        }

        func replay(log: String) throws -> ScenarioResult {
            try #require(try ReplayRunner(parser: RecordParser(typeName: AuditNames.recordType), variables: variables(),
                                          profiles: .defaults).check([parsed()], log: log).first)
        }
    }

    static let samples = ["file-create", "filter-exit", "netfilter-transport", "syscalls-file", "user-message"].map(Sample.init)

    @Test(arguments: samples)
    func theLiveRecordsPass(sample: Sample) throws {
        let result = try sample.replay(log: SeedReplayTests.fixture(sample.capture))
        #expect(result.verdict == .passed, "\(result.verdict)")
    }

    /// One field upstream asserts, changed or removed in the record it stands in (the text is
    /// the capture's, where a quote is written \"). `times` is how often the text occurs.
    struct Change: Sendable, CustomTestStringConvertible {
        var scenario: String
        var item: String
        var old: String
        var new: String
        var field: String
        var times = 1
        var testDescription: String { "\(item) \(scenario): \(field)" }
    }

    static let changes: [Change] = [
        // file_create: the CREATE name's dev, inode, ouid, ogid, nametype and cap_fp=none.
        Change(scenario: "file-create", item: "B8", old: "inode=16270057", new: "inode=16270058", field: "inode"),
        Change(scenario: "file-create", item: "B8", old: "inode=16270057 dev=fe:00", new: "inode=16270057 dev=fe:01", field: "dev"),
        Change(scenario: "file-create", item: "B8", old: "mode=0100644 ouid=0", new: "mode=0100644 ouid=1000", field: "ouid"),
        Change(scenario: "file-create", item: "B8", old: "ogid=0 rdev=00:00 nametype=CREATE", new: "ogid=100 rdev=00:00 nametype=CREATE", field: "ogid"),
        Change(scenario: "file-create", item: "B8", old: "nametype=CREATE cap_fp=0 ", new: "nametype=CREATE ", field: "cap_fp"),
        Change(scenario: "file-create", item: "B8", old: "nametype=CREATE", new: "nametype=NORMAL", field: "nametype"),
        // filter_exit: exit=EINVAL.
        Change(scenario: "filter-exit", item: "B13", old: "exit=-22 a0=4", new: "exit=-9 a0=4", field: "exit"),
        // netfilter_pkt: each packet's mark and proto.
        Change(scenario: "netfilter-transport", item: "B19", old: "saddr=127.0.0.1 daddr=127.0.0.1 proto=17",
               new: "saddr=127.0.0.1 daddr=127.0.0.1 proto=132", field: "proto"),
        Change(scenario: "netfilter-transport", item: "B19", old: "mark=0x35e70001 ", new: "", field: "mark", times: 4),
        // syscalls_file: the OPENAT2 record.
        Change(scenario: "syscalls-file", item: "B21", old: "resolve=0xa", new: "resolve=0x8", field: "resolve"),
        Change(scenario: "syscalls-file", item: "B21", old: "oflag=0302 ", new: "", field: "oflag"),
        // user_msg: the sender's pid and its text.
        Change(scenario: "user-message", item: "B25", old: "pid=13878 uid=0", new: "pid=13879 uid=0", field: "pid"),
        Change(scenario: "user-message", item: "B25", old: "msg='text=auditspec-user-message", new: "msg='text=auditspec-user-massage", field: "msg"),
    ]

    @Test(arguments: changes)
    func oneFieldUpstreamAssertsChangedFailsNamingIt(change: Change) throws {
        let sample = Sample(scenario: change.scenario)
        let text = try String(contentsOfFile: SeedReplayTests.fixture(sample.capture), encoding: .utf8)
        #expect(text.components(separatedBy: change.old).count - 1 == change.times, "the change is where the test means it")
        let path = try SeedReplayTests.changed(sample.capture, change.old, change.new)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try sample.replay(log: path)
        #expect(Set(SeedReplayTests.differingFields(result)) == [change.field], "\(result.verdict)")
    }

    /// The sample covers the items the issue names, and each is what its scenario says it covers.
    @Test func theSampleCoversB8B13B19B21B25() throws {
        var items: Set<String> = []
        for change in Self.changes {
            let covers = try Sample(scenario: change.scenario).parsed().covers.filter { $0.spec == "baseline" }.map(\.item)
            #expect(covers.contains(change.item), "\(change.scenario) covers \(covers)")
            items.insert(change.item)
        }
        #expect(items == ["B8", "B13", "B19", "B21", "B25"])
    }
}
