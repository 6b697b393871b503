import Attribution
import AuditRecords
import Foundation
import Matching
import ScenarioLanguage

extension ScenarioExecution {
    /// Where $tmp folders are made: $TMPDIR when it names a folder (the guest of `auditspec vm`
    /// sets a tmpfs of its own), else /tmp.
    static let temporaryFolder: String = {
        if let folder = ProcessInfo.processInfo.environment["TMPDIR"], folder.hasPrefix("/") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue {
                return folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
            }
        }
        return "/tmp"
    }()

    /// Makes $tmp: a folder of the scenario's own (mode 0700), and nothing else in it: the
    /// runner's bookkeeping (the output of processes) goes to the session's folder, so it never
    /// lands in a watched directory, and one folder per scenario is all there is to remove.
    func prepareDirectory() throws {
        var template = Array((Self.temporaryFolder + "/auditspec.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StepFailure(phase: .setup, message: "cannot make a private directory: \(String(cString: strerror(errno)))") }
        let tmp = String(cString: made)
        // Recorded in the snapshot, so that `restore` removes it if this run is killed.
        context.keeper.track(directory: tmp)
        // First on the stack, so it goes last: after every process that could still write there.
        // Removed in the background (untracked once gone).
        cleanup.push("remove \(tmp)") { [keeper = context.keeper, removal = context.background.folderRemoval] in
            removal.enqueue("remove \(tmp)") {
                try FileManager.default.removeItem(atPath: tmp)
                keeper.untrack(directory: tmp)
            }
        }
        variables[BuiltinVariable.tmp.rawValue] = tmp
    }
}
