import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The guest half of `auditspec vm`, inside `auditspec run --vm-guest`: it marks the start
/// and end of every scenario on the kernel console (see `GuestMarker`) so the host can tell
/// which scenario a panic or WARNING belongs to, and it is what lets `requires vm` scenarios
/// run. It refuses to exist on a kernel that `auditspec vm` did not boot: those scenarios can
/// crash the kernel, and a stray `--vm-guest` must not do that to a real machine.
public final class GuestSide {
    /// Put on the guest kernel's command line by the host (`vng --append`).
    public static let bootParameter = "auditspec.guest=1"

    public struct Refused: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private let count: Int
    private let kmsg: Int32

    /// Checks the kernel command line, opens /dev/kmsg and says "ready".
    public static func enter(scenarioCount: Int, commandLine: String? = nil) throws(Refused) -> GuestSide {
        let line = commandLine ?? (try? String(contentsOfFile: "/proc/cmdline", encoding: .utf8)) ?? ""
        guard line.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains(where: { $0 == bootParameter }) else {
            throw Refused(description: "--vm-guest is the guest side of 'auditspec vm' and this kernel was not booted by it "
                          + "(no \(bootParameter) on its command line); use 'auditspec vm' to run scenarios in a VM")
        }
        let fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw Refused(description: "cannot open /dev/kmsg to mark scenarios on the console: \(String(cString: strerror(errno)))")
        }
        let side = GuestSide(count: scenarioCount, kmsg: fd)
        side.mark(.ready(scenarios: scenarioCount))
        return side
    }

    private init(count: Int, kmsg: Int32) {
        self.count = count
        self.kmsg = kmsg
    }

    deinit { close(kmsg) }

    /// Before the setup of the scenario at `index` (its place in the run). With --jobs, several
    /// may be between their begin and end marks at once.
    public func scenarioStarting(_ index: Int) {
        guard index < count else { return }
        mark(.begin(index: index, tainted: Self.tainted()))
    }

    /// After the result of the scenario at `index` is saved.
    public func scenarioFinished(_ index: Int) {
        guard index < count else { return }
        mark(.end(index: index, tainted: Self.tainted()))
    }

    /// The kernel's taint bits now.
    static func tainted() -> UInt64 {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/tainted", encoding: .utf8)) ?? "0"
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    private func mark(_ marker: GuestMarker) {
        // Level 5 (notice) is above the console's threshold, so the line reaches ttyS0. The
        // newline matters: without it printk keeps the record open for a continuation, and
        // neither dmesg nor the console sees it until some other message closes it (a guest
        // that hangs right after a begin mark would hide that mark for good).
        let bytes = Array(("<5>" + marker.line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(kmsg, $0.baseAddress, $0.count) }
    }
}
