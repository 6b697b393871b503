import AuditKernel
import POSIXSupport

/// The undos that wait rather than work, done on threads of their own so that no scenario
/// waits for them: deleting a scenario's rules (the kernel answers after an RCU grace period,
/// about 10 ms), reaping its killed processes, removing its folder (slow on a disk mounted
/// with `discard`), and making a spare
/// network namespace for the next `netns` step. A scenario waits for them (`waitUntilDone`)
/// only before its first action, by which time they have mostly overlapped the scenario
/// before's other cleanup. What is still queued when a run is killed is in the snapshot (the
/// rules as they were, the folders and the spare's holder in its journal), so `restore` does it.
final class BackgroundUndos: Sendable {
    /// nil if its socket could not be opened: each scenario then deletes its own rules.
    let ruleDeleter: RuleDeleter? = try? RuleDeleter()
    let folderRemoval = BackgroundWork(name: "auditspec folder removal")
    /// Killed processes are reaped here (see CleanupStack.reaper).
    let reaping = BackgroundWork(name: "auditspec reaping")
    let spareNamespace: SpareNetworkNamespace
    /// Where the output of scenarios' processes goes (one file each, read back to explain a
    /// failed action): a folder of the session's own, listed in the snapshot.
    let outputFolder: String

    init(keeper: AuditStateKeeper, outputFolder: String) {
        spareNamespace = SpareNetworkNamespace(keeper: keeper)
        self.outputFolder = outputFolder
    }

    func waitUntilDone() {
        reaping.drain()
        ruleDeleter?.waitUntilDone()
        folderRemoval.drain()
        spareNamespace.waitUntilReady()
    }

    /// At the session's end: everything queued done, the spare namespace ended.
    func finish() {
        waitUntilDone()
        spareNamespace.close()
    }
}
