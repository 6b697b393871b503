import Foundation
import Testing
@testable import VirtualMachine

/// KVM is tried only where /dev/kvm opens, and a KVM that failed is remembered until the host
/// reboots, so that each run does not pay for the failed attempt again.
struct AccelerationTests {
    @Test func aMissingDeviceMeansNoKVM() {
        #expect(Acceleration.kvmUnavailableReason(device: "/nonexistent/kvm")?.contains("No such file") == true)
    }

    @Test func aFailureIsRememberedForThisBootOnly() throws {
        let path = NSTemporaryDirectory() + "auditspec-kvm-\(getpid())/kvm-unusable"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(Acceleration.rememberedFailure(path: path) == nil)
        Acceleration.rememberFailure("QEMU ended before the kernel printed anything", path: path)
        #expect(Acceleration.rememberedFailure(path: path) == "QEMU ended before the kernel printed anything")
        // A record from another boot of the host says nothing about this one.
        try "00000000-0000-0000-0000-000000000000\nold".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Acceleration.rememberedFailure(path: path) == nil)
    }
}
