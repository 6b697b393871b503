import AuditKernel
import Foundation
import Matching
import Reporters
import TestSupport
import Testing
import VirtualMachine

/// The whole VM path through the real binary: Debian's generic kernel booted with vng (with
/// KVM if it works here, else software emulation), scenarios run by the guest's auditspec,
/// results read back on the host. Serialized: each boot takes both cores for a while.
@Suite(.serialized, .requires(DebianKernel.prerequisite))
struct VMIntegrationTests {
    let root = DebianKernel.packageRoot

    /// Where the guest's verdict may rightly differ from this machine's kernel's (path: why).
    /// Empty today: Debian's 6.1 and this host's kernel log the baseline alike. A new entry
    /// needs the reason, as it would go in a report.
    static let knownKernelDifferences: [String: String] = [:]

    func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "auditspec-vmtest-\(getpid())-\(name)"
    }

    @Test(.machineExclusive) func baselineVerdictsInTheGuestMatchAHostRun() throws {
        let image = try #require(DebianKernel.image)
        let hostJSON = temporary("host.json"), guestJSON = temporary("guest.json"), junit = temporary("guest.xml")
        defer { for path in [hostJSON, guestJSON, junit] { unlink(path) } }

        // The host's audit state before and after: auditspec vm must not touch it.
        let socket = try AuditSocket()
        let statusBefore = try socket.status(), rulesBefore = try socket.rules()

        // Software emulation, as CI boots it (where KVM works, `--accel auto` would take it),
        // and a profile the report must name.
        let vm = try Run.command([DebianKernel.binary, "vm", "--kernel", image, "--accel", "tcg", "--profile", "ghak90-v11",
                                  "--json", guestJSON, "--junit", junit, "scenarios/baseline"], in: root, timeout: 1200)
        #expect(!vm.timedOut)
        #expect(vm.status == 0, "auditspec vm failed:\n\(vm.output)\n\(vm.errors)")

        let statusAfter = try socket.status(), rulesAfter = try socket.rules()
        #expect(statusAfter.enabled == statusBefore.enabled && statusAfter.failure == statusBefore.failure
                && statusAfter.backlogLimit == statusBefore.backlogLimit && statusAfter.rateLimit == statusBefore.rateLimit,
                "the host's audit status changed")
        #expect(rulesAfter == rulesBefore, "the host's audit rules changed")

        let guest = try JSONReporter.read(from: guestJSON)
        #expect(guest.info.kernelRelease == (try KernelImage.inspect(image)).release, "the guest runs the kernel under test")
        let properties = Dictionary(guest.info.properties, uniquingKeysWith: { a, _ in a })
        #expect(properties["image-sha256"]?.count == 64)
        #expect(properties["acceleration"]?.hasPrefix("tcg (software emulation)") == true, "\(properties["acceleration"] ?? "none")")
        #expect(properties["boot-seconds"] != nil)
        // The boot's shortcuts, each said in the report (see scripts/bench-vm for their worth).
        #expect(properties["boot-entry"]?.hasPrefix("PVH") == true, "\(properties["boot-entry"] ?? "none")")
        #expect(properties["guest-init"] == "virtme-ng's, without udev and systemd-tmpfiles (hidden from it)")
        #expect(properties["guest-root"]?.hasPrefix("cached") == true, "\(properties["guest-root"] ?? "none")")
        #expect(properties["boots"] == "1", "one boot for the whole folder")
        #expect(properties["profiles"] == "ghak90-v11")
        #expect(vm.errors.contains("auditspec: profile: ghak90-v11"), "\(vm.errors)")
        let buildID = properties["kernel-build-id"] ?? ""
        #expect(buildID.count == 40 && buildID.allSatisfy(\.isHexDigit), "the guest kernel's build id: \(buildID)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<property name=\"kernel\" value=\"\(guest.info.kernelRelease)\"/>"))
        #expect(xml.contains("<property name=\"image-sha256\""))
        #expect(xml.contains("<property name=\"acceleration\""))
        #expect(xml.contains("<property name=\"profiles\" value=\"ghak90-v11\"/>"))

        // The same folder on this machine's kernel (the live path).
        let host = try Run.command([DebianKernel.binary, "run", "--profile", "ghak90-v11", "--json", hostJSON, "scenarios/baseline"],
                                   in: root, timeout: 600)
        #expect(!host.timedOut)
        let hostResults = try JSONReporter.read(from: hostJSON).results
        #expect(hostResults.map(\.path) == guest.results.map(\.path))
        var differences: [String] = []
        for (onHost, inGuest) in zip(hostResults, guest.results) where onHost.verdict.label != inGuest.verdict.label {
            // A `requires vm` scenario (the clock, a module) runs only in the guest.
            if case .skipped(let reason) = onHost.verdict, reason.hasPrefix("runs only inside a VM") { continue }
            if let reason = Self.knownKernelDifferences[onHost.path] {
                print("known kernel difference: \(onHost.path): host \(onHost.verdict.label), guest \(inGuest.verdict.label): \(reason)")
            } else {
                differences.append("\(onHost.path): host \(onHost.verdict.label), guest \(inGuest.verdict.label) \(inGuest.verdict)")
            }
        }
        #expect(differences.isEmpty, "verdicts differ between this kernel and the guest's:\n\(differences.joined(separator: "\n"))")
        print("auditspec vm stderr:\n\(vm.errors)")
    }

    @Test func aGuestPanicATaintAndAHungGuestAreErrorsAndTheRunGoesOn() throws {
        let image = try #require(DebianKernel.image)
        let json = temporary("crash.json"), junit = temporary("crash.xml")
        defer { unlink(json); unlink(junit) }
        // The crash scenarios are copied out of the bundle so their paths are short and stable.
        let folder = temporary("crash")
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.copyItem(atPath: Fixture.path("crash"), toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let vm = try Run.command([DebianKernel.binary, "vm", "--kernel", image, "--scenario-timeout", "60",
                                  "--json", json, "--junit", junit, folder], in: root, timeout: 1500)
        #expect(!vm.timedOut)
        #expect(vm.status == 1, "a run with errors exits 1:\n\(vm.output)\n\(vm.errors)")
        let results = try JSONReporter.read(from: json).results
        #expect(results.map { URL(fileURLWithPath: $0.path).lastPathComponent }
                == ["1-panic.scenario", "2-taint.scenario", "3-hang.scenario", "4-after.scenario"])
        guard results.count == 4 else { return }
        guard case .error(let phase, let message) = results[0].verdict else { Issue.record("panic: \(results[0].verdict)"); return }
        #expect(phase == .kernel)
        #expect(message.contains("Kernel panic - not syncing: sysrq triggered crash"))
        // The guest stays up after a taint: the host stops it and goes on in a fresh boot.
        guard case .error(let taintPhase, let taintMessage) = results[1].verdict else { Issue.record("taint: \(results[1].verdict)"); return }
        #expect(taintPhase == .kernel)
        #expect(taintMessage.contains("U (taint requested by userspace)"), "\(taintMessage)")
        guard case .error(let hangPhase, let hangMessage) = results[2].verdict else { Issue.record("hang: \(results[2].verdict)"); return }
        #expect(hangPhase == .guest)
        #expect(hangMessage.contains("the guest stopped answering"))
        #expect(results[2].duration >= 30, "it ran until the host gave up on it: \(results[2].duration) s")
        #expect(results[3].verdict == .passed, "the run went on in a fresh boot: \(results[3].verdict)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<error message=\"kernel: kernel panic: Kernel panic - not syncing: sysrq triggered crash\""))
        #expect(vm.errors.contains("boot 4:"), "four boots: \(vm.errors)")
        // The guest's own exit status comes back through the shared folder (vng's is 255 once
        // udev, which makes virtme-ng's return port, is hidden): the last boot ran to its end.
        #expect(vm.errors.contains("guest exited with status 0"), "\(vm.errors)")
    }

    /// `--modules` is where the boot and the guest take modules from: with this release's
    /// installed modules hidden (an empty folder mounted over them, in a mount namespace of the
    /// test's own), a copy of Debian's tree without xt_AUDIT still boots the kernel (its 9p and
    /// virtio are modules), and in the guest the AUDIT target is missing, so the netfilter
    /// scenario (which passes with the installed modules, above) skips with the probe's reason.
    @Test func theGuestLoadsModulesFromTheTreeGiven() throws {
        let image = try #require(DebianKernel.image)
        let release = try KernelImage.inspect(image).release
        let tree = temporary("modules"), json = temporary("modules.json")
        defer { try? FileManager.default.removeItem(atPath: tree); unlink(json) }
        try FileManager.default.createDirectory(atPath: tree + "/lib/modules", withIntermediateDirectories: true)
        // Hard links: a modules_install tree of the same build, at no cost in space.
        let copy = try Run.command(["/bin/cp", "-al", "/lib/modules/" + release, tree + "/lib/modules/"], in: root, timeout: 120)
        #expect(copy.status == 0, "\(copy.errors)")
        try FileManager.default.removeItem(atPath: tree + "/lib/modules/\(release)/kernel/net/netfilter/xt_AUDIT.ko")

        let hideInstalled = ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                             "mount -t tmpfs -o ro auditspec-test-empty /lib/modules/\(release) && exec \"$@\"", "sh"]
        let vm = try Run.command(hideInstalled + [DebianKernel.binary, "vm", "--kernel", image, "--modules", tree, "--json", json,
                                                  "scenarios/baseline/netfilter-mark.scenario"], in: root, timeout: 900)
        #expect(vm.status == 0, "\(vm.output)\n\(vm.errors)")
        let results = try JSONReporter.read(from: json).results
        let verdict = results.first?.verdict
        guard case .skipped(let reason) = verdict else { Issue.record("expected a skip: \(String(describing: verdict))"); return }
        #expect(reason.contains("iptables -j AUDIT failed"))
    }

    @Test func imagesThatCannotWorkAreExplainedWithoutBooting() throws {
        let image = try #require(DebianKernel.image)
        let scenario = "scenarios/baseline/dir-watch-create.scenario"
        let notKernel = try Run.command([DebianKernel.binary, "vm", "--kernel", Fixture.path("not-a-kernel.txt"), scenario], in: root, timeout: 60)
        #expect(notKernel.status == 64)
        #expect(notKernel.errors.contains("is not a Linux kernel image"))

        let noAudit = try Run.command([DebianKernel.binary, "vm", "--kernel", image, "--config", Fixture.path("config-no-audit"), scenario],
                                      in: root, timeout: 60)
        #expect(noAudit.status == 2)
        #expect(noAudit.errors.contains("this kernel cannot run the suite"))
        #expect(noAudit.errors.contains("CONFIG_AUDIT is not set"))
    }
}
