import AuditRecords

/// Expected fields that compare rather than equal: `exit>=3`, `pid>$child`, `items<5`,
/// `ses!=4294967295` (FieldRelation).
///
/// `>=`, `<=` and `!=` hold an `=` and reach here as a named pair (`exit>` = `3`); `>` and `<`
/// hold none and reach here as a bare word (`exit>3`), split at the operator.
extension ParseState {
    /// A field name as records carry it (`exit`, `old-contid`, `a1[2]`).
    static func isFieldName(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-[]".contains($0)) }
    }

    /// The relation a scanned `name=value` pair writes, when its name ends in `>`, `<` or `!`:
    /// nil when it is a plain `name=value`.
    static func pairRelation(_ name: String) -> (name: Substring, relation: FieldRelation)? {
        let relation: FieldRelation
        switch name.last {
        case ">": relation = .greaterOrEqual
        case "<": relation = .lessOrEqual
        case "!": relation = .notEqual
        default: return nil
        }
        let field = name.dropLast()
        return field.isEmpty || isFieldName(field) ? (field, relation) : nil
    }

    /// `name>value` or `name<value` written as one word; nil when the word is not one.
    static func bareRelation(_ word: String) -> (name: Substring, relation: FieldRelation, value: Substring)? {
        guard let at = word.firstIndex(where: { $0 == ">" || $0 == "<" }) else { return nil }
        let field = word[..<at]
        guard field.isEmpty || isFieldName(field) else { return nil }
        return (field, word[at] == ">" ? .greater : .less, word[word.index(after: at)...])
    }

    /// Builds the expectation `field RELATION value` of a `recordType` record, or reports why it cannot be one.
    /// `column` is where the field name stands, `valueColumn` where its value starts.
    mutating func relationField(_ field: Substring, _ relation: FieldRelation, value: String, quoting: RecordField.Quoting,
                                recordType: String, _ line: LogicalLine, column: Int, valueColumn: Int) -> FieldExpectation? {
        let written = "\(field)\(relation.rawValue)"
        let example = relation.isOrdering ? "exit\(relation.rawValue)3" : "ses!=4294967295"
        guard !field.isEmpty else {
            error("'\(relation.rawValue)' must follow a field name", line, column: column, hint: "write \(example)")
            return nil
        }
        guard !value.isEmpty || quoting != .bare else {
            error("'\(written)' needs a value after '\(relation.rawValue)'", line, column: valueColumn,
                  hint: relation.isOrdering ? "write \(field)\(relation.rawValue)3, or a variable: \(field)\(relation.rawValue)$child"
                      : "write \(field)!=VALUE")
            return nil
        }
        let template = quoting == .single ? Template.literal(value) : Template.parse(value, column: valueColumn)
        if relation.isOrdering, template.variables.isEmpty,
           FieldNumber.value(value, field: String(field), type: recordType) == nil {
            let hex = FieldNumber.isHex(String(field), type: recordType)
            error("'\(value)' is not a number: '\(relation.rawValue)' compares numbers", line, column: valueColumn,
                  hint: hex ? "'\(field)' is hex, 0x optional: \(field)\(relation.rawValue)0x1b6"
                      : "write a decimal number (\(field)\(relation.rawValue)3) or 0x and hex digits; for text use \(field)!=VALUE or \(field)~=REGEX")
            return nil
        }
        deferredRelationChecks.append((template, line))
        return FieldExpectation(name: String(field), matcher: .relation(relation, template), location: location(line, column: column))
    }
}
