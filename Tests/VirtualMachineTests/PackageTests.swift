import Foundation
import TestSupport
import Testing

/// In the VM suite, so that the installed package's boot never runs beside another one.
extension VMIntegrationTests {
    /// Issue 17: auditspec installs and runs where Swift is not. scripts/package makes the .deb
    /// (and a tarball) of the release build; it is installed with dpkg into a copy of this
    /// machine's root without /opt/swift (an overlay, nothing written to the real root), and the
    /// packaged binary runs the baseline folder on this kernel, replays a seed log, and boots
    /// the V11 kernel to run a ghak90 scenario in it.
    @Test(.machineExclusive, .requires(PatchedKernel.prerequisite)) func thePackageRunsChecksAndBootsWithoutSwift() throws {
        let out = NSTemporaryDirectory() + "auditspec-package-out-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The release build scripts/setup made: a build started here would wait for the lock
        // this test run holds on .build.
        let build = try Run.command([root + "/scripts/package", "--prebuilt", out], in: root, timeout: 300)
        #expect(build.status == 0, "\(build.errors.suffix(3000))")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        let deb = try #require(files.first { $0.hasSuffix(".deb") }, "\(files)")
        #expect(files.contains { $0.hasSuffix(".tar.gz") })

        let control = try Run.command(["/usr/bin/dpkg-deb", "--field", out + "/" + deb, "Depends"], in: out, timeout: 60)
        #expect(control.output.trimmingCharacters(in: .whitespacesAndNewlines) == "libaudit1, libauparse0, libc6, libstdc++6, libgcc-s1")

        let installed = try Run.command([Fixture.path("install-package.sh"), out + "/" + deb,
                                         root + "/Tests/ReplayTests/Fixtures/contid-set.interpreted.log", PatchedKernel.folder],
                                        in: out, timeout: 900)
        #expect(installed.status == 0, "\(installed.output)\(installed.errors)")
        let lines = installed.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "no swift", "\(installed.output)")
        #expect(lines.contains { $0.hasPrefix("installed 0.") }, "dpkg -i found its dependencies: \(installed.output)")
        // The baseline folder passes, but for what the machine lacks (SELinux), which skips with the reason.
        let baseline = lines.dropLast(2).last ?? ""
        #expect(baseline.contains(" passed, 0 failed, ") && !baseline.contains("error"), "the baseline folder: \(installed.output)")
        #expect(lines.dropLast().last == "1 passed, 0 failed, 0 skipped", "the replay: \(installed.output)")
        #expect(lines.last == "1 passed, 0 failed, 0 skipped", "the VM run: \(installed.output)")
    }
}
