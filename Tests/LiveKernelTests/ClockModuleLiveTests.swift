import Foundation
import Testing

/// The clock and module scenarios on this machine's kernel: skipped before any step, with the
/// reason, so the clock is never touched here (they run in `auditspec vm`: ClockModuleVMTests).
@Suite(.serialized, .machineExclusive, .requires(LiveKernel.prerequisite))
struct ClockModuleLiveTests {
    let root = LiveKernel.packageRoot

    @Test func theClockAndModuleScenariosSkipOnTheLiveKernel() throws {
        let scenarios = ["time-change-settime", "time-change-setoffset", "time-change-adjust", "time-change-offset",
                         "time-change-freq", "time-change-status", "time-change-tai", "time-change-tick", "syscall-module"]
            .map { "scenarios/baseline/\($0).scenario" }
        let modules = FileManager.default.contents(atPath: "/proc/modules")
        var before = timespec(), after = timespec(), monotonicBefore = timespec(), monotonicAfter = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonicBefore)
        clock_gettime(CLOCK_REALTIME, &before)

        let run = try Command.run([LiveKernel.binary, "run"] + scenarios, currentDirectory: root)

        clock_gettime(CLOCK_REALTIME, &after)
        clock_gettime(CLOCK_MONOTONIC, &monotonicAfter)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        #expect(run.output.components(separatedBy: "runs only inside a VM (it can lock or crash the kernel); refused on the live kernel").count
                == scenarios.count + 1, "\(run.output)")
        #expect(run.output.contains("0 passed, 0 failed, \(scenarios.count) skipped"), "\(run.output)")
        // The wall clock went on as the monotonic one did: no step ran.
        let wall = Double(after.tv_sec - before.tv_sec) + Double(after.tv_nsec - before.tv_nsec) / 1e9
        let monotonic = Double(monotonicAfter.tv_sec - monotonicBefore.tv_sec) + Double(monotonicAfter.tv_nsec - monotonicBefore.tv_nsec) / 1e9
        #expect(abs(wall - monotonic) < 0.5, "wall \(wall) s, monotonic \(monotonic) s")
        #expect(FileManager.default.contents(atPath: "/proc/modules") == modules)
    }
}
