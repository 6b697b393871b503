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
    /// The runner's pid: it names the run's keys and marks, and it is a process of every scenario.
    var runner: Int32
    var scenarioCount: Int
}

/// One scenario's own line to the kernel: a control socket for its rules, settings, user
/// messages and status reads, and a member of the audit multicast group for its records.
///
/// Why each scenario has both rather than sharing the session's: the kernel answers a request
/// on the socket that sent it, so a socket per scenario keeps one scenario's acknowledgements
/// from reaching another's wait; and the kernel itself copies every multicast record to every
/// member socket, so a reader per scenario needs no relay thread, no shared queue and no lock
/// on the path of the records, and holds only what arrived while its scenario was under way.
/// Both are opened on the scenario's thread and closed with it.
final class ScenarioChannel {
    let socket: AuditSocket
    let reader: MulticastReader

    init() throws(KernelError) {
        socket = try AuditSocket()
        reader = try MulticastReader()
    }
}
