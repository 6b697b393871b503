import CLibAudit
import Synchronization

/// Interprets raw values the way `ausearch -i` does, through libauparse itself: `syscall=257`
/// is `openat` on x86_64, `uid=0` is `root`, `mode=0100644` is `file,644`. No table of our own.
///
/// libauparse is not thread-safe and each call parses a whole record, so calls are serialized
/// and the last few records' interpretations are kept.
public enum RecordInterpreter {
    private static let state = Mutex<[String: [String: String]]>([:])
    private static let cacheLimit = 4096
    /// The fields another field's interpretation can depend on: the architecture names the
    /// syscall, and the syscall gives a0..a3 their meaning (open flags, socket families).
    static let contextFields: Set<String> = ["arch", "syscall"]

    /// The interpreted value of one field of a raw record. Only the field and its context are
    /// handed to libauparse, so the answer for `syscall=257 arch=c000003e` is computed once per
    /// run, not once per record: replay of a large log stays fast.
    public static func interpret(_ field: String, of record: AuditRecord) -> String? {
        guard let own = record.fields.first(where: { $0.name == field && !$0.nested }) else { return nil }
        // Asked once per record of a replayed log: answer from a table keyed by the pieces
        // before building the line libauparse reads.
        func top(_ name: String) -> String? {
            name == field ? nil : record.fields.first { $0.name == name && !$0.nested }?.value
        }
        let key = Question(type: record.type, pair: own, arch: top("arch"), syscall: top("syscall"))
        if let known = answers.withLock({ $0[key] }) { return known }
        let context = record.fields.filter { contextFields.contains($0.name) && $0.name != field && !$0.nested }
        let answer = interpret(pair: own, type: record.type, context: context)
        answers.withLock { table in
            if table.count >= cacheLimit { table.removeAll(keepingCapacity: true) }
            table[key] = .some(answer)
        }
        return answer
    }

    private struct Question: Hashable {
        var type: String
        var pair: RecordField
        var arch: String?
        var syscall: String?
    }

    private static let answers = Mutex<[Question: String?]>([:])

    /// Interprets `value` as field `name` of a record of `type`, with `context` fields (arch, syscall)
    /// that the interpretation depends on. For comparing a raw expected value with an interpreted record.
    public static func interpret(value: String, field name: String, type: String, context: [RecordField]) -> String? {
        interpret(pair: RecordField(name: name, value: value), type: type, context: context)
    }

    /// The pair keeps its quoting: libauparse reads a quoted value as a string, a bare one as raw.
    static func interpret(pair: RecordField, type: String, context: [RecordField]) -> String? {
        let pairs = context.filter { $0.name != pair.name }.map(\.rawText) + [pair.rawText]
        return interpret(line: "type=\(type) msg=audit(1700000000.000:1): " + pairs.joined(separator: " "))[pair.name]
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
