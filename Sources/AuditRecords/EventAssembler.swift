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
    /// The event the last record joined, kept out of `open`: records of one event mostly come
    /// together, so most records join it without a lookup (and its array is never shared).
    private var current: OpenEvent?
    private var nextOrder = 0

    public static let defaultClosingTypes: Set<String> = ["EOE", "NETFILTER_PKT"]

    public init(quietTime: Double = 0.25, closingTypes: Set<String> = EventAssembler.defaultClosingTypes) {
        self.quietTime = quietTime
        self.closingTypes = closingTypes
    }

    /// Adds a record received at `time`; returns the events it completes. The record is
    /// consumed: it joins its event's array without a copy.
    public mutating func add(_ record: consuming AuditRecord, at time: Double) -> [AuditEvent] {
        // A set of two or three names: compared in turn, cheaper than hashing every type.
        let closes = closingTypes.contains(where: { $0 == record.type })
        guard let stamp = record.stamp else {
            return [AuditEvent(stamp: nil, records: [record])]
        }
        var completed: [AuditEvent] = []
        var event: OpenEvent
        if var joined = current, joined.stamp.serial == stamp.serial {
            current = nil
            if joined.stamp == stamp {
                joined.records.append(record)
                event = joined
            } else {
                completed.append(AuditEvent(stamp: joined.stamp, records: joined.records))
                event = start(stamp, record, time)
            }
        } else {
            if let previous = current { open[previous.stamp.serial] = previous }
            current = nil
            if var existing = open.removeValue(forKey: stamp.serial) {
                if existing.stamp == stamp {
                    existing.records.append(record)
                    event = existing
                } else {
                    completed.append(AuditEvent(stamp: existing.stamp, records: existing.records))
                    event = start(stamp, record, time)
                }
            } else {
                event = start(stamp, record, time)
            }
        }
        event.lastArrival = time
        if closes {
            completed.append(AuditEvent(stamp: stamp, records: event.records))
            return completed
        }
        current = event
        return completed
    }

    private mutating func start(_ stamp: RecordStamp, _ record: AuditRecord, _ time: Double) -> OpenEvent {
        defer { nextOrder += 1 }
        return OpenEvent(stamp: stamp, records: [record], lastArrival: time, order: nextOrder)
    }

    /// The events that have been quiet for `quietTime` at `now`, oldest first.
    public mutating func expire(now: Double) -> [AuditEvent] {
        var quiet: [OpenEvent] = []
        if let event = current, now - event.lastArrival >= quietTime {
            quiet.append(event)
            current = nil
        }
        let serials = open.compactMap { now - $0.value.lastArrival >= quietTime ? $0.key : nil }
        for serial in serials { quiet.append(open.removeValue(forKey: serial)!) }
        guard !quiet.isEmpty else { return [] }
        return quiet.sorted { $0.order < $1.order }.map { AuditEvent(stamp: $0.stamp, records: $0.records) }
    }

    /// Every event still open, oldest first: the end of the input.
    public mutating func finish() -> [AuditEvent] {
        expire(now: .infinity)
    }

    /// When the oldest open event will have been quiet long enough, if any is open.
    public var nextExpiry: Double? {
        (open.values.map(\.lastArrival) + [current?.lastArrival].compactMap { $0 }).min().map { $0 + quietTime }
    }

    public var openEventCount: Int { open.count + (current == nil ? 0 : 1) }
}
