#if canImport(Glibc)
import Glibc
#endif

/// When a run started, as reports write it: UTC in ISO 8601 ("2026-11-23T11:50:07Z").
/// Formatted with the C library rather than Foundation's ISO8601DateFormatter, whose first use
/// loads ICU's data: over a second in an emulated guest, before its first scenario.
public enum RunTimestamp {
    public static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "unknown" }
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
