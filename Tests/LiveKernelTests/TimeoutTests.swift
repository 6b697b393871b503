import Foundation
import Testing

/// Actions that never end (a command, an agent's answer, a wait for a process, a record) are
/// each cut at their bound and reported, and the run goes on to the next scenario with
/// nothing of the hung one left on the machine.
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct TimeoutTests {
    let root = LiveKernel.packageRoot

    /// One scenario's lines in the console report.
    struct Reported {
        var verdict: String
        var seconds: Double
        var detail: String
    }

    @Test func eachHangIsATimeoutOfItsStepAndTheRunGoesOn() throws {
        let before = try MachineCount.read()
        let tag = ProcessActionTests.tag()
        let folder = LiveKernel.fixture("hangs")

        let run = try Command.run([tag, LiveKernel.binary, "run", folder, "--action-timeout", "1"], currentDirectory: root)

        #expect(run.status == 1, "\(run.output)\(run.errorOutput)")
        let reports = Self.reports(in: run.output)
        // Bound: the action's 1 s, plus the scenario's setup and cleanup (agents, a namespace),
        // generous for a loaded machine, and far below the 30 s an uncut default would take.
        let bound = 1.0 + 5
        for (file, line, words) in [("1-command", 6, "timed out after 1 s: sleep 3600"),
                                    ("2-agent-request", 8, "timed out after 1 s: agent process"),
                                    ("3-wait", 6, "timed out after 1 s: sleep 3600")] {
            let report = reports[file]
            #expect(report?.verdict == "ERROR", "\(file): \(run.output)")
            #expect(report?.detail.contains("error at \(folder)/\(file).scenario:\(line):1: ") == true, "\(file): \(report?.detail ?? "")")
            #expect(report?.detail.contains(words) == true, "\(file): \(report?.detail ?? "")")
            #expect((report?.seconds ?? .infinity) < bound, "\(file) took \(report?.seconds ?? -1) s")
        }
        let record = reports["4-record"]
        #expect(record?.verdict == "FAIL", "\(run.output)")
        #expect(record?.detail.contains("\(folder)/4-record.scenario:9") == true, "\(record?.detail ?? "")")
        #expect((record?.seconds ?? .infinity) < bound)
        let write = reports["5-runner-write"]
        #expect(write?.verdict == "ERROR")
        #expect(write?.detail.contains("5-runner-write.scenario:7:1: write to ") == true, "\(write?.detail ?? "")")
        #expect(write?.detail.contains("expected success, got ENXIO") == true, "\(write?.detail ?? "")")
        #expect(reports["6-after"]?.verdict == "PASS", "\(run.output)")

        #expect(try MachineCount.read() == before)
        #expect(TaggedProcesses.all(tagged: tag).isEmpty, "left: \(TaggedProcesses.all(tagged: tag))")
    }

    @Test func theActionTimeoutMustBePositive() throws {
        let run = try Command.run([LiveKernel.binary, "run", LiveKernel.fixture("hangs"), "--action-timeout", "0"], currentDirectory: root)
        #expect(run.status == 64, "\(run.output)\(run.errorOutput)")
        #expect(run.errorOutput.contains("--action-timeout must be a positive number of seconds"))
        let help = try Command.run([LiveKernel.binary, "help", "run"], currentDirectory: root)
        #expect(help.output.contains("--action-timeout <seconds>"))
    }

    /// The console's line for each scenario file (by name without .scenario), with the lines under it.
    static func reports(in output: String) -> [String: Reported] {
        var reports: [String: Reported] = [:]
        var current: String?
        for line in output.split(separator: "\n").map(String.init) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if let verdict = words.first, ["PASS", "FAIL", "ERROR", "SKIP"].contains(String(verdict)), words.count > 2 {
                let name = URL(fileURLWithPath: String(words[1])).deletingPathExtension().lastPathComponent
                let seconds = Double(words[2].dropFirst()) ?? .infinity
                reports[name] = Reported(verdict: String(verdict), seconds: seconds, detail: "")
                current = name
            } else if let name = current, line.hasPrefix("      ") {
                reports[name]?.detail += line + "\n"
            }
        }
        return reports
    }
}
