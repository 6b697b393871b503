// auditspec-bench: what one scenario costs beyond its own actions, on this machine's kernel.
//
// Runs an empty scenario N times (default 100), as the runner would: a private network
// namespace with a process in it, a rule with the scenario's key, a wait for a record that
// proves the stream has caught up (a user message from the scenario's process, read back from
// the multicast group), then cleanup (the rule deleted, the processes stopped, untracked).
// Prints the median and 90th percentile of each phase.
// Needs root; saves and restores the audit state like a run (and is stopped by SIGINT cleanly).
import AuditKernel
import Foundation


let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-overhead: \(message)\n".utf8))
    exit(2)
}

SignalTrap.install()
let lock: MachineLock
do { lock = try MachineLock(.exclusive) } catch { fail("\(error)") }
let socket: AuditSocket
let keeper: AuditStateKeeper
do {
    socket = try AuditSocket()
    keeper = try AuditStateKeeper(socket: socket)
} catch { fail("\(error)") }
let reader: MulticastReader
do { reader = try MulticastReader() } catch { fail("\(error)") }
defer { _ = keeper.restore(through: socket) }

let phases = ["namespace setup", "rule add", "record wait", "rule delete", "process stop"]
var samples: [[Double]] = Array(repeating: [], count: phases.count)
var totals: [Double] = []

@MainActor func runOnce(_ index: Int) throws -> [Double] {
    let cleanup = CleanupStack(keeper: keeper)
    var times: [Double] = []
    var mark = Poller.now()
    func lap() {
        let now = Poller.now()
        times.append((now - mark) * 1000)
        mark = now
    }
    let namespace = cleanup.adopt(try NetworkNamespace())
    let process = cleanup.adopt(try namespace.agent())
    lap()
    let key = "auditspec-bench-\(getpid())-\(index)"
    var rule = RawRuleBuilder(list: .exit, action: .always)
    rule.allSyscalls()
    rule.field(RawRuleBuilder.Field.pid, .equal, .number(UInt32(process.pid)))
    rule.field(RawRuleBuilder.Field.filterkey, .equal, .string(key))
    try socket.add(rule.build())
    lap()
    if let error = try process.sendUserMessage(key) { throw KernelError("send a user message", errno: error) }
    let deadline = Poller.now() + 5
    var seen = false
    while !seen, Poller.now() < deadline {
        seen = try reader.receive(until: deadline).contains { String(decoding: $0.payload, as: UTF8.self).contains(key) }
    }
    if !seen { throw KernelError("see the user message's record", errno: ETIMEDOUT) }
    lap()
    try socket.delete(rule.build())
    lap()
    let problems = cleanup.unwind()
    if !problems.isEmpty { throw KernelError("clean up: \(problems.joined(separator: "; "))", errno: EIO) }
    lap()
    return times
}

do {
    try AuditSetting.enabled(.on).apply(through: socket).map { _ in () }
    _ = try runOnce(0)  // warm-up: page cache, the agent binary, first netns of the run
    for index in 1...runs {
        let times = try runOnce(index)
        for (phase, time) in times.enumerated() { samples[phase].append(time) }
        totals.append(times.reduce(0, +))
    }
} catch let interrupted as Interrupted {
    _ = keeper.restore(through: socket)
    SignalTrap.reraise(interrupted.signal)
} catch {
    fail("\(error)")
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}
print("auditspec per-scenario overhead, \(runs) runs of an empty scenario (kernel \(KernelProbe.kernelRelease()))")
func line(_ name: String, _ values: [Double]) -> String {
    name.padding(toLength: 16, withPad: " ", startingAt: 0)
        + String(format: "median %7.2f ms   p90 %7.2f ms", percentile(values, 0.5), percentile(values, 0.9))
}
for (index, name) in phases.enumerated() { print("  " + line(name, samples[index])) }
print("  " + line("total", totals) + "   (aim: under 20 ms)")
