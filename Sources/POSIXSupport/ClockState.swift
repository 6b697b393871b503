import CPOSIX
import SystemTypes

/// The system calls that set or adjust CLOCK_REALTIME, as a program makes them (the agent makes
/// each by number, so an audit rule names the call written).
public enum ClockCall: Int32, Sendable {
    case settimeofday = 1, clockSettime, adjtimex, clockAdjtime
}

/// What one adjtimex(2) or clock_adjtime(2) call changes: its `modes` bit (Linux's ADJ_*).
public enum ClockAdjustMode: UInt32, Sendable {
    case setOffset = 0x0100       // ADJ_SETOFFSET: shift the clock by a time
    case adjust = 0x8001          // ADJ_OFFSET_SINGLESHOT: adjtime(3)'s slew, in microseconds
    case offset = 0x0001          // ADJ_OFFSET: the PLL's offset (taken under STA_PLL)
    case frequency = 0x0002       // ADJ_FREQUENCY: in 2^-16 ppm
    case status = 0x0010          // ADJ_STATUS: the status bits
    case tai = 0x0080             // ADJ_TAI: the TAI-UTC offset
    case tick = 0x4000            // ADJ_TICK: microseconds per tick
    case nano = 0x2000            // ADJ_NANO: STA_NANO on
    case micro = 0x1000           // ADJ_MICRO: STA_NANO off
}

/// CLOCK_REALTIME against CLOCK_MONOTONIC and the kernel's NTP values, saved before a scenario
/// changes the clock and written back after it (its cleanup stack), whatever its verdict.
///
/// CLOCK_MONOTONIC goes on unchanged through settimeofday, clock_settime and ADJ_SETOFFSET, so
/// the saved difference gives what CLOCK_REALTIME would read at the restore; only the time
/// between reading CLOCK_MONOTONIC and setting the clock separates the two. The restore reads
/// every value back and says which one the kernel did not take.
public struct ClockState: Sendable {
    let saved: as_clock_state

    public static func save() throws(KernelError) -> ClockState {
        var state = as_clock_state()
        let rc = as_clock_save(&state)
        if rc < 0 { throw KernelError("read the clock and its NTP values (adjtimex)", errno: -rc) }
        return ClockState(saved: state)
    }

    public func restore() throws(KernelError) {
        var state = saved
        var failed: UnsafePointer<CChar>?
        let rc = as_clock_restore(&state, &failed)
        let what = failed.map { String(cString: $0) } ?? "?"
        if rc < 0 { throw KernelError("put the clock back: \(what)", errno: -rc) }
        if rc > 0 { throw KernelError("put the clock back: \(what) read back differs from the value saved", errno: .ioError) }
    }
}
