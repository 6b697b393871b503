import Matching
import POSIXSupport
import Synchronization

/// Where the threads running scenarios leave their outcomes for the thread that started
/// them, and how that thread is woken: a byte down a pipe, which it polls beside the signal
/// trap and the capture (`Poller`), so it never waits on anything else.
final class CompletionMailbox: Sendable {
    enum Outcome: Sendable {
        case finished(ScenarioResult)
        /// The scenario was cleaned up after SIGINT/SIGTERM and has no verdict.
        case interrupted(Interrupted)
    }

    private let posted = Mutex<[(index: Int, outcome: Outcome)]>([])
    private let pipe: WakePipe

    init() throws(KernelError) {
        pipe = try WakePipe()
    }

    /// Readable when something was posted.
    var fd: Int32 { pipe.fd }

    /// Called by a scenario's thread as its last act.
    func post(_ index: Int, _ outcome: Outcome) {
        posted.withLock { $0.append((index, outcome)) }
        pipe.wake()
    }

    /// What was posted since the last call, in posting order (empty if nothing was).
    func take() -> [(index: Int, outcome: Outcome)] {
        pipe.drain()
        return posted.withLock { posted in
            defer { posted.removeAll() }
            return posted
        }
    }
}
