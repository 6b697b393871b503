import CLibAudit
import Synchronization

/// Interprets raw values the way `ausearch -i` does, through libauparse itself: `syscall=257`
/// is `openat` on x86_64, `uid=0` is `root`, `mode=0100644` is `file,644`. No table of our own.
///
/// libauparse is not thread-safe and each call parses a whole record, so calls are serialized
/// and the last few records' interpretations are kept.
public enum RecordInterpreter {
    private static let state = Mutex<[String: [String: String]]>([:])
    private static let cacheLimit = 256

    /// The interpreted value of every field of a raw record, by name (the first of each name).
    public static func interpret(_ record: AuditRecord) -> [String: String] {
        let stamp = record.stamp.map { "\($0.time):\($0.serial)" } ?? "1700000000.000:1"
        let body = record.fields.filter { !$0.nested && !$0.name.isEmpty }.map(\.rawText).joined(separator: " ")
        return interpret(line: "type=\(record.type) msg=audit(\(stamp)): \(body)")
    }

    /// Interprets `value` as field `name` of a record of `type`, with `context` fields (arch, syscall)
    /// that the interpretation depends on. For comparing a raw expected value with an interpreted record.
    public static func interpret(value: String, field name: String, type: String, context: [RecordField]) -> String? {
        let pairs = context.filter { $0.name != name }.map(\.rawText) + [RecordField(name: name, value: value).rawText]
        return interpret(line: "type=\(type) msg=audit(1700000000.000:1): " + pairs.joined(separator: " "))[name]
    }

    static func interpret(line: String) -> [String: String] {
        state.withLock { cache in
            if let known = cache[line] { return known }
            var values: [String: String] = [:]
            let text = line + "\n"
            if let parser = auparse_init(AUSOURCE_BUFFER, text) {
                if auparse_next_event(parser) > 0, auparse_first_record(parser) > 0, auparse_first_field(parser) > 0 {
                    repeat {
                        guard let name = auparse_get_field_name(parser).map({ String(cString: $0) }),
                              values[name] == nil,
                              let value = auparse_interpret_field(parser) else { continue }
                        values[name] = String(cString: value)
                    } while auparse_next_field(parser) > 0
                }
                auparse_destroy(parser)
            }
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[line] = values
            return values
        }
    }
}
