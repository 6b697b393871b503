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
        var records: [AuditRecord]
        var lastArrival: Double
        var order: Int
    }

    private var open: [RecordStamp: OpenEvent] = [:]
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
        var event = open[stamp] ?? OpenEvent(records: [], lastArrival: time, order: nextOrder)
        if open[stamp] == nil { nextOrder += 1 }
        event.records.append(record)
        event.lastArrival = time
        if closingTypes.contains(record.type) {
            open[stamp] = nil
            return [AuditEvent(stamp: stamp, records: event.records)]
        }
        open[stamp] = event
        return []
    }

    /// The events that have been quiet for `quietTime` at `now`, oldest first.
    public mutating func expire(now: Double) -> [AuditEvent] {
        let quiet = open.filter { now - $0.value.lastArrival >= quietTime }
        for stamp in quiet.keys { open[stamp] = nil }
        return quiet.sorted { $0.value.order < $1.value.order }
            .map { AuditEvent(stamp: $0.key, records: $0.value.records) }
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
