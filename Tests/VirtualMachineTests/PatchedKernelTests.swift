import Foundation
import Matching
import Reporters
import TestSupport
import Testing
import VirtualMachine

/// The kernel that carries the ghak90 V11 patches (../shared/kernels/ghak90-v11, beside the
/// project as on every machine of the project and in CI). With AUDITSPEC_REQUIRE_LIVE=1 a
/// missing kernel is a failure: CI must prove the ghak90 scenarios on it.
enum PatchedKernel {
    static let folder = DebianKernel.packageRoot + "/../shared/kernels/ghak90-v11"
    static var image: String { folder + "/bzImage" }
    static var config: String { folder + "/config" }

    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root" }
        if !FileManager.default.fileExists(atPath: folder + "/bzImage") { return "no ghak90 V11 kernel at \(folder)" }
        do { _ = try VMTools.find() } catch { return "\(error)" }
        return nil
    }()

    static let prerequisite = Prerequisite("the ghak90 V11 kernel in a VM", unavailableReason: unavailableReason)
}

/// In the VM suite, so that its boot never runs beside another one (both cores each).
extension VMIntegrationTests {
    /// Issue 13: every ghak90 scenario passes on a real V11 kernel under the default profile
    /// (ghak90-v11): none fails, none errs, none skips (a skip there would mean the suite no
    /// longer recognises the patch). One boot for the folder.
    @Test(.requires(PatchedKernel.prerequisite)) func everyGhak90ScenarioPassesOnTheV11Kernel() throws {
        let json = temporary("ghak90-v11.json")
        defer { unlink(json) }
        let started = Date()
        let vm = try Run.command([DebianKernel.binary, "vm", "--kernel", PatchedKernel.image, "--config", PatchedKernel.config,
                                  "--json", json, "scenarios/ghak90"], in: root, timeout: 900)
        print("auditspec vm on the V11 kernel, \(Int(Date().timeIntervalSince(started))) s:\n\(vm.output)")
        #expect(!vm.timedOut)
        #expect(vm.status == 0, "auditspec vm failed:\n\(vm.errors.suffix(4000))")
        let report = try JSONReporter.read(from: json)
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/scenarios/ghak90").filter { $0.hasSuffix(".scenario") }
        #expect(Set(report.results.map { URL(fileURLWithPath: $0.path).lastPathComponent }) == Set(files), "every file ran")
        let notPassed = report.results.filter { $0.verdict != .passed }.map { "\($0.path): \($0.verdict.label) \($0.verdict)" }
        #expect(notPassed.isEmpty, "on the V11 kernel every ghak90 scenario must pass:\n\(notPassed.joined(separator: "\n"))")
        let properties = Dictionary(report.info.properties, uniquingKeysWith: { a, _ in a })
        #expect(properties["boots"] == "1", "one boot for the folder")
        #expect(properties["profiles"] == "ghak90-v11", "the default profile")
    }
}
