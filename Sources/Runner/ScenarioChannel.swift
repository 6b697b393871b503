import AuditKernel
import POSIXSupport

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
