/// Builds a rule's `struct audit_rule_data` byte by byte, from field numbers.
///
/// libaudit knows only the fields of its own release: the container identifier of the ghak90
/// patches (AUDIT_CONTID, 27, from the profile) is one a stock libaudit refuses. The kernel
/// takes numbers, so the suite writes the numbers itself: flags (the list), action, the
/// syscall mask, then for each field its number, its operator and either a 32-bit value or a
/// length whose bytes follow in the buffer (strings such as keys and paths, and the 64-bit
/// identifier, which the patches carry as 8 bytes in the buffer with length 8 as its value:
/// ghak90 V10-V11's audit_data_to_entry refuses a contid whose value word is not sizeof(u64),
/// unpacks its 8 bytes like a string and reads them as one u64 in host order, as the branch's
/// libaudit writes them; its audit_field_valid takes = and != only).
public struct RawRuleBuilder: Sendable {
    /// Filter lists (AUDIT_FILTER_*).
    public enum List: UInt32, Sendable {
        case user = 0, task = 1, exit = 4, exclude = 5, filesystem = 6, ioUring = 7
    }
    public enum Action: UInt32, Sendable { case never = 0, always = 2 }
    /// Field operators (AUDIT_EQUAL and friends, in the high bits of fieldflags).
    public enum Operator: UInt32, Sendable {
        case bitMask = 0x0800_0000, lessThan = 0x1000_0000, greaterThan = 0x2000_0000, notEqual = 0x3000_0000
        case equal = 0x4000_0000, bitTest = 0x4800_0000, lessOrEqual = 0x5000_0000, greaterOrEqual = 0x6000_0000
    }
    public enum Value: Hashable, Sendable {
        case number(UInt32)
        /// Bytes in the buffer, their length as the value (keys, paths, names).
        case string(String)
        /// A u64 as 8 bytes in the buffer (host order), length 8 as the value: AUDIT_CONTID.
        case u64(UInt64)
    }

    /// Well-known field numbers (include/uapi/linux/audit.h); any other number may be used.
    public enum Field {
        public static let pid: UInt32 = 0
        public static let uid: UInt32 = 1
        public static let loginuid: UInt32 = 9
        public static let arch: UInt32 = 11
        public static let msgtype: UInt32 = 12
        /// ghak90; the profile has the number, this is its value in every revision.
        public static let contid: UInt32 = 27
        public static let watch: UInt32 = 105
        public static let perm: UInt32 = 106
        public static let dir: UInt32 = 107
        public static let filterkey: UInt32 = 210
    }

    public static let maxFields = 64
    static let bitmaskWords = 64
    /// flags, action, field_count, mask[64], fields[64], values[64], fieldflags[64], buflen.
    static let headerSize = 4 * (3 + 4 * 64 + 1)

    public var list: List
    public var action: Action
    private var mask = [UInt32](repeating: 0, count: 64)
    private var fields: [(field: UInt32, op: Operator, value: Value)] = []

    public init(list: List, action: Action) {
        self.list = list
        self.action = action
    }

    /// Fields whose value is a length with its bytes in the buffer (the kernel's
    /// audit_data_to_entry): the LSM labels, watch, dir, exe, key; and the 8-byte contid.
    public static let bufferFields: Set<UInt32> = [13, 14, 15, 16, 17, 19, 20, 21, 22, 23, Field.watch, Field.dir, 112, Field.filterkey]

    /// Reads a rule back from its bytes (one libaudit built, say), so fields libaudit does not
    /// know can be added to everything it did build. nil if the bytes are not a rule this
    /// builder can write again (a prepended rule, an unknown list, a short buffer).
    /// `u64Fields` are the fields carried as 8 bytes (the profile's contid).
    public init?(reading rule: AuditRule, u64Fields: Set<UInt32> = [Field.contid]) {
        let bytes = rule.data
        guard bytes.count >= Self.headerSize else { return nil }
        func word(_ index: Int) -> UInt32 {
            bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) }
        }
        guard let list = List(rawValue: word(0)), let action = Action(rawValue: word(1)) else { return nil }
        let count = Int(word(2))
        guard count <= Self.maxFields, Int(word(3 + 4 * 64)) == bytes.count - Self.headerSize else { return nil }
        self.init(list: list, action: action)
        mask = (0..<Self.bitmaskWords).map { word(3 + $0) }
        var offset = Self.headerSize
        for index in 0..<count {
            let field = word(3 + 64 + index), value = word(3 + 128 + index)
            guard let op = Operator(rawValue: word(3 + 192 + index)) else { return nil }
            if u64Fields.contains(field) {
                guard value == 8, offset + 8 <= bytes.count else { return nil }
                let number = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
                fields.append((field, op, .u64(number)))
                offset += 8
            } else if Self.bufferFields.contains(field) {
                guard offset + Int(value) <= bytes.count else { return nil }
                fields.append((field, op, .string(String(decoding: bytes[offset..<(offset + Int(value))], as: UTF8.self))))
                offset += Int(value)
            } else {
                fields.append((field, op, .number(value)))
            }
        }
    }

    /// Every syscall (auditctl's `-S all`).
    public mutating func allSyscalls() {
        mask = [UInt32](repeating: 0xFFFF_FFFF, count: Self.bitmaskWords)
    }

    public mutating func syscall(_ number: Int) {
        precondition((0..<(32 * Self.bitmaskWords)).contains(number), "syscall number out of range")
        mask[number / 32] |= 1 << UInt32(number % 32)
    }

    public mutating func field(_ number: UInt32, _ op: Operator = .equal, _ value: Value) {
        precondition(fields.count < Self.maxFields, "a rule holds at most \(Self.maxFields) fields")
        fields.append((number, op, value))
    }

    /// Whether the rule changes the records of processes it does not name (records dropped or
    /// added for all): the exclude and filesystem lists, and any `never` rule. Work that adds
    /// one cannot share the machine.
    public var affectsOthers: Bool { list == .exclude || list == .filesystem || action == .never }

    public func build() -> AuditRule {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + 64)
        func put(_ value: UInt32) { withUnsafeBytes(of: value) { bytes += $0 } }
        var buffer: [UInt8] = []
        var values: [UInt32] = []
        for entry in fields {
            switch entry.value {
            case .number(let number):
                values.append(number)
            case .string(let text):
                let utf8 = Array(text.utf8)
                values.append(UInt32(utf8.count))
                buffer += utf8
            case .u64(let number):
                values.append(8)
                withUnsafeBytes(of: number) { buffer += $0 }
            }
        }
        put(list.rawValue)
        put(action.rawValue)
        put(UInt32(fields.count))
        mask.forEach(put)
        for index in 0..<Self.maxFields { put(index < fields.count ? fields[index].field : 0) }
        for index in 0..<Self.maxFields { put(index < fields.count ? values[index] : 0) }
        for index in 0..<Self.maxFields { put(index < fields.count ? fields[index].op.rawValue : 0) }
        put(UInt32(buffer.count))
        return AuditRule(data: bytes + buffer)
    }
}
