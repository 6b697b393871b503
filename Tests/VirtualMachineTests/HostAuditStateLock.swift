import AuditKernel
import Foundation
import Testing

/// Holds the machine lock (/run/auditspec/machine.lock, as LiveKernelTests and AuditKernelTests
/// do) for a test that runs the live path on this machine or compares this machine's audit
/// state before and after: no other test may change that state meanwhile.
struct HostAuditStateLock: TestTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        // flock blocks: wait on a thread of its own, not on one the tests share.
        let lock: MachineLock = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do { continuation.resume(returning: try MachineLock(.exclusive)) } catch { continuation.resume(throwing: error) }
            }
        }
        defer { lock.release() }
        try await function()
    }
}

extension Trait where Self == HostAuditStateLock {
    static var hostAuditStateLock: Self { HostAuditStateLock() }
}
