import AuditRecords
#if canImport(Glibc)
import Glibc
#endif

/// Runs `cases` inputs through the scenario parser, the record parsers and the capture search, split between them,
/// from `seeds` (scenario files and record lines) and pure noise. Returns the violations and
/// the slowest case, so a hang shows as a number, not as a stuck run.
struct FuzzRun {
    var cases: Int
    var seed: UInt64
    var scenarioSeeds: [[UInt8]]
    var recordSeeds: [[UInt8]]

    struct Summary {
        var cases = 0
        var violations: [FuzzTargets.Violation] = []
        var slowest = 0.0
        var seconds = 0.0
    }

    /// Templates a replay captures with, and values like those they meet: repeated variables
    /// and long values are where the capture search once went exponential.
    static let captureSeeds: [(String, String)] = [
        ("$tmp/created", "/tmp/auditspec.x1/created"),
        ("$a-$b-$a", "12-34-12"),
        ("${dir}x$file", "/var/tmp/xname"),
        ("op=$op contid=$c", "op=set contid=123452,123451"),
        ("$a$b$c$d$e$f/never", String(repeating: "a", count: 40) + "/nevr"),
        ("$a$b$a$b$c$c", String(repeating: "ab", count: 30)),
    ]

    func run() -> Summary {
        var mutator = Mutator(seed: seed)
        var summary = Summary()
        let parser = RecordParser(typeName: { $0 == 1300 ? "SYSCALL" : nil })
        let started = now()
        for index in 0..<cases {
            let caseStart = now()
            let violation: FuzzTargets.Violation?
            // One case in ten is a capture: its search is the slowest target by far (up to its
            // step budget for each pathological case).
            switch index % 10 == 9 ? 4 : index % 4 {
            case 0:
                let base = scenarioSeeds.isEmpty ? [] : scenarioSeeds[mutator.below(scenarioSeeds.count)]
                violation = FuzzTargets.scenario(mutator.below(8) == 0 ? mutator.randomBytes(200) : mutator.mutate(base))
            case 1, 2:
                let base = recordSeeds.isEmpty ? [] : recordSeeds[mutator.below(recordSeeds.count)]
                violation = FuzzTargets.recordLine(mutator.below(8) == 0 ? mutator.randomBytes(120) : mutator.mutate(base), parser: parser)
            case 3:
                let base = recordSeeds.isEmpty ? [] : Array(recordSeeds[mutator.below(recordSeeds.count)].drop { $0 != 0x61 })
                violation = FuzzTargets.kernelMessage(mutator.mutate(base), parser: parser)
            default:
                let (template, value) = Self.captureSeeds[mutator.below(Self.captureSeeds.count)]
                violation = FuzzTargets.capture(template: mutator.mutate(Array(template.utf8)), value: mutator.mutate(Array(value.utf8)))
            }
            if let violation, summary.violations.count < 20 { summary.violations.append(violation) }
            summary.slowest = max(summary.slowest, now() - caseStart)
            summary.cases += 1
        }
        summary.seconds = now() - started
        return summary
    }

    private func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
