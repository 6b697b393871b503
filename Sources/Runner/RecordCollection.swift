import Attribution
import AuditRecords
import Foundation
import Matching
import POSIXSupport
import ScenarioLanguage

extension ScenarioExecution {
    /// Reads records until every expectation is settled, the barrier sent after the last action
    /// comes back (everything the actions logged is then in), or the scenario's time is up.
    func collect() throws(Interrupted) -> [ExpectationOutcome] {
        var tracker = ExpectationTracker(expectations: scenario.expectations, variables: variables)
        var assembler = EventAssembler(quietTime: options.quietTime)
        let actionsEnded = Poller.now()
        let deadline = actionsEnded + scenario.timeout * options.timeoutScale
        /// Only the scenario's own events reach its matcher and its result.
        func consider(_ event: AuditEvent) {
            for own in attribution.claim(event) {
                records += own.records
                tracker.consider(own, elapsed: Poller.now() - actionsEnded)
            }
        }
        // A recording wants every event, not only the expected ones: it waits for the barrier.
        let recording = options.recording
        let barrier = (tracker.isSettled && !recording) || !isQuiescent ? nil
            : RecordBarrier(key: variables[BuiltinVariable.key.rawValue] ?? "", socket: channel.socket)
        var barrierArrived = false
        // A marker is sent by a system call of the runner's, which a broad rule (every sendto)
        // logs under the marker's stamp: that event is the runner's bookkeeping, no scenario's.
        var markerStamps = Set<RecordStamp>()
        while recording || !tracker.isSettled, !barrierArrived {
            let now = Poller.now()
            if now >= deadline { break }
            let wake = min(deadline, assembler.nextExpiry ?? deadline)
            for message in try channel.reader.receive(until: wake) {
                if RecordBarrier.isMarker(message) {
                    if barrier?.isArrival(message) == true { barrierArrived = true }
                    if case .success(let marker) = context.parser.parseKernelMessage(type: message.type, payload: message.payload),
                       let stamp = marker.stamp { markerStamps.insert(stamp) }
                    continue
                }
                switch context.parser.parseKernelMessage(type: message.type, payload: message.payload) {
                case .success(let record):
                    if let stamp = record.stamp, markerStamps.contains(stamp) { continue }
                    for event in assembler.add(record, at: Poller.now()) { consider(event) }
                case .failure(let unreadableRecord):
                    unreadable.append(unreadableRecord)
                }
            }
            for event in assembler.expire(now: Poller.now()) { consider(event) }
        }
        // After the barrier, events still open (no EOE yet: single-record ones end by a quiet
        // time) are complete: every record queued before the barrier has been read.
        for event in assembler.finish() { consider(event) }
        return tracker.outcomes
    }

    /// Whether no process of the scenario can log anything more on its own: every spawned
    /// process has ended, and so has everything left in its process group (a command that
    /// put work in the background), and so has every program an agent became (`exec`).
    /// Agents act only when asked; namespace holders never do.
    var isQuiescent: Bool {
        spawned.values.allSatisfy { !$0.isRunning && Glibc.kill(-$0.pid, 0) != 0 }
            && programs.allSatisfy { agents[$0]?.isRunning != true }
    }
}
