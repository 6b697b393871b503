import AuditKernel
import Foundation
import Matching
import ScenarioLanguage

/// Runs scenarios one after another in a live session and hands each result on as it comes.
public struct LiveRunner {
    public let session: LiveSession
    public var options: RunOptions

    public init(session: LiveSession, options: RunOptions = RunOptions()) {
        self.session = session
        self.options = options
    }

    /// Runs every scenario; `progress` sees each result as soon as it is known.
    /// Throws `Interrupted` on SIGINT/SIGTERM after cleaning up the scenario under way.
    public func run(_ scenarios: [Scenario], progress: (ScenarioResult) -> Void = { _ in }) throws(Interrupted) -> [ScenarioResult] {
        var results: [ScenarioResult] = []
        for (index, scenario) in scenarios.enumerated() {
            let key = "auditspec-\(getpid())-\(index + 1)"
            let execution = ScenarioExecution(scenario: scenario, session: session, options: options, key: key)
            let result = try execution.run()
            progress(result)
            results.append(result)
        }
        return results
    }
}
