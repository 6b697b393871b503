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

    public init(typeName: @escaping @Sendable (Int) -> String? = { _ in nil },
                refine: (@Sendable (inout AuditRecord) -> Void)? = nil) {
        self.typeName = typeName
        self.refine = refine
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
        let text = ByteText.decode(bytes)
        let name = typeName(type) ?? "UNKNOWN[\(type)]"
        let line = Substring(text)
        guard line.hasPrefix("audit(") else {
            return .failure(UnreadableRecord(text: text, reason: "a kernel record must start with audit(TIME:SERIAL)", offset: 0))
        }
        return parseStampAndFields(line, from: line.startIndex, in: text).map { stamp, fields, enriched in
            refined(AuditRecord(type: name, typeNumber: type, stamp: stamp, fields: fields, enrichedFields: enriched,
                                text: "type=\(name) msg=\(text)"))
        }
    }

    /// Reads one line of auditd's log or of `ausearch` output.
    public func parseLine(_ raw: some Collection<UInt8>, origin: String? = nil) -> Result<AuditRecord, UnreadableRecord> {
        var bytes = Array(raw)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        let text = ByteText.decode(bytes)
        func fail(_ reason: String, _ offset: Int) -> Result<AuditRecord, UnreadableRecord> {
            .failure(UnreadableRecord(text: text, reason: reason, offset: offset, origin: origin))
        }
        var rest = Substring(text)
        var node: String?
        if rest.hasPrefix("node=") {
            guard let space = rest.firstIndex(of: " ") else { return fail("a node= prefix must be followed by type=", 0) }
            node = String(rest[rest.index(rest.startIndex, offsetBy: 5)..<space])
            rest = rest[rest.index(after: space)...]
        }
        guard rest.hasPrefix("type=") else {
            return fail("a record line must start with type=NAME", text.distance(from: text.startIndex, to: rest.startIndex))
        }
        let typeStart = rest.index(rest.startIndex, offsetBy: 5)
        guard let typeEnd = rest[typeStart...].firstIndex(of: " ") else {
            return fail("a record line needs msg=audit(TIME:SERIAL) after its type", text.count)
        }
        let typeText = rest[typeStart..<typeEnd]
        let typeOffset = text.distance(from: text.startIndex, to: typeStart)
        guard let (name, number) = recordType(typeText) else {
            let hint = typeText.hasPrefix("type=") ? " (type= is written twice)" : ""
            return fail("'\(typeText)' is not a record type name\(hint)", typeOffset)
        }
        rest = rest[typeEnd...].drop { $0 == " " }
        guard rest.hasPrefix("msg=audit(") else {
            return fail("expected msg=audit(TIME:SERIAL) after the type", text.distance(from: text.startIndex, to: rest.startIndex))
        }
        let stampStart = rest.index(rest.startIndex, offsetBy: 4)
        return parseStampAndFields(rest, from: stampStart, in: text).map { stamp, fields, enriched in
            // ausearch -i writes " : " after the stamp; the kernel and auditd write "): ".
            let close = rest.firstIndex(of: ")").map { rest.index(after: $0) }
            let interpreted = close.map { $0 < rest.endIndex && rest[$0] == " " } ?? false
            return refined(AuditRecord(type: name, typeNumber: number, stamp: stamp, fields: fields, enrichedFields: enriched,
                                       node: node, text: text, form: interpreted ? .interpreted : .raw))
        }.mapError { error in
            UnreadableRecord(text: text, reason: error.reason, offset: error.offset, origin: origin)
        }
    }

    /// `SYSCALL`, `UNKNOWN[1336]` or `1336`: the name and, where known, the number.
    private func recordType(_ text: Substring) -> (String, Int?)? {
        if let number = Int(text) { return (typeName(number) ?? "UNKNOWN[\(number)]", number) }
        if text.hasPrefix("UNKNOWN["), text.hasSuffix("]"),
           let number = Int(text.dropFirst(8).dropLast()) {
            return (typeName(number) ?? String(text), number)
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (String(text), nil)
    }

    /// From `audit(...)` at `start` to the end: the stamp, the fields and the enriched fields.
    private func parseStampAndFields(_ line: Substring, from start: Substring.Index, in text: String)
        -> Result<(RecordStamp, [RecordField], [RecordField]), UnreadableRecord> {
        func offset(_ index: Substring.Index) -> Int { text.distance(from: text.startIndex, to: index) }
        let innerStart = line.index(start, offsetBy: 6)
        guard let close = line[innerStart...].firstIndex(of: ")"),
              let stamp = RecordStamp(parsing: line[innerStart..<close]) else {
            return .failure(UnreadableRecord(text: text, reason: "the stamp must read audit(TIME:SERIAL)", offset: offset(start)))
        }
        var body = line[line.index(after: close)...].drop { $0 == " " }
        guard body.first == ":" else {
            return .failure(UnreadableRecord(text: text, reason: "expected ':' after the stamp", offset: offset(body.startIndex)))
        }
        body = body.dropFirst()
        var enrichedText: Substring = ""
        if let separator = body.firstIndex(of: "\u{1D}") {
            enrichedText = body[body.index(after: separator)...]
            body = body[..<separator]
        }
        let bodyOffset = offset(body.startIndex)
        switch (Self.fields(body), Self.fields(enrichedText)) {
        case (.success(let fields), .success(let enriched)):
            return .success((stamp, fields, enriched))
        case (.failure(let failure), _):
            return .failure(UnreadableRecord(text: text, reason: failure.message, offset: bodyOffset + failure.offset))
        case (_, .failure(let failure)):
            return .failure(UnreadableRecord(text: text, reason: "enriched part: " + failure.message,
                                             offset: offset(enrichedText.startIndex) + failure.offset))
        }
    }

    /// The fields of a record body; a single-quoted `msg='...'` also yields the pairs inside it.
    static func fields(_ body: Substring) -> Result<[RecordField], FieldScanner.Failure> {
        FieldScanner.scan(body).map { items in
            var fields: [RecordField] = []
            for item in items {
                fields.append(RecordField(name: item.isBareWord ? "" : item.name,
                                          value: item.isBareWord ? item.name : item.value, quoting: item.quoting))
                if item.quoting == .single, case .success(let inner) = FieldScanner.scan(Substring(item.value)) {
                    fields += inner.filter { !$0.isBareWord }.map {
                        RecordField(name: $0.name, value: $0.value, quoting: $0.quoting, nested: true)
                    }
                }
            }
            return fields
        }
    }
}
