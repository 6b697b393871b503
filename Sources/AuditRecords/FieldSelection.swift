#if canImport(Glibc)
import Glibc
#endif

/// Which fields of a record to build while reading a large log.
///
/// A replay reads millions of records but its scenarios look at a handful of fields of a few
/// record types. Building a String for every field of every record was most of the parsing
/// time; a record read with a selection keeps only the named fields (and says so in
/// `AuditRecord.fieldsArePartial`), and is read again in full once it matters to a report.
public enum FieldSelection: Hashable, Sendable {
    case all
    /// No fields: type, stamp and text only (all that grouping needs).
    case none
    case only(FieldNameSet)
}

/// A small set of field names, tested against name bytes without building a String.
public struct FieldNameSet: Hashable, Sendable {
    public let names: Set<String>
    private let bytes: [[UInt8]]
    /// One bit per first byte (lower 128 only: names are ASCII), to pass over most names at once.
    private let firstBytes: (UInt64, UInt64)

    public init(_ names: some Sequence<String>) {
        self.names = Set(names)
        bytes = self.names.map { Array($0.utf8) }
        var low: UInt64 = 0, high: UInt64 = 0
        for name in bytes {
            guard let first = name.first else { continue }
            if first < 64 { low |= 1 << UInt64(first) } else if first < 128 { high |= 1 << UInt64(first - 64) }
        }
        firstBytes = (low, high)
    }

    public static func == (left: FieldNameSet, right: FieldNameSet) -> Bool { left.names == right.names }
    public func hash(into hasher: inout Hasher) { hasher.combine(names) }

    /// Whether the name held in `name` (UTF-8 bytes) is one of the set.
    func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = name.first else { return false }
        let bit: Bool
        if first < 64 { bit = firstBytes.0 & (1 << UInt64(first)) != 0 } else if first < 128 {
            bit = firstBytes.1 & (1 << UInt64(first - 64)) != 0
        } else { bit = false }
        guard bit else { return false }
        for candidate in bytes where candidate.count == name.count {
            if candidate.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) { return true }
        }
        return false
    }
}
