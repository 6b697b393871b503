/// Groups a stream of records into events by their stamp.
///
/// Records of one event share `audit(TIME:SERIAL)`; records of different events may
/// interleave (several CPUs log at once). An event is complete when its EOE arrives,
/// when a record of a type that always ends its event arrives (NETFILTER_PKT is logged
/// outside any syscall and comes last, after any auxiliary record a patch adds), or when
/// no record has joined it for `quietTime` (records read from a file have no EOE:
/// auditd drops it). Times are seconds on any monotonic clock the caller chooses.
public struct EventAssembler: Sendable {
    public var quietTime: Double
    public var closingTypes: Set<String>

    private struct OpenEvent: Sendable {
        var stamp: RecordStamp
        var records: [AuditRecord]
        var lastArrival: Double
        var order: Int
    }

    /// Open events by serial: hashing a number is cheaper than hashing the stamp's time text,
    /// and two open events rarely share a serial (logs of two boots); when they do, the older
    /// one is completed first.
    private var open: [UInt64: OpenEvent] = [:]
    private var nextOrder = 0

    public static let defaultClosingTypes: Set<String> = ["EOE", "NETFILTER_PKT"]

    public init(quietTime: Double = 0.25, closingTypes: Set<String> = EventAssembler.defaultClosingTypes) {
        self.quietTime = quietTime
        self.closingTypes = closingTypes
    }

    /// Adds a record received at `time`; returns the events it completes.
    public mutating func add(_ record: AuditRecord, at time: Double) -> [AuditEvent] {
        guard let stamp = record.stamp else {
            return [AuditEvent(stamp: nil, records: [record])]
        }
        var completed: [AuditEvent] = []
        var event: OpenEvent
        if let existing = open[stamp.serial], existing.stamp == stamp {
            event = existing
        } else {
            if let other = open[stamp.serial] { completed.append(AuditEvent(stamp: other.stamp, records: other.records)) }
            event = OpenEvent(stamp: stamp, records: [], lastArrival: time, order: nextOrder)
            nextOrder += 1
        }
        event.records.append(record)
        event.lastArrival = time
        if closingTypes.contains(record.type) {
            open[stamp.serial] = nil
            return completed + [AuditEvent(stamp: stamp, records: event.records)]
        }
        open[stamp.serial] = event
        return completed
    }

    /// The events that have been quiet for `quietTime` at `now`, oldest first.
    public mutating func expire(now: Double) -> [AuditEvent] {
        guard open.values.contains(where: { now - $0.lastArrival >= quietTime }) else { return [] }
        let quiet = open.filter { now - $0.value.lastArrival >= quietTime }
        for serial in quiet.keys { open[serial] = nil }
        return quiet.values.sorted { $0.order < $1.order }
            .map { AuditEvent(stamp: $0.stamp, records: $0.records) }
    }

    /// Every event still open, oldest first: the end of the input.
    public mutating func finish() -> [AuditEvent] {
        expire(now: .infinity)
    }

    /// When the oldest open event will have been quiet long enough, if any is open.
    public var nextExpiry: Double? {
        open.values.map { $0.lastArrival + quietTime }.min()
    }

    public var openEventCount: Int { open.count }
}
