import POSIXSupport
import Synchronization

/// A feature probed by running a command in a private network namespace. The command starts
/// at once and is judged when the answer is first asked for: probes run side by side, and
/// beside the work that does not need them (each loads modules, which takes seconds on an
/// emulated kernel).
public final class CommandProbe: Sendable {
    private enum State {
        case running(ChildProcess, what: String, deadline: Double)
        case known(KernelFeatures.Finding)
    }

    private let state: Mutex<State>

    /// Starts `argv`; `what` names the feature in the finding ("iptables -j AUDIT"); the
    /// command must end by `deadline` (a `Poller.now()` time).
    init(argv: [String], what: String, deadline: Double) {
        do {
            state = Mutex(.running(try ChildProcess(argv: argv), what: what, deadline: deadline))
        } catch {
            state = Mutex(.known(.init(false, "cannot try \(what): \(error)")))
        }
    }

    /// A probe whose answer is known without running anything.
    init(known: KernelFeatures.Finding) {
        state = Mutex(.known(known))
    }

    /// Works when the command exited 0. The first caller waits for it (until the deadline; one
    /// still running then is stopped and the feature counted as missing); later ones get the
    /// same answer.
    public var finding: KernelFeatures.Finding {
        state.withLock { state in
            switch state {
            case .known(let finding):
                return finding
            case .running(let process, let what, let deadline):
                let finding = Self.judge(process, what: what, deadline: deadline)
                state = .known(finding)
                return finding
            }
        }
    }

    /// The finding if the command has ended (or was judged) already; nil while it still runs.
    public var settledFinding: KernelFeatures.Finding? {
        state.withLock { state in
            switch state {
            case .known(let finding):
                return finding
            case .running(let process, let what, let deadline):
                guard !process.isRunning || Poller.now() >= deadline else { return nil }
                let finding = Self.judge(process, what: what, deadline: deadline)
                state = .known(finding)
                return finding
            }
        }
    }

    private static func judge(_ process: ChildProcess, what: String, deadline: Double) -> KernelFeatures.Finding {
        do {
            let end = try process.wait(until: deadline)
            if end == .exited(0) { return .init(true, "\(what) works in a private network namespace") }
            process.stop()
            return .init(false, "\(what) failed in a private network namespace (\(end?.description ?? "timed out"))")
        } catch {
            process.stop()
            return .init(false, "cannot try \(what): \(error)")
        }
    }
}
