import Matching

/// Counts of a run's verdicts, and the exit code they mean.
public struct RunSummary: Hashable, Sendable {
    public var passed = 0, failed = 0, skipped = 0, errors = 0
    public var duration: Double = 0

    public init(_ results: [ScenarioResult]) {
        for result in results {
            switch result.verdict {
            case .passed: passed += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
            duration += result.duration
        }
    }

    public var total: Int { passed + failed + skipped + errors }

    /// `2 passed, 0 failed, 1 skipped`, with `, 1 error` or `, N errors` when there are any.
    public var line: String {
        "\(passed) passed, \(failed) failed, \(skipped) skipped" + (errors > 0 ? ", \(errors) error\(errors == 1 ? "" : "s")" : "")
    }

    /// 0 when everything passed or skipped, 1 when anything failed or broke.
    public var exitCode: Int32 { failed + errors > 0 ? 1 : 0 }
}

/// Facts about the run that reports print beside the verdicts.
public struct RunInfo: Sendable {
    public var kernelRelease: String
    public var hostname: String
    public var startedAt: String
    /// Say-once notes: features found, the state restored.
    public var properties: [(String, String)]

    public init(kernelRelease: String, hostname: String, startedAt: String, properties: [(String, String)] = []) {
        self.kernelRelease = kernelRelease
        self.hostname = hostname
        self.startedAt = startedAt
        self.properties = properties
    }
}
