import AuditKernel
import Foundation
import Testing

/// Whether this machine's kernel can be used, and the binary under test.
///
/// Where audit netlink is out of reach (not root, audit compiled out) the live tests are
/// skipped with the reason, unless AUDITSPEC_REQUIRE_LIVE=1 (as in CI), which turns that
/// skip into a failure: on the project's machines these tests must run.
enum LiveKernel {
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root: audit netlink needs CAP_AUDIT_CONTROL" }
        do { _ = try AuditSocket().status() } catch { return KernelProbe.unreachableReason() }
        return nil
    }()

    static let required = ProcessInfo.processInfo.environment["AUDITSPEC_REQUIRE_LIVE"] == "1"

    /// Run the test body here when it can run; record a failure if it must run and cannot.
    static var shouldRun: Bool { unavailableReason == nil || required }

    static func checkAvailable() -> Bool {
        if let reason = unavailableReason {
            Issue.record("AUDITSPEC_REQUIRE_LIVE=1 but the live kernel is out of reach: \(reason)")
            return false
        }
        return true
    }

    /// The auditspec executable built beside this test bundle.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["AUDITSPEC_BINARY"] { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("auditspec").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return "auditspec"
    }

    /// The package's root folder, where scenarios/ lives.
    static var packageRoot: String {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder.path }
            folder = folder.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
}

/// Runs each test alone among all tests that hold the machine lock (AuditKernelTests too):
/// these compare machine-wide state before and after, which no other test may change meanwhile.
struct MachineExclusive: TestTrait, SuiteTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        // flock blocks: wait on a thread of its own, not on one of the few the tests share.
        let lock: MachineLock = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do { continuation.resume(returning: try MachineLock(.exclusive)) } catch { continuation.resume(throwing: error) }
            }
        }
        defer { lock.release() }
        try await function()
    }
}

extension Trait where Self == MachineExclusive {
    static var machineExclusive: Self { MachineExclusive() }
}
