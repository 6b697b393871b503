import Foundation
import POSIXSupport

/// A private network namespace made ahead of time, between pieces of work, so that the next
/// one that needs a namespace finds it ready instead of waiting for the kernel to build one (copy_net_ns
/// and the holder's start cost about 10 ms, as long as a rule deletion's grace period).
///
/// Once one has been taken, `refill` makes the next in the background; the caller calls it when
/// its work's cleanup begins, and waits (`waitUntilReady`) before the next work acts, so the
/// spare's own system calls (a clone3, an execve) never happen while that work's rules are
/// judged. The spare is a fresh namespace with lo up, held by an agent tracked in the
/// snapshot like any other: it ends with the runner, even by SIGKILL (its socket is its lifeline).
public final class SpareNetworkNamespace: @unchecked Sendable {
    private let work = BackgroundWork(name: "auditspec spare namespace")
    private let lock = NSLock()
    private var spare: NetworkNamespace?
    private var wanted = false
    private let keeper: AuditStateKeeper?

    public init(keeper: AuditStateKeeper?) { self.keeper = keeper }

    /// The spare, if one is ready (the caller owns it from then on); nil otherwise.
    public func take() -> NetworkNamespace? {
        lock.withLock {
            wanted = true
            defer { spare = nil }
            return spare
        }
    }

    /// Starts making a spare in the background if one was ever taken and none is there.
    public func refill() {
        guard lock.withLock({ wanted && spare == nil }) else { return }
        work.enqueue("make a spare network namespace") { [self] in
            guard lock.withLock({ spare == nil }) else { return }
            let made = try NetworkNamespace(loopbackUp: true)
            keeper?.track(pid: made.holder.pid)
            lock.withLock { spare = made }
        }
    }

    /// Waits until a spare being made is there (or failed: the next step then makes its own).
    public func waitUntilReady() { work.drain() }

    /// Ends the spare, if any (at the session's end).
    public func close() {
        work.drain()
        let left: NetworkNamespace? = lock.withLock {
            defer { spare = nil }
            return spare
        }
        if let left {
            left.stop()
            keeper?.untrack(pid: left.holder.pid)
        }
    }
}
