/// Arguments the kernel cut into pieces. An argument too long for one field is logged as
/// `a1_len=N a1[0]=... a1[1]=...`, and an EXECVE record that fills up is followed by another
/// one of the same event carrying the rest; an expectation names the argument (`a1=...`), not
/// where the kernel cut it.
extension AuditEvent {
    /// The event with its EXECVE records made one, in which each argument given in pieces is
    /// also given whole (the pieces joined, with their quoting: hex pieces join into the hex of
    /// the whole). Nothing is dropped: the pieces and `aN_len` stay beside it, and the record's
    /// text is the lines of all the EXECVE records. An event with nothing cut is returned as it is.
    public func joiningExecveArguments() -> AuditEvent {
        guard let first = records.firstIndex(where: { $0.type == "EXECVE" }) else { return self }
        let parts = records.indices.filter { records[$0].type == "EXECVE" }
        guard parts.count > 1 || records[first].fields.contains(where: { Self.piece($0.name) != nil }) else { return self }
        var merged = records[first]
        let fields = parts.flatMap { records[$0].fields }
        var pieces: [String: [(index: Int, field: RecordField)]] = [:]
        for field in fields {
            if let (argument, index) = Self.piece(field.name) { pieces[argument, default: []].append((index, field)) }
        }
        var joined: [RecordField] = []
        for field in fields {
            // The whole argument goes where the kernel put its length.
            if field.name.hasSuffix("_len"), let cut = pieces[String(field.name.dropLast(4))],
               !fields.contains(where: { $0.name == String(field.name.dropLast(4)) }) {
                let ordered = cut.sorted { $0.index < $1.index }.map(\.field)
                joined.append(RecordField(name: String(field.name.dropLast(4)), value: ordered.map(\.value).joined(),
                                          quoting: ordered[0].quoting))
            }
            joined.append(field)
        }
        merged.fields = joined
        merged.text = parts.map { records[$0].text }.joined(separator: "\n")
        merged.fieldsArePartial = parts.contains { records[$0].fieldsArePartial }
        var result = records
        result[first] = merged
        for index in parts.dropFirst().reversed() { result.remove(at: index) }
        return AuditEvent(stamp: stamp, records: result)
    }

    /// `a1[0]` is piece 0 of argument `a1`.
    static func piece(_ name: String) -> (argument: String, index: Int)? {
        guard name.hasSuffix("]"), let open = name.firstIndex(of: "["),
              let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else { return nil }
        return (String(name[..<open]), index)
    }
}
