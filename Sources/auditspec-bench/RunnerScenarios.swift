import Matching
import POSIXSupport
import Profiles
import Runner
import ScenarioLanguage

/// Whole scenarios through the real runner (`LiveSession`, `LiveRunner`, `ScenarioExecution`),
/// timed from one result to the next: everything a scenario costs, its cleanup included.
enum RunnerScenarios {
    /// An empty scenario: what every scenario pays before its own actions.
    static let empty = """
        scenario "bench: empty"
        requires audit
        """

    /// What a typical scenario pays: a network namespace, an agent in it, a rule with the
    /// scenario's key, one system call by the agent, and the wait for its event.
    static let namespaceAndRule = """
        scenario "bench: a namespace, an agent, a rule and one event"
        requires audit

        netns lab
        agent probe in lab
        rule -a always,exit -F arch=b64 -S kill -F pid=$probe -F key=$key
        signal 0 to probe from probe
        expect event
            type=SYSCALL syscall=kill success=yes pid=$probe key=$key
        """

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Milliseconds per scenario for `runs` copies of `source` (after one warm-up copy).
    static func time(_ source: String, runs: Int) throws -> [Double] {
        let scenario: Scenario
        switch ScenarioParser().parse(source: source, path: "bench.scenario") {
        case .success(let parsed): scenario = parsed
        case .failure(let diagnostics): throw Failure(description: "\(diagnostics)")
        }
        let profiles = try ProfileSet.resolve(BuiltinProfiles.defaultNames)
        let session: LiveSession
        do { session = try LiveSession.begin(naming: RecordNaming(profiles: profiles)) } catch {
            throw Failure(description: "\(error)")
        }
        defer { session.end() }
        var options = RunOptions()
        options.profiles = profiles
        let runner = LiveRunner(session: session, options: options)
        var times: [Double] = []
        var mark = Poller.now()
        var problem: String?
        _ = try runner.run(Array(repeating: scenario, count: runs + 1)) { _, result in
            let now = Poller.now()
            if case .passed = result.verdict {} else { problem = problem ?? "\(result.verdict)" }
            times.append((now - mark) * 1000)
            mark = now
        }
        if let problem { throw Failure(description: "a bench scenario did not pass: \(problem)") }
        return Array(times.dropFirst())  // the first pays for the page cache and the agent binary
    }
}
