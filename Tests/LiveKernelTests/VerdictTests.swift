import Foundation
import TestSupport
import Testing

/// One value, one verdict, on this machine's kernel through the real binary (issue 14, items
/// 1, 2 and 4): a quoted value is text, a regular expression sees a decoded name, and errno
/// and signal names match the numbers the kernel writes. Each wrong value fails naming its field.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct VerdictTests {
    let root = LiveKernel.packageRoot

    func run(_ fixture: String) throws -> (status: Int32, output: String) {
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("verdicts/" + fixture)], currentDirectory: root)
        return (run.status, run.output + run.errorOutput)
    }

    @Test(arguments: ["execve-quoted-text.scenario", "name-encoded.scenario", "interpreted-spellings.scenario"])
    func passes(fixture: String) throws {
        let before = try AuditStateReading.read()
        let run = try run(fixture)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("1 passed, 0 failed"), "\(run.output)")
        #expect(try AuditStateReading.read() == before)
    }

    @Test(arguments: [("execve-quoted-read-as-hex.scenario", ["a1", "a2"]), ("name-quoted-read-as-hex.scenario", ["name"]),
                      ("interpreted-wrong-signal.scenario", ["a1"])])
    func failsNamingTheField(fixture: String, fields: [String]) throws {
        let run = try run(fixture)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("0 passed, 1 failed"), "\(run.output)")
        for field in fields {
            let differs = run.output.split(separator: "\n").contains { $0.contains("<- differs") && $0.trimmingCharacters(in: .whitespaces).hasPrefix(field + " ") }
            #expect(differs, "\(field) is named as differing: \(run.output)")
        }
    }
}
