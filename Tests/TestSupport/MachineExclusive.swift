import Foundation
import POSIXSupport
import Testing

/// Runs each test alone among all tests that hold the machine lock (/run/auditspec/machine.lock),
/// in every test target: they compare machine-wide state before and after (audit status, rules,
/// processes, namespaces), which no other such test may change meanwhile.
public struct MachineExclusive: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public init() {}

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
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
    public static var machineExclusive: Self { MachineExclusive() }
}

extension MachineExclusive {
    /// The environment for a program a test starts to work under the lock the test holds
    /// (`auditspec run`, `auditspec restore`): it names this process as the holder, so the
    /// program does not wait for a lock its own parent holds (see `MachineClaim`).
    public static var lendingEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging([MachineLock.holderVariable: String(getpid())]) { _, lent in lent }
    }
}
