import Foundation

/// A thread of its own that runs slow undos one after another, off a scenario's critical path.
///
/// Some undos spend their time waiting, not working: the kernel deletes an audit rule only
/// after an RCU grace period (synchronize_rcu in audit_del_rule, ~10 ms), and on a disk
/// mounted with `discard`, removing a folder waits for the device. Handed here, they wait
/// while the runner goes on. Nothing is lost if the run dies meanwhile: what is queued is
/// still in the snapshot (the rules as they were before the run, the folders in its journal),
/// so `restore` does it. `drain` waits until everything queued so far is done.
public final class BackgroundWork: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [(what: String, work: () throws -> Void)] = []
    private var busy = false
    private var problems: [String] = []
    private var started = false
    private let name: String

    public init(name: String) { self.name = name }

    /// Runs `work` after everything queued before it.
    public func enqueue(_ what: String, _ work: @escaping () throws -> Void) {
        condition.lock()
        queue.append((what, work))
        if !started {
            started = true
            let thread = Thread { [self] in loop() }
            thread.name = name
            thread.start()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Whether nothing is queued or running.
    public var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return queue.isEmpty && !busy
    }

    /// Waits until everything queued so far has run; returns what failed since the last drain.
    @discardableResult
    public func drain() -> [String] {
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || busy { condition.wait() }
        let failed = problems
        problems = []
        return failed
    }

    private func loop() {
        condition.lock()
        while true {
            while queue.isEmpty { condition.wait() }
            let task = queue.removeFirst()
            busy = true
            condition.unlock()
            var problem: String?
            do { try task.work() } catch { problem = "\(task.what): \(error)" }
            condition.lock()
            if let problem { problems.append(problem) }
            busy = false
            condition.broadcast()
        }
    }
}
