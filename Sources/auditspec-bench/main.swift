// auditspec-bench: what one scenario costs beyond its own actions, on this machine's kernel.
//
// 1. The phases of an empty scenario, each timed on the primitives the runner uses (see
//    PrimitivePhases), N times (default 100).
// 2. Whole scenarios through the real runner, N copies each: an empty one, and one with a
//    network namespace, an agent, a rule and one event, as real scenarios have (RunnerScenarios).
// Prints medians and 90th percentiles, and the machine's load, since the figures mean little
// while other work shares the cores.
// Needs root; saves and restores the audit state like a run (and is stopped by SIGINT cleanly).
import AuditKernel
import Foundation
import POSIXSupport

let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-overhead: \(message)\n".utf8))
    exit(2)
}

func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
}

SignalTrap.install()
let lock: MachineLock
do { lock = try MachineLock(.exclusive) } catch { fail("\(error)") }
print("auditspec per-scenario overhead, \(runs) runs each (kernel \(KernelProbe.kernelRelease()), "
      + "\(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage()) at the start)")

do {
    let socket = try AuditSocket()
    let keeper = try AuditStateKeeper(socket: socket)
    defer { _ = keeper.restore(through: socket) }
    let phases = PrimitivePhases(socket: socket, keeper: keeper, reader: try MulticastReader())
    var samples: [[Double]] = Array(repeating: [], count: PrimitivePhases.names.count)
    var totals: [Double] = []
    try AuditSetting.enabled(.on).apply(through: socket).map { _ in () }
    _ = try phases.runOnce(0)  // warm-up: page cache, the agent binary, first netns of the run
    for index in 1...runs {
        let times = try phases.runOnce(index)
        for (phase, time) in times.enumerated() { samples[phase].append(time) }
        totals.append(times.reduce(0, +))
    }
    print("phases of an empty scenario, on the primitives:")
    for (index, name) in PrimitivePhases.names.enumerated() { print("  " + Statistics.line(name, samples[index])) }
    print("  " + Statistics.line("total", totals))
} catch let interrupted as Interrupted {
    SignalTrap.reraise(interrupted.signal)
} catch {
    fail("\(error)")
}

do {
    print("whole scenarios through the runner, from one result to the next:")
    let empty = try RunnerScenarios.time(RunnerScenarios.empty, runs: runs)
    print("  " + Statistics.line("empty scenario", empty) + "   (aim: under 20 ms)")
    let typical = try RunnerScenarios.time(RunnerScenarios.namespaceAndRule, runs: runs)
    print("  " + Statistics.line("netns + agent + rule", typical))
} catch let interrupted as Interrupted {
    SignalTrap.reraise(interrupted.signal)
} catch {
    fail("\(error)")
}
print("load average at the end: \(loadAverage())")
