/// The kernel's taint bits (/proc/sys/kernel/tainted), spelled as an oops header spells them.
///
/// A taint that appears during a scenario means the kernel reported something wrong (a
/// WARNING sets W, an oops D) or changed state in a way that makes later results suspect.
public struct TaintFlags: Hashable, Sendable, CustomStringConvertible {
    public var bits: UInt64

    public init(_ bits: UInt64) { self.bits = bits }

    /// Documentation/admin-guide/tainted-kernels.rst: bit, letter, meaning.
    static let known: [(bit: Int, letter: Character, meaning: String)] = [
        (0, "P", "proprietary module loaded"), (1, "F", "module force-loaded"),
        (2, "S", "kernel running on an out-of-spec system"), (3, "R", "module force-unloaded"),
        (4, "M", "machine check exception"), (5, "B", "bad page referenced"),
        (6, "U", "taint requested by userspace"), (7, "D", "kernel died recently (oops or BUG)"),
        (8, "A", "ACPI table overridden"), (9, "W", "kernel issued a warning"),
        (10, "C", "staging driver loaded"), (11, "I", "firmware bug worked around"),
        (12, "O", "out-of-tree module loaded"), (13, "E", "unsigned module loaded"),
        (14, "L", "soft lockup occurred"), (15, "K", "kernel live-patched"),
        (16, "X", "auxiliary taint"), (17, "T", "built with the struct randomization plugin"),
        (18, "N", "in-kernel test run"),
    ]

    /// `W (kernel issued a warning), D (kernel died recently (oops or BUG))`.
    public var description: String {
        if bits == 0 { return "none" }
        var parts: [String] = []
        for flag in Self.known where bits & (1 << UInt64(flag.bit)) != 0 {
            parts.append("\(flag.letter) (\(flag.meaning))")
        }
        let unknown = bits & ~Self.known.reduce(UInt64(0)) { $0 | (1 << UInt64($1.bit)) }
        if unknown != 0 { parts.append("unknown bits 0x\(String(unknown, radix: 16))") }
        return parts.joined(separator: ", ")
    }

    /// The flags set in `self` that were not set in `earlier`.
    public func added(since earlier: TaintFlags) -> TaintFlags {
        TaintFlags(bits & ~earlier.bits)
    }
}
