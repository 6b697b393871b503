import AuditKernel
import AuditRecords
import Foundation

/// What every scenario of a live run shares, whichever thread runs it: nothing here talks to
/// the kernel (each scenario has its own sockets, `ScenarioChannel`), so all of it is Sendable.
struct RunContext: Sendable {
    var keeper: AuditStateKeeper
    var features: KernelFeatures
    var parser: RecordParser
    var options: RunOptions
    /// See `LiveSession.lostCounterIsTheRuns`.
    var lostCounterIsTheRuns: Bool
    /// The runner's pid: it names the run's keys and marks, and it is a process of every scenario.
    var runner: Int32
    var scenarioCount: Int
    /// Undos done off the scenarios' critical path (see BackgroundUndos).
    var background: BackgroundUndos
}
