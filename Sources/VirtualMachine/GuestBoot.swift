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
        var watch = BootWatch(start: Poller.now(), timeouts: timeouts)
        let process: GuestProcess
        do {
            process = try GuestProcess(argv: invocation.arguments, environment: invocation.tools.environment())
        } catch {
            return Outcome(stop: .exited(127), watcher: watch.watcher, bootSeconds: nil, runSeconds: nil,
                           totalSeconds: 0, output: ["auditspec: \(error)"])
        }
        while true {
            // A KVM boot that prints no kernel line soon is not going to: KVM does not work here.
            let probingKVM = invocation.acceleration == .kvm && !watch.sawKernelLine
            let next: GuestProcess.Next
            do { next = try process.next(until: watch.deadline(probingKVM: probingKVM)) } catch {
                process.kill()
                throw error
            }
            switch next {
            case .ended(let status):
                if probingKVM {
                    return watch.finish(.kvmUnusable("QEMU ended (status \(status)) before the kernel printed anything: "
                                                     + (watch.watcher.tail.last(where: { !$0.isEmpty }) ?? "no message")))
                }
                return watch.finish(.exited(status))
            case .timeout:
                process.kill()
                return watch.finish(watch.stopAtTimeout(now: Poller.now(), probingKVM: probingKVM))
            case .line(.output, let text):
                watch.output.append(text)
            case .line(.console, let text):
                consoleSink(text)
                if let stop = watch.feed(text, scenarioEnded: scenarioEnded) {
                    process.kill()
                    return watch.finish(stop)
                }
            }
        }
    }
}

/// What the host knows of a boot as its console comes in, and so how long it may still wait:
/// the deadline depends on where the guest is (booting, in a scenario, finishing) and on a
/// kernel problem's grace.
struct BootWatch {
    let start: Double
    let timeouts: GuestBoot.Timeouts
    var watcher = ConsoleWatcher()
    var output: [String] = []
    var readyAt: Double?
    var sawKernelLine = false
    /// The first scenario a kernel problem was attributed to, and when the boot is killed for it.
    var problemIndex: Int?
    var problemDeadline = Double.infinity
    var phaseDeadline: Double
    var waitingFor = "the guest to boot and start auditspec"
    var beganAt: [Int: Double] = [:]

    init(start: Double, timeouts: GuestBoot.Timeouts) {
        self.start = start
        self.timeouts = timeouts
        phaseDeadline = start + timeouts.boot
    }

    func deadline(probingKVM: Bool) -> Double {
        let deadline = min(phaseDeadline, problemDeadline)
        return probingKVM ? min(deadline, start + Acceleration.kvmProbeTimeout) : deadline
    }

    func stopAtTimeout(now: Double, probingKVM: Bool) -> GuestBoot.Stop {
        if probingKVM { return .kvmUnusable("no kernel line within \(Int(Acceleration.kvmProbeTimeout)) s") }
        if let problemIndex, now >= problemDeadline { return .killedAfterProblem(index: problemIndex) }
        let running = watcher.current ?? (watcher.isReady ? watcher.attributionIndex : nil)
        return .timedOut(index: running, after: now - start, waitingFor: waitingFor)
    }

    func finish(_ stop: GuestBoot.Stop) -> GuestBoot.Outcome {
        let end = Poller.now()
        return GuestBoot.Outcome(stop: stop, watcher: watcher, bootSeconds: readyAt.map { $0 - start },
                                 runSeconds: readyAt.map { end - $0 }, totalSeconds: end - start, output: output,
                                 secondsSinceBegin: beganAt.mapValues { end - $0 })
    }

    /// Takes in a console line; a stop when the boot must end now.
    mutating func feed(_ text: String, scenarioEnded: (Int) -> Void) -> GuestBoot.Stop? {
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
                // Once a problem's scenario has its report in, nothing after it in this boot can be trusted.
                if let problemIndex, problemIndex <= index { return .killedAfterProblem(index: problemIndex) }
                scenarioEnded(index)
                ended(index, now: now)
            case .problem(let index, let kind):
                problem(in: index, kind: kind, now: now)
            case .reportClosed:
                // A report without a panic leaves the guest running: wait for the
                // scenario's end (its result), bounded by the grace.
                break
            }
        }
        return nil
    }

    private mutating func ended(_ index: Int, now: Double) {
        let isLast = watcher.allEnded
        phaseDeadline = now + (isLast ? timeouts.finish : timeouts.scenario)
        waitingFor = isLast ? "the guest to finish and power off"
            : watcher.running.isEmpty ? "scenario \(index + 2) of this boot to start"
            : "scenario \(watcher.running[0] + 1) of this boot to end"
    }

    private mutating func problem(in index: Int?, kind: KernelProblem.Kind, now: Double) {
        if let index, problemIndex == nil {
            problemIndex = index
            problemDeadline = now + timeouts.problemGrace
        } else if index == nil, readyAt == nil, kind == .panic || kind == .oops || kind == .bug {
            // A boot that died gets its report's time, not the whole boot timeout.
            phaseDeadline = min(phaseDeadline, now + timeouts.problemGrace)
            waitingFor = "the guest to boot (the kernel reported a \(kind.rawValue) while booting)"
        }
    }
}
