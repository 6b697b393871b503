import Foundation
import TestSupport

/// A real consumer of a report (prove, KernelCI's schema package, a JUnit parser, xmllint with
/// the JUnit XSD), given a document in a temporary file: what it printed, standard output and
/// error together.
enum Consumer {
    static func read(_ document: Data, suffix: String, with program: String, _ arguments: (String) -> [String]) throws -> String {
        try outcome(document, suffix: suffix, with: program, arguments).output
    }

    /// What the consumer printed, and its exit status.
    static func outcome(_ document: Data, suffix: String, with program: String, _ arguments: (String) -> [String]) throws -> (output: String, status: Int32) {
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
        return (output, process.terminationStatus)
    }

    /// The virtual environment scripts/setup makes beside virtme-ng, with the consumers from PyPI.
    static let python = "/opt/auditspec-venv/bin/python3"

    /// A Python module scripts/setup installs in /opt/auditspec-venv.
    static func module(_ module: String, from package: String) -> Prerequisite {
        Prerequisite(package, unavailableReason: {
            guard FileManager.default.isExecutableFile(atPath: python) else { return "no \(python): run scripts/setup" }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", "import \(module)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return "\(python) does not start: \(error)" }
            process.waitUntilExit()
            return process.terminationStatus == 0 ? nil : "\(module) is not installed in /opt/auditspec-venv: run scripts/setup"
        }())
    }

    static let junitparser = module("junitparser", from: "junitparser")
    static let kcidbIO = module("kcidb_io", from: "kcidb-io")

    /// The Jenkins xUnit plugin's junit-10.xsd, which scripts/setup installs beside the venv,
    /// and xmllint (libxml2-utils) to validate against it.
    static let junitSchemaPath = "/opt/auditspec-venv/share/junit-xsd/junit-10.xsd"
    static let xmllint = "/usr/bin/xmllint"
    static let junitSchema = Prerequisite("the JUnit XSD and xmllint", unavailableReason: {
        if !FileManager.default.isExecutableFile(atPath: xmllint) { return "no \(xmllint): apt-get install libxml2-utils (scripts/setup does)" }
        if !FileManager.default.fileExists(atPath: junitSchemaPath) { return "no \(junitSchemaPath): scripts/setup installs it" }
        return nil
    }())
}
