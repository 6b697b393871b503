import Foundation
import Matching
import Reporters
import Testing

/// `--kcidb`: checked by KernelCI's own schema package (kcidb-io, which scripts/setup installs
/// beside virtme-ng), and by what the tests of a build must say.
struct KCIDBReporterTests {
    static let python = "/opt/auditspec-venv/bin/python3"
    static let required = ProcessInfo.processInfo.environment["AUDITSPEC_REQUIRE_LIVE"] == "1"

    func document(_ results: [ScenarioResult] = Samples.all) throws -> [String: Any] {
        let data = KCIDBReporter().document(results, info: Samples.info)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func eachScenarioIsATestOfTheKernelsBuild() throws {
        let tests = try #require(try document()["tests"] as? [[String: Any]])
        #expect(tests.map { $0["path"] as? String } == ["auditspec.baseline.a", "auditspec.baseline.b", "auditspec.ghak90.c", "auditspec.ghak90.d"])
        #expect(tests.map { $0["status"] as? String } == ["PASS", "FAIL", "SKIP", "ERROR"])
        #expect(Set(tests.compactMap { $0["build_id"] as? String }) == ["auditspec:6.18.0-test"])
        #expect((tests[1]["log_excerpt"] as? String)?.contains("expected event (scenarios/baseline/b.scenario:8:1)") == true)
        #expect(tests[2]["log_excerpt"] as? String == "skipped: needs contid: no /proc/self/audit_containerid")
    }

    @Test func aParameterRowIsANodeOfItsOwn() {
        #expect(KCIDBReporter.path(of: "scenarios/baseline/netfilter.scenario", title: "net [tables=iptables proto=1]")
                == "auditspec.baseline.netfilter.tables_iptables_proto_1")
    }

    @Test func aLongDiffIsCutToTheSchemasLimit() throws {
        let long = ScenarioResult(path: "s/x.scenario", title: "x", verdict: .error(phase: .records, message: String(repeating: "y", count: 40_000)))
        let tests = try #require(try document([long])["tests"] as? [[String: Any]])
        let excerpt = try #require(tests.first?["log_excerpt"] as? String)
        #expect(excerpt.count <= 16_384)
        #expect(excerpt.hasSuffix("[... cut: the JSON results hold it whole]"))
    }

    @Test func kernelCIsSchemaAcceptsIt() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            if Self.required { Issue.record("no \(Self.python): scripts/setup installs virtme-ng and kcidb-io there") }
            return
        }
        let validate = "import json, sys, kcidb_io; kcidb_io.schema.LATEST.validate(json.load(open(sys.argv[1]))); print('valid')"
        let output = try Consumer.read(KCIDBReporter().document(Samples.all, info: Samples.info), suffix: ".kcidb.json",
                                       with: Self.python) { ["-c", validate, $0] }
        if output.contains("No module named 'kcidb_io'") {
            if Self.required { Issue.record("kcidb-io is not installed in /opt/auditspec-venv: run scripts/setup") }
            return
        }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "valid", "\(output)")
    }
}
