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

    /// Where reading failed, compiler style: `audit.log:12:6` for a line of a file (origin is
    /// `file:line`), `kernel:6` for a message read live.
    public var place: String {
        "\(origin ?? "kernel"):\(offset + 1)"
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

    /// Which fields of a record of each type to build when reading log lines (nil: all).
    /// Replay of a large log reads only the fields its scenarios name, of the types they name;
    /// the other records keep their text, stamp and type, which is all that grouping uses.
    /// A record read in part is marked so, and `completed(_:)` reads it in full.
    public var selectsFields: (@Sendable (String) -> FieldSelection)?

    public init(typeName: @escaping @Sendable (Int) -> String? = { _ in nil },
                refine: (@Sendable (inout AuditRecord) -> Void)? = nil,
                selectsFields: (@Sendable (String) -> FieldSelection)? = nil) {
        self.typeName = typeName
        self.refine = refine
        self.selectsFields = selectsFields
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
        return parseStampAndFields(bytes[...], stampAt: 0, text: { text }).map { stamp, fields, enriched, _ in
            refined(AuditRecord(type: name, typeNumber: type, stamp: stamp, fields: fields, enrichedFields: enriched,
                                text: "type=\(name) msg=\(text)"))
        }
    }

    /// Reads one line of auditd's log or of `ausearch` output.
    public func parseLine(_ raw: some Collection<UInt8>, origin: String? = nil) -> Result<AuditRecord, UnreadableRecord> {
        parseLine(ArraySlice(raw), origin: { origin }, selecting: { selectsFields?($0) ?? .all })
    }

    /// As `parseLine(_:origin:)`, with the origin made only for a line that cannot be read (a
    /// String per line of a large log costs time), and `choose` in place of `selectsFields`.
    /// With `lineOffset`, a record read in part keeps that offset instead of its text (which
    /// is much of a line's cost); a record read in full keeps its text all the same.
    func parseLine(_ raw: ArraySlice<UInt8>, origin makeOrigin: () -> String?,
                   selecting choose: (String) -> FieldSelection, lineOffset: Int? = nil) -> Result<AuditRecord, UnreadableRecord> {
        var line = raw
        while let last = line.last, last == 0x0A || last == 0x0D { line.removeLast() }
        let trimmed = line
        let lineText = { ByteText.decode(trimmed) }
        let base = line.startIndex
        func fail(_ reason: String, _ byteOffset: Int) -> Result<AuditRecord, UnreadableRecord> {
            .failure(UnreadableRecord(text: lineText(), reason: reason, offset: Self.characterOffset(line, byteOffset), origin: makeOrigin()))
        }
        var position = base
        var node: String?
        if line.begins(with: Self.nodePrefix) {
            guard let space = line.firstIndex(of: 0x20) else { return fail("a node= prefix must be followed by type=", 0) }
            node = ByteText.decode(line[(base + 5)..<space])
            position = space + 1
        }
        guard line[position...].begins(with: Self.typePrefix) else {
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
        guard line[position...].begins(with: Self.msgPrefix) else {
            return fail("expected msg=audit(TIME:SERIAL) after the type", position - base)
        }
        let selection = choose(name)
        // A record that is only counted keeps no text: building it is much of a line's cost.
        let keepsOffset = lineOffset != nil && selection != .all && selection != .countOnly
        let text = selection == .countOnly || keepsOffset ? "" : lineText()
        return parseStampAndFields(line, stampAt: position + 4 - base, text: lineText, selection: selection).map { stamp, fields, enriched, interpreted in
            var record = AuditRecord(type: name, typeNumber: number, stamp: stamp, fields: fields, enrichedFields: enriched,
                                     node: node, text: text, form: interpreted ? .interpreted : .raw)
            record.fieldsArePartial = selection != .all
            if keepsOffset { record.lineOffset = lineOffset }
            refine?(&record)
            return record
        }.mapError { error in
            UnreadableRecord(text: error.text, reason: error.reason, offset: error.offset, origin: makeOrigin())
        }
    }

    /// A record read in part (see `selectsFields`), read again with all its fields. Its text
    /// holds every byte of the line (bytes that are not UTF-8 as `\xNN`, which splits no field),
    /// so the fields are those a full first reading would have given.
    public func completed(_ record: AuditRecord) -> AuditRecord {
        guard record.fieldsArePartial,
              case .success(let full) = parseLine(Array(record.text.utf8)[...], origin: { nil }, selecting: { _ in .all }) else { return record }
        return full
    }

    /// The events's records, each read in full.
    public func completed(_ event: AuditEvent) -> AuditEvent {
        guard event.records.contains(where: \.fieldsArePartial) else { return event }
        return AuditEvent(stamp: event.stamp, records: event.records.map(completed))
    }

    static let auditOpen = Array("audit(".utf8)
    static let nodePrefix = Array("node=".utf8)
    static let typePrefix = Array("type=".utf8)
    static let msgPrefix = Array("msg=audit(".utf8)

    /// `SYSCALL`, `UNKNOWN[1336]` or `1336`: the name and, where known, the number.
    private func recordType(_ text: Substring) -> (String, Int?)? {
        // Nearly every line names its type in capitals: take that at once.
        if let first = text.utf8.first, first >= 0x41, first <= 0x5A,
           text.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
            return (String(text), nil)
        }
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
    private func parseStampAndFields(_ line: ArraySlice<UInt8>, stampAt stampOffset: Int, text: () -> String, selection: FieldSelection = .all)
        -> Result<(RecordStamp, [RecordField], [RecordField], Bool), UnreadableRecord> {
        let base = line.startIndex
        func fail(_ reason: String, _ byteOffset: Int) -> Result<(RecordStamp, [RecordField], [RecordField], Bool), UnreadableRecord> {
            .failure(UnreadableRecord(text: text(), reason: reason, offset: Self.characterOffset(line, byteOffset)))
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
        let only: FieldNameSet?
        switch selection {
        case .none, .countOnly: return .success((stamp, [], [], interpreted))
        case .all: only = nil
        case .only(let names): only = names
        }
        var body = line[position...]
        var enriched: ArraySlice<UInt8> = []
        if let separator = body.firstIndex(of: 0x1D) {
            enriched = line[(separator + 1)...]
            body = line[position..<separator]
        }
        switch (FieldScanner.fields(body, only: only, interpreted: interpreted), FieldScanner.fields(enriched, only: only)) {
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
