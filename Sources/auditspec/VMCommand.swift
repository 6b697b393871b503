import ArgumentParser
import Foundation
import Matching
import POSIXSupport
import Profiles
import RecordDrafts
import Reporters
import Runner
import ScenarioLanguage
import VirtualMachine

struct VMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vm",
        abstract: "Boot a kernel under test in a VM and run scenarios inside it.",
        discussion: """
        The kernel a patch author tests is rarely the one their machine runs. This boots it \
        with virtme-ng (vng) on QEMU, sharing this machine's root filesystem with the guest \
        over 9p, so the guest runs this very auditspec binary, in live mode, on the same \
        scenario files; its results come back through a shared folder and are reported here. \
        One boot runs all scenarios. KVM is used when it works, software emulation otherwise \
        (the report says which).

        Before booting, the kernel's config is checked (--config, else config-RELEASE beside \
        the image or in /boot, else the build tree's .config, else the image's own with \
        CONFIG_IKCONFIG): CONFIG_AUDIT, \
        CONFIG_AUDITSYSCALL, 9p and virtio. A kernel that cannot work is explained, not booted.

        The guest's console is watched. A panic, oops, BUG, WARNING or taint during a scenario \
        makes that scenario an ERROR with the console excerpt (a JUnit <error>), and the \
        scenarios after it run in a fresh boot; so does a guest that stops answering (killed \
        after --scenario-timeout). Scenarios that say 'requires vm' (they may crash a kernel) \
        run here and nowhere else.

        Emulated boots are slow, so: a kernel with CONFIG_PVH boots unpacked (cached in \
        ~/.cache/auditspec); as root, vng runs in a mount namespace of its own where udev and \
        /etc/systemd are hidden from virtme-ng's init (and where --modules is at \
        /lib/modules/RELEASE, for the boot too); the guest reads /usr and auditspec's folder \
        through a cached 9p mount. The report names each (boot-entry, guest-init, guest-root).

        This machine's own kernel and its audit state are not touched. Needs qemu-system-x86, \
        busybox and virtme-ng: scripts/setup installs them.

        Exit codes: 0 all passed or skipped; 1 a failure or an error (a kernel problem too); \
        2 the kernel cannot run the suite (config, boot) or a tool is missing; 64 a usage \
        error (not a kernel image, no config found, a scenario-file or profile-file error).

        Examples:
          auditspec vm --kernel /boot/vmlinuz-6.1.0-56-amd64 scenarios/baseline
          auditspec vm --kernel ~/linux/arch/x86/boot/bzImage --junit r.xml scenarios/
          auditspec vm --kernel ~/linux --modules /tmp/mods scenarios/     (a build tree; make modules_install INSTALL_MOD_PATH=/tmp/mods)
          auditspec vm --kernel bzImage --config linux/.config --profile ghak90-v11 scenarios/
          auditspec vm --kernel bzImage --accel tcg --verbose --keep scenarios/ghak90
          auditspec vm --kernel bzImage --record v11.draft scenarios/ghak90      (draft expect blocks: auditspec help record)
        """
    )

    enum AccelerationChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, kvm, tcg
    }

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String] = ["scenarios"]

    @Option(name: .long, help: ArgumentHelp("The kernel to boot: an x86 bzImage, a build tree, or the vmlinux at its top (its bzImage boots).", valueName: "image"))
    var kernel: String

    @Option(name: .long, help: ArgumentHelp("The kernel's config, when it is not beside the image or in its build tree.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The kernel's modules (a folder with modules.dep, or an INSTALL_MOD_PATH tree), shown to the boot and the guest as /lib/modules/RELEASE.", valueName: "dir"))
    var modules: String?

    @OptionGroup var reporting: ReportOptions

    @Option(name: .long, help: ArgumentHelp("KVM, software emulation (tcg), or KVM when it works (auto).", valueName: "auto|kvm|tcg"))
    var accel: AccelerationChoice = .auto

    @Option(name: .long, help: ArgumentHelp("Multiply every scenario's record timeout in the guest (emulation is slow).", valueName: "factor"))
    var timeoutScale: Double = 3

    @Option(name: .long, help: ArgumentHelp("Seconds the guest gets to boot to auditspec.", valueName: "seconds"))
    var bootTimeout: Double = 300

    @Option(name: .long, help: ArgumentHelp("Seconds a scenario may take in the guest before the guest is killed as hung.", valueName: "seconds"))
    var scenarioTimeout: Double = 180

    @Option(name: .long, help: ArgumentHelp("Guest memory (QEMU syntax).", valueName: "size"))
    var memory = "1G"

    @Option(name: .long, help: ArgumentHelp("Guest CPUs.", valueName: "n"))
    var cpus = 2

    @Option(name: .long, help: ArgumentHelp("Scenarios the guest runs at once, as 'run --jobs' does (same verdicts); a kernel problem while several run is each one's ERROR, and 'requires vm' scenarios run alone.", valueName: "n"))
    var jobs = 2

    @Option(name: .long, help: ArgumentHelp("Record: write what the guest's kernel logged for each scenario as draft expect blocks to this file (see 'auditspec help record').", valueName: "file"))
    var record: String?

    @Flag(name: .long, help: "Keep the folder shared with the guest (results, guest output, console logs) and print its path.")
    var keep = false

    @OptionGroup var profileOptions: ProfileOptions

    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    func run() throws {
        let profiles = try profileOptions.resolve()
        let (scenarios, shardProperties) = try sharding.select(try ScenarioLoader.load(paths, profiles: profiles))
        let image = try CommandError.catching(.usage) { try KernelImage.inspect(kernel) }
        let kernelConfig = try CommandError.catching(.usage) { try KernelConfig.locate(for: image, explicit: config) }
        let guestModules = try modulesFolder(for: image)
        // virtme-ng loads what the boot needs (9p, virtio) from /lib/modules/RELEASE: --modules is shown
        // there when vng can be given a view of its own (as root), else only to the booted guest.
        let installed = image.release.isEmpty ? nil : "/lib/modules/\(image.release)"
        let bootModules = BootNamespace.canShowModules ? guestModules ?? installed : installed
        let check = ConfigCheck(kernelConfig, modulesFolder: bootModules.flatMap { Self.holdsModules($0) ? $0 : nil })
        for warning in check.warnings { printError("auditspec: warning: \(warning)") }
        if !check.isBootable {
            throw CommandError(.environment, "\(image.path): \(check.explanation(for: kernelConfig))")
        }
        let tools = try CommandError.catching(.environment) { try VMTools.find() }
        var request = self.request(image: image, kernelConfig: kernelConfig, scenarios: scenarios, profiles: profiles)
        // The same folder needs no second mount.
        request.modulesFolder = guestModules == installed ? nil : guestModules

        if let note = image.note { printError("auditspec: \(note)") }
        printError("auditspec: booting \(image.release.isEmpty ? image.path : image.release) (sha256 \(image.sha256.prefix(16))...) "
                   + "with config \(kernelConfig.source)")
        SignalTrap.install()
        let console = reporting.console
        let report: VMRunner.Report
        do {
            report = try VMRunner(request: request, tools: tools).run { console.report($0) }
        } catch let error as VMError {
            throw CommandError(error.kind == .usage ? .usage : .environment, "\(error)")
        } catch let interrupted as Interrupted {
            printError("auditspec: interrupted by signal \(interrupted.signal); the guest was stopped")
            SignalTrap.reraise(interrupted.signal)
        }
        say(report, profiles: profiles)
        var info = report.info
        info.properties += [("scenarios-commit", ScenarioCommit.describe(scenarios.map(\.path))), AuditspecVersion.property,
                            ("kernel-config", Self.configHighlights(kernelConfig))] + shardProperties
        do { try reporting.writeReports(report.results, info: info) } catch { throw CommandError.cannotWriteReport(error) }
        console.summarize(report.results)
        try finish(report, scenarios: scenarios, profiles: profiles)
    }

    static func holdsModules(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/modules.dep") || FileManager.default.fileExists(atPath: folder + "/modules.order")
    }

    /// The --modules folder, by absolute path: a modules_install tree (INSTALL_MOD_PATH) or the
    /// release's folder itself.
    func modulesFolder(for image: KernelImage) throws -> String? {
        guard let modules else { return nil }
        let candidates = [modules + "/lib/modules/" + image.release, modules]
        guard let found = candidates.first(where: Self.holdsModules) else {
            throw CommandError(.usage, "--modules \(modules): no modules.dep or modules.order there (nor in lib/modules/\(image.release) under it)")
        }
        return URL(fileURLWithPath: found).standardizedFileURL.path
    }

    func request(image: KernelImage, kernelConfig: KernelConfig, scenarios: [Scenario], profiles: ProfileSet) -> VMRunner.Request {
        var request = VMRunner.Request(image: image, scenarios: scenarios.map { .init(path: $0.path, title: $0.title, selector: $0.selector) },
                                       auditspecBinary: Self.executablePath(),
                                       workingDirectory: FileManager.default.currentDirectoryPath)
        // A recording runs one scenario at a time: whether the kernel logs a system call's records
        // at all depends on the rules in force, and another scenario's would change its draft.
        let guestJobs = record == nil ? jobs : 1
        request.guestOptions = ["--timeout-scale", String(timeoutScale), "--jobs", String(guestJobs)] + profileOptions.absoluteValues.flatMap { ["--profile", $0] }
            + (reporting.verbose ? ["--verbose"] : []) + (record != nil ? ["--recording"] : [])
        request.profiles = profiles.names
        request.acceleration = accel == .auto ? nil : Acceleration(rawValue: accel.rawValue)
        request.bootTimeout = bootTimeout
        request.scenarioTimeout = scenarioTimeout
        request.memory = memory
        request.cpus = cpus
        request.pvh = kernelConfig["CONFIG_PVH"] == "y"
        request.keepFiles = keep
        if reporting.verbose {
            request.consoleEcho = { printError("console| " + $0) }
            request.consoleLogLevel = 8
        }
        return request
    }

    /// What the boots were, on standard error, after the scenarios' own report.
    func say(_ report: VMRunner.Report, profiles: ProfileSet) {
        for problem in report.bootProblems {
            printError("auditspec: warning: the kernel reported while booting: \(problem.kind.rawValue): \(problem.headline)")
        }
        for (number, boot) in report.boots.enumerated() {
            printError("auditspec: boot \(number + 1): \(boot.acceleration.label), booted in "
                       + "\(boot.bootSeconds.map { String(format: "%.1f", $0) } ?? "?") s, ran \(boot.scenarios) scenario(s) in "
                       + "\(boot.runSeconds.map { String(format: "%.1f", $0) } ?? "?") s; \(boot.ending)")
        }
        if let buildID = report.info.properties.first(where: { $0.0 == "kernel-build-id" })?.1 {
            printError("auditspec: the guest ran \(report.info.kernelRelease), build id \(buildID)")
        }
        if !profileOptions.values.isEmpty { printError("auditspec: profile: \(profiles.names.joined(separator: ", "))") }
        if report.acceleration == .tcg { printError("auditspec: software emulation: \(report.accelerationNote)") }
        if let kept = report.keptFolder { printError("auditspec: guest files kept in \(kept)") }
    }

    /// The drafts of a recording, and the exit code the run calls for.
    func finish(_ report: VMRunner.Report, scenarios: [Scenario], profiles: ProfileSet) throws {
        if let record {
            let guestProfiles = report.info.properties.first { $0.0 == "profiles" }?.1 ?? profiles.names.joined(separator: " ")
            let drafts = zip(scenarios, report.results).map { ExpectDraft(scenario: $0, result: $1) }
            try RecordCommand.write(drafts, heading: ["in a VM on \(report.info.kernelRelease), profile \(guestProfiles)"], to: record)
            // A draft is what was asked for: the verdicts of the scenarios' own expect blocks do not decide.
            if drafts.contains(where: { $0.missing != nil }) { throw ExitCode(1) }
            return
        }
        let code = RunSummary(report.results).exitCode
        if code != 0 { throw ExitCode(code) }
    }

    /// The options of the kernel's config that decide what its audit can log, for the report.
    static func configHighlights(_ config: KernelConfig) -> String {
        let names = ["CONFIG_AUDIT", "CONFIG_AUDITSYSCALL", "CONFIG_NETFILTER_XT_TARGET_AUDIT", "CONFIG_NF_TABLES",
                     "CONFIG_IMA", "CONFIG_BPF_SYSCALL", "CONFIG_IO_URING", "CONFIG_FANOTIFY", "CONFIG_MODULES", "CONFIG_SECURITY_SELINUX"]
        return names.map { "\($0.dropFirst(7))=\(config[$0])" }.joined(separator: " ") + " (from \(config.source))"
    }

    /// This executable, by absolute path: the guest runs the same file over the shared root.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
