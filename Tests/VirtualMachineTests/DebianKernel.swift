import Foundation
import TestSupport
import VirtualMachine

/// Debian's generic kernel (linux-image-amd64, which scripts/setup installs) and what the
/// integration tests need to boot it. With AUDITSPEC_REQUIRE_LIVE=1 (CI) a missing piece is a
/// failure, not a skip: CI must really boot it.
enum DebianKernel {
    static let image: String? = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/boot")) ?? []
        let kernels = names.filter { $0.hasPrefix("vmlinuz-") && $0.hasSuffix("-amd64") }.sorted()
        return kernels.last.map { "/boot/" + $0 }
    }()

    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root" }
        if image == nil { return "no /boot/vmlinuz-*-amd64: apt-get install linux-image-amd64 (scripts/setup does)" }
        do { _ = try VMTools.find() } catch { return "\(error)" }
        return nil
    }()

    static let prerequisite = Prerequisite("Debian's kernel in a VM", unavailableReason: unavailableReason)

    static var binary: String { TestPaths.binary }

    static var packageRoot: String { TestPaths.packageRoot }
}

/// Runs a command to its end, or kills it at a deadline: a test never hangs.
struct Run {
    var status: Int32
    var output: String
    var errors: String
    var timedOut: Bool

    static func command(_ argv: [String], in folder: String, timeout: Double) throws -> Run {
        let stamp = "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        let outPath = NSTemporaryDirectory() + "auditspec-test-out-\(stamp)", errPath = outPath + ".err"
        try Data().write(to: URL(fileURLWithPath: outPath))
        try Data().write(to: URL(fileURLWithPath: errPath))
        defer { unlink(outPath); unlink(errPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        // A test that holds the machine lock runs `auditspec run` under it.
        process.environment = MachineExclusive.lendingEnvironment
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        var timedOut = false
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if ended.wait(timeout: .now() + 30) == .timedOut { kill(process.processIdentifier, SIGKILL); ended.wait() }
        }
        return Run(status: process.terminationStatus,
                   output: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                   errors: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", timedOut: timedOut)
    }
}
