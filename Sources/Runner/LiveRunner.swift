import Attribution
import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage

/// Runs scenarios in a live session, `jobs` at a time, and hands each result on as it comes.
///
/// Each scenario runs on a thread of its own (its actions block in poll(2), so they are not
/// for Swift's few cooperative threads), with its own sockets (`ScenarioChannel`); the calling
/// thread starts them as `JobSchedule` allows, in the order given, and waits for their
/// outcomes, the signal trap and the capture in one poll. A scenario that must run alone
/// (`ScenarioIsolation`) runs with nothing beside it, and is attributed the same way whatever
/// `jobs` is, so verdicts do not depend on it. Results come back in the order given.
public struct LiveRunner {
    public let session: LiveSession
    public var options: RunOptions
    public var jobs: Int

    public init(session: LiveSession, options: RunOptions = RunOptions(), jobs: Int = 1) {
        self.session = session
        self.options = options
        self.jobs = max(1, jobs)
    }

    /// Runs every scenario; `starting` sees each one's place just before it starts, and
    /// `progress` each result (with its place in `scenarios`) as soon as it is known, both on
    /// the calling thread. On SIGINT/SIGTERM no scenario is started any more, every running one
    /// is cleaned up, and then `Interrupted` is thrown.
    public func run(_ written: [Scenario], progress: (Int, ScenarioResult) -> Void = { _, _ in },
                    starting: (Int) -> Void = { _ in }) throws(Interrupted) -> [ScenarioResult] {
        // What each scenario states for the revision under test, and only that, is run.
        let scenarios = written.map { $0.resolved(under: options.profiles) }
        let isolations = scenarios.map(ScenarioIsolation.init)
        // One that will be skipped does nothing, so it need not wait for the others to end.
        // (Known now: the netfilter probes still running in the background are not waited for.)
        let alone = zip(scenarios, isolations).map { scenario, isolation in
            isolation.runsAlone && ScenarioExecution.skipReason(scenario, features: session.features, options: options, waiting: false) == nil
        }
        var schedule = JobSchedule(runsAlone: alone, jobs: jobs)
        let mailbox: CompletionMailbox
        do { mailbox = try CompletionMailbox() } catch {
            // Nothing can run without a way back from the scenarios' threads.
            return scenarios.enumerated().map { index, scenario in
                let result = ScenarioResult(of: scenario, verdict: .error(phase: .setup, message: "\(error)"))
                progress(index, result)
                return result
            }
        }
        let context = RunContext(keeper: session.keeper, features: session.features, parser: session.parser,
                                 options: options, lostCounterIsTheRuns: session.lostCounterIsTheRuns, runner: getpid(), scenarioCount: scenarios.count,
                                 background: session.background)
        var results = [ScenarioResult?](repeating: nil, count: scenarios.count)
        var interrupted: Interrupted?
        while !schedule.isDone {
            while interrupted == nil, let index = schedule.start() {
                starting(index)
                Self.start(scenarios[index], index: index, isolation: isolations[index], context: context, mailbox: mailbox)
            }
            if schedule.running.isEmpty { break }
            let watched = [mailbox.fd] + (session.capture.map { [$0.fd] } ?? [])
            do {
                // After a signal, the running scenarios are cleaning up: wait for them regardless.
                _ = try Poller.wait(for: watched, until: .infinity, interruptible: interrupted == nil)
            } catch {
                interrupted = error
            }
            session.capture?.drain()
            for (index, outcome) in mailbox.take() {
                schedule.finish(index)
                switch outcome {
                case .finished(let result):
                    results[index] = result
                    progress(index, result)
                case .interrupted(let signal):
                    interrupted = interrupted ?? signal
                }
            }
        }
        session.capture?.drain()
        if let interrupted { throw interrupted }
        return results.compactMap { $0 }
    }

    /// Runs one scenario on a new thread, which posts its outcome to `mailbox` as its last act.
    private static func start(_ scenario: Scenario, index: Int, isolation: ScenarioIsolation, context: RunContext,
                              mailbox: CompletionMailbox) {
        Thread.detachNewThread {
            let tags = ScenarioTags(runner: context.runner, index: index + 1)
            let outcome: CompletionMailbox.Outcome
            do {
                let channel = try ScenarioChannel()
                let execution = ScenarioExecution(scenario: scenario, context: context, channel: channel,
                                                  tags: tags, isolation: isolation)
                outcome = .finished(try execution.run())
            } catch let interrupted as Interrupted {
                outcome = .interrupted(interrupted)
            } catch {
                outcome = .finished(ScenarioResult(of: scenario,
                                                   verdict: .error(phase: .setup, message: "cannot open its audit sockets: \(error)")))
            }
            mailbox.post(index, outcome)
        }
    }
}
