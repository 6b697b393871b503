import Foundation

/// Where things are for tests that run the real binary or read the repository's files.
public enum TestPaths {
    /// The auditspec executable built beside this test bundle (or AUDITSPEC_BINARY).
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["AUDITSPEC_BINARY"] { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("auditspec").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return "auditspec"
    }

    /// The package's root folder, where scenarios/ lives.
    public static let packageRoot: String = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder.path }
            folder = folder.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }()
}
