import AuditRecords

/// Revision conditions in the parser: `[ghak90 >= v10]` at the start of any step, `expect`
/// line, record line or line of fields (RevisionCondition). The condition is read and blanked
/// out first, keeping every other column in place, and the rest of the line is read as it
/// would be without it; then the condition is attached to what the line made.
extension ParseState {
    /// Takes `[...]` off the front of the line. nil: no condition, or one with an error (then
    /// reported, and `failed` set, so the line is skipped).
    mutating func revisionPrefix(_ line: inout LogicalLine, failed: inout Bool) -> RevisionCondition? {
        let text = line.text
        guard let open = text.firstIndex(where: { $0 != " " && $0 != "\t" }), text[open] == "[" else { return nil }
        let openColumn = text.distance(from: text.startIndex, to: open) + 1
        guard let close = text[open...].firstIndex(of: "]") else {
            error("a revision condition ends with ']'", line, column: openColumn, hint: RevisionCondition.usage)
            failed = true
            return nil
        }
        let inner = text[text.index(after: open)..<close]
        let snapshot = line
        switch RevisionCondition.parse(inner, column: openColumn + 1, place: { self.location(snapshot, column: $0) }) {
        case .failure(let failure):
            error(failure.message, line, column: failure.column, hint: RevisionCondition.usage)
            failed = true
            return nil
        case .success(let condition):
            let width = text.distance(from: open, to: text.index(after: close))
            line.text.replaceSubrange(open...close, with: String(repeating: " ", count: width))
            return condition
        }
    }

    /// After a top-level statement under a condition: the condition goes to the steps it added
    /// or to the `expect` it opened; any other statement cannot be conditional.
    mutating func attach(_ condition: RevisionCondition, keyword: Word, stepsBefore: Int, errorsBefore: Int, _ line: LogicalLine) {
        if keyword.source == "expect", openEvent != nil {
            openEvent?.condition = condition
            return
        }
        guard scenario.steps.count > stepsBefore else {
            // A statement that failed to parse has said so already; one that adds nothing to run
            // (scenario, covers, requires, timeout, parameters) cannot depend on a revision.
            if diagnostics.count == errorsBefore {
                error("a revision condition applies to steps, 'expect' lines and records, not to '\(keyword.source)'",
                      line, column: keyword.column)
            }
            return
        }
        for index in stepsBefore..<scenario.steps.count {
            if let name = scenario.steps[index].action.boundName {
                error("a step under a revision condition cannot bind a name: '$\(name)' would be unbound in other revisions",
                      line, column: keyword.column, hint: "bind it unconditionally, and condition the steps that use it")
            }
            scenario.steps[index].condition = condition
        }
    }

    /// `[ghak90 <= v7] res=yes pid=*` under a record: fields the record above has only in
    /// those revisions.
    mutating func conditionalFields(_ items: [FieldScanner.Item], condition: RevisionCondition, _ line: LogicalLine) {
        guard let last = openEvent?.records.indices.last, let record = openEvent?.records[last] else {
            error("a line of fields under a revision condition adds them to the record above it, and there is none",
                  line, column: firstColumn(line), hint: "start the event with a record: type=NAME ...")
            return
        }
        var fields = fieldExpectations(items, recordType: record.type, line)
        for index in fields.indices { fields[index].condition = condition }
        openEvent?.records[last].fields += fields
    }
}
