import Foundation
import Matching

/// What one boot's end means for the scenarios it was given: the results that are final (the
/// guest's, made ERROR by a kernel problem, and an ERROR for the scenario the boot ended in)
/// and a line on how the boot ended. A boot showing that the guest cannot run the suite at all
/// throws `UnusableGuest` instead.
struct BootReading {
    let outcome: GuestBoot.Outcome
    let scenarios: [VMRunner.ScenarioRef]
    let files: BootFiles
    let acceleration: Acceleration

    func verdicts(guestResults: [ScenarioResult]) throws(UnusableGuest) -> (finished: [ScenarioResult], ending: String) {
        var finished: [ScenarioResult] = []
        for (index, result) in guestResults.enumerated() where index < scenarios.count {
            finished.append(VMRunner.merging(problems(index), into: result))
        }
        let next = finished.count
        switch outcome.stop {
        case .exited(let vngStatus):
            // The guest command's own status when it wrote one (vng's is 255 without udev).
            let written = (try? String(contentsOfFile: files.status, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            let status = written ?? vngStatus
            let ending = written == nil ? "vng exited with status \(vngStatus), the guest's command wrote none"
                : "guest exited with status \(status)"
            guard next < scenarios.count else { return (finished, ending) }
            return (finished + [try afterExit(status: status, next: next)], ending)
        case .killedAfterProblem(let index):
            let ending = "killed after a kernel problem in \(scenarios[min(index, scenarios.count - 1)].path)"
            guard next <= index, next < scenarios.count else { return (finished, ending) }
            return (finished + [VMRunner.errorResult(scenarios[next], problems: problems(index), duration: duration(next))], ending)
        case .timedOut(_, let after, let waitingFor):
            let ending = "killed: no progress after \(Int(after)) s"
            let stuck = try afterTimeout(after: after, waitingFor: waitingFor, next: next)
            return (finished + (stuck.map { [$0] } ?? []), ending)
        case .kvmUnusable:
            return (finished, "")
        }
    }

    /// The scenario the guest was in when its command ended by itself.
    private func afterExit(status: Int32, next: Int) throws(UnusableGuest) -> ScenarioResult {
        if !problems(next).isEmpty {
            return VMRunner.errorResult(scenarios[next], problems: problems(next), duration: duration(next))
        }
        guard outcome.bootSeconds != nil else {
            throw UnusableGuest("the kernel did not boot to the guest's auditspec (vng ended with status \(status)); "
                                + "console and output kept in \(files.shared)\n" + VMRunner.tail(outcome))
        }
        let log = ((try? String(contentsOfFile: files.guestLog, encoding: .utf8)) ?? "").split(separator: "\n")
        guard outcome.watcher.current != nil else {
            // It could not run scenarios at all (no audit in the guest, say).
            throw UnusableGuest("the guest's auditspec ended (status \(status)) after \(next) of \(scenarios.count) scenarios; "
                                + "its output (kept in \(files.shared)):\n" + log.suffix(20).map { "  | " + $0 }.joined(separator: "\n"))
        }
        // The guest's auditspec died inside a scenario (a crash of its own): that scenario is
        // in error, the others get a fresh boot.
        let message = "the guest's auditspec ended (status \(status)) during this scenario; its last output:\n"
            + log.suffix(10).map { "| " + $0 }.joined(separator: "\n")
        return guestError(next, message)
    }

    /// The scenario the guest was in when it was killed for making no progress (nil: it had
    /// finished them all).
    private func afterTimeout(after: Double, waitingFor: String, next: Int) throws(UnusableGuest) -> ScenarioResult? {
        guard outcome.bootSeconds != nil else {
            throw UnusableGuest("the guest did not boot: killed after \(Int(after)) s waiting for \(waitingFor) (\(acceleration.label)); "
                                + "console kept in \(files.shared)\n" + VMRunner.tail(outcome))
        }
        guard next < scenarios.count else { return nil }
        if !problems(next).isEmpty {
            return VMRunner.errorResult(scenarios[next], problems: problems(next), duration: duration(next))
        }
        let message = "the guest stopped answering: it was killed after waiting \(Int(after)) s in all for \(waitingFor)"
            + "\nlast console lines:\n" + outcome.watcher.tail.suffix(15).map { "| " + $0 }.joined(separator: "\n")
        return guestError(next, message)
    }

    private func guestError(_ index: Int, _ message: String) -> ScenarioResult {
        ScenarioResult(path: scenarios[index].path, title: scenarios[index].title,
                       verdict: .error(phase: .guest, message: message), duration: duration(index))
    }

    private func problems(_ index: Int) -> [KernelProblem] { outcome.watcher.problems[index] ?? [] }

    private func duration(_ index: Int) -> Double { outcome.secondsSinceBegin[index] ?? 0 }
}
