/// Finds the serials a stream of events skips: events the kernel numbered that the log does
/// not hold, because they were lost (dropped after the kernel stamped them: the rate limit,
/// kauditd's hold queue) or because the log is an excerpt (`ausearch -k`, a cover letter).
/// A replay has no lost counter to read; this is its one trace of loss.
///
/// The kernel's serial is an unsigned 32-bit counter that skips 0 on its way round, so the
/// serial after 4294967295 is 1: that is a wrap, not a gap. CPUs stamp and emit in slightly
/// different orders, so a hole stays open until serials `reorderWindow` beyond it have come.
/// A serial far below the highest seen starts a new count (the log holds another boot).
/// Holes are kept as ranges: a jump of millions costs one entry, not millions.
public struct SerialGaps: Sendable {
    /// The kernel's serials run 1...modulus and then start again at 1.
    static let modulus: UInt64 = 0xFFFF_FFFF
    /// How far behind the highest serial an event may still arrive and fill its hole: beyond
    /// the CPUs' reordering, an event without EOE completes only after a quiet time (64 lines
    /// of a file, see EventAssembler), so others may be handed on before it.
    public static let reorderWindow: UInt64 = 1024
    /// At most this many ranges are kept for a report; the rest are only counted.
    public static let rangeLimit = 5

    /// Serials no event had, in all.
    public private(set) var missingCount: UInt64 = 0
    /// The first holes found, as serials (`first` is greater than `last` where a hole wraps).
    public private(set) var ranges: [(first: UInt64, last: UInt64)] = []
    /// How often the serials started again far below the highest (another boot's events).
    public private(set) var restarts = 0

    /// The highest position so far: serials unwrapped onto a line (each wrap adds `modulus`).
    private var highest: UInt64?
    /// Holes below `highest` that an event arriving late may still fill, in positions.
    private var open: [ClosedRange<UInt64>] = []

    public init() {}

    /// Notes the serial of an event as it arrives (each event once).
    public mutating func see(_ serial: UInt64) {
        guard serial != 0, serial <= Self.modulus else { return }  // not a kernel serial
        guard let top = highest else {
            highest = serial
            return
        }
        let topSerial = Self.serial(at: top)
        let ahead = Self.steps(from: topSerial, to: serial)
        if ahead == 0 { return }  // the same serial again (two events of one serial)
        if ahead <= Self.modulus / 2 {
            if ahead > 1 { open.append(top + 1...top + ahead - 1) }
            highest = top + ahead
        } else {
            let behind = Self.steps(from: serial, to: topSerial)
            if behind <= Self.reorderWindow && top >= behind {
                fill(top - behind)
            } else {
                finish()
                restarts += 1
                highest = serial
                return
            }
        }
        close(below: highest! > Self.reorderWindow ? highest! - Self.reorderWindow : 0)
    }

    /// Counts every hole still open: the stream has ended (or restarted).
    public mutating func finish() {
        close(below: .max)
    }

    /// How a report says it, or nil when no serial was skipped.
    public var summary: String? {
        guard missingCount > 0 else { return nil }
        let shown = ranges.map { $0.first == $0.last ? "\($0.first)" : "\($0.first)-\($0.last)" }
        let more = missingCount > UInt64(ranges.reduce(0) { $0 + Self.length($1) }) ? ", ..." : ""
        return "the log's serials skip \(missingCount) event\(missingCount == 1 ? "" : "s") (\(shown.joined(separator: ", "))\(more)): "
            + "records were lost, or the log is an excerpt"
    }

    private mutating func fill(_ position: UInt64) {
        guard let index = open.firstIndex(where: { $0.contains(position) }) else { return }
        let hole = open.remove(at: index)
        if position < hole.upperBound { open.insert(position + 1...hole.upperBound, at: index) }
        if position > hole.lowerBound { open.insert(hole.lowerBound...position - 1, at: index) }
    }

    /// Counts the holes that end below `position`: no late event can fill them now.
    private mutating func close(below position: UInt64) {
        while let hole = open.first, hole.upperBound < position {
            open.removeFirst()
            missingCount += UInt64(hole.count)
            if ranges.count < Self.rangeLimit {
                ranges.append((Self.serial(at: hole.lowerBound), Self.serial(at: hole.upperBound)))
            }
        }
    }

    /// The steps from serial `a` up to serial `b`, going round after `modulus` (skipping 0).
    static func steps(from a: UInt64, to b: UInt64) -> UInt64 {
        b >= a ? b - a : modulus - a + b
    }

    static func serial(at position: UInt64) -> UInt64 {
        (position - 1) % modulus + 1
    }

    static func length(_ range: (first: UInt64, last: UInt64)) -> Int {
        Int(steps(from: range.first, to: range.last) + 1)
    }
}
