/// The `audit(TIME:SERIAL)` stamp that ties the records of one event together.
///
/// TIME is `seconds.milliseconds` in kernel and auditd text, and a local date
/// (`2018-06-06 12:46:31.707` or `03/15/2019 14:16:13.369`) in `ausearch -i`
/// output; it is kept as written, so stamps compare equal exactly when they were
/// printed alike. The serial is what the kernel counts per event.
public struct RecordStamp: Hashable, Sendable, Codable, CustomStringConvertible {
    public var time: String
    public var serial: UInt64

    public init(time: String, serial: UInt64) {
        self.time = time
        self.serial = serial
    }

    /// Parses the bytes between `audit(` and `)`; nil when they are not a stamp.
    init?(bytes: ArraySlice<UInt8>) {
        guard let colon = bytes.lastIndex(of: 0x3A), colon > bytes.startIndex, colon + 1 < bytes.endIndex else { return nil }
        var serial: UInt64 = 0
        for byte in bytes[(colon + 1)...] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow1) = serial.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            serial = sum
        }
        self.time = ByteText.decode(bytes[..<colon])
        self.serial = serial
    }

    /// Parses the text between `audit(` and `)`; nil when it is not a stamp.
    public init?(parsing inner: Substring) {
        guard let colon = inner.lastIndex(of: ":"),
              let serial = UInt64(inner[inner.index(after: colon)...]),
              colon > inner.startIndex else { return nil }
        self.time = String(inner[..<colon])
        self.serial = serial
    }

    public var description: String { "audit(\(time):\(serial))" }
}
