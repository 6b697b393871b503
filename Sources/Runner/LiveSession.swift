import AuditKernel
import AuditRecords
import Foundation
import POSIXSupport
import SystemTypes

/// Everything a live run holds for its whole length: the control socket, the saved state and
/// what the kernel was found to support.
///
/// `begin` saves the audit state and then turns auditing on with a roomy backlog; `end`
/// restores the saved state. Between the two, the signal trap turns SIGINT and SIGTERM into
/// an `Interrupted` error that unwinds through `end`. The session belongs to the thread that
/// began it; each scenario opens its own sockets (`ScenarioChannel`), and shares only the
/// keeper, the features and the parser, which are Sendable.
public final class LiveSession {
    public let socket: AuditSocket
    public let keeper: AuditStateKeeper
    public let features: KernelFeatures
    public let parser: RecordParser
    /// Whether a rise of the kernel's lost counter means records were lost on their way to
    /// the run: not when the kernel holds records for an absent auditd (AuditHoldQueue).
    public let lostCounterIsTheRuns: Bool
    /// Notes for the user: a stale snapshot restored, settings changed for the run.
    public private(set) var notes: [String] = []
    /// Where every message received during the run is also written, once, for `check --log`
    /// later (`run --capture`).
    public private(set) var capture: CaptureRecorder?
    /// Rule deletions, folder removals and a spare namespace, off the scenarios' critical path.
    let background: BackgroundUndos
    private var ended = false

    /// Why a live session cannot start; the CLI turns this into exit code 2.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The backlog a run asks for, so bursts of records are queued rather than lost.
    public static let runBacklogLimit: UInt32 = 8192

    /// `probeTimeout` bounds each command the kernel probe runs (scaled up for emulated kernels).
    public static func begin(store: SnapshotStore = SnapshotStore(), naming: RecordNaming,
                             probeTimeout: Double = 30) throws(Unavailable) -> LiveSession {
        SignalTrap.install()
        let socket: AuditSocket
        do { socket = try AuditSocket() } catch {
            throw Unavailable(description: KernelProbe.unreachableReason())
        }
        var staleNotes: [String] = []
        let keeper: AuditStateKeeper
        do {
            keeper = try AuditStateKeeper(socket: socket, store: store) { stale, report in
                staleNotes.append("restored the audit state left by a killed run (pid \(stale.ownerPid)): "
                                  + (report.actions.isEmpty ? "nothing had changed" : report.actions.joined(separator: "; ")))
                staleNotes += report.problems.map { "problem while restoring it: \($0)" }
            }
        } catch {
            if case .kernel(let kernelError) = error, kernelError.errno == .notPermitted || kernelError.errno == .permissionDenied {
                throw Unavailable(description: KernelProbe.permissionReason)
            }
            throw Unavailable(description: error.description)
        }
        // Each scenario joins the multicast group itself; joining once here finds out early
        // whether this process may (CAP_AUDIT_READ).
        do { _ = try MulticastReader(receiveBuffer: 4096) } catch {
            _ = keeper.restore(through: socket)
            throw Unavailable(description: "\(error) (it needs CAP_AUDIT_READ and Linux 3.16 or later)")
        }
        let features = KernelProbe.probe(socket: socket, commandTimeout: probeTimeout)
        var template = Array("/tmp/auditspec.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            let reason = String(cString: strerror(errno))
            _ = keeper.restore(through: socket)
            throw Unavailable(description: "cannot make a folder under /tmp: \(reason)")
        }
        keeper.track(directory: String(cString: made))
        let session = LiveSession(socket: socket, keeper: keeper, features: features, parser: naming.parser(),
                                  outputFolder: String(cString: made))
        session.notes = staleNotes
        if !session.lostCounterIsTheRuns {
            session.notes.append("this kernel was booted with audit=1 and no audit daemon is registered: it counts as lost the "
                                 + "records it cannot hold for one, which the run still receives, so only an overflow of the "
                                 + "run's own sockets makes a verdict inconclusive")
        }
        do {
            try session.prepareKernel()
        } catch {
            session.end()
            throw Unavailable(description: "\(error)")
        }
        FaultPoint.sessionBegun.reach()
        return session
    }

    private init(socket: AuditSocket, keeper: AuditStateKeeper, features: KernelFeatures, parser: RecordParser,
                 outputFolder: String) {
        background = BackgroundUndos(keeper: keeper, outputFolder: outputFolder)
        lostCounterIsTheRuns = !((try? socket.status()).map { AuditHoldQueue.inflatesLostCounter(status: $0) } ?? false)
        self.socket = socket
        self.keeper = keeper
        self.features = features
        self.parser = parser
    }

    private func prepareKernel() throws(KernelError) {
        let status = try socket.status()
        if status.backlogLimit < Self.runBacklogLimit {
            try socket.setBacklogLimit(Self.runBacklogLimit)
        }
        if status.enabled == 0 {
            try socket.setEnabled(.on)
        }
    }

    /// Starts writing every message the kernel multicasts from now on to `path` (JSON lines).
    public func startCapture(to path: String) throws {
        capture = try CaptureRecorder(path: path)
    }

    /// Restores the audit state found at `begin`. Safe to call more than once.
    @discardableResult
    public func end() -> AuditStateKeeper.RestoreReport {
        guard !ended else { return .init() }
        ended = true
        capture?.drain()
        background.finish()
        // The snapshot lists the output folder, so `restore` removes it (as after a kill).
        return keeper.restore(through: socket)
    }

    deinit { end() }
}
