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
        let shared = try Self.makeSharedFolder()
        let outcome = Result<Report, any Error> {
            var series = BootSeries(request: request, tools: tools, shared: shared, progress: progress)
            return try series.run()
        }
        // The one decision about the shared folder: kept when asked, and when the guest could not
        // run the suite, since the error then points into it (console, the guest's output).
        var keep = request.keepFiles
        if case .failure(let error) = outcome, error is UnusableGuest { keep = true }
        if !keep { try? FileManager.default.removeItem(atPath: shared) }
        switch outcome {
        case .success(var report):
            report.keptFolder = keep ? shared : nil
            return report
        case .failure(let unusable as UnusableGuest):
            throw VMError(.environment, unusable.message)
        case .failure(let error):
            throw error
        }
    }

    static func makeSharedFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "auditspec-vm.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw VMError(.environment, "cannot make a folder to share with the guest: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
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
