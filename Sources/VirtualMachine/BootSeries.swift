import Foundation
import Matching
import Reporters

/// The boots of one `VMRunner.run`: each boots the kernel for the scenarios still to run, until
/// none is left. A boot that a kernel problem or a silent guest ended leaves the scenarios
/// after the one it ended in to the next boot.
struct BootSeries {
    typealias ScenarioRef = VMRunner.ScenarioRef

    let request: VMRunner.Request
    let tools: VMTools
    let shared: String
    let progress: (ScenarioResult) -> Void
    let namespace: BootNamespace?
    var acceleration: AccelerationChoice
    /// What is booted under emulation, decided at the first emulated boot.
    var bootChoice: UnpackedKernel.Choice?
    var remaining: ArraySlice<ScenarioRef>
    var attempt = 0
    var results: [ScenarioResult] = []
    var boots: [VMRunner.BootSummary] = []
    var guestInfo: RunInfo?
    var rootCache: String?
    var bootProblems: [KernelProblem] = []

    init(request: VMRunner.Request, tools: VMTools, shared: String, progress: @escaping (ScenarioResult) -> Void) {
        self.request = request
        self.tools = tools
        self.shared = shared
        self.progress = progress
        namespace = BootNamespace.make(modules: request.modulesFolder.map { ($0, request.image.release) }, scratch: shared)
        acceleration = AccelerationChoice(chosen: request.acceleration)
        remaining = request.scenarios[...]
    }

    /// Throws `UnusableGuest` when a boot shows the guest cannot run the suite.
    mutating func run() throws -> VMRunner.Report {
        while !remaining.isEmpty {
            attempt += 1
            let files = BootFiles(shared: shared, attempt: attempt)
            let scenarios = Array(remaining)
            let stream = ResultStream(resultsFile: files.results, scenarios: scenarios.count, progress: progress)
            let outcome = try boot(files: files, scenarios: scenarios, stream: stream)
            if case .kvmUnusable(let why) = outcome.stop {
                acceleration.giveUpKVM(why)
                continue
            }
            try gather(outcome, files: files, scenarios: scenarios, stream: stream)
        }
        return report()
    }

    mutating func boot(files: BootFiles, scenarios: [ScenarioRef], stream: ResultStream) throws -> GuestBoot.Outcome {
        guard FileManager.default.createFile(atPath: files.console, contents: nil) else {
            throw VMError(.environment, "cannot create \(files.console) for the guest's console")
        }
        let consoleFile = FileHandle(forWritingAtPath: files.console)
        defer { try? consoleFile?.close() }
        let timeouts = GuestBoot.Timeouts(boot: request.bootTimeout, scenario: request.scenarioTimeout,
                                          finish: request.finishTimeout, problemGrace: request.problemGrace)
        var boot = GuestBoot(invocation: try invocation(files: files, scenarios: scenarios), timeouts: timeouts)
        let echo = request.consoleEcho
        boot.consoleSink = { line in
            consoleFile?.write(Data((line + "\n").utf8))
            echo?(line)
        }
        boot.scenarioEnded = { _ in stream.catchUp() }
        return try boot.run()
    }

    mutating func invocation(files: BootFiles, scenarios: [ScenarioRef]) throws -> VngInvocation {
        var bootFile = request.image.path
        // Decompressing is quick with KVM, slow emulated: only then is unpacking worth it.
        if acceleration.acceleration == .tcg {
            if bootChoice == nil {
                bootChoice = UnpackedKernel.prepare(request.image, pvh: request.pvh, cacheFolder: request.kernelCache)
            }
            if case .unpacked(let path, _) = bootChoice { bootFile = path }
        }
        let guestArguments = [request.auditspecBinary, "run", "--vm-guest", "--json", files.results] + request.guestOptions
            + ["--"] + scenarios.map(\.selector)
        let invocation = VngInvocation(
            tools: tools, image: request.image, bootFile: bootFile, acceleration: acceleration.acceleration, sharedFolder: shared,
            workingDirectory: request.workingDirectory, guestArguments: guestArguments,
            guestLog: files.guestLog, guestScript: files.guestScript, memory: request.memory, cpus: request.cpus,
            modulesFolder: request.modulesFolder, namespace: namespace, statusFile: files.status, cacheNote: files.cacheNote,
            consoleLogLevel: request.consoleLogLevel)
        try invocation.writeGuestScript()
        return invocation
    }

    /// Takes in what a boot that ran (KVM worked, or was not tried) left: its final results and its summary.
    mutating func gather(_ outcome: GuestBoot.Outcome, files: BootFiles, scenarios: [ScenarioRef], stream: ResultStream) throws {
        let guestReport = try? JSONReporter.read(from: files.results)
        if guestInfo == nil { guestInfo = guestReport?.info }
        if rootCache == nil, let note = try? String(contentsOfFile: files.cacheNote, encoding: .utf8) {
            rootCache = GuestRootCache.describe(note: note)
        }
        bootProblems += outcome.watcher.bootProblems
        let reading = BootReading(outcome: outcome, scenarios: scenarios, files: files, acceleration: acceleration.acceleration)
        let (finished, ending) = try reading.verdicts(guestResults: guestReport?.results ?? [])
        stream.finish(finished)
        results += finished
        boots.append(VMRunner.BootSummary(acceleration: acceleration.acceleration, bootSeconds: outcome.bootSeconds,
                                          runSeconds: outcome.runSeconds, totalSeconds: outcome.totalSeconds,
                                          scenarios: finished.count, ending: ending))
        remaining = remaining.dropFirst(finished.count)
        if finished.isEmpty {
            throw UnusableGuest("a boot ran no scenario (\(ending)); files kept in \(shared)\n" + VMRunner.tail(outcome))
        }
    }

    /// The run's report (its folder not yet kept: `VMRunner.run` decides that).
    func report() -> VMRunner.Report {
        let tcg = acceleration.acceleration == .tcg
        var info = guestInfo ?? RunInfo(kernelRelease: request.image.release, hostname: "", startedAt: RunTimestamp.now(),
                                        properties: [("profiles", request.profiles.joined(separator: " "))])
        info.properties += [
            ("image", request.image.path),
            ("image-version", request.image.version),
            ("image-sha256", request.image.sha256),
            ("acceleration", tcg ? "tcg (software emulation): \(acceleration.note)" : "kvm"),
            ("boot-entry", VMRunner.describe(tcg ? bootChoice : nil)),
            ("guest-init", namespace?.summary ?? "virtme-ng's, whole (no mount namespace here: not root, or unshare refused)"),
            ("guest-root", rootCache ?? "unknown (the guest wrote no note)"),
            ("boots", String(boots.count)),
            ("boot-seconds", boots.first?.bootSeconds.map { String(format: "%.1f", $0) } ?? "?"),
            ("guest-run-seconds", String(format: "%.1f", boots.compactMap(\.runSeconds).reduce(0, +))),
        ]
        if !bootProblems.isEmpty {
            info.properties.append(("boot-problems", bootProblems.map { "\($0.kind.rawValue): \($0.headline)" }.joined(separator: "; ")))
        }
        return VMRunner.Report(results: results, info: info, boots: boots, acceleration: acceleration.acceleration,
                               accelerationNote: acceleration.note, bootProblems: bootProblems, keptFolder: nil)
    }
}
