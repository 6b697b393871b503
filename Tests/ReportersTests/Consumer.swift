import Foundation

/// A real consumer of a report (prove, KernelCI's schema package), given a document in a
/// temporary file: what it printed, standard output and error together.
enum Consumer {
    static func read(_ document: Data, suffix: String, with program: String, _ arguments: (String) -> [String]) throws -> String {
        let path = NSTemporaryDirectory() + "auditspec-\(UUID().uuidString)" + suffix
        try document.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments(path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }
}
