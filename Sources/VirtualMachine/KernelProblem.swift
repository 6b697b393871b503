/// Something the guest kernel reported about itself that makes a scenario's result worthless:
/// the scenario becomes an ERROR with this excerpt, and the run goes on in a fresh boot.
public struct KernelProblem: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case panic, oops, bug = "BUG", warning = "WARNING", taint
    }

    public var kind: Kind
    /// The line that named it (`Kernel panic - not syncing: sysrq triggered crash`).
    public var headline: String
    /// The console lines of the report, as printed (timestamps kept), for the error message.
    public var excerpt: [String]

    public init(kind: Kind, headline: String, excerpt: [String] = []) {
        self.kind = kind
        self.headline = headline
        self.excerpt = excerpt
    }

    /// Which problem a console message announces, if any.
    ///
    /// The spellings are the kernel's own: panic() prints "Kernel panic - not syncing", the
    /// oops path "Oops:" or "general protection fault", BUG() "kernel BUG at" and the report
    /// helpers "BUG: <what>" (also "watchdog: BUG: soft lockup"), WARN() "WARNING: CPU: n PID: m
    /// at ..." (lockdep "WARNING: possible ..."), and add_taint's callers "taints kernel" or
    /// "tainting kernel".
    public static func kind(of text: Substring) -> Kind? {
        // x86 prints "PANIC: early exception" for a fault before the panic machinery exists.
        if text.contains("Kernel panic - not syncing") || text.hasPrefix("PANIC: early exception") { return .panic }
        if text.hasPrefix("Oops:") || text.hasPrefix("general protection fault") { return .oops }
        if text.contains("kernel BUG at") || text.hasPrefix("BUG: ") || text.contains(": BUG: ") { return .bug }
        if text.hasPrefix("WARNING: ") { return .warning }
        if text.contains("taints kernel") || text.contains("tainting kernel") { return .taint }
        return nil
    }

    /// Taints a kernel sets on purpose when userspace uses a feature its distribution flags,
    /// with the notice that says so, and the taint bit it sets: a policy, not a fault, so a
    /// scenario that uses the feature is not in error for it. Debian's kernels taint with
    /// TAINT_AUX (X) the first time fanotify permission events are used (a Debian patch; seen
    /// on 6.1.0-57-amd64).
    static let deliberateTaints: [(notice: String, bit: Int)] = [
        ("Using fanotify permission checks may lead to deadlock; tainting kernel", 16),
    ]

    /// The taint bit a console line deliberately sets, if it is such a notice.
    static func deliberateTaintBit(_ text: Substring) -> Int? {
        deliberateTaints.first { text.contains($0.notice) }?.bit
    }

    /// The line that opens a WARNING or BUG report, one line before its headline.
    static func opensReport(_ text: Substring) -> Bool {
        text.hasPrefix("------------[ cut here ]------------")
    }

    /// The line that closes a report: `---[ end trace 0000000000000000 ]---`,
    /// `---[ end Kernel panic - not syncing: ... ]---`.
    static func closesReport(_ text: Substring) -> Bool {
        text.hasPrefix("---[ end ")
    }

    /// How bad each kind is: a report that escalates (a BUG whose oops ends in a panic) is
    /// named after the worst of its lines.
    var severity: Int {
        switch kind {
        case .taint: return 0
        case .warning: return 1
        case .bug: return 2
        case .oops: return 3
        case .panic: return 4
        }
    }

    /// What a report says: the headline, then the excerpt.
    public var message: String {
        (["kernel \(kind.rawValue): \(headline)"] + excerpt.map { "| " + $0 }).joined(separator: "\n")
    }
}
