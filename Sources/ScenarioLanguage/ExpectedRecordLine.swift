import AuditRecords

/// The indented lines under `expect event`: one expected record each, fields and all.
extension ParseState {
    /// `type=NAME field=value ...`, as the kernel or auditd prints it; a pasted `msg=audit(...):` is ignored.
    mutating func expectedRecord(_ line: LogicalLine, condition: RevisionCondition? = nil) {
        let errorsBefore = diagnostics.count
        defer { if diagnostics.count > errorsBefore { openEventHadErrors = true } }
        var text = line.text
        // A stamp pasted from ausearch -i (" : " after it) says where the block came from.
        if Self.blankStamp(&text) == .interpreted { openEvent?.pastedFromAusearch = true }
        let items: [FieldScanner.Item]
        switch FieldScanner.scan(Substring(text)) {
        case .success(let scanned): items = scanned
        case .failure(let failure):
            error(failure.message, line, column: failure.offset + 1)
            return
        }
        guard let first = items.first, !first.isBareWord, first.name == "type", !first.value.isEmpty else {
            if let condition, !items.isEmpty { return conditionalFields(items, condition: condition, line) }
            error("a record starts with type=NAME", line, column: firstColumn(line), hint: "    type=SYSCALL success=yes key=$key")
            return
        }
        let typeCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_[]")
        guard first.value.allSatisfy({ typeCharacters.contains($0) }) else {
            error("'\(first.value)' is not a record type name", line, column: first.valueOffset + 1)
            return
        }
        let fields = fieldExpectations(Array(items.dropFirst()), recordType: first.value, line)
        let record = ExpectedRecord(type: first.value, fields: fields, location: location(line, column: first.offset + 1),
                                    condition: condition)
        openEvent?.records.append(record)
    }

    /// The `name=value`, `name=*`, `!name`, `name~=REGEX` and `name>=N` items of a record line.
    mutating func fieldExpectations(_ items: [FieldScanner.Item], recordType: String, _ line: LogicalLine) -> [FieldExpectation] {
        var fields: [FieldExpectation] = []
        for item in items {
            let place = location(line, column: item.offset + 1)
            if item.isBareWord {
                if let (name, relation, value) = Self.bareRelation(item.name) {
                    let valueColumn = item.offset + 1 + name.count + relation.rawValue.count
                    if let field = relationField(name, relation, value: String(value), quoting: .bare, recordType: recordType,
                                                 line, column: item.offset + 1, valueColumn: valueColumn) {
                        fields.append(field)
                    }
                } else if item.name.hasPrefix("!"), item.name.count > 1 {
                    fields.append(FieldExpectation(name: String(item.name.dropFirst()), matcher: .absent, location: place))
                } else {
                    error("'\(item.name)' is not name=value", line, column: item.offset + 1,
                          hint: "write name=value, name=* (any value), !name (absent) or name>=NUMBER")
                }
                continue
            }
            // Double quotes take the escapes words do (docs/scenario-language.md): `\"` `\n` `\t` `\\` `\$`.
            var item = item
            var columns: [Int]?
            if item.quoting == .double {
                let (text, sourceColumns) = Self.unescaped(item.value, column: item.valueOffset + 1, dollar: item.name.hasSuffix("~") ? "$" : "$$")
                (item.value, columns) = (text, sourceColumns)
            }
            if let (name, relation) = Self.pairRelation(item.name) {
                if let field = relationField(name, relation, value: item.value, quoting: item.quoting, recordType: recordType,
                                             line, column: item.offset + 1, valueColumn: item.valueOffset + 1) {
                    fields.append(field)
                }
            } else if item.name.hasSuffix("~") {
                let pattern = item.value
                if (try? Regex(pattern)) == nil {
                    error("'\(pattern)' is not a valid regular expression", line, column: item.valueOffset + 1)
                }
                fields.append(FieldExpectation(name: String(item.name.dropLast()), matcher: .regex(pattern), location: place))
            } else if item.value == "*", item.quoting == .bare {
                fields.append(FieldExpectation(name: item.name, matcher: .present, location: place))
            } else {
                let template = item.quoting == .single ? Template.literal(item.value)
                    : columns.map { Template.parse(item.value, columns: $0) } ?? Template.parse(item.value, column: item.valueOffset + 1)
                deferredChecks.append((template, line))
                fields.append(FieldExpectation(name: item.name, matcher: .equals(template), location: place))
            }
        }
        return fields
    }

    /// A double-quoted value with its escapes read (`\"` `\n` `\t` `\\`, and `\$` as `dollar`:
    /// `$$`, a literal dollar to a template), and the source column of each character. Any
    /// other backslash stays, as in a shell's double quotes (`\d` of a regular expression).
    static func unescaped(_ value: String, column: Int, dollar: String) -> (String, [Int]) {
        var text = ""
        var columns: [Int] = []
        let chars = Array(value)
        var i = 0
        while i < chars.count {
            let here = column + i
            if chars[i] == "\\", i + 1 < chars.count {
                let escaped: String? = switch chars[i + 1] {
                case "\"": "\""
                case "\\": "\\"
                case "n": "\n"
                case "t": "\t"
                case "$": dollar
                default: nil
                }
                if let escaped {
                    text += escaped
                    columns += Array(repeating: here, count: escaped.count)
                    i += 2
                    continue
                }
            }
            text.append(chars[i])
            columns.append(here)
            i += 1
        }
        return (text, columns)
    }

    enum PastedStamp { case none, raw, interpreted }

    /// Blanks out `msg=audit(...):` (or ` : ` as ausearch -i writes it), keeping every other
    /// column in place, and says which form it was.
    @discardableResult
    static func blankStamp(_ text: inout String) -> PastedStamp {
        guard let start = text.range(of: "msg=audit(") else { return .none }
        guard let close = text[start.upperBound...].firstIndex(of: ")") else { return .none }
        var end = text.index(after: close)
        while end < text.endIndex, text[end] == " " { end = text.index(after: end) }
        guard end < text.endIndex, text[end] == ":" else { return .none }
        let form: PastedStamp = text.index(after: close) < end ? .interpreted : .raw
        end = text.index(after: end)
        let width = text.distance(from: start.lowerBound, to: end)
        text.replaceSubrange(start.lowerBound..<end, with: String(repeating: " ", count: width))
        return form
    }
}
