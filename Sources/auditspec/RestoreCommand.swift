import ArgumentParser
import AuditKernel
import Foundation

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put back the audit state saved by a run that was killed.",
        discussion: """
        A run saves the kernel's audit state to /run/auditspec/snapshot.json before it changes \
        anything and removes the file when it has restored it. If a run was killed (SIGKILL, a \
        crash), the file stays: this command restores the rules and settings it holds, ends the \
        processes that run had started, and removes it. With no snapshot it does nothing.
        """
    )

    func run() throws {
        let store = SnapshotStore()
        let loaded = try CommandError.catching(.environment, { "cannot read \(store.path): \($0)" }) { try store.load() }
        guard let snapshot = loaded else {
            print("no snapshot at \(store.path): nothing to restore")
            return
        }
        if snapshot.ownerIsAlive {
            throw CommandError(.environment, "the run that saved this snapshot (pid \(snapshot.ownerPid)) is still running; it will restore the state itself")
        }
        // As a run does: no run may start its own snapshot while this one is being put back.
        let claim = try RunCommand.claimMachine(for: "the restore")
        defer { claim.release() }
        let socket = try CommandError.catching(.environment, { _ in KernelProbe.unreachableReason() }) { try AuditSocket() }
        let report = AuditStateKeeper.restore(snapshot, through: socket, store: store)
        print(report.actions.isEmpty ? "the audit state was already as saved" : report.actions.joined(separator: "\n"))
        for problem in report.problems { printError("auditspec: \(problem)") }
        if !report.problems.isEmpty { throw ExitCode.environment }
        print("restored the audit state saved at \(snapshot.takenAt) by pid \(snapshot.ownerPid)")
    }
}
