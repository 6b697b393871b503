#if canImport(Glibc)
import Glibc
#endif

/// What a run started and ended since its snapshot was written, one line per change, appended.
///
/// A run tracks every process and scratch folder it makes, so that `restore` can end and
/// remove them after a SIGKILL. Rewriting the whole snapshot for each (a JSON file renamed over
/// the old one) cost milliseconds per change on a disk-backed /run: the rename frees the old
/// file's blocks and Foundation's atomic write syncs. An append is one write(2) of a short line,
/// which survives a SIGKILL of the writer as soon as it returns. Replaying is idempotent (an
/// entry adds what is absent, removes what is present), and a torn last line, which only a
/// machine crash could leave, is ignored: the kernel's audit state does not outlive one anyway.
public enum SnapshotJournal {
    public enum Entry: Hashable, Sendable {
        case started(AuditStateSnapshot.Process)
        case ended(pid: Int32)
        case madeDirectory(String)
        case removedDirectory(String)

        var line: String {
            switch self {
            case .started(let process): return "+process \(process.pid) \(process.startTime)\n"
            case .ended(let pid): return "-process \(pid)\n"
            case .madeDirectory(let path): return "+directory \(path)\n"
            case .removedDirectory(let path): return "-directory \(path)\n"
            }
        }

        init?(line: Substring) {
            let words = line.split(separator: " ", maxSplits: 1)
            guard words.count == 2 else { return nil }
            let rest = String(words[1])
            switch words[0] {
            case "+process":
                let numbers = rest.split(separator: " ")
                guard numbers.count == 2, let pid = Int32(numbers[0]), let start = UInt64(numbers[1]) else { return nil }
                self = .started(.init(pid: pid, startTime: start))
            case "-process":
                guard let pid = Int32(rest) else { return nil }
                self = .ended(pid: pid)
            case "+directory": self = .madeDirectory(rest)
            case "-directory": self = .removedDirectory(rest)
            default: return nil
            }
        }
    }

    /// `snapshot` with every complete line of `journal` applied, in order.
    public static func apply(_ journal: [UInt8], to snapshot: AuditStateSnapshot) -> AuditStateSnapshot {
        var result = snapshot
        let text = String(decoding: journal, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a torn line
        for line in lines {
            guard let entry = Entry(line: line) else { continue }
            switch entry {
            case .started(let process):
                if !result.processes.contains(process) { result.processes.append(process) }
            case .ended(let pid):
                result.processes.removeAll { $0.pid == pid }
            case .madeDirectory(let path):
                if !(result.directories ?? []).contains(path) { result.directories = (result.directories ?? []) + [path] }
            case .removedDirectory(let path):
                result.directories?.removeAll { $0 == path }
            }
        }
        return result
    }
}
