/// The records that share one stamp, in the order they arrived.
public struct AuditEvent: Hashable, Sendable, Codable {
    public var stamp: RecordStamp?
    public var records: [AuditRecord]

    public init(stamp: RecordStamp?, records: [AuditRecord]) {
        self.stamp = stamp
        self.records = records
    }

    /// The records without the EOE marker, which carries no fields worth matching.
    public var meaningfulRecords: [AuditRecord] {
        records.contains(where: \.isEndOfEvent) ? records.filter { !$0.isEndOfEvent } : records
    }
}
