import Foundation
import Matching
import Reporters
import Testing
@testable import VirtualMachine

/// The pieces between host and guest: the guest side's refusal on a real machine, the vng
/// command line, and the JSON results file that carries the verdicts back.
struct GuestSideTests {
    @Test func theGuestSideRefusesAKernelThatAuditspecVmDidNotBoot() {
        #expect {
            _ = try GuestSide.enter(scenarioCount: 1, commandLine: "BOOT_IMAGE=/vmlinuz root=/dev/vda ro quiet\n")
        } throws: { "\($0)".contains("this kernel was not booted by it") }
        #expect {
            _ = try GuestSide.enter(scenarioCount: 1, commandLine: "x auditspec.guest=10 y")
        } throws: { _ in true }
    }

    @Test func theGuestCommandIsQuotedForTheShell() {
        #expect(VngInvocation.quote("it's") == "'it'\\''s'")
        let image = Self.fakeImage()
        defer { unlink(image) }
        let invocation = VngInvocation(
            tools: VMTools(vng: "/opt/v/bin/vng", qemu: "/usr/bin/qemu-system-x86_64"),
            image: try! KernelImage.inspect(image), bootFile: image, acceleration: .tcg, sharedFolder: "/tmp/s",
            workingDirectory: "/work", guestArguments: ["/bin/auditspec", "run", "--", "a b.scenario"],
            guestLog: "/tmp/s/guest.log", guestScript: "/tmp/s/guest.sh", memory: "1G", cpus: 2, modulesFolder: nil,
            statusFile: "/tmp/s/status", cacheNote: "/tmp/s/cache")
        let lines = invocation.shellCommand.split(separator: "\n").map(String.init)
        #expect(lines.first == "exec >'/tmp/s/guest.log' 2>&1")
        // Not exec'd: the status is written after it (vng's own is 255 without udev's virtio ports).
        #expect(lines.suffix(2) == ["'/bin/auditspec' 'run' '--' 'a b.scenario'", "echo $? >'/tmp/s/status'"])
        #expect(lines.contains("auditspec_cache >'/tmp/s/cache' 2>&1"))
        let argv = invocation.arguments
        #expect(argv.contains("--disable-kvm"))
        #expect(argv.contains(GuestSide.bootParameter))
        #expect(argv.contains("printk.devkmsg=on"))
        // The command itself goes in a script: the kernel command line has room for 2048 bytes only.
        #expect(argv.last == "exec /bin/sh '/tmp/s/guest.sh'")
        #expect(argv.contains("--qemu-opts=" + GuestRootCache.qemuOptions))
    }

    /// vng puts --append and --exec on the kernel command line, which x86 caps at 2048 bytes; a
    /// longer one crashes the boot. What auditspec adds stays small whatever the scenario count.
    @Test func theKernelCommandLineStaysShortWithManyScenarios() {
        let image = Self.fakeImage()
        defer { unlink(image) }
        let paths = (1...500).map { "scenarios/some/long/folder/name/scenario-number-\($0).scenario" }
        let invocation = VngInvocation(
            tools: VMTools(vng: "/opt/v/bin/vng", qemu: "/usr/bin/qemu-system-x86_64"),
            image: try! KernelImage.inspect(image), bootFile: image, acceleration: .tcg, sharedFolder: "/tmp/auditspec-vm.XXXXXX",
            workingDirectory: "/work", guestArguments: ["/bin/auditspec", "run", "--"] + paths,
            guestLog: "/tmp/auditspec-vm.XXXXXX/guest-1.log", guestScript: "/tmp/auditspec-vm.XXXXXX/guest-1.sh",
            memory: "1G", cpus: 2, modulesFolder: nil, statusFile: "/tmp/auditspec-vm.XXXXXX/status-1",
            cacheNote: "/tmp/auditspec-vm.XXXXXX/root-cache-1")
        let argv = invocation.arguments
        let onCommandLine = argv.indices.dropLast().filter { argv[$0] == "--append" || argv[$0] == "--exec" }.map { argv[$0 + 1] }
        let length = onCommandLine.map(\.utf8.count).reduce(0, +) + onCommandLine.count
        // vng adds its own parameters (about 900 bytes with its mounts and overlays): leave them room.
        #expect(length < 1000, "\(length) bytes: \(onCommandLine)")
        #expect(invocation.shellCommand.contains("scenario-number-500.scenario"))
    }

    /// The guest's cache setup is valid POSIX sh (checked by sh -n, as dash reads it in the
    /// guest), and binds the binary's folder only where /usr's binding does not cover it.
    @Test(arguments: [("/work/main/.build/release", true), ("/usr/local/bin", false), ("/", false)])
    func theCachedRootScriptIsShellAndBindsTheBinaryFolderOnlyWhereNeeded(folder: String, binds: Bool) throws {
        let script = GuestRootCache.setupScript(binaryFolder: folder, noteFile: "/tmp/s/note")
        #expect(script.contains("mount --bind \(VngInvocation.quote(GuestRootCache.mountPoint + folder))") == binds)
        let path = NSTemporaryDirectory() + "auditspec-guestscript-\(UUID().uuidString).sh"
        defer { unlink(path) }
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try Run.command(["/bin/sh", "-n", path], in: "/", timeout: 30)
        #expect(check.status == 0, "\(check.errors)")
    }

    /// The report says how far the guest's cache got, from the words its script wrote.
    @Test func theCacheNoteIsReportedAsWritten() {
        #expect(GuestRootCache.describe(note: "cached\n").hasPrefix("cached (a second"))
        #expect(GuestRootCache.describe(note: "mount: bad option\ncached, but not the binary folder\n")
                == "cached over /usr only (the binary's folder could not be bound): mount: bad option; cached, but not the binary folder")
        #expect(GuestRootCache.describe(note: "the cached root did not mount\n") == "uncached: the cached root did not mount")
    }

    static func fakeImage() -> String {
        let path = NSTemporaryDirectory() + "auditspec-guestside-\(getpid())"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(KernelImageTests.fakeBzImage(version: "6.1.0-test #1"))))
        return path
    }

    @Test func resultsTravelWholeThroughTheJSONFile() throws {
        let results = [
            ScenarioResult(path: "s/a.scenario", title: "a", verdict: .passed, duration: 0.5, notes: ["n"]),
            ScenarioResult(path: "s/b.scenario", title: "b", verdict: .skipped(reason: "no contid")),
            ScenarioResult(path: "s/c.scenario", title: "c", verdict: .error(phase: .kernel, message: "kernel panic: x\n| y")),
        ]
        let info = RunInfo(kernelRelease: "6.1.0-56-amd64", hostname: "virtme-ng", startedAt: "2026-11-23T05:00:00Z",
                           properties: [("contid", "absent"), ("profiles", "ghak90-v11")])
        let path = NSTemporaryDirectory() + "auditspec-json-\(getpid()).json"
        defer { unlink(path) }
        try JSONReporter().write(Array(results.prefix(1)), info: info, complete: false, to: path)
        #expect(try JSONReporter.read(from: path).complete == false)
        try JSONReporter().write(results, info: info, to: path)
        let report = try JSONReporter.read(from: path)
        #expect(report.complete)
        #expect(report.results == results)
        #expect(report.info.kernelRelease == "6.1.0-56-amd64")
        #expect(report.info.properties.map(\.0) == ["contid", "profiles"])
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        // The host prints from what it read exactly what the guest would have printed.
        var fromFile: [String] = [], direct: [String] = []
        ConsoleReporter(write: { fromFile.append($0) }).report(report.results[2])
        ConsoleReporter(write: { direct.append($0) }).report(results[2])
        #expect(fromFile == direct)
        #expect(JUnitReporter().document(report.results, info: report.info) == JUnitReporter().document(results, info: info))
    }

    @Test func otherFilesAreNotReadAsResults() {
        #expect { _ = try JSONReporter.decode(Data("{\"format\":\"x\"}".utf8)) } throws: { "\($0)".contains("not an auditspec results file") }
        #expect { _ = try JSONReporter.decode(Data("junk".utf8)) } throws: { "\($0)".contains("not a JSON object") }
        #expect { _ = try JSONReporter.read(from: "/nonexistent.json") } throws: { "\($0)".contains("no such file") }
    }

    @Test func problemsTurnAGuestVerdictIntoAnError() {
        let passed = ScenarioResult(path: "p", title: "t", verdict: .passed)
        let problem = KernelProblem(kind: .warning, headline: "WARNING: CPU: 0 PID: 1 at x", excerpt: ["[ 1.0] WARNING: CPU: 0 PID: 1 at x"])
        let merged = VMRunner.merging([problem], into: passed)
        guard case .error(let phase, let message) = merged.verdict else { Issue.record("not an error: \(merged.verdict)"); return }
        #expect(phase == .kernel)
        #expect(message.hasPrefix("kernel WARNING: WARNING: CPU: 0 PID: 1 at x\n| [ 1.0] WARNING"))
        #expect(merged.notes.last?.contains("PASS") == true)
        #expect(VMRunner.merging([], into: passed) == passed)
    }
}
