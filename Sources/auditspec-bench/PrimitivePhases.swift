import AuditKernel
import Foundation
import POSIXSupport

/// The phases of an empty scenario, timed one by one on the kernel primitives the runner uses:
/// a private network namespace with an agent in it, a rule with the scenario's key, a wait for
/// a record that proves the stream has caught up (a user message from the agent, read back from
/// the multicast group), then cleanup (the rule deleted, the processes stopped and untracked).
struct PrimitivePhases {
    static let names = ["namespace setup", "rule add", "record wait", "rule delete", "process stop"]

    let socket: AuditSocket
    let keeper: AuditStateKeeper
    let reader: MulticastReader

    /// Milliseconds of each phase, in `names` order.
    func runOnce(_ index: Int) throws -> [Double] {
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
        if case .failure(let error) = try process.sendUserMessage(key) { throw KernelError("send a user message", errno: error) }
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
}
