import CPOSIX
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Thrown when SIGINT, SIGTERM or SIGHUP arrives during a wait: the caller unwinds,
/// cleans up and restores, then ends with that signal.
public struct Interrupted: Error, Hashable, Sendable {
    public var signal: Int32
}

/// Every wait in auditspec goes through here: for some file descriptors to become
/// readable, for a deadline, or for a trapped signal, whichever comes first. Nothing sleeps
/// for a fixed time; a process, a record or a signal wakes the waiter at once.
public enum Poller {
    /// Seconds on the monotonic clock.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Returns the descriptors that are readable (empty when the deadline passed).
    /// Not `interruptible`: a trapped signal neither ends nor shortens the wait (for waiting
    /// out what must finish after a signal, such as the cleanup of parallel scenarios).
    public static func wait(for fds: [Int32], until deadline: Double, interruptible: Bool = true) throws(Interrupted) -> Set<Int32> {
        let trap = interruptible ? SignalTrap.fd : -1
        var polled = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if trap >= 0 { polled.append(pollfd(fd: trap, events: Int16(POLLIN), revents: 0)) }
        while true {
            if interruptible, let signal = SignalTrap.caught { throw Interrupted(signal: signal) }
            let remaining = deadline - now()
            let milliseconds = remaining <= 0 ? 0 : Int32(min(remaining * 1000 + 1, Double(Int32.max)))
            let ready = poll(&polled, nfds_t(polled.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return []
            }
            if interruptible, let signal = SignalTrap.caught { throw Interrupted(signal: signal) }
            let readable = Set(polled.filter { $0.revents != 0 && $0.fd != trap }.map(\.fd))
            if !readable.isEmpty || remaining <= 0 { return readable }
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP become a flag and a wake-up byte instead of an abrupt end,
/// so that a run always restores the kernel's audit state before it exits.
public enum SignalTrap {
    /// The read end of the trap's pipe, or -1 before `install`. Every waiting thread polls it
    /// (it is never read, so it stays readable for all of them once a signal came).
    private static let pipe = Atomic<Int32>(-1)

    static var fd: Int32 { pipe.load(ordering: .acquiring) }

    public static func install() {
        // as_signal_trap_install is idempotent: a second caller gets the same pipe.
        if fd < 0 { pipe.store(as_signal_trap_install(), ordering: .releasing) }
    }

    public static var caught: Int32? {
        let signal = as_signal_trap_caught()
        return signal == 0 ? nil : signal
    }

    /// Ends the process with the trapped signal, as if it had never been trapped.
    public static func reraise(_ signal: Int32) -> Never {
        as_signal_reraise(signal)
        exit(128 + signal)
    }
}
