import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One scenario over a table of values on this machine's kernel: IPv4 and IPv6 echo requests,
/// each row run as a scenario of its own (its own namespace, rules and key), named by its values
/// in the console, JUnit and JSON, and the kernel left as it was.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct ParameterRunTests {
    @Test func eachRowOfTheTableIsARunNamedByItsValues() throws {
        let before = try AuditStateReading.read()
        let junit = NSTemporaryDirectory() + "auditspec-parameters-\(getpid()).xml"
        let json = NSTemporaryDirectory() + "auditspec-parameters-\(getpid()).json"
        defer {
            try? FileManager.default.removeItem(atPath: junit)
            try? FileManager.default.removeItem(atPath: json)
        }

        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("netfilter-families.scenario"), "--junit", junit, "--json", json],
                                  currentDirectory: LiveKernel.packageRoot)

        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.contains("2 passed, 0 failed, 0 skipped"), "\(run.output)")
        #expect(run.output.contains("[tables=iptables protocol=icmp icmptype=--icmp-type address=127.0.0.1 proto=1]"))
        #expect(run.output.contains("[tables=ip6tables protocol=ipv6-icmp icmptype=--icmpv6-type address=::1 proto=58]"))
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: junit))
        let names = try document.nodes(forXPath: "//testcase/@name").compactMap(\.stringValue)
        #expect(names.count == 2)
        #expect(Set(names).count == 2, "each row's testcase has a name of its own: \(names)")
        let report = try String(contentsOfFile: json, encoding: .utf8)
        #expect(report.contains("address=::1"))
        #expect(try AuditStateReading.read() == before)
    }

    /// `FILE#N` runs row N alone (how `auditspec vm` hands its guest the rows still to run);
    /// a row the table does not have is a usage error, and nothing runs.
    @Test func oneRowIsNamedByItsNumber() throws {
        let file = LiveKernel.fixture("netfilter-families.scenario")

        let second = try Command.run([LiveKernel.binary, "run", file + "#2"], currentDirectory: LiveKernel.packageRoot)
        let missing = try Command.run([LiveKernel.binary, "run", file + "#3"], currentDirectory: LiveKernel.packageRoot)

        #expect(second.status == 0, "\(second.output)\(second.errorOutput)")
        #expect(second.output.contains("1 passed, 0 failed, 0 skipped"))
        #expect(second.output.contains("address=::1"))
        #expect(!second.output.contains("address=127.0.0.1"))
        #expect(missing.status == 64)
        #expect(missing.errorOutput.contains("has no row 3"), "\(missing.errorOutput)")
    }

    /// A row whose values cannot match fails alone, and its diff shows the row's value.
    @Test func aWrongRowFailsAloneWithItsValueInTheDiff() throws {
        let original = try String(contentsOfFile: LiveKernel.fixture("netfilter-families.scenario"), encoding: .utf8)
        let changed = original.replacingOccurrences(of: "::1       58", with: "::1       59")
        #expect(changed != original)
        let file = NSTemporaryDirectory() + "auditspec-parameters-\(getpid()).scenario"
        try changed.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let run = try Command.run([LiveKernel.binary, "run", file, "--timeout-scale", "0.2"], currentDirectory: LiveKernel.packageRoot)

        #expect(run.status == 1)
        #expect(run.output.contains("1 passed, 1 failed, 0 skipped"), "\(run.output)")
        let diffLine = run.output.split(separator: "\n").first { $0.contains("<- differs") }
        #expect(diffLine?.contains("expected \"59\"  got \"58\"") == true, "\(run.output)")
    }
}
