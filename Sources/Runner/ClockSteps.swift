import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage
import SystemTypes

/// `settime` and `adjtime` at run time: one clock call by the agent named, its errno checked.
/// Before each, the runner saves CLOCK_REALTIME against CLOCK_MONOTONIC and the NTP values, and
/// puts them back when the scenario ends (its cleanup stack, on every path it unwinds): the
/// first step's save is undone last, so the clock ends as it was before the scenario.
extension ScenarioExecution {
    func performSetTime(_ statement: SetTimeStatement, phase: ErrorPhase) throws {
        let agent = try agent(statement.agent, phase: phase)
        try saveClock(phase: phase)
        let call: ClockCall = statement.call == .settimeofday ? .settimeofday : .clockSettime
        let result = try attempt("agent '\(statement.agent)' could not be asked to set the clock", at: phase) {
            try agent.setTime(call, seconds: statement.time.seconds, nanoseconds: statement.time.nanoseconds)
        }
        try check(result, against: statement.outcome, what: "\(statement.call.rawValue) by \(statement.agent)", phase: phase)
    }

    func performAdjustTime(_ statement: AdjustTimeStatement, phase: ErrorPhase) throws {
        let agent = try agent(statement.agent, phase: phase)
        try saveClock(phase: phase)
        let call: ClockCall = statement.call == .adjtimex ? .adjtimex : .clockAdjtime
        let result = try attempt("agent '\(statement.agent)' could not be asked to adjust the clock", at: phase) {
            switch statement.adjustment {
            case .setOffset(let time):
                return try agent.adjustTime(call, mode: .setOffset, seconds: time.seconds, microseconds: time.nanoseconds / 1000)
            case .adjust(let value): return try agent.adjustTime(call, mode: .adjust, value: value)
            case .offset(let value): return try agent.adjustTime(call, mode: .offset, value: value)
            case .frequency(let value): return try agent.adjustTime(call, mode: .frequency, value: value)
            case .status(let value): return try agent.adjustTime(call, mode: .status, value: value)
            case .tai(let value): return try agent.adjustTime(call, mode: .tai, value: value)
            case .tick(let value): return try agent.adjustTime(call, mode: .tick, value: value)
            case .nano: return try agent.adjustTime(call, mode: .nano)
            case .micro: return try agent.adjustTime(call, mode: .micro)
            }
        }
        try check(result, against: statement.outcome, what: "\(statement.call.rawValue) by \(statement.agent)", phase: phase)
    }

    /// Saved before the call is asked for, so a call that changed the clock and then failed to
    /// answer is undone too.
    private func saveClock(phase: ErrorPhase) throws {
        let state = try attempt("cannot save the clock before changing it", at: phase) { try ClockState.save() }
        cleanup.push("put the clock back") {
            do { try state.restore() } catch {
                // The cleanup stack keeps no report of its problems: this one is said here.
                FileHandle.standardError.write(Data("auditspec: \(error)\n".utf8))
                throw error
            }
        }
    }
}
