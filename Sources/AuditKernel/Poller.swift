import CSupport
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
    public static func wait(for fds: [Int32], until deadline: Double) throws(Interrupted) -> Set<Int32> {
        let trap = SignalTrap.fd
        var polled = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if trap >= 0 { polled.append(pollfd(fd: trap, events: Int16(POLLIN), revents: 0)) }
        while true {
            if let signal = SignalTrap.caught { throw Interrupted(signal: signal) }
            let remaining = deadline - now()
            let milliseconds = remaining <= 0 ? 0 : Int32(min(remaining * 1000 + 1, Double(Int32.max)))
            let ready = poll(&polled, nfds_t(polled.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return []
            }
            if let signal = SignalTrap.caught { throw Interrupted(signal: signal) }
            let readable = Set(polled.filter { $0.revents != 0 && $0.fd != trap }.map(\.fd))
            if !readable.isEmpty || remaining <= 0 { return readable }
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP become a flag and a wake-up byte instead of an abrupt end,
/// so that a run always restores the kernel's audit state before it exits.
public enum SignalTrap {
    nonisolated(unsafe) static var fd: Int32 = -1

    public static func install() {
        if fd < 0 { fd = as_signal_trap_install() }
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
