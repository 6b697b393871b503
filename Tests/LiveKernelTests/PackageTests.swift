import Foundation
import TestSupport
import Testing

/// Issue 17: auditspec installs and runs where Swift is not. scripts/package makes the .deb
/// (and a tarball) of the release build; it is installed with dpkg into a copy of this machine's root without
/// /opt/swift (an overlay, nothing written to the real root), and the packaged binary runs the
/// baseline folder on this kernel and replays a seed log there.
@Suite(.serialized, .machineExclusive, .enabled(if: LiveKernel.shouldRun, "\(LiveKernel.unavailableReason ?? "")"))
struct PackageTests {
    @Test func thePackageRunsTheSuiteWithoutSwift() throws {
        guard LiveKernel.checkAvailable() else { return }
        let out = NSTemporaryDirectory() + "auditspec-package-out-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The release build scripts/setup made: a build started here would wait for the lock
        // this test run holds on .build.
        let build = try Command.run([LiveKernel.packageRoot + "/scripts/package", "--prebuilt", out], currentDirectory: LiveKernel.packageRoot)
        #expect(build.status == 0, "\(build.errorOutput.suffix(3000))")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        let deb = try #require(files.first { $0.hasSuffix(".deb") }, "\(files)")
        #expect(files.contains { $0.hasSuffix(".tar.gz") })

        let control = try Command.run(["dpkg-deb", "--field", out + "/" + deb, "Depends"], currentDirectory: out)
        #expect(control.output.trimmingCharacters(in: .whitespacesAndNewlines) == "libaudit1, libauparse0, libc6, libstdc++6, libgcc-s1")

        let installed = try Command.run([LiveKernel.fixture("install-package.sh"), out + "/" + deb,
                                         LiveKernel.packageRoot + "/Tests/ReplayTests/Fixtures/contid-set.interpreted.log"],
                                        currentDirectory: out)
        #expect(installed.status == 0, "\(installed.output)\(installed.errorOutput)")
        let lines = installed.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "no swift", "\(installed.output)")
        #expect(lines.contains { $0.hasPrefix("installed 0.") }, "dpkg -i found its dependencies: \(installed.output)")
        #expect(lines.contains { $0.hasSuffix(" passed, 0 failed, 0 skipped") && !$0.hasPrefix("1 ") }, "the baseline folder: \(installed.output)")
        #expect(lines.last == "1 passed, 0 failed, 0 skipped", "the replay: \(installed.output)")
    }
}
