import AuditKernel
import Foundation
import TestSupport

/// What must be identical before and after a run: the settings a run may change and the
/// rules, byte for byte, plus what auditctl itself prints of them.
struct AuditStateReading: Equatable, CustomStringConvertible {
    var enabled, failure, backlogLimit, backlogWaitTime, rateLimit: UInt32
    var rules: [AuditRule]
    var auditctlRules: String
    var networkNamespaces: Int

    static func read() throws -> AuditStateReading {
        let socket = try AuditSocket()
        let status = try socket.status()
        return AuditStateReading(enabled: status.enabled, failure: status.failure, backlogLimit: status.backlogLimit,
                                 backlogWaitTime: status.backlogWaitTime, rateLimit: status.rateLimit,
                                 rules: try socket.rules(), auditctlRules: (try? Command.run(["auditctl", "-l"]).output) ?? "",
                                 networkNamespaces: Self.countNetworkNamespaces())
    }

    /// Distinct network namespaces of all processes: a leaked namespace holder shows up here.
    static func countNetworkNamespaces() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let links = entries.filter { $0.allSatisfy(\.isNumber) }
            .compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/ns/net") }
        return Set(links).count
    }

    var description: String {
        "enabled \(enabled) failure \(failure) backlog_limit \(backlogLimit) backlog_wait_time \(backlogWaitTime) "
            + "rate_limit \(rateLimit) rules \(rules.count) netns \(networkNamespaces)\n\(auditctlRules)"
    }
}

/// Runs a command to its end and captures what it printed.
struct Command {
    var status: Int32
    var output: String
    var errorOutput: String
    var terminatedBySignal: Bool

    @discardableResult
    static func run(_ argv: [String], currentDirectory: String? = nil, lendingLock: Bool = true) throws -> Command {
        let process = try start(argv, currentDirectory: currentDirectory, lendingLock: lendingLock)
        return process.finish()
    }

    /// `lendingLock`: the program works under the machine lock this test holds (see
    /// `MachineExclusive.lendingEnvironment`); without it, it takes the lock itself.
    static func start(_ argv: [String], currentDirectory: String? = nil, lendingLock: Bool = true) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.environment = lendingLock ? MachineExclusive.lendingEnvironment : ProcessInfo.processInfo.environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    struct Running {
        let process: Process
        let out: Pipe
        let err: Pipe

        func finish() -> Command {
            let output = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Command(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                           errorOutput: String(decoding: errors, as: UTF8.self),
                           terminatedBySignal: process.terminationReason == .uncaughtSignal)
        }
    }
}
