import AuditRecords
import Foundation

/// `auditspec-fuzz [--cases N] [--seed S] [SEED FILES...]`: a benchmark-style fuzz run of the
/// scenario and record parsers. Prints cases/s, the slowest case and any violation; exits 1 on
/// a violation or a case slower than a second.
@main
struct Fuzz {
    static func main() {
        var cases = 1_000_000
        var seed: UInt64 = 1
        var files: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--cases": cases = Int(arguments.popFirst() ?? "") ?? cases
            case "--seed": seed = UInt64(arguments.popFirst() ?? "") ?? seed
            case "--help", "-h":
                print("usage: auditspec-fuzz [--cases N] [--seed S] [scenario or log files as seeds...]")
                return
            default: files.append(argument)
            }
        }
        var scenarios: [[UInt8]] = []
        var records: [[UInt8]] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            if file.hasSuffix(".scenario") { scenarios.append(Array(data)) } else {
                records += data.split(separator: 0x0A).map(Array.init)
            }
        }
        let summary = FuzzRun(cases: cases, seed: seed, scenarioSeeds: scenarios, recordSeeds: records).run()
        print("\(summary.cases) cases in \(String(format: "%.1f", summary.seconds)) s "
              + "(\(Int(Double(summary.cases) / max(summary.seconds, 0.001))) cases/s), slowest case \(String(format: "%.2f", summary.slowest * 1000)) ms, "
              + "\(summary.violations.count) violations, seed \(seed)")
        summary.violations.forEach { print("violation: \($0)") }
        if !summary.violations.isEmpty || summary.slowest > 1 { exit(1) }
    }
}
