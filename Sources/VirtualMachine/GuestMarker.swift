/// The lines the guest side of a run writes on the guest kernel's console, and the host reads.
///
/// They go through /dev/kmsg, so they sit in the kernel's own log in order with whatever the
/// kernel prints: a panic or a WARNING that comes between `begin 3` and `end 3` happened during
/// scenario 3, however the console's bytes were buffered on the way to the host. Each carries
/// the kernel's taint flags (/proc/sys/kernel/tainted), so a taint that the kernel announced in
/// no console line is still seen. The index counts the scenarios of one boot, from 0.
public enum GuestMarker: Hashable, Sendable {
    /// The guest auditspec started (the boot is over) and will run this many scenarios.
    case ready(scenarios: Int)
    case begin(index: Int, tainted: UInt64)
    case end(index: Int, tainted: UInt64)

    public static let prefix = "auditspec-vm:"

    /// The text written to /dev/kmsg (without the log level).
    public var line: String {
        switch self {
        case .ready(let count): return "\(Self.prefix) ready \(count)"
        case .begin(let index, let tainted): return "\(Self.prefix) begin \(index) tainted=\(tainted)"
        case .end(let index, let tainted): return "\(Self.prefix) end \(index) tainted=\(tainted)"
        }
    }

    /// Reads a console line whose printk timestamp is already removed; nil for any other line.
    public init?(parsing text: Substring) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let words = text.dropFirst(Self.prefix.count).split(separator: " ")
        guard words.count >= 2, let number = Int(words[1]), number >= 0 else { return nil }
        func taint() -> UInt64? {
            guard words.count == 3, words[2].hasPrefix("tainted=") else { return nil }
            return UInt64(words[2].dropFirst("tainted=".count))
        }
        switch words[0] {
        case "ready" where words.count == 2: self = .ready(scenarios: number)
        case "begin": guard let tainted = taint() else { return nil }; self = .begin(index: number, tainted: tainted)
        case "end": guard let tainted = taint() else { return nil }; self = .end(index: number, tainted: tainted)
        default: return nil
        }
    }
}
