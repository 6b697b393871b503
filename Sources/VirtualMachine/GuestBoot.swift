import Foundation
import POSIXSupport

/// One boot of the kernel under test, running a list of scenarios in the guest, watched from
/// the host until the guest ends, a kernel problem makes the rest of the boot worthless, or
/// the guest stops answering.
///
/// Every wait here is for a state (a console line, the end of QEMU) with a deadline; the
/// deadline depends on where the guest is: booting, in a scenario, or finishing.
struct GuestBoot {
    struct Timeouts: Sendable {
        /// From QEMU's start to the guest auditspec's "ready".
        var boot: Double
        /// From a scenario's start to its end (and from one end to the next start).
        var scenario: Double
        /// From the last scenario's end to the guest's power-off.
        var finish: Double
        /// After a kernel problem: time for the report to reach its end line before QEMU is killed.
        var problemGrace: Double
    }

    enum Stop: Hashable, Sendable {
        /// vng ended by itself with this status (the guest command's, or a panic's power-off).
        case exited(Int32)
        /// Killed after a kernel problem in this scenario.
        case killedAfterProblem(index: Int)
        /// Killed because nothing happened in time; the scenario that was running, if any.
        case timedOut(index: Int?, after: Double, waitingFor: String)
        /// A KVM boot that printed no kernel line: KVM does not work here.
        case kvmUnusable(String)
    }

    struct Outcome {
        var stop: Stop
        var watcher: ConsoleWatcher
        /// Seconds from start to the guest's "ready" (nil: it never got there).
        var bootSeconds: Double?
        /// Seconds from "ready" to the end.
        var runSeconds: Double?
        var totalSeconds: Double
        /// Everything vng printed on its stdout (the guest command's output goes to a file).
        var output: [String]
        /// Seconds from each scenario's begin mark to the end of the boot: how long a scenario
        /// that the boot ended (a panic, a hang) had been running.
        var secondsSinceBegin: [Int: Double] = [:]
    }

    var invocation: VngInvocation
    var timeouts: Timeouts
    /// Every console line as it comes (for a log file and --verbose).
    var consoleSink: (String) -> Void = { _ in }
    /// Each scenario's end, as soon as it is seen: index, with the problems it had.
    var scenarioEnded: (Int) -> Void = { _ in }

    func run() throws(Interrupted) -> Outcome {
        let start = Poller.now()
        var watcher = ConsoleWatcher()
        var output: [String] = []
        var readyAt: Double?
        var sawKernelLine = false
        var problemIndex: Int?
        var problemDeadline = Double.infinity
        var phaseDeadline = start + timeouts.boot
        var waitingFor = "the guest to boot and start auditspec"
        var beganAt: [Int: Double] = [:]

        let process: GuestProcess
        do {
            process = try GuestProcess(argv: invocation.arguments, environment: invocation.tools.environment())
        } catch {
            return Outcome(stop: .exited(127), watcher: watcher, bootSeconds: nil, runSeconds: nil,
                           totalSeconds: 0, output: ["auditspec: \(error)"])
        }
        func finish(_ stop: Stop) -> Outcome {
            let end = Poller.now()
            return Outcome(stop: stop, watcher: watcher, bootSeconds: readyAt.map { $0 - start },
                           runSeconds: readyAt.map { end - $0 }, totalSeconds: end - start, output: output,
                           secondsSinceBegin: beganAt.mapValues { end - $0 })
        }

        while true {
            var deadline = min(phaseDeadline, problemDeadline)
            if invocation.acceleration == .kvm, !sawKernelLine { deadline = min(deadline, start + Acceleration.kvmProbeTimeout) }
            let next: GuestProcess.Next
            do { next = try process.next(until: deadline) } catch {
                process.kill()
                throw error
            }
            switch next {
            case .ended(let status):
                if invocation.acceleration == .kvm, !sawKernelLine {
                    return finish(.kvmUnusable("QEMU ended (status \(status)) before the kernel printed anything: "
                                               + (watcher.tail.last(where: { !$0.isEmpty }) ?? "no message")))
                }
                return finish(.exited(status))
            case .timeout:
                process.kill()
                let now = Poller.now()
                if invocation.acceleration == .kvm, !sawKernelLine {
                    return finish(.kvmUnusable("no kernel line within \(Int(Acceleration.kvmProbeTimeout)) s"))
                }
                if let problemIndex, now >= problemDeadline { return finish(.killedAfterProblem(index: problemIndex)) }
                let running = watcher.current ?? (watcher.isReady ? watcher.attributionIndex : nil)
                return finish(.timedOut(index: running, after: now - start, waitingFor: waitingFor))
            case .line(.output, let text):
                output.append(text)
            case .line(.console, let text):
                consoleSink(text)
                let events = watcher.feed(text)
                if !sawKernelLine, ConsoleLine(text).kernelTime != nil { sawKernelLine = true }
                let now = Poller.now()
                for event in events {
                    switch event {
                    case .ready:
                        readyAt = now
                        phaseDeadline = now + timeouts.scenario
                        waitingFor = "the first scenario to start"
                    case .began(let index):
                        beganAt[index] = now
                        phaseDeadline = now + timeouts.scenario
                        waitingFor = "scenario \((watcher.current ?? index) + 1) of this boot to end"
                    case .ended(let index):
                        if let problemIndex, problemIndex <= index {
                            // Its report is in; nothing after it in this boot can be trusted.
                            process.kill()
                            return finish(.killedAfterProblem(index: problemIndex))
                        }
                        scenarioEnded(index)
                        let isLast = watcher.allEnded
                        phaseDeadline = now + (isLast ? timeouts.finish : timeouts.scenario)
                        waitingFor = isLast ? "the guest to finish and power off"
                            : watcher.running.isEmpty ? "scenario \(index + 2) of this boot to start"
                            : "scenario \(watcher.running[0] + 1) of this boot to end"
                    case .problem(let index, let kind):
                        if let index, problemIndex == nil {
                            problemIndex = index
                            problemDeadline = now + timeouts.problemGrace
                        } else if index == nil, readyAt == nil, kind == .panic || kind == .oops || kind == .bug {
                            // A boot that died gets its report's time, not the whole boot timeout.
                            phaseDeadline = min(phaseDeadline, now + timeouts.problemGrace)
                            waitingFor = "the guest to boot (the kernel reported a \(kind.rawValue) while booting)"
                        }
                    case .reportClosed:
                        // A report without a panic leaves the guest running: wait for the
                        // scenario's end (its result), bounded by the grace.
                        break
                    }
                }
            }
        }
    }
}
