import Foundation
import Reporters
import TestSupport
import Testing
import VirtualMachine

/// `settime`, `adjtime` and `module` in Debian's 6.1 kernel booted by `auditspec vm`: the
/// baseline's time_change and syscall_module scenarios pass there, the guest's clock and NTP
/// values are as before once they ran, and a kernel without the module skips with the reason.
@Suite(.serialized, .requires(DebianKernel.prerequisite))
struct ClockModuleVMTests {
    let root = DebianKernel.packageRoot

    func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "auditspec-vmtest-\(getpid())-\(name)"
    }

    static let scenarios = ["time-change-settime", "time-change-setoffset", "time-change-adjust", "time-change-offset",
                            "time-change-freq", "time-change-status", "time-change-tai", "time-change-tick", "syscall-module"]
        .map { "scenarios/baseline/\($0).scenario" }

    @Test func theClockAndModuleScenariosPassAndTheClockIsPutBack() throws {
        let image = try #require(DebianKernel.image)
        let json = temporary("clock.json")
        defer { unlink(json) }
        // One at a time, between a scenario that saves the clock and one that compares.
        let vm = try Run.command([DebianKernel.binary, "vm", "--kernel", image, "--jobs", "1", "--json", json,
                                  Fixture.path("clock/0-before.scenario")] + Self.scenarios + [Fixture.path("clock/9-after.scenario")],
                                 in: root, timeout: 1200)
        #expect(!vm.timedOut)
        #expect(vm.status == 0, "\(vm.output)\n\(vm.errors)")
        let results = try JSONReporter.read(from: json).results
        #expect(results.count == Self.scenarios.count + 2)
        for result in results { #expect(result.verdict == .passed, "\(result.path): \(result.verdict)") }
        #expect(!vm.errors.contains("put the clock back"), "\(vm.errors)")
    }

    /// With Debian's modules given without dummy.ko, the module scenario skips, naming it.
    @Test func aKernelWithoutTheModuleSkipsTheScenario() throws {
        let image = try #require(DebianKernel.image)
        let release = try KernelImage.inspect(image).release
        let tree = temporary("modules"), json = temporary("nodummy.json")
        defer { try? FileManager.default.removeItem(atPath: tree); unlink(json) }
        try FileManager.default.createDirectory(atPath: tree + "/lib/modules", withIntermediateDirectories: true)
        let copy = try Run.command(["/bin/cp", "-al", "/lib/modules/" + release, tree + "/lib/modules/"], in: root, timeout: 120)
        #expect(copy.status == 0, "\(copy.errors)")
        // modules.dep is what names the module's file: without its line, the kernel has no dummy.
        // Written whole to a new file and renamed over the hard link, so the installed one stays.
        let dep = tree + "/lib/modules/\(release)/modules.dep"
        let lines = try String(contentsOfFile: dep, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try lines.filter { !$0.hasSuffix("/dummy.ko:") }.joined(separator: "\n").write(toFile: dep, atomically: true, encoding: .utf8)

        let hideInstalled = ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                             "mount -t tmpfs -o ro auditspec-test-empty /lib/modules/\(release) && exec \"$@\"", "sh"]
        let vm = try Run.command(hideInstalled + [DebianKernel.binary, "vm", "--kernel", image, "--modules", tree, "--json", json,
                                                  "scenarios/baseline/syscall-module.scenario"], in: root, timeout: 900)
        #expect(vm.status == 0, "\(vm.output)\n\(vm.errors)")
        let verdict = try JSONReporter.read(from: json).results.first?.verdict
        #expect(verdict == .skipped(reason: "the running kernel \(release) has no module dummy (/lib/modules/\(release)/modules.dep)"),
                "\(String(describing: verdict))")
    }
}
