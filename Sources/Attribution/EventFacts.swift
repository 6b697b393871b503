import AuditRecords

/// What an event says about who caused it: the processes that acted (`pid=`, with their
/// parents from `ppid=`), the processes acted upon (`opid=`), the rule keys that matched
/// (`key=`) and the packet marks (`mark=`, for records such as NETFILTER_PKT that name no process).
struct EventFacts: Sendable {
    var subjects: Set<Int32> = []
    /// Parent of a subject, where a record gives both (SYSCALL does).
    var parents: [Int32: Int32] = [:]
    var objects: Set<Int32> = []
    var keys: [String] = []
    var marks: Set<UInt32> = []

    init(_ event: AuditEvent) {
        for record in event.records {
            let pid = record[field: "pid"].flatMap(Self.processID)
            if let pid {
                subjects.insert(pid)
                if let parent = record[field: "ppid"].flatMap(Self.processID) { parents[pid] = parent }
            }
            if let object = record[field: "opid"].flatMap(Self.processID) { objects.insert(object) }
            if let field = record.fields.first(where: { $0.name == "key" && !$0.nested }) { keys += Self.keys(in: field) }
            if let mark = record[field: "mark"].flatMap(Self.mark), mark != 0 { marks.insert(mark) }
        }
    }

    var hasProcess: Bool { !subjects.isEmpty }

    static func processID(_ text: String) -> Int32? {
        guard let pid = Int32(text), pid > 0 else { return nil }
        return pid
    }

    /// `mark=0x12345555` (as NETFILTER_PKT prints it), or a decimal number.
    static func mark(_ text: String) -> UInt32? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt32(text.dropFirst(2), radix: 16) }
        return UInt32(text)
    }

    /// A key field holds one quoted key, `(null)`, or, for a rule with several keys, their
    /// hex encoding joined by 0x01.
    static func keys(in field: RecordField) -> [String] {
        if field.quoting != .bare { return [field.value] }
        if field.value == "(null)" { return [] }
        let digits = Array(field.value.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return [field.value] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return [field.value] }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes.split(separator: 0x01).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
