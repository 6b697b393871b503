import Foundation
import Matching
import Reporters

/// Runs scenarios inside a VM booting the kernel under test, and brings the results back.
///
/// One boot runs every scenario still to run, through the guest's own `auditspec run` (the
/// live path, unchanged) writing its results into a folder shared with the host. A kernel
/// problem during a scenario, or a guest that stops answering, ends that boot: the scenario
/// becomes an ERROR with the console excerpt, and the scenarios after it run in a fresh boot.
/// The host's own kernel and its audit state are never touched.
public final class VMRunner {
    /// A scenario as the host knows it (parsed, so its title is known even if the guest dies).
    public struct ScenarioRef: Hashable, Sendable {
        public var path: String
        public var title: String
        /// How the guest's command line names it: the path, or `PATH#N` for one row of a table.
        public var selector: String
        public init(path: String, title: String, selector: String? = nil) {
            self.path = path
            self.title = title
            self.selector = selector ?? path
        }
    }

    public struct Request: Sendable {
        public var image: KernelImage
        public var scenarios: [ScenarioRef]
        /// The auditspec executable the guest runs (on the shared root).
        public var auditspecBinary: String
        public var workingDirectory: String
        /// More options for the guest's `auditspec run` (`--timeout-scale 3`, `--profile ...`).
        public var guestOptions: [String] = []
        /// The profiles the guest runs with (also in `guestOptions`), for a report the host
        /// writes when the guest wrote none.
        public var profiles: [String] = []
        /// nil: KVM when it works, else software emulation.
        public var acceleration: Acceleration?
        public var bootTimeout: Double = 300
        public var scenarioTimeout: Double = 180
        public var finishTimeout: Double = 120
        public var problemGrace: Double = 30
        public var memory = "1G"
        public var cpus = 2
        public var modulesFolder: String?
        /// The kernel has CONFIG_PVH: under emulation, boot its unpacked vmlinux (UnpackedKernel).
        public var pvh = false
        /// Where unpacked kernels are cached.
        public var kernelCache = UnpackedKernel.defaultCacheFolder()
        /// Keep the shared folder (results, guest output, console logs) after the run.
        public var keepFiles = false
        /// Every console line, as it comes (--verbose).
        public var consoleEcho: (@Sendable (String) -> Void)?
        /// The guest console's threshold: 6 (to notice) by default, 8 for everything.
        public var consoleLogLevel = 6

        public init(image: KernelImage, scenarios: [ScenarioRef], auditspecBinary: String, workingDirectory: String) {
            self.image = image
            self.scenarios = scenarios
            self.auditspecBinary = auditspecBinary
            self.workingDirectory = workingDirectory
        }
    }

    /// What one boot did, for the report and the benchmark.
    public struct BootSummary: Sendable {
        public var acceleration: Acceleration
        public var bootSeconds: Double?
        public var runSeconds: Double?
        public var totalSeconds: Double
        public var scenarios: Int
        public var ending: String
    }

    public struct Report: Sendable {
        public var results: [ScenarioResult]
        public var info: RunInfo
        public var boots: [BootSummary]
        public var acceleration: Acceleration
        /// Why KVM was not used, when it was not.
        public var accelerationNote: String
        /// Problems the kernel reported while booting, before any scenario.
        public var bootProblems: [KernelProblem]
        /// The shared folder, when kept.
        public var keptFolder: String?
    }

    let request: Request
    let tools: VMTools

    public init(request: Request, tools: VMTools) {
        self.request = request
        self.tools = tools
    }

    /// Runs every scenario; `progress` sees each result as soon as it is final.
    /// Throws `VMError` when the kernel cannot boot or the guest cannot run the suite at all,
    /// `Interrupted` on SIGINT/SIGTERM (after killing the guest).
    public func run(progress: @escaping (ScenarioResult) -> Void = { _ in }) throws -> Report {
        var template = Array((NSTemporaryDirectory() + "auditspec-vm.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw VMError(.environment, "cannot make a folder to share with the guest: \(String(cString: strerror(errno)))")
        }
        let shared = String(cString: made)
        var keep = request.keepFiles
        defer { if !keep { try? FileManager.default.removeItem(atPath: shared) } }

        var acceleration: Acceleration
        var accelerationNote: String
        if let chosen = request.acceleration {
            acceleration = chosen
            accelerationNote = "chosen with --accel"
        } else if let reason = Acceleration.kvmUnavailableReason() {
            acceleration = .tcg
            accelerationNote = "no KVM (\(reason))"
        } else if let reason = Acceleration.rememberedFailure() {
            acceleration = .tcg
            accelerationNote = "KVM failed earlier since this machine booted (\(reason)); remembered in \(Acceleration.failureRecord)"
        } else {
            acceleration = .kvm
            accelerationNote = "/dev/kvm works"
        }

        let namespace = BootNamespace.make(modules: request.modulesFolder.map { ($0, request.image.release) }, scratch: shared)
        var rootCache: String?
        var bootChoice: UnpackedKernel.Choice?
        var remaining = request.scenarios[...]
        var results: [ScenarioResult] = []
        var boots: [BootSummary] = []
        var guestInfo: RunInfo?
        var bootProblems: [KernelProblem] = []
        var attempt = 0
        do {
            while !remaining.isEmpty {
                attempt += 1
                let json = "\(shared)/results-\(attempt).json"
                let guestLog = "\(shared)/guest-\(attempt).log"
                let consolePath = "\(shared)/console-\(attempt).log"
                let statusPath = "\(shared)/status-\(attempt)", cacheNotePath = "\(shared)/root-cache-\(attempt)"
                guard FileManager.default.createFile(atPath: consolePath, contents: nil) else {
                    throw VMError(.environment, "cannot create \(consolePath) for the guest's console")
                }
                let consoleFile = FileHandle(forWritingAtPath: consolePath)
                defer { try? consoleFile?.close() }
                // Decompressing is quick with KVM, slow emulated: only then is unpacking worth it.
                if acceleration == .tcg, bootChoice == nil {
                    bootChoice = UnpackedKernel.prepare(request.image, pvh: request.pvh, cacheFolder: request.kernelCache)
                }
                var bootFile = request.image.path
                if acceleration == .tcg, case .unpacked(let path, _) = bootChoice { bootFile = path }
                let invocation = VngInvocation(
                    tools: tools, image: request.image, bootFile: bootFile, acceleration: acceleration, sharedFolder: shared,
                    workingDirectory: request.workingDirectory,
                    guestArguments: [request.auditspecBinary, "run", "--vm-guest", "--json", json] + request.guestOptions
                        + ["--"] + remaining.map(\.selector),
                    guestLog: guestLog, guestScript: "\(shared)/guest-\(attempt).sh", memory: request.memory, cpus: request.cpus,
                    modulesFolder: request.modulesFolder, namespace: namespace, statusFile: statusPath, cacheNote: cacheNotePath,
                    consoleLogLevel: request.consoleLogLevel)
                try invocation.writeGuestScript()
                var boot = GuestBoot(invocation: invocation, timeouts: .init(boot: request.bootTimeout, scenario: request.scenarioTimeout,
                                                                            finish: request.finishTimeout, problemGrace: request.problemGrace))
                let echo = request.consoleEcho
                boot.consoleSink = { line in
                    consoleFile?.write(Data((line + "\n").utf8))
                    echo?(line)
                }
                // Clean scenarios are final at their end mark: report them as they come. The guest's
                // file holds the results that have every earlier one (PartialResultsFile), so with
                // --jobs a result may wait there for the scenario before it.
                var streamed = 0
                let slice = Array(remaining)
                boot.scenarioEnded = { _ in
                    guard let report = try? JSONReporter.read(from: json) else { return }
                    while streamed < min(report.results.count, slice.count) {
                        progress(report.results[streamed])
                        streamed += 1
                    }
                }
                let outcome = try boot.run()
                if case .kvmUnusable(let why) = outcome.stop {
                    acceleration = .tcg
                    accelerationNote = "/dev/kvm opens but KVM does not work here (\(why))"
                    Acceleration.rememberFailure(why)
                    continue
                }
                let report = try? JSONReporter.read(from: json)
                if guestInfo == nil { guestInfo = report?.info }
                if rootCache == nil, let note = try? String(contentsOfFile: cacheNotePath, encoding: .utf8) {
                    rootCache = GuestRootCache.describe(note: note)
                }
                bootProblems += outcome.watcher.bootProblems
                let guestResults = report?.results ?? []
                var finished: [ScenarioResult] = []
                for (index, result) in guestResults.enumerated() where index < slice.count {
                    finished.append(Self.merging(outcome.watcher.problems[index] ?? [], into: result))
                }
                let next = finished.count
                var ending: String
                switch outcome.stop {
                case .exited(let vngStatus):
                    // The guest command's own status when it wrote one (vng's is 255 without udev).
                    let written = (try? String(contentsOfFile: statusPath, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                    let status = written ?? vngStatus
                    ending = written == nil ? "vng exited with status \(vngStatus), the guest's command wrote none" : "guest exited with status \(status)"
                    if next < slice.count {
                        if let problems = outcome.watcher.problems[next], !problems.isEmpty {
                            finished.append(Self.errorResult(slice[next], problems: problems, duration: outcome.secondsSinceBegin[next] ?? 0))
                        } else if outcome.bootSeconds == nil {
                            keep = true
                            throw VMError(.environment, "the kernel did not boot to the guest's auditspec (vng ended with status \(status)); "
                                          + "console and output kept in \(shared)\n" + Self.tail(outcome))
                        } else if outcome.watcher.current != nil {
                            // The guest's auditspec died inside a scenario (a crash of its own):
                            // that scenario is in error, the others get a fresh boot.
                            let log = (try? String(contentsOfFile: guestLog, encoding: .utf8)) ?? ""
                            let message = "the guest's auditspec ended (status \(status)) during this scenario; its last output:\n"
                                + log.split(separator: "\n").suffix(10).map { "| " + $0 }.joined(separator: "\n")
                            finished.append(ScenarioResult(path: slice[next].path, title: slice[next].title,
                                                           verdict: .error(phase: .guest, message: message),
                                                           duration: outcome.secondsSinceBegin[next] ?? 0))
                        } else {
                            // It could not run scenarios at all (no audit in the guest, say).
                            keep = true
                            let log = (try? String(contentsOfFile: guestLog, encoding: .utf8)) ?? ""
                            throw VMError(.environment, "the guest's auditspec ended (status \(status)) after \(next) of \(slice.count) scenarios; "
                                          + "its output (kept in \(shared)):\n" + log.split(separator: "\n").suffix(20).map { "  | " + $0 }.joined(separator: "\n"))
                        }
                    }
                case .killedAfterProblem(let index):
                    ending = "killed after a kernel problem in \(slice[min(index, slice.count - 1)].path)"
                    if next <= index, next < slice.count {
                        finished.append(Self.errorResult(slice[next], problems: outcome.watcher.problems[index] ?? [], duration: outcome.secondsSinceBegin[next] ?? 0))
                    }
                case .timedOut(_, let after, let waitingFor):
                    ending = "killed: no progress after \(Int(after)) s"
                    if outcome.bootSeconds == nil {
                        keep = true
                        throw VMError(.environment, "the guest did not boot: killed after \(Int(after)) s waiting for \(waitingFor) (\(acceleration.label)); "
                                      + "console kept in \(shared)\n" + Self.tail(outcome))
                    }
                    if next < slice.count {
                        var message = "the guest stopped answering: it was killed after waiting \(Int(after)) s in all for \(waitingFor)"
                        message += "\nlast console lines:\n" + outcome.watcher.tail.suffix(15).map { "| " + $0 }.joined(separator: "\n")
                        var result = ScenarioResult(path: slice[next].path, title: slice[next].title,
                                                    verdict: .error(phase: .guest, message: message),
                                                    duration: outcome.secondsSinceBegin[next] ?? 0)
                        if let problems = outcome.watcher.problems[next], !problems.isEmpty {
                            result = Self.errorResult(slice[next], problems: problems, duration: result.duration)
                        }
                        finished.append(result)
                    }
                case .kvmUnusable:
                    ending = ""
                }
                for result in finished[streamed...] { progress(result) }
                results += finished
                boots.append(BootSummary(acceleration: acceleration, bootSeconds: outcome.bootSeconds, runSeconds: outcome.runSeconds,
                                         totalSeconds: outcome.totalSeconds, scenarios: finished.count, ending: ending))
                remaining = remaining.dropFirst(finished.count)
                if finished.isEmpty {
                    keep = true
                    throw VMError(.environment, "a boot ran no scenario (\(ending)); files kept in \(shared)\n" + Self.tail(outcome))
                }
            }
        }

        var info = guestInfo ?? RunInfo(kernelRelease: request.image.release, hostname: "", startedAt: RunTimestamp.now(),
                                        properties: [("profiles", request.profiles.joined(separator: " "))])
        info.properties += [
            ("image", request.image.path),
            ("image-version", request.image.version),
            ("image-sha256", request.image.sha256),
            ("acceleration", acceleration == .kvm ? "kvm" : "tcg (software emulation): \(accelerationNote)"),
            ("boot-entry", Self.describe(acceleration == .tcg ? bootChoice : nil)),
            ("guest-init", namespace?.summary ?? "virtme-ng's, whole (no mount namespace here: not root, or unshare refused)"),
            ("guest-root", rootCache ?? "unknown (the guest wrote no note)"),
            ("boots", String(boots.count)),
            ("boot-seconds", boots.first?.bootSeconds.map { String(format: "%.1f", $0) } ?? "?"),
            ("guest-run-seconds", String(format: "%.1f", boots.compactMap(\.runSeconds).reduce(0, +))),
        ]
        if !bootProblems.isEmpty {
            info.properties.append(("boot-problems", bootProblems.map { "\($0.kind.rawValue): \($0.headline)" }.joined(separator: "; ")))
        }
        return Report(results: results, info: info, boots: boots, acceleration: acceleration, accelerationNote: accelerationNote,
                      bootProblems: bootProblems, keptFolder: keep ? shared : nil)
    }

    static func describe(_ choice: UnpackedKernel.Choice?) -> String {
        switch choice {
        case nil: return "the bzImage (decompressing is quick with KVM)"
        case .unpacked(let path, let fresh)?:
            return "PVH, the image's kernel unpacked (no decompression under emulation), \(fresh ? "now, into" : "cached in") \(path)"
        case .bzImage(let why)?: return "the bzImage: \(why)"
        }
    }

    /// A guest result that a kernel problem makes worthless becomes an ERROR, keeping what the
    /// guest saw (records, notes) for the report.
    static func merging(_ problems: [KernelProblem], into result: ScenarioResult) -> ScenarioResult {
        guard !problems.isEmpty else { return result }
        var merged = result
        merged.notes.append("the guest's own verdict was \(result.verdict.label), before the kernel's report")
        merged.verdict = .error(phase: .kernel, message: problems.map(\.message).joined(separator: "\n"))
        return merged
    }

    static func errorResult(_ scenario: ScenarioRef, problems: [KernelProblem], duration: Double) -> ScenarioResult {
        ScenarioResult(path: scenario.path, title: scenario.title,
                       verdict: .error(phase: .kernel, message: problems.map(\.message).joined(separator: "\n")), duration: duration)
    }

    static func tail(_ outcome: GuestBoot.Outcome) -> String {
        (outcome.watcher.tail.suffix(25) + outcome.output.suffix(5)).map { "  | " + $0 }.joined(separator: "\n")
    }
}
