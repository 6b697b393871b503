// The clock: what a scenario's `settime` and `adjtime` do (made by an agent, so the records
// are that process's), and what the runner saves before them and writes back after.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_SECOND 1000000000LL

// The system calls themselves, by number: glibc's wrappers may pick another call (clock_settime
// for settimeofday, a 64-bit time variant), and audit rules name the call.
static long adjust(int call, struct timex *tx) {
    return call == AS_CLOCK_ADJTIME ? syscall(SYS_clock_adjtime, CLOCK_REALTIME, tx) : syscall(SYS_adjtimex, tx);
}

int as_set_time(int call, long long seconds, long long nanoseconds) {
    long rc;
    if (call == AS_CLOCK_SETTIMEOFDAY) {
        struct timeval tv = {.tv_sec = (time_t)seconds, .tv_usec = (suseconds_t)(nanoseconds / 1000)};
        rc = syscall(SYS_settimeofday, &tv, NULL);
    } else if (call == AS_CLOCK_SETTIME) {
        struct timespec ts = {.tv_sec = (time_t)seconds, .tv_nsec = (long)nanoseconds};
        rc = syscall(SYS_clock_settime, CLOCK_REALTIME, &ts);
    } else {
        return -EINVAL;
    }
    return rc == 0 ? 0 : -errno;
}

int as_adjust_time(int call, unsigned modes, long long value, long long seconds, long long microseconds) {
    if (call != AS_CLOCK_ADJTIMEX && call != AS_CLOCK_ADJTIME) return -EINVAL;
    struct timex tx;
    memset(&tx, 0, sizeof tx);
    tx.modes = modes;
    if (modes == ADJ_SETOFFSET) {
        tx.time.tv_sec = (time_t)seconds;
        tx.time.tv_usec = (suseconds_t)microseconds;
    } else if ((modes & ADJ_OFFSET_SINGLESHOT) == ADJ_OFFSET_SINGLESHOT || (modes & ADJ_OFFSET)) {
        tx.offset = (long)value;
    } else if (modes & ADJ_FREQUENCY) {
        tx.freq = (long)value;
    } else if (modes & ADJ_STATUS) {
        tx.status = (int)value;
    } else if (modes & ADJ_TAI) {
        tx.constant = (long)value;  // ADJ_TAI reads the constant field
    } else if (modes & ADJ_TICK) {
        tx.tick = (long)value;
    }
    long rc = adjust(call, &tx);
    return rc >= 0 ? (int)rc : -errno;
}

// CLOCK_REALTIME minus CLOCK_MONOTONIC, the monotonic reading taken as the mean of one before
// and one after the realtime reading.
static int realtime_minus_monotonic(long long *difference) {
    struct timespec before, real, after;
    if (clock_gettime(CLOCK_MONOTONIC, &before) || clock_gettime(CLOCK_REALTIME, &real) ||
        clock_gettime(CLOCK_MONOTONIC, &after))
        return -errno;
    long long mono = ((before.tv_sec * NS_PER_SECOND + before.tv_nsec) + (after.tv_sec * NS_PER_SECOND + after.tv_nsec)) / 2;
    *difference = real.tv_sec * NS_PER_SECOND + real.tv_nsec - mono;
    return 0;
}

static int read_ntp(struct timex *tx, long long *adjust_left) {
    memset(tx, 0, sizeof *tx);
    if (adjtimex(tx) < 0) return -errno;
    // time_adjust (adjtime(3)'s slew) is read only through ADJ_OFFSET_SS_READ.
    struct timex ss;
    memset(&ss, 0, sizeof ss);
    ss.modes = ADJ_OFFSET_SS_READ;
    if (adjtimex(&ss) < 0) return -errno;
    *adjust_left = ss.offset;
    return 0;
}

int as_clock_save(as_clock_state *state) {
    struct timex tx;
    long long adjust_left = 0;
    int rc = read_ntp(&tx, &adjust_left);
    if (rc) return rc;
    memset(state, 0, sizeof *state);
    state->offset = tx.offset;
    state->freq = tx.freq;
    state->maxerror = tx.maxerror;
    state->esterror = tx.esterror;
    state->constant = tx.constant;
    state->tick = tx.tick;
    state->tai = tx.tai;
    state->status = tx.status;
    state->adjust = adjust_left;
    return realtime_minus_monotonic(&state->realtime_minus_monotonic_ns);
}

static int call_adjtimex(struct timex *tx, const char *what, const char **failed) {
    if (adjtimex(tx) >= 0) return 0;
    *failed = what;
    return -errno;
}

// Status bits ADJ_STATUS writes (the rest are the kernel's own, or set by ADJ_NANO/ADJ_MICRO).
#define STATUS_WRITABLE (~(STA_PPSSIGNAL | STA_PPSJITTER | STA_PPSWANDER | STA_PPSERROR | STA_CLOCKERR | STA_NANO | STA_MODE | STA_CLK))

// The NTP values, in the order the kernel lets them be written back.
static int restore_ntp(const as_clock_state *state, const char **failed) {
    struct timex tx, now;
    long long adjust_left = 0;
    int rc = read_ntp(&now, &adjust_left);
    if (rc) { *failed = "adjtimex (read)"; return rc; }
    // An offset the PLL is still slewing is dropped first, while the PLL is on to take it:
    // turning the PLL off leaves time_offset to go on slewing the clock.
    if (now.status & STA_PLL) {
        memset(&tx, 0, sizeof tx);
        tx.modes = ADJ_OFFSET;
        if ((rc = call_adjtimex(&tx, "adjtimex (ADJ_OFFSET 0)", failed))) return rc;
    }
    // Status first, in nanosecond mode for the restore: the kernel adds 4 to a time constant
    // written in microsecond mode (so one below 4 could not be written back), and reads it back
    // as it keeps it. The saved mode is set last.
    memset(&tx, 0, sizeof tx);
    tx.modes = ADJ_STATUS | ADJ_NANO;
    tx.status = state->status;
    if ((rc = call_adjtimex(&tx, "adjtimex (ADJ_STATUS)", failed))) return rc;
    if ((state->status & STA_PLL) && state->offset != 0) {
        memset(&tx, 0, sizeof tx);
        tx.modes = ADJ_OFFSET;
        // Read in the saved mode's unit, written in nanoseconds.
        tx.offset = (state->status & STA_NANO) ? state->offset : state->offset * 1000;
        if ((rc = call_adjtimex(&tx, "adjtimex (ADJ_OFFSET)", failed))) return rc;
    }
    // After the offset, which moves the frequency under the PLL.
    memset(&tx, 0, sizeof tx);
    tx.modes = ADJ_FREQUENCY | ADJ_MAXERROR | ADJ_ESTERROR | ADJ_TIMECONST | ADJ_TICK;
    tx.freq = state->freq;
    tx.maxerror = state->maxerror;
    tx.esterror = state->esterror;
    tx.constant = state->constant;
    tx.tick = state->tick;
    if ((rc = call_adjtimex(&tx, "adjtimex (ADJ_FREQUENCY, ADJ_TICK, ...)", failed))) return rc;
    if (!(state->status & STA_NANO)) {
        memset(&tx, 0, sizeof tx);
        tx.modes = ADJ_MICRO;
        if ((rc = call_adjtimex(&tx, "adjtimex (ADJ_MICRO)", failed))) return rc;
    }
    // ADJ_TAI reads the constant field too, so it is a call of its own.
    memset(&tx, 0, sizeof tx);
    tx.modes = ADJ_TAI;
    tx.constant = state->tai;
    if ((rc = call_adjtimex(&tx, "adjtimex (ADJ_TAI)", failed))) return rc;
    memset(&tx, 0, sizeof tx);
    tx.modes = ADJ_OFFSET_SINGLESHOT;
    tx.offset = state->adjust;
    return call_adjtimex(&tx, "adjtimex (ADJ_OFFSET_SINGLESHOT)", failed);
}

// Read back: a value the kernel did not take is said, not assumed.
static int check_restored(const as_clock_state *state, const char **failed) {
    struct timex now;
    long long adjust_left = 0;
    int rc;
    if ((rc = read_ntp(&now, &adjust_left))) { *failed = "adjtimex (read back)"; return rc; }
    // The kernel keeps the frequency scaled (freq times 1000 << 16) and reads it back through a
    // rounded inverse, so a non-zero frequency may come back a part in a thousand off.
    long long freq_error = now.freq - state->freq, freq_bound = (state->freq < 0 ? -state->freq : state->freq) / 500 + 1;
    if (freq_error > freq_bound || freq_error < -freq_bound) { *failed = "freq"; return 1; }
    if (now.tick != state->tick) { *failed = "tick"; return 1; }
    if (now.tai != state->tai) { *failed = "tai"; return 1; }
    if (now.constant != state->constant) { *failed = "time constant"; return 1; }
    if ((now.status & (STATUS_WRITABLE | STA_NANO)) != (state->status & (STATUS_WRITABLE | STA_NANO))) { *failed = "status"; return 1; }
    long long difference = 0;
    if ((rc = realtime_minus_monotonic(&difference))) { *failed = "clock_gettime (read back)"; return rc; }
    long long error = difference - state->realtime_minus_monotonic_ns;
    // Only the time between reading CLOCK_MONOTONIC and clock_settime separates the two.
    if (error > 20000000LL || error < -20000000LL) { *failed = "CLOCK_REALTIME"; return 1; }
    return 0;
}

int as_clock_restore(const as_clock_state *state, const char **failed) {
    int rc = restore_ntp(state, failed);
    if (rc) return rc;
    // The clock last: CLOCK_MONOTONIC went on unchanged by settimeofday, clock_settime and
    // ADJ_SETOFFSET, so the saved difference gives what CLOCK_REALTIME would read now.
    struct timespec mono, real;
    if (clock_gettime(CLOCK_MONOTONIC, &mono)) { *failed = "clock_gettime"; return -errno; }
    long long target = mono.tv_sec * NS_PER_SECOND + mono.tv_nsec + state->realtime_minus_monotonic_ns;
    real.tv_sec = target / NS_PER_SECOND;
    real.tv_nsec = target % NS_PER_SECOND;
    if (clock_settime(CLOCK_REALTIME, &real)) { *failed = "clock_settime"; return -errno; }
    return check_restored(state, failed);
}
