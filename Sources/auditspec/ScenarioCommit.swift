import Foundation

/// The commit the scenarios were taken from, for the results file: two shards, or two runs to
/// compare, must be told apart when they ran different scenario texts. `+changes` when the
/// files differ from that commit.
enum ScenarioCommit {
    static func describe(_ paths: [String]) -> String {
        guard let first = paths.first else { return "none (no scenarios)" }
        let folder = URL(fileURLWithPath: first).deletingLastPathComponent().path
        guard let head = git(["-C", folder, "rev-parse", "HEAD"]), !head.isEmpty else {
            return "unknown (not in a git work tree, or no git)"
        }
        let changed = git(["-C", folder, "status", "--porcelain", "--"] + paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        return head + (changed?.isEmpty == false ? "+changes" : "")
    }

    /// git's standard output, trimmed; nil when it cannot run or fails.
    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
