/// A line or message that could not be read as a record. It is kept and reported, never dropped.
public struct UnreadableRecord: Error, Hashable, Sendable, Codable {
    public var text: String
    public var reason: String
    /// Character offset in `text` where reading failed.
    public var offset: Int
    /// Where it came from, when it came from a file ("audit.log:12").
    public var origin: String?

    public init(text: String, reason: String, offset: Int, origin: String? = nil) {
        self.text = text
        self.reason = reason
        self.offset = offset
        self.origin = origin
    }
}

/// Reads records as the kernel sends them over netlink and as auditd writes them to a log.
///
/// Kernel messages carry the type as a number in the netlink header and the text
/// `audit(1700000000.123:42): name=value ...`; log lines carry `type=NAME msg=audit(...): ...`,
/// optionally behind `node=HOST` and followed by auditd's ENRICHED part after a 0x1D byte.
public struct RecordParser: Sendable {
    /// Names a record type number (libaudit's table, or a patch profile's).
    public var typeName: @Sendable (Int) -> String?
    /// A last look at each record once its fields are read: a patch profile renames a type
    /// whose number it reused from mainline, when the record carries the patch's field.
    public var refine: (@Sendable (inout AuditRecord) -> Void)?

    /// Which record types need their fields read (nil: all). Replay of a large log reads only
    /// the types its scenarios name; the others keep their text, stamp and type, which is all
    /// that grouping and reports use of them.
    public var readsFields: (@Sendable (String) -> Bool)?

    public init(typeName: @escaping @Sendable (Int) -> String? = { _ in nil },
                refine: (@Sendable (inout AuditRecord) -> Void)? = nil,
                readsFields: (@Sendable (String) -> Bool)? = nil) {
        self.typeName = typeName
        self.refine = refine
        self.readsFields = readsFields
    }

    private func refined(_ record: AuditRecord) -> AuditRecord {
        guard let refine else { return record }
        var record = record
        refine(&record)
        return record
    }

    /// Reads one message received from the kernel.
    public func parseKernelMessage(type: Int, payload: some Collection<UInt8>) -> Result<AuditRecord, UnreadableRecord> {
        var bytes = Array(payload)
        while let last = bytes.last, last == 0 || last == 0x0A { bytes.removeLast() }
        let name = typeName(type) ?? "UNKNOWN[\(type)]"
        let text = ByteText.decode(bytes)
        guard bytes.starts(with: Self.auditOpen) else {
            return .failure(UnreadableRecord(text: text, reason: "a kernel record must start with audit(TIME:SERIAL)", offset: 0))
        }
        return parseStampAndFields(bytes[...], stampAt: 0, text: text).map { stamp, fields, enriched, _ in
            refined(AuditRecord(type: name, typeNumber: type, stamp: stamp, fields: fields, enrichedFields: enriched,
                                text: "type=\(name) msg=\(text)"))
        }
    }

    /// Reads one line of auditd's log or of `ausearch` output.
    public func parseLine(_ raw: some Collection<UInt8>, origin: String? = nil) -> Result<AuditRecord, UnreadableRecord> {
        var line = ArraySlice(raw)
        while let last = line.last, last == 0x0A || last == 0x0D { line.removeLast() }
        let text = ByteText.decode(line)
        let base = line.startIndex
        func fail(_ reason: String, _ byteOffset: Int) -> Result<AuditRecord, UnreadableRecord> {
            .failure(UnreadableRecord(text: text, reason: reason, offset: Self.characterOffset(line, byteOffset), origin: origin))
        }
        var position = base
        var node: String?
        if line.starts(with: Self.nodePrefix) {
            guard let space = line.firstIndex(of: 0x20) else { return fail("a node= prefix must be followed by type=", 0) }
            node = ByteText.decode(line[(base + 5)..<space])
            position = space + 1
        }
        guard line[position...].starts(with: Self.typePrefix) else {
            return fail("a record line must start with type=NAME", position - base)
        }
        let typeStart = position + 5
        guard let typeEnd = line[typeStart...].firstIndex(of: 0x20) else {
            return fail("a record line needs msg=audit(TIME:SERIAL) after its type", line.count)
        }
        let typeText = ByteText.decode(line[typeStart..<typeEnd])
        guard let (name, number) = recordType(Substring(typeText)) else {
            let hint = typeText.hasPrefix("type=") ? " (type= is written twice)" : ""
            return fail("'\(typeText)' is not a record type name\(hint)", typeStart - base)
        }
        position = typeEnd
        while position < line.endIndex, line[position] == 0x20 { position += 1 }
        guard line[position...].starts(with: Self.msgPrefix) else {
            return fail("expected msg=audit(TIME:SERIAL) after the type", position - base)
        }
        let skipFields = readsFields.map { !$0(name) } ?? false
        return parseStampAndFields(line, stampAt: position + 4 - base, text: text, skipFields: skipFields).map { stamp, fields, enriched, interpreted in
            refined(AuditRecord(type: name, typeNumber: number, stamp: stamp, fields: fields, enrichedFields: enriched,
                                node: node, text: text, form: interpreted ? .interpreted : .raw))
        }.mapError { error in
            UnreadableRecord(text: text, reason: error.reason, offset: error.offset, origin: origin)
        }
    }

    static let auditOpen = Array("audit(".utf8)
    static let nodePrefix = Array("node=".utf8)
    static let typePrefix = Array("type=".utf8)
    static let msgPrefix = Array("msg=audit(".utf8)

    /// `SYSCALL`, `UNKNOWN[1336]` or `1336`: the name and, where known, the number.
    private func recordType(_ text: Substring) -> (String, Int?)? {
        if let number = Int(text) { return (typeName(number) ?? "UNKNOWN[\(number)]", number) }
        if text.hasPrefix("UNKNOWN["), text.hasSuffix("]"),
           let number = Int(text.dropFirst(8).dropLast()) {
            return (typeName(number) ?? String(text), number)
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            return nil
        }
        return (String(text), nil)
    }

    /// From `audit(...)` at byte offset `stampAt` (from the line's start) to the end: the stamp,
    /// the fields, the enriched fields, and whether it is ausearch -i's form (" : " after the stamp).
    private func parseStampAndFields(_ line: ArraySlice<UInt8>, stampAt stampOffset: Int, text: String, skipFields: Bool = false)
        -> Result<(RecordStamp, [RecordField], [RecordField], Bool), UnreadableRecord> {
        let base = line.startIndex
        func fail(_ reason: String, _ byteOffset: Int) -> Result<(RecordStamp, [RecordField], [RecordField], Bool), UnreadableRecord> {
            .failure(UnreadableRecord(text: text, reason: reason, offset: Self.characterOffset(line, byteOffset)))
        }
        let innerStart = base + stampOffset + 6
        guard innerStart <= line.endIndex, let close = line[innerStart...].firstIndex(of: 0x29),  // ')'
              let stamp = RecordStamp(bytes: line[innerStart..<close]) else {
            return fail("the stamp must read audit(TIME:SERIAL)", stampOffset)
        }
        var position = close + 1
        let interpreted = position < line.endIndex && line[position] == 0x20
        while position < line.endIndex, line[position] == 0x20 { position += 1 }
        guard position < line.endIndex, line[position] == 0x3A else {  // ':'
            return fail("expected ':' after the stamp", position - base)
        }
        position += 1
        if skipFields { return .success((stamp, [], [], interpreted)) }
        var body = line[position...]
        var enriched: ArraySlice<UInt8> = []
        if let separator = body.firstIndex(of: 0x1D) {
            enriched = line[(separator + 1)...]
            body = line[position..<separator]
        }
        switch (Self.fields(body), Self.fields(enriched)) {
        case (.success(let fields), .success(let enrichedFields)):
            return .success((stamp, fields, enrichedFields, interpreted))
        case (.failure(let failure), _):
            return fail(failure.message, body.startIndex - base + failure.offset)
        case (_, .failure(let failure)):
            return fail("enriched part: " + failure.message, enriched.startIndex - base + failure.offset)
        }
    }

    /// A byte offset in a line as a character offset, for messages.
    static func characterOffset(_ line: ArraySlice<UInt8>, _ byteOffset: Int) -> Int {
        guard line.contains(where: { $0 >= 0x80 }) else { return byteOffset }
        return ByteText.decode(line.prefix(max(0, byteOffset))).count
    }

    /// The fields of a record body; a single-quoted `msg='...'` also yields the pairs inside it.
    static func fields(_ body: ArraySlice<UInt8>) -> Result<[RecordField], FieldScanner.Failure> {
        FieldScanner.fields(body)
    }
}
