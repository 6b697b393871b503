import Matching
import Reporters

/// Passes a boot's results on as soon as they are final. A clean scenario is final at its end
/// mark; the guest's file holds only results that have every earlier one (PartialResultsFile),
/// so with --jobs a result may wait there for the scenario before it.
final class ResultStream {
    let resultsFile: String
    let scenarios: Int
    let progress: (ScenarioResult) -> Void
    private(set) var reported = 0

    init(resultsFile: String, scenarios: Int, progress: @escaping (ScenarioResult) -> Void) {
        self.resultsFile = resultsFile
        self.scenarios = scenarios
        self.progress = progress
    }

    /// At a scenario's end: passes on what the guest's file holds that was not passed on yet.
    func catchUp() {
        guard let report = try? JSONReporter.read(from: resultsFile) else { return }
        while reported < min(report.results.count, scenarios) {
            progress(report.results[reported])
            reported += 1
        }
    }

    /// At the boot's end: passes on the rest of its final results.
    func finish(_ finished: [ScenarioResult]) {
        for result in finished.dropFirst(reported) { progress(result) }
    }
}
